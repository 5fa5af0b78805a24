"""The app: time to first paint and to a filled Important list on a large store."""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench_important import build_store
from suites import PYTHON, Result, bench_env

HERE = Path(__file__).parent


def run(quick: bool) -> list[Result]:
    """Open the app headless several times on a store of many items."""
    items = 5_000 if quick else 50_000
    runs = 3 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        build_store(home, items)
        env = bench_env(home)
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
            statistics.median(paint),
            "ms",
            500,
            note="headless Textual driver; the store is opened after the first paint",
        ),
        Result(
            "app", f"Important list shown, {items:,} items", statistics.median(loaded), "ms", 1500
        ),
    ]
