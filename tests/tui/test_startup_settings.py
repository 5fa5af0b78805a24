"""The app paints before it reads the settings, and a bad settings file still ends it cleanly."""

from __future__ import annotations

from pathlib import Path

from nyte_tui.config.paths import resolve_paths
from nyte_tui.services.app.backend import AppBackend
from nyte_tui.store.db import open_store
from nyte_tui.tui.app import NyteApp
from tui.conftest import SIZE


def _home_with_store(home: Path, config: str) -> None:
    """A migrated (empty) store and a settings file under NYTE_HOME."""
    paths = resolve_paths().ensure()
    open_store(paths.database).close()
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(config, encoding="utf-8")


async def test_a_bad_setting_ends_the_app_with_the_setting_named(isolated_home: Path) -> None:
    _home_with_store(isolated_home, "[sync]\nwindow_days = 0\n")
    app = NyteApp(AppBackend(resolve_paths()), auto_sync=False)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if not app.is_running:
                break
            await pilot.pause(0.05)
    assert app.startup_usage_error
    assert app.startup_error is not None and "sync.window_days" in app.startup_error
    assert "config.toml" in app.startup_error


async def test_good_settings_are_read_by_the_backend_on_first_use(isolated_home: Path) -> None:
    _home_with_store(isolated_home, "[triage]\nimportant_threshold = 55\n")
    backend = AppBackend(resolve_paths())
    assert backend.settings.triage.important_threshold == 55
    assert backend.load_items() == [] and backend.count_items(True) == 0
    backend.close()
