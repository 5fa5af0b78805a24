"""One output convention: `--json` prints one JSON object to stdout, otherwise text for people."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

JSON_HELP = "Print one JSON object instead of text."


def _default(value: Any) -> Any:
    """Serialise values json does not know."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def emit_json(payload: dict[str, Any]) -> None:
    """Write one JSON object and a newline to stdout."""
    sys.stdout.write(json.dumps(payload, default=_default, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def can_prompt() -> bool:
    """Whether nyte may ask the user something (only with a terminal on stdin)."""
    return sys.stdin is not None and sys.stdin.isatty()


def console() -> Any:
    """A rich console for human output (imported lazily)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)
