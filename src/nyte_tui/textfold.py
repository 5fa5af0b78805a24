"""Folding text for display: one line for headers and reasons, squeezed blank lines for bodies."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def one_line(text: str | None) -> str:
    """Text folded onto one line (headers, reasons and errors can carry line breaks)."""
    return " ".join((text or "").split())


def tidy_body(text: str | None) -> str:
    """Message text with runs of spaces and blank lines squeezed."""
    lines = [_SPACES.sub(" ", line).rstrip() for line in (text or "").splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
