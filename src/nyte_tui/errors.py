"""Errors that carry the process exit code the CLI should end with."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of every nyte command."""

    OK = 0
    ERROR = 1
    USAGE = 2
    REAUTH = 3
    PARTIAL = 4
    BUSY = 5


class NyteError(Exception):
    """A failure the user can act on: one clear line and an exit code."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        """Keep the message and, when given, a specific exit code."""
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(NyteError):
    """The command line asks for something impossible."""

    exit_code = ExitCode.USAGE


class ReauthRequired(NyteError):
    """An account's Google authorisation is gone and the user must log in again."""

    exit_code = ExitCode.REAUTH


class BusyError(NyteError):
    """Another nyte process holds the writer lock."""

    exit_code = ExitCode.BUSY


class NeedsAnswer(NyteError):
    """A command run still has an open question (or a changed proposal) to settle first."""

    exit_code = ExitCode.USAGE
