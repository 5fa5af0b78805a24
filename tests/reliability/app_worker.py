"""The app's sync worker as the app runs it: AppBackend.sync() on a long-lived thread.

`python app_worker.py PASSES` runs that many passes back to back (as the SyncLoop does on
request) and prints one JSON line per pass: ok, busy, message, exit code.
"""

from __future__ import annotations

import json
import sys
import threading

from nyte_tui.config.paths import resolve_paths
from nyte_tui.config.settings import load_settings
from nyte_tui.services.app.backend import AppBackend


def main() -> None:
    """Run the passes on a worker thread and report each."""
    passes = int(sys.argv[1])
    paths = resolve_paths()
    backend = AppBackend(paths, load_settings(paths))
    lines: list[str] = []

    def work() -> None:
        for _ in range(passes):
            outcome = backend.sync()
            lines.append(
                json.dumps({"ok": outcome.ok, "busy": outcome.busy, "message": outcome.message})
            )

    worker = threading.Thread(target=work, name="nyte-sync-worker")
    worker.start()
    worker.join()
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
