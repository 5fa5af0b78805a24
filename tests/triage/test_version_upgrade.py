"""A new scoring version reranks existing items once, then leaves them alone."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict

from nyte_tui.services.triage.run import run_triage_pass
from nyte_tui.services.triage.scoring import SCORE_VERSION
from nyte_tui.services.triage.views import important_list
from triage.conftest import Synced
from triage.evalset import NOW


def versions(synced: Synced) -> dict[str, str]:
    """Every item's score version by thread or event id."""
    items = [
        asdict(i) for i in important_list(synced.store, synced.settings, include_all=True).items
    ]
    return {str(i["thread_id"] or i["event_id"]): str(i["score_version"]) for i in items}


def test_items_from_an_older_scoring_version_are_rescored_once(eval_synced: Synced) -> None:
    before = versions(eval_synced)
    assert all(v.startswith(SCORE_VERSION) for v in before.values())
    database = eval_synced.store.path
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE work_items SET score_version = 'rules-v0', score = 1")
    first = run_triage_pass(eval_synced.store, eval_synced.settings, 1, now=NOW)
    assert first["scored_threads"] > 0
    assert versions(eval_synced) == before
    second = run_triage_pass(eval_synced.store, eval_synced.settings, 1, now=NOW)
    assert second["scored_threads"] == 0 and second["changed_items"] == 0
