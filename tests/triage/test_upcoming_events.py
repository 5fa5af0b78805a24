"""One-off events in the next two days that the user attends or prepares for are on the list."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nyte_tui.services.triage.event_evidence import event_evidence
from nyte_tui.services.triage.rules import RuleEffect
from nyte_tui.services.triage.scoring import Scored, Thresholds, score_event
from nyte_tui.store.triage_records import TriageEvent
from triage.test_classes import CONTACTS, ME, NOW, TZ

BOSS = {"email": "omar.haddad@tidewater.example", "response_status": "accepted"}


def event(
    title: str,
    description: str = "",
    *,
    hours: float = 22,
    organizer: str = "omar.haddad@tidewater.example",
    response: str = "accepted",
    recurring: bool = False,
    location: str = "",
    all_day: bool = False,
    others: tuple[str, ...] = (),
) -> Scored:
    """An event starting `hours` from now, scored with no rules."""
    mine = {"email": "lena.roth@tidewater.example", "response_status": response, "self": True}
    guests = [{"email": e, "response_status": "accepted"} for e in others]
    start = NOW + timedelta(hours=hours)
    item = TriageEvent(
        "primary",
        "e1",
        "confirmed",
        title,
        description,
        location,
        start,
        start + timedelta(hours=1),
        all_day,
        organizer,
        organizer.split("@", maxsplit=1)[0].replace(".", " ").title(),
        organizer in ME.emails,
        [mine, BOSS, *guests],
        response,
        "r1" if recurring else None,
    )
    evidence = event_evidence(item, [], ME, CONTACTS)
    return score_event(evidence, RuleEffect(), Thresholds(), NOW, TZ)


@pytest.mark.parametrize(
    ("title", "description", "organizer"),
    [
        ("Interview: senior dispatcher candidate", "", "omar.haddad@tidewater.example"),
        ("Kick-off Calmar cold chain", "", "ines.vidal@calmar.example"),
        ("Zahnarzt Dr. Brehm", "", "lena.roth@tidewater.example"),
        ("Notartermin Kaufvertrag Lager 3", "", "lena.roth@tidewater.example"),
        ("Entretien annuel", "", "omar.haddad@tidewater.example"),
        ("Customs inspection at the depot", "", "omar.haddad@tidewater.example"),
        ("Board meeting — Q2 numbers", "", "omar.haddad@tidewater.example"),
        ("Lena presents the depot plan to Calmar", "", "omar.haddad@tidewater.example"),
        ("Colloquio candidato magazziniere", "", "omar.haddad@tidewater.example"),
        ("面接：配車担当候補", "", "omar.haddad@tidewater.example"),
        (
            "Partner review",
            "Agenda\n- Omar: welcome\n- Lena: pallet pooling proposal (15 min)",
            "omar.haddad@tidewater.example",
        ),
    ],
)
def test_a_one_off_occasion_soon_is_upcoming(title: str, description: str, organizer: str) -> None:
    result = event(title, description, organizer=organizer, others=("ines.vidal@calmar.example",))
    assert result.kind == "upcoming" and result.score >= 70, result.reason


@pytest.mark.parametrize(
    ("title", "kwargs"),
    [
        ("Omar / Lena 1:1", {"recurring": True}),
        ("Interview loop sync", {"recurring": True}),
        ("Team lunch", {}),
        ("Kick-off Calmar cold chain", {"response": "declined"}),
        ("Board meeting — Q2 numbers", {"hours": 80}),
        ("Public holiday", {"all_day": True}),
    ],
)
def test_routine_declined_far_or_all_day_events_stay_off(
    title: str, kwargs: dict[str, object]
) -> None:
    result = event(title, **kwargs)  # type: ignore[arg-type]
    assert result.score < 70, result.reason
