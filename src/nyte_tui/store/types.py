"""Column types: UTC timestamps as sortable ISO text, JSON as text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as fixed-width UTC ISO 8601 text, so text order is time order."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        """Convert an aware datetime to UTC text."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; attach a time zone")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        """Read UTC text back as an aware datetime."""
        if value is None:
            return None
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


JsonColumnType: Any = JSON


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def time_column(*, index: bool = False, nullable: bool = True) -> Any:
    """A UTC timestamp column."""
    return Field(default=None, sa_type=UtcDateTime, index=index, nullable=nullable)


def created_column() -> Any:
    """A creation timestamp that defaults to now."""
    return Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


def json_column(default_factory: Any = list) -> Any:
    """A JSON column."""
    return Field(default_factory=default_factory, sa_type=JsonColumnType, nullable=False)


def account_column() -> Any:
    """The owning account's id."""
    return Field(foreign_key="accounts.id", nullable=False, ondelete="CASCADE")
