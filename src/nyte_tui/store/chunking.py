"""One helper for splitting long id lists across SQL `IN (...)` clauses (no SQLAlchemy import)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
IN_CLAUSE_CHUNK = 400


def chunks(values: Iterable[T], size: int = IN_CLAUSE_CHUNK) -> Iterator[list[T]]:
    """Split values into lists small enough for one `IN (...)` clause."""
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]
