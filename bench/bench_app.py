"""The app: time to first paint and to a filled Important list on a large store."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from scale_data import scale_store
from suites import PYTHON, Result, Spread, bench_env

HERE = Path(__file__).parent


def run(quick: bool) -> list[Result]:
    """Open the app headless several times on a store of many items."""
    store = scale_store(10_000 if quick else 100_000)
    items = store.items
    runs = 3 if quick else 5
    env = bench_env(store.home)
    paint, loaded = [], []
    for _ in range(runs):
        done = subprocess.run(
            [PYTHON, str(HERE / "app_child.py")],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        numbers = json.loads(done.stdout.strip().splitlines()[-1])
        paint.append(numbers["paint_ms"])
        loaded.append(numbers["items_ms"])
    return [
        Result(
            "app",
            f"first paint (process start → screen), {items:,} items",
            Spread.of(paint).median,
            "ms",
            350,
            spread=Spread.of(paint),
            note="headless Textual driver; the store is opened after the first paint",
        ),
        Result(
            "app",
            f"Important list shown, {items:,} items",
            Spread.of(loaded).median,
            "ms",
            800,
            spread=Spread.of(loaded),
        ),
    ]
