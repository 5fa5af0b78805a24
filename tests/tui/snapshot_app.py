"""The main screen on fixed data with a fixed clock, for the snapshot test."""

from __future__ import annotations

from nyte_tui.tui.app import NyteApp
from tui.fake_backend import NOW, FakeBackend


def make_app() -> NyteApp:
    """An app that never syncs on its own and reads the fixed backend."""
    return NyteApp(FakeBackend(), auto_sync=False, clock=lambda: NOW)
