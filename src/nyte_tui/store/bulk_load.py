"""Loading many rows at once (benchmark stores of a million messages): one transaction a table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import islice
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import Table, func, select
from sqlmodel import SQLModel

from nyte_tui.store.db import Store

CHUNK = 20_000


def _defaults(model: type[SQLModel]) -> dict[str, Any]:
    """Each field's default (a factory is called once), for rows that leave it out."""
    defaults: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            defaults[name] = info.default_factory()  # type: ignore[call-arg]
        elif info.default is not PydanticUndefined and name != "id":
            defaults[name] = info.default
    return defaults


def bulk_insert(
    store: Store, model: type[SQLModel], rows: Iterable[Mapping[str, Any]], chunk: int = CHUNK
) -> int:
    """Insert rows (column name to value, defaults filled in) in one transaction; how many.

    Values go through each column's own bind processing (JSON, UTC timestamps) and then to
    sqlite3's executemany, a chunk at a time: a million rows in seconds, not minutes.
    """
    table: Table = model.__table__  # type: ignore[attr-defined]
    defaults = _defaults(model)
    source = iter(rows)
    first = next(source, None)
    if first is None:
        return 0
    names = [c.name for c in table.columns if c.name in defaults or c.name in first]
    dialect = store.engine.dialect
    processors = [table.c[name].type.bind_processor(dialect) for name in names]
    memo: dict[Any, Any] = {}

    def value(row: Mapping[str, Any], name: str, process: Any) -> Any:
        raw = row[name] if name in row else defaults[name]
        if process is None or raw is None:
            return raw
        if isinstance(raw, datetime):  # many rows share a timestamp
            if raw not in memo:
                memo[raw] = process(raw)
            return memo[raw]
        return process(raw)

    columns = ", ".join(f'"{name}"' for name in names)
    statement = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" for _ in names)})'
    pairs = list(zip(names, processors, strict=True))
    count = 0
    connection = store.engine.raw_connection()
    try:
        cursor = connection.cursor()
        batch = [first, *islice(source, chunk - 1)]
        while batch:
            cursor.executemany(statement, [[value(r, n, p) for n, p in pairs] for r in batch])
            count += len(batch)
            batch = list(islice(source, chunk))
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.close()
    return count


def row_ids(store: Store, model: type[SQLModel], key: str) -> dict[Any, int]:
    """The primary key of every row of a table, by the value of one of its columns."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    with store.engine.connect() as connection:
        return {k: i for k, i in connection.execute(select(table.c[key], table.c.id))}


def row_count(store: Store, model: type[SQLModel]) -> int:
    """How many rows a table holds."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    with store.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())
