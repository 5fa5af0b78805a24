"""Short fixture names for the sandbox's own tests (kept local to this directory)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def gmail(sandbox_gmail: Any) -> Any:
    """The sandbox Gmail service."""
    return sandbox_gmail


@pytest.fixture
def calendar(sandbox_calendar: Any) -> Any:
    """The sandbox Calendar service."""
    return sandbox_calendar
