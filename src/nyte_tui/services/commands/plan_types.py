"""The two answers a proposal step can give: a proposal to confirm, or one blocking question."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any


@dataclass(frozen=True)
class Proposal:
    """What confirm would do: kind, payload, the preview a person reads, risk and flags."""

    kind: str
    payload: dict[str, Any]
    summary: str
    preview: str
    risk: str
    flags: tuple[str, ...]
    action_id: int | None = None
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        """A short hash of exactly what was shown; confirm refuses when it changed."""
        data = json.dumps(
            {"kind": self.kind, "payload": self.payload, "preview": self.preview},
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Blocked:
    """The intent cannot become a proposal yet: one question says what is missing."""

    question: str
    missing: str


def first_name(name: str | None) -> str | None:
    """The first word of a display name."""
    words = (name or "").replace('"', "").split()
    return words[0] if words else None


def local_range(start: datetime, end: datetime, zone: tzinfo) -> str:
    """ "Tue 01 Dec 15:00–15:30" in the user's zone."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    tail = b.strftime("%H:%M") if a.date() == b.date() else b.strftime("%a %d %b %H:%M")
    return f"{a.strftime('%a %d %b %H:%M')}–{tail}"


def minutes(delta: timedelta) -> int:
    """A duration in whole minutes."""
    return int(delta.total_seconds() // 60)
