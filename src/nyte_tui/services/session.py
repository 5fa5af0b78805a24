"""Opening the store for one use case: the CLI asks services, it never opens the store itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from nyte_tui.config.paths import Paths
    from nyte_tui.store.db import Store
    from nyte_tui.store.reader import Reader

T = TypeVar("T")


@contextmanager
def opened_store(paths: Paths, store: Store | None = None) -> Iterator[Store]:
    """The given store, or one opened (and closed afterwards) for these paths."""
    if store is not None:
        yield store
        return
    from nyte_tui.store.db import open_store

    opened = open_store(paths.ensure().database)
    try:
        yield opened
    finally:
        opened.close()


def with_store(paths: Paths, use: Callable[[Store], T]) -> T:
    """Run one use case against the store at paths and close it afterwards."""
    with opened_store(paths) as store:
        return use(store)


def with_reader(paths: Paths, use: Callable[[Reader], T]) -> T:
    """Run one read-only use case over the stdlib driver (no ORM imported) and close it."""
    from nyte_tui.store.reader import open_reader

    with open_reader(paths.ensure().database) as reader:
        return use(reader)
