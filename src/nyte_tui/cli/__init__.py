"""The `nyte` command line; heavy libraries are imported inside commands only."""

from __future__ import annotations

import json
import os
import sys

from nyte_tui.errors import ExitCode, NyteError


def _debug_requested(argv: list[str]) -> bool:
    """Whether tracebacks were asked for."""
    return "--debug" in argv or os.environ.get("NYTE_DEBUG", "") not in ("", "0")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and turn failures into one clear line and a documented exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = _debug_requested(args)
    from nyte_tui.cli.root import app

    result: object = None
    try:
        result = app(args=args, prog_name="nyte", standalone_mode=False)
    except NyteError as exc:
        _fail(str(exc), exc.exit_code, args, debug)
    except KeyboardInterrupt:
        _fail("interrupted", ExitCode.ERROR, args, debug)
    except SystemExit:
        raise
    except Exception as exc:
        from typer.exceptions import TyperException

        if isinstance(exc, TyperException):
            exit_code = int(getattr(exc, "exit_code", ExitCode.USAGE))
            if exit_code == ExitCode.USAGE:
                show = getattr(exc, "show", None)
                if callable(show):
                    show()
                sys.exit(ExitCode.USAGE)
            _fail(str(exc) or type(exc).__name__, ExitCode(exit_code), args, debug)
        _fail(f"{type(exc).__name__}: {exc}", ExitCode.ERROR, args, debug)
    sys.exit(result if isinstance(result, int) else ExitCode.OK)


def _fail(message: str, code: ExitCode, args: list[str], debug: bool) -> None:
    """Print the error (and the traceback under --debug) and exit with code."""
    if debug:
        import traceback

        traceback.print_exc()
    if "--json" in args:
        print(json.dumps({"error": {"message": message, "exit_code": int(code)}}))
    print(f"nyte: error: {message}", file=sys.stderr)
    sys.exit(int(code))
