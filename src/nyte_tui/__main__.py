"""Run nyte with `python -m nyte_tui`."""

from nyte_tui.cli import main

if __name__ == "__main__":
    main()
