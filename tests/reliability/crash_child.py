"""Run the real `nyte` CLI, optionally SIGKILLing itself at the Nth store transaction.

NYTE_TEST_KILL_AT="N:before" dies inside the Nth transaction just before it commits (its
writes made, not committed); "N:after" dies just after the Nth commit. Without it this is
`python -m nyte_tui ARGS`. The crash lane uses it to hit every kind of point: mid-transaction,
between transactions, and (killed from outside) mid-request.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def install_kill_point(spec: str) -> None:
    """Wrap Store.session so the process dies at the chosen transaction."""
    from nyte_tui.store import db

    number_text, _, when = spec.partition(":")
    target = int(number_text)
    original = db.Store.session
    seen = [0]

    @contextmanager
    def session(self: Any) -> Iterator[Any]:
        with original(self) as active:
            yield active
            seen[0] += 1
            if seen[0] == target and when == "before":
                active.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        if seen[0] == target and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)

    db.Store.session = session  # type: ignore[method-assign]


def main() -> None:
    """Install the kill point, then run the CLI with the given arguments."""
    spec = os.environ.get("NYTE_TEST_KILL_AT")
    if spec:
        install_kill_point(spec)
    from nyte_tui.cli import main as cli_main

    cli_main(sys.argv[1:])


if __name__ == "__main__":
    main()
