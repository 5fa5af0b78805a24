"""Calendar confirms: RSVP, create by client id, move; each safe to repeat, mirrored at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from nyte_tui.config.settings import Settings
from nyte_tui.store.command_records import ActionRecord, RunRecord
from nyte_tui.store.db import Store
from nyte_tui.store.queries import calendar as qcal
from nyte_tui.store.queries import commands as qc
from nyte_tui.sync.calendar import event_record
from nyte_tui.sync.calendar_write import BusyAnswer, CalendarWriter, WriteResult


class Writer(Protocol):
    """The calendar calls a confirm makes (CalendarWriter, or a test double)."""

    def get(self, calendar_id: str, event_id: str) -> WriteResult:
        """Read an event."""

    def insert(self, calendar_id: str, body: dict[str, Any], send_updates: str) -> WriteResult:
        """Insert an event by its client id."""

    def patch(
        self, calendar_id: str, event_id: str, body: dict[str, Any], send_updates: str
    ) -> WriteResult:
        """Patch an event."""

    def freebusy(
        self, start: datetime, end: datetime, zone: str, ids: list[str]
    ) -> BusyAnswer | None:
        """Busy blocks per id."""

    def close(self) -> None:
        """Release connections."""


CalendarFactory = Callable[[str], Writer]


def default_calendar_factory(
    settings: Settings, credentials: Callable[[str], Any]
) -> CalendarFactory:
    """Writers built from the account's credentials, one per call (sessions are per thread)."""

    def make(account_email: str) -> Writer:
        return CalendarWriter(settings, credentials(account_email))

    return make


def _mirror(store: Store, account_id: int, calendar_id: str, resource: dict[str, Any]) -> None:
    """Write the event Google answered with into the local store at once."""
    calendars = qcal.list_calendars(store, account_id)
    target = calendar_id
    zone = None
    for calendar in calendars:
        if calendar.calendar_id == calendar_id or (
            calendar_id == "primary" and calendar.is_primary
        ):
            target, zone = calendar.calendar_id, calendar.time_zone
    if resource.get("id"):
        qcal.apply_calendar_changes(
            store, account_id, target, upserts=[event_record(resource, zone)]
        )


def _attendees_with(event: dict[str, Any], me: str, response: str, note: str | None) -> list[Any]:
    """The attendee list as read, with only the user's own entry changed."""
    attendees = [dict(a) for a in event.get("attendees") or []]
    found = False
    for attendee in attendees:
        if attendee.get("self") or str(attendee.get("email", "")).lower() == me.lower():
            attendee["responseStatus"] = response
            if note:
                attendee["comment"] = note
            found = True
    if not found:
        entry: dict[str, Any] = {"email": me, "self": True, "responseStatus": response}
        if note:
            entry["comment"] = note
        attendees.append(entry)
    return attendees


def _result(write: WriteResult, extra: dict[str, Any]) -> dict[str, Any]:
    """The stored result of a calendar write."""
    event = write.event
    return {
        "state": "done" if write.ok else "rejected",
        "event_id": event.get("id") or extra.get("event_id"),
        "calendar_id": extra.get("calendar_id"),
        "link": event.get("htmlLink"),
        "start": (event.get("start") or {}).get("dateTime"),
        "end": (event.get("end") or {}).get("dateTime"),
        "note": extra.get("note"),
        "error": write.error,
        **{k: v for k, v in extra.items() if k not in ("note",)},
    }


def run_calendar_action(
    store: Store,
    settings: Settings,
    run: RunRecord,
    action: ActionRecord,
    calendar: CalendarFactory,
    actor: str,
) -> dict[str, Any]:
    """Make the calendar change the action describes; mirror it; mark the action."""
    payload = action.payload
    writer = calendar(run.account)
    try:
        write, extra = _write(writer, run.account, action.kind, payload)
    finally:
        writer.close()
    if write.outcome == "failed":  # never reached Google, or no answer: safe to confirm again
        qc.set_action_status(store, action.id, "pending", expected=("executing",), actor=actor)
        return {"state": "not_sent", "error": f"{write.error}; confirming again is safe"}
    if write.ok:
        _mirror(store, run.account_id, str(payload["calendar_id"]), write.event)
    outcome = _result(write, extra)
    qc.set_action_status(
        store,
        action.id,
        "executed" if write.ok else "failed",
        expected=("executing", "pending"),
        result=outcome,
        error=write.error,
        actor=actor,
    )
    return outcome


def _write(
    writer: Writer, account: str, kind: str, payload: dict[str, Any]
) -> tuple[WriteResult, dict[str, Any]]:
    """One idempotent calendar call for the action's kind."""
    calendar_id = str(payload["calendar_id"])
    send = str(payload.get("send_updates") or "all")
    if kind == "calendar.rsvp":
        current = writer.get(calendar_id, str(payload["event_id"]))
        if not current.ok:
            return current, {"calendar_id": calendar_id, "event_id": payload["event_id"]}
        attendees = _attendees_with(
            current.event, account, str(payload["response"]), payload.get("note")
        )
        write = writer.patch(calendar_id, str(payload["event_id"]), {"attendees": attendees}, send)
        return write, {
            "calendar_id": calendar_id,
            "response": payload["response"],
            "note": f"answered {payload['response']}; the organiser was told",
        }
    zone = str(payload.get("time_zone") or "UTC")
    times = {
        "start": {"dateTime": payload["start"], "timeZone": zone},
        "end": {"dateTime": payload["end"], "timeZone": zone},
    }
    if kind == "calendar.create_event":
        body = {
            "id": payload["event_id"],
            "summary": payload["title"],
            **times,
            "attendees": [{"email": a} for a in payload.get("attendees") or []],
        }
        write = writer.insert(calendar_id, body, send)
        return write, {"calendar_id": calendar_id, "note": "event created; invitations sent"}
    write = writer.patch(calendar_id, str(payload["event_id"]), times, send)
    return write, {"calendar_id": calendar_id, "note": "event moved; attendees were told"}


def settle_calendar_action(
    store: Store,
    settings: Settings,
    run: RunRecord,
    action: ActionRecord,
    calendar: CalendarFactory,
) -> dict[str, Any]:
    """After a crash: did the change happen? Read the event and compare with the proposal."""
    payload = action.payload
    writer = calendar(run.account)
    try:
        current = writer.get(str(payload["calendar_id"]), str(payload["event_id"]))
    finally:
        writer.close()
    done = current.ok and _matches(current.event, action.kind, payload, run.account)
    if done:
        _mirror(store, run.account_id, str(payload["calendar_id"]), current.event)
        outcome = _result(current, {"calendar_id": payload["calendar_id"], "note": "done"})
        qc.set_action_status(
            store, action.id, "executed", expected=("executing",), result=outcome, actor="reconcile"
        )
        return outcome
    qc.set_action_status(store, action.id, "pending", expected=("executing",), actor="reconcile")
    return {"state": "not_sent", "error": "interrupted before the calendar changed"}


def _matches(event: dict[str, Any], kind: str, payload: dict[str, Any], me: str) -> bool:
    """Whether the event already shows the proposed change."""
    if kind == "calendar.create_event":
        return True
    if kind == "calendar.rsvp":
        for attendee in event.get("attendees") or []:
            if attendee.get("self") or str(attendee.get("email", "")).lower() == me.lower():
                return bool(attendee.get("responseStatus") == payload["response"])
        return False
    start = (event.get("start") or {}).get("dateTime")
    if not start:
        return False
    return datetime.fromisoformat(str(start)) == datetime.fromisoformat(str(payload["start"]))


def free_busy_from(
    factory: CalendarFactory, account: str, zone_name: str
) -> Callable[[tuple[datetime, datetime], list[str]], dict[str, Any] | None]:
    """A free/busy lookup for the slot finder; any failure means "unknown", never "free"."""

    def look(window: tuple[datetime, datetime], people: list[str]) -> dict[str, Any] | None:
        try:
            writer = factory(account)
        except Exception:
            return None
        try:
            answer = writer.freebusy(window[0], window[1], zone_name, people)
        except Exception:
            return None
        finally:
            writer.close()
        return answer.busy if answer is not None else None

    return look
