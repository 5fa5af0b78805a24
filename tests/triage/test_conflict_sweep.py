"""Conflicts: one sort-and-sweep per triage pass, stored, and read back by the agenda."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest

from nyte_tui.services.triage import conflicts as tc
from nyte_tui.services.triage import event_evidence as tev
from nyte_tui.services.triage.evidence import Identity
from nyte_tui.services.triage.listing import agenda
from nyte_tui.store.queries.triage import load_events
from nyte_tui.store.reader import open_reader
from nyte_tui.store.triage_records import TriageEvent
from triage.conftest import USER, Synced
from triage.evalset import NOW

ME = Identity({USER})
RESPONSES = ["accepted"] * 5 + ["tentative", "needsAction", "declined", None]


def random_events(rng: random.Random, count: int, days: int = 30) -> list[TriageEvent]:
    """A calendar of count events: mostly the user's, some declined, all-day, cancelled."""
    events = []
    for number in range(count):
        start = NOW + timedelta(minutes=15 * rng.randrange(days * 24 * 4))
        response = rng.choice(RESPONSES)
        invited = rng.random() < 0.9
        attendees: list[dict[str, Any]] = []
        if invited and response is not None:
            attendees.append({"email": USER, "response_status": response, "self": True})
        attendees.append({"email": f"p{number % 40}@globex.example", "response_status": "accepted"})
        events.append(
            TriageEvent(
                rng.choice(["primary", "team"]),
                f"e{number}",
                "cancelled" if rng.random() < 0.05 else "confirmed",
                f"Meeting {number}",
                None,
                None,
                start,
                start + timedelta(minutes=rng.choice([15, 30, 45, 60, 90, 120, 480])),
                rng.random() < 0.05,
                "dana@northwind.example",
                "Dana",
                not invited and rng.random() < 0.5,
                attendees,
                response if not invited else None,
            )
        )
    return events


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sweep_finds_exactly_what_the_pairwise_scan_finds(seed: int) -> None:
    events = random_events(random.Random(seed), 400, days=5)
    swept = tc.conflicts_by_event(events, ME)
    clashing = 0
    for event in events:
        assert swept[event.source_key] == tev.event_evidence(event, events, ME, {}).conflicts
        clashing += bool(swept[event.source_key])
    assert clashing > 50  # the data is dense enough to mean something


def test_sweep_compares_about_n_pairs_not_n_squared() -> None:
    events = random_events(random.Random(7), 2_000)
    count = tc.SweepCount()
    pairs = tc.clash_pairs(events, ME, count)
    found = sum(len(others) for others in pairs.values()) // 2
    # each event looks at the ones starting before it ends: n stops plus the clashes found
    assert count.checked <= len(events) + 2 * found
    assert count.checked < 5 * len(events), count.checked  # all pairs would be 1,999,000
    assert found > 100


def test_triage_pass_stores_conflicts_and_the_agenda_reads_them(
    eval_synced: Synced, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(eval_synced.paths.database)
    stored = conn.execute("SELECT event_key, other_title FROM event_conflicts").fetchall()
    scans = conn.execute("SELECT count(*) FROM conflict_scans").fetchone()[0]
    conn.close()
    titles = {title for _, title in stored}
    assert {"Pricing review", "Globex renewal call"} <= titles and scans == 1

    def no_sweep(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the agenda must read stored conflicts, not sweep")

    with open_reader(eval_synced.paths.database) as reader:
        monkeypatch.setattr(tc, "clash_pairs", no_sweep)
        shown = agenda(reader, eval_synced.settings, 3, now=NOW)
    events = {e.title: e for day in shown.days for e in day.events}
    assert "Globex renewal call" in events["Pricing review"].conflicts
    assert "Pricing review" in events["Globex renewal call"].conflicts
    # the same answer the old every-event-against-every-other scan gave
    every = load_events(eval_synced.store, 1, NOW - timedelta(days=3), NOW + timedelta(days=6))
    by_key = {e.source_key: e for e in every}
    for day in shown.days:
        for shown_event in day.events:
            event = by_key[f"{shown_event.calendar_id}/{shown_event.event_id}"]
            evidence = tev.event_evidence(event, every, ME, {})
            assert list(shown_event.conflicts) == evidence.conflicts, shown_event.title
            assert (shown_event.title, shown_event.rsvp) == (evidence.title, evidence.response)
            assert shown_event.organizer == evidence.organizer_name


def test_agenda_of_a_store_never_scanned_sweeps_instead(eval_synced: Synced) -> None:
    conn = sqlite3.connect(eval_synced.paths.database)
    with conn:
        conn.execute("DELETE FROM event_conflicts")
        conn.execute("DELETE FROM conflict_scans")
    conn.close()
    with open_reader(eval_synced.paths.database) as reader:
        shown = agenda(reader, eval_synced.settings, 3, now=NOW)
    events = {e.title: e for day in shown.days for e in day.events}
    assert "Globex renewal call" in events["Pricing review"].conflicts
    # the sweep is its own small module: the agenda never loads the mail evidence for it
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", AGENDA_PROBE.replace("NOW", repr(NOW.isoformat()))],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    )
    assert loaded["conflicts"] == list(events["Pricing review"].conflicts)
    assert "nyte_tui.services.triage.conflicts" in loaded["modules"]
    heavy = {"evidence", "event_evidence", "preparation", "dates"}
    assert not {f"nyte_tui.services.triage.{m}" for m in heavy} & set(loaded["modules"])
    assert "dateparser" not in loaded["modules"]


AGENDA_PROBE = """
import json, sys
from datetime import datetime
from nyte_tui.config.paths import resolve_paths
from nyte_tui.config.settings import load_settings
from nyte_tui.services.triage.listing import agenda
from nyte_tui.store.reader import open_reader
paths = resolve_paths()
with open_reader(paths.database) as reader:
    shown = agenda(reader, load_settings(paths), 3, now=datetime.fromisoformat(NOW))
pricing = [e for d in shown.days for e in d.events if e.title == "Pricing review"][0]
print(json.dumps({"conflicts": list(pricing.conflicts), "modules": sorted(sys.modules)}))
"""


def test_the_apps_detail_shows_the_stored_overlaps(eval_synced: Synced) -> None:
    from nyte_tui.services.app.backend import AppBackend
    from nyte_tui.services.triage.listing import important_list

    backend = AppBackend(eval_synced.paths, eval_synced.settings)
    try:
        items = important_list(backend.reader(), eval_synced.settings, include_all=True).items
        pricing = next(i for i in items if i.title == "Pricing review")
        detail = backend.item_detail(pricing.id)
        assert detail.event is not None
        assert "Globex renewal call" in detail.event.conflicts
    finally:
        backend.close()
