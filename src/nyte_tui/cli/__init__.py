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
    result: object = None
    try:
        if not args:  # the app: its first paint does not wait for typer (nor pydantic)
            from nyte_tui.cli.app_launch import open_app_from_terminal

            open_app_from_terminal()
        else:
            from nyte_tui.cli.root import app

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
        _fail(describe_unexpected(exc), ExitCode.ERROR, args, debug)
    sys.exit(result if isinstance(result, int) else ExitCode.OK)


def describe_unexpected(exc: BaseException) -> str:
    """One line for a failure nyte did not foresee: no class names, never SQL or parameters."""
    import errno

    if isinstance(exc, OSError):
        where = f" at {exc.filename}" if exc.filename else ""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"disk full{where}: free some space and run the command again"
        if exc.errno == errno.EROFS:
            return f"read-only file system{where}"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"permission denied{where}"
        return f"{exc.strerror or 'operating system error'}{where}"
    module = type(exc).__module__.split(".")[0]
    if module in ("sqlalchemy", "sqlite3", "sqlmodel"):
        return "unexpected database error; run again with --debug for details"
    text = str(exc).strip().splitlines()
    first = text[0] if text else "no details"
    return f"unexpected error ({first}); run again with --debug for details"


def _fail(message: str, code: ExitCode, args: list[str], debug: bool) -> None:
    """Print the error (and the traceback under --debug) and exit with code."""
    if debug:
        import traceback

        traceback.print_exc()
    if "--json" in args:
        print(json.dumps({"error": {"message": message, "exit_code": int(code)}}))
    print(f"nyte: error: {message}", file=sys.stderr)
    sys.exit(int(code))
