"""Person and event resolution: accents, typos, ambiguity, own addresses, event references."""

from __future__ import annotations

from dataclasses import replace

import pytest

from commands.fixtures import (
    BASE,
    DANA,
    E_BOARD,
    E_DESIGN,
    E_LUNCH,
    E_STANDUP_THU,
    E_STANDUP_WED,
    E_VENDOR,
    JORG,
    JOSE,
    LEGAL,
    LUCIA,
    ME,
    NOW,
    PRIYA,
    SAM_L,
    SAM_O,
    TANAKA,
    ZOE,
    context,
)
from nyte_tui.commands import (
    Ambiguous,
    Contact,
    NotFound,
    Person,
    resolve_event,
    resolve_person,
)


@pytest.mark.parametrize(
    ("query", "email"),
    [
        ("Dana", DANA.email),
        ("dana whitfield", DANA.email),
        ("Whitfield", DANA.email),
        ("Dana W", DANA.email),
        ("Jörg", JORG.email),
        ("Jorg", JORG.email),
        ("jorg becker", JORG.email),
        ("José Müller", JOSE.email),
        ("Jose Muller", JOSE.email),
        ("Müller", JOSE.email),
        ("Lucia", LUCIA.email),
        ("Lucía Fernández", LUCIA.email),
        ("田中", TANAKA.email),
        ("田中 健二", TANAKA.email),
        ("田中健二", TANAKA.email),
        ("健二", TANAKA.email),
        ("Zoe", ZOE.email),
        ("Zoë Quinn", ZOE.email),
        ("Dnaa", DANA.email),
        ("Priya Shha", PRIYA.email),
        ("legal", LEGAL.email),
        ("the legal team", LEGAL.email),
        ("Sam Ortiz", SAM_O.email),
        ("sam.ortiz", SAM_O.email),
        ("Ortiz", SAM_O.email),
    ],
)
def test_resolves(query: str, email: str) -> None:
    found = resolve_person(query, BASE)
    assert isinstance(found, Person), found
    assert found.email == email


def test_typed_address_wins_and_is_marked_typed() -> None:
    found = resolve_person("dana@northwind.example", BASE)
    assert found == Person("Dana Whitfield", "dana@northwind.example", "typed")
    stranger = resolve_person("Bob <bob@acme.example>", BASE)
    assert stranger == Person("", "bob@acme.example", "typed")


def test_ambiguous_lists_candidates_best_correspondent_first() -> None:
    found = resolve_person("Sam", BASE)
    assert isinstance(found, Ambiguous)
    assert [p.email for p in found.candidates] == [SAM_O.email, SAM_L.email]


def test_selected_item_breaks_a_tie() -> None:
    thread_item = replace(
        context("dana").item,
        participants=(replace(SAM_L, source="item"),),
    )
    found = resolve_person("Sam", replace(BASE, item=thread_item))
    assert isinstance(found, Person) and found.email == SAM_L.email
    assert found.source == "item"


def test_own_address_is_never_a_person() -> None:
    assert isinstance(resolve_person(ME, BASE), NotFound)
    assert isinstance(resolve_person("Alex Morgan", BASE), NotFound)
    assert isinstance(resolve_person("me", BASE), NotFound)
    mine = replace(BASE, contacts=(*BASE.contacts, Contact("Alex M", "ALEX.MORGAN@gmail.example")))
    assert isinstance(resolve_person("Alex M", mine), NotFound)


def test_unknown_and_pronouns() -> None:
    assert isinstance(resolve_person("Bob", BASE), NotFound)
    assert isinstance(resolve_person("her", BASE), NotFound)
    her = resolve_person("her", context("dana"))
    assert isinstance(her, Person) and her.email == DANA.email and her.source == "item"
    organiser = resolve_person("the organiser", context("invite"))
    assert isinstance(organiser, Person) and organiser.email == PRIYA.email
    assert organiser.source == "organizer"


@pytest.mark.parametrize(
    ("reference", "item", "event_id"),
    [
        ("the 4pm", "none", E_BOARD.event_id),
        ("the 4", "none", E_BOARD.event_id),
        ("16:00", "none", E_BOARD.event_id),
        ("thursday's 4pm", "none", E_VENDOR.event_id),
        ("the board sync", "none", E_BOARD.event_id),
        ("board", "none", E_BOARD.event_id),
        ("the bord sync", "none", E_BOARD.event_id),
        ("the standup", "none", E_STANDUP_WED.event_id),
        ("thursday's standup", "none", E_STANDUP_THU.event_id),
        ("the meeting with Lucía", "none", E_VENDOR.event_id),
        ("Dana's meeting", "none", E_BOARD.event_id),
        ("the lunch", "none", E_LUNCH.event_id),
        ("it", "invite", E_DESIGN.event_id),
        ("", "invite", E_DESIGN.event_id),
        ("this invite", "invite", E_DESIGN.event_id),
        ("the 9:30", "none", E_STANDUP_WED.event_id),
    ],
)
def test_event_reference(reference: str, item: str, event_id: str) -> None:
    match = resolve_event(reference, context(item), "rsvp")
    assert match.event is not None, match
    assert match.event.event_id == event_id


def test_no_reference_offers_pending_invites_first() -> None:
    match = resolve_event("", context(), "rsvp")
    assert match.event is None and match.reason == "none"
    assert [e.event_id for e in match.choices] == [
        E_BOARD.event_id,
        E_DESIGN.event_id,
        E_VENDOR.event_id,
    ]


def test_several_titles_are_asked_about() -> None:
    match = resolve_event("the review or sync", context(), "rsvp")
    assert match.event is None
    two_at_four = replace(
        BASE,
        events=(
            *BASE.events,
            replace(E_VENDOR, event_id="e-x", start=E_BOARD.start, end=E_BOARD.end),
        ),
    )
    same_time = resolve_event("the 4pm", two_at_four, "rsvp")
    assert same_time.event is None and same_time.reason == "several"
    assert {e.event_id for e in same_time.choices} == {E_BOARD.event_id, "e-x"}


def test_ended_events_and_own_events() -> None:
    later = replace(BASE, now=NOW.replace(hour=17, minute=30))
    match = resolve_event("the 4pm", later, "rsvp")
    assert match.event is not None and match.event.event_id == E_VENDOR.event_id
    own = resolve_event("the 1:1", BASE, "rsvp")
    assert own.event is None and own.reason == "own"
    movable = resolve_event("the 1:1", BASE, "move")
    assert movable.event is not None and movable.event.event_id == "e-1on1"
