"""Evidence about one calendar event: the user's answer, the organizer, and what it overlaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.conflicts import blocks_time, my_attendee, overlaps
from nyte_tui.services.triage.evidence import Identity
from nyte_tui.services.triage.preparation import (
    agenda_slot,
    in_person,
    occasion,
    preparation,
    travel,
)
from nyte_tui.store.triage_records import ContactStats, TriageEvent


@dataclass
class EventEvidence:
    """Facts about one calendar event that the gates weigh."""

    source_key: str
    title: str
    start: datetime | None
    end: datetime | None
    organizer_email: str | None
    organizer_name: str | None
    organizer_self: bool
    response: str | None
    cancelled: bool
    all_day: bool
    attendee: bool
    needs_rsvp: bool
    conflicts: list[str] = field(default_factory=list)
    external_attendees: list[str] = field(default_factory=list)
    has_agenda: bool = False
    impact: dict[str, str] = field(default_factory=dict)
    contact: ContactStats | None = None
    same_org: bool = False
    recurring: bool = False
    located: bool = False
    travel: bool = False
    prepare: str | None = None
    occasion: str | None = None  # "interview", "audit", "notary": a one-off to attend
    slot: str | None = None  # the agenda line that gives the user a slot


def event_evidence(
    event: TriageEvent,
    others: list[TriageEvent],
    me: Identity,
    contacts: dict[str, ContactStats],
    conflicts: list[str] | None = None,
) -> EventEvidence:
    """Collect the facts of one event: RSVP state, conflicts, people, preparation.

    conflicts, when given (from conflicts_by_event), saves scanning others.
    """
    mine = my_attendee(event, me)
    response = str((mine or {}).get("response_status") or event.my_response_status or "") or None
    attendee = mine is not None or event.organizer_self
    organizer = (event.organizer_email or "").lower()
    domain = me.domain
    external = [
        addr
        for a in event.attendees
        if (addr := str(a.get("email", "")).lower())
        and addr not in me.emails
        and not a.get("resource", False)
        and domain
        and not addr.endswith("@" + domain)
    ]
    text = f"{event.summary or ''}\n{event.description or ''}"
    evidence = EventEvidence(
        source_key=event.source_key,
        title=(event.summary or "(untitled event)").strip(),
        start=event.start_at,
        end=event.end_at,
        organizer_email=organizer or None,
        organizer_name=event.organizer_name or event.organizer_email,
        organizer_self=event.organizer_self,
        response=response,
        cancelled=event.status == "cancelled",
        all_day=event.all_day,
        attendee=attendee,
        needs_rsvp=attendee and response == "needsAction" and not event.organizer_self,
        external_attendees=external,
        has_agenda=bool((event.description or "").strip()),
        impact=tt.impact_terms(text),
    )
    evidence.recurring = event.recurring_event_id is not None
    evidence.located = bool((event.location or "").strip())
    evidence.travel = travel(evidence.title, event.location or "")
    evidence.prepare = preparation(event.description or "")
    evidence.occasion = occasion(evidence.title)
    evidence.slot = agenda_slot(event.description or "", [*me.names, *me.given_names])
    if evidence.travel:
        evidence.impact.setdefault("travel", "journey")
    elif evidence.occasion and not evidence.recurring:
        evidence.impact.setdefault("commitment", evidence.occasion)
    elif evidence.prepare and in_person(event.location or "") and not evidence.recurring:
        # somewhere to be with something to bring: the plans to the council, the report
        evidence.impact.setdefault("commitment", "in person, with something to bring")
    evidence.contact = contacts.get(organizer)
    evidence.same_org = bool(domain) and organizer.endswith("@" + domain)
    if conflicts is not None:
        evidence.conflicts = list(conflicts)
    elif blocks_time(event, me):
        evidence.conflicts = [
            (other.summary or "(untitled)").strip()
            for other in others
            if other.source_key != event.source_key
            and blocks_time(other, me)
            and overlaps(event, other)
        ]
    return evidence
