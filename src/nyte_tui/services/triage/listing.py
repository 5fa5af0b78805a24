"""The read path of triage: the Important list, one item and the agenda, with no ORM loaded.

Each use case takes a `Reader` (or an open `Store`, whose file it reads) and returns the
frozen views of `services.views`. Conflicts come stored from the last triage pass; the
evidence modules are imported by the agenda only, so the list pays for none of them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nyte_tui.config.settings import Settings, user_zone
from nyte_tui.errors import NyteError
from nyte_tui.services.views import (
    GATE_NAMES,
    AgendaDayView,
    AgendaEventView,
    AgendaView,
    GateView,
    ImportantListView,
    ItemView,
    ProposalView,
)
from nyte_tui.store.queries import worklist_read as qw
from nyte_tui.store.reader import HasPath, Reader, reading
from nyte_tui.store.triage_records import ItemRow, TriageEvent

Source = Reader | HasPath


def utcnow() -> datetime:
    """The current time, aware, in UTC (tests freeze it here)."""
    return datetime.now(UTC)


def age_text(moment: datetime | None, now: datetime) -> str:
    """A compact age like "5h" or "2d" ("" when unknown)."""
    if moment is None:
        return ""
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def item_view(item: ItemRow, now: datetime) -> ItemView:
    """One stored item as the view every front end shows."""
    gates = {g.gate: GateView(g.matched, g.points, g.reason) for g in item.gates}
    proposal = item.proposal
    return ItemView(
        id=item.id,
        kind=item.kind,
        source=item.source,
        account=item.account,
        thread_id=item.thread_id,
        event_id=item.event_id,
        calendar_id=item.calendar_id,
        who=item.who,
        who_email=item.who_email,
        title=item.title,
        score=item.score,
        tier=item.tier,
        reason=item.reason,
        gates={name: gates.get(name, GateView()) for name in GATE_NAMES},
        status=item.status,
        snoozed_until=item.snoozed_until,
        updated_at=item.updated_at,
        last_activity_at=item.last_activity_at,
        due_at=item.due_at,
        age=age_text(item.last_activity_at, now) if item.source == "gmail" else None,
        start=item.due_at if item.source == "calendar" else None,
        rule_score=item.rule_score,
        model_score=item.model_score,
        score_version=item.score_version,
        warning=item.warning,
        proposal=None
        if proposal is None
        else ProposalView(
            id=proposal.get("id"),
            kind=str(proposal.get("kind")),
            payload=dict(proposal.get("payload") or {}),
            summary=str(proposal.get("summary") or ""),
            status=str(proposal.get("status") or ""),
            risk=str(proposal.get("risk") or "low"),
            idempotency_key=str(proposal.get("idempotency_key") or ""),
        ),
    )


def important_list(
    source: Source,
    settings: Settings,
    *,
    include_all: bool = False,
    limit: int | None = None,
    offset: int = 0,
    now: datetime | None = None,
) -> ImportantListView:
    """One page of the Important list (or of every item), best first; all of it without limit."""
    moment = now or utcnow()
    with reading(source) as reader:
        items = qw.important_page(
            reader,
            settings.triage.important_threshold,
            moment,
            include_all=include_all,
            limit=limit,
            offset=offset,
        )
    return ImportantListView(tuple(item_view(i, moment) for i in items), moment)


def important_count(
    source: Source, settings: Settings, *, include_all: bool = False, now: datetime | None = None
) -> int:
    """How many items the Important list (or every item) holds now."""
    with reading(source) as reader:
        return qw.important_count(
            reader, settings.triage.important_threshold, now or utcnow(), include_all=include_all
        )


def read_item(source: Source, item_id: int) -> ItemRow:
    """An item by id, or a clear error."""
    with reading(source) as reader:
        item = qw.item_by_id(reader, item_id)
    if item is None:
        raise NyteError(f"no item {item_id}; see `nyte important --all --json` for ids")
    return item


def event_conflicts(
    reader: Reader, account_id: int, account: str, events: list[TriageEvent]
) -> dict[str, list[str]]:
    """What each of an account's events clashes with: stored by the last triage pass.

    Events outside the window that pass covered (or an account never scanned) get a sweep
    over the events given, so the answer is never silently empty.
    """
    from nyte_tui.services.triage import conflicts as tc
    from nyte_tui.store.queries import calendar_read as qcal

    window = qcal.conflict_windows(reader).get(account_id)
    stored = qcal.stored_conflicts(reader, account_id, (e.source_key for e in events))
    if window is not None and all(
        e.start_at is None or window[0] <= e.start_at < window[1] for e in events
    ):
        return stored
    swept = tc.conflicts_by_event(events, tc.Addresses(frozenset({account.lower()})))
    if window is None:
        return swept
    return {
        e.source_key: stored.get(e.source_key, [])
        if e.start_at is not None and window[0] <= e.start_at < window[1]
        else swept.get(e.source_key, [])
        for e in events
    }


def my_response(event: TriageEvent, account: str) -> str | None:
    """The user's answer to an event, as the triage evidence reads it (no text scanning)."""
    email = account.lower()
    for attendee in event.attendees:
        if attendee.get("self") or str(attendee.get("email", "")).lower() == email:
            return str(attendee.get("response_status") or event.my_response_status or "") or None
    return event.my_response_status or None


def agenda(
    source: Source, settings: Settings, days: int, now: datetime | None = None
) -> AgendaView:
    """Upcoming events grouped by local day, with the user's RSVP state and conflicts."""
    from nyte_tui.store.queries import calendar_read as qcal

    moment = now or utcnow()
    tz = user_zone(settings)
    with reading(source) as reader, reader.snapshot():
        rows = qcal.events_starting(
            reader, moment - timedelta(hours=1), moment + timedelta(days=days)
        )
        by_account: dict[int, list[TriageEvent]] = {}
        emails: dict[int, str] = {}
        for account_id, email, event in rows:
            by_account.setdefault(account_id, []).append(event)
            emails[account_id] = email
        clashes = {
            account_id: event_conflicts(reader, account_id, emails[account_id], events)
            for account_id, events in by_account.items()
        }
    grouped: dict[str, list[AgendaEventView]] = {}
    for account_id, account, event in rows:
        if event.status == "cancelled":
            continue
        assert event.start_at is not None
        local_start = event.start_at.astimezone(tz)
        grouped.setdefault(local_start.date().isoformat(), []).append(
            AgendaEventView(
                account=account,
                calendar_id=event.calendar_id,
                event_id=event.event_id,
                title=(event.summary or "(untitled event)").strip(),
                start=event.start_at,
                end=event.end_at,
                all_day=event.all_day,
                location=event.location,
                rsvp=my_response(event, account),
                organizer=event.organizer_name or event.organizer_email,
                conflicts=tuple(clashes[account_id].get(event.source_key, ())),
                time_text="all day" if event.all_day else local_start.strftime("%H:%M"),
            )
        )
    return AgendaView(tuple(AgendaDayView(d, tuple(grouped[d])) for d in sorted(grouped)), moment)
