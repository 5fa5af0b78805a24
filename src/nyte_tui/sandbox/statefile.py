"""The sandbox's state file: one JSON document, replaced atomically (temp file + os.replace)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_atomically(target: Path, document: dict[str, Any]) -> None:
    """Write a JSON document next to `target`, fsync it, then move it over `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def read(path: Path) -> dict[str, Any]:
    """Read a document written by write_atomically."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document
