"""Open the app headless on an existing store; print time to first paint and to items shown."""

from __future__ import annotations

import asyncio
import json
import time

STARTED = time.perf_counter()


async def main() -> None:
    """Run the app under Textual's test driver and time its first two milestones."""
    import sys

    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.tui.app import NyteApp

    paths = resolve_paths()  # as `nyte` does: settings are read by the first worker
    from nyte_tui.services.app.backend import AppBackend

    app = NyteApp(AppBackend(paths), auto_sync=False)
    heavy_at_paint: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        painted = time.perf_counter() - STARTED
        heavy_at_paint = sorted(
            name
            for name in ("litellm", "sqlalchemy", "googleapiclient", "pydantic", "typer")
            if name in sys.modules
        )
        while not app.item_list.items:  # type: ignore[attr-defined]
            await pilot.pause(0.01)
        loaded = time.perf_counter() - STARTED
    print(
        json.dumps({"paint_ms": painted * 1000, "items_ms": loaded * 1000, "heavy": heavy_at_paint})
    )


asyncio.run(main())
