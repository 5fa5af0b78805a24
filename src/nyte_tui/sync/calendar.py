"""Calendar mirroring: yesterday to N days ahead, one request per unchanged calendar."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nyte_tui.store.db import Store
from nyte_tui.store.queries import calendar as qcal
from nyte_tui.store.queries import ingestion as qi
from nyte_tui.store.records import AccountRef, CalendarRecord, EventRecord
from nyte_tui.sync.limiter import (
    QuotaLimiter,
    RetryPolicy,
    WaitBudgetExceeded,
    error_status,
    readable,
)
from nyte_tui.sync.progress import SyncReporter
from nyte_tui.sync.report import SourceReport, stopped_early

CALENDAR_LIST_SOURCE = "calendar-list"
CALENDAR_LIST_MAX_AGE = timedelta(hours=6)
UPDATED_MIN_SKEW = timedelta(minutes=2)


def parse_time(value: str | None) -> datetime | None:
    """An RFC 3339 timestamp as an aware datetime."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _zone(name: str | None) -> ZoneInfo:
    """A time zone by name, UTC when unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def event_record(resource: dict[str, Any], calendar_zone: str | None) -> EventRecord:
    """An EventRecord from a Calendar v3 event resource."""
    start = resource.get("start") or {}
    end = resource.get("end") or {}
    all_day = "date" in start and "dateTime" not in start
    zone_name = start.get("timeZone") or calendar_zone
    start_at: datetime | None
    end_at: datetime | None
    if all_day:
        zone = _zone(zone_name)
        start_at = datetime.combine(date.fromisoformat(start["date"]), datetime.min.time(), zone)
        end_day = end.get("date") or start["date"]
        end_at = datetime.combine(date.fromisoformat(end_day), datetime.min.time(), zone)
    else:
        start_at = parse_time(start.get("dateTime"))
        end_at = parse_time(end.get("dateTime")) or start_at
    organizer = resource.get("organizer") or {}
    attendees = [
        {
            "email": str(a.get("email", "")).lower(),
            "name": a.get("displayName"),
            "response_status": a.get("responseStatus", "needsAction"),
            "self": bool(a.get("self")),
            "organizer": bool(a.get("organizer")),
            "optional": bool(a.get("optional")),
            "resource": bool(a.get("resource")),
        }
        for a in resource.get("attendees", []) or []
    ]
    mine = next((a["response_status"] for a in attendees if a["self"]), None)
    if mine is None and (organizer.get("self") or not attendees):
        mine = "accepted"
    return EventRecord(
        event_id=str(resource["id"]),
        status=str(resource.get("status", "confirmed")),
        summary=resource.get("summary"),
        description=resource.get("description"),
        location=resource.get("location"),
        ical_uid=resource.get("iCalUID"),
        recurring_event_id=resource.get("recurringEventId"),
        start_at=start_at.astimezone(UTC) if start_at else None,
        end_at=end_at.astimezone(UTC) if end_at else None,
        time_zone=zone_name,
        all_day=all_day,
        start_date=start.get("date"),
        end_date=end.get("date"),
        organizer_email=(organizer.get("email") or "").lower() or None,
        organizer_name=organizer.get("displayName"),
        organizer_self=bool(organizer.get("self")),
        attendees=attendees,
        my_response_status=mine,
        html_link=resource.get("htmlLink"),
        etag=resource.get("etag"),
        updated=parse_time(resource.get("updated")),
    )


class CalendarSync:
    """Mirror the primary and selected calendars of one account into the store."""

    def __init__(
        self,
        *,
        service: Any,
        store: Store,
        account: AccountRef,
        calendar_days: int,
        chosen_calendars: list[str],
        limiter: QuotaLimiter,
        retry: RetryPolicy,
        reporter: SyncReporter,
        event: Callable[[str, str, dict[str, Any]], None],
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        zone: tzinfo = UTC,
    ) -> None:
        """Keep what one pass needs."""
        self.service = service
        self.store = store
        self.account = account
        self.calendar_days = calendar_days
        self.chosen_calendars = chosen_calendars
        self.limiter = limiter
        self.retry = retry
        self.reporter = reporter
        self.event = event
        self.now = now
        self.zone = zone
        self.report = SourceReport()

    def _call(self, request: Any) -> Any:
        """Execute one Calendar request (1 request of the per-minute budget)."""

        def attempt() -> Any:
            self.limiter.acquire(1)
            self.report.api_calls += 1
            self.report.quota_units += 1
            return readable(request.execute(num_retries=0))

        return self.retry.call(attempt, read=True)

    def window(self) -> tuple[datetime, datetime]:
        """The mirrored window: from the user's yesterday to calendar_days ahead, in UTC."""
        local = self.now().astimezone(self.zone)
        today = local.replace(hour=0, minute=0, second=0, microsecond=0)
        start = (today - timedelta(days=1)).astimezone(UTC)
        end = (today + timedelta(days=self.calendar_days + 1)).astimezone(UTC)
        return start, end

    def run(self, *, full: bool) -> SourceReport:
        """Sync every chosen calendar; each failing calendar is reported, the rest go on."""
        started = time.monotonic()
        self.report.mode = "full" if full else "incremental"
        errors: list[str] = []
        try:
            calendars = self._calendars(full)
            for calendar in calendars:
                try:
                    self._sync_calendar(calendar, full=full)
                except WaitBudgetExceeded:
                    raise
                except Exception as exc:
                    if "invalid_grant" in str(exc):
                        raise
                    errors.append(f"{calendar.calendar_id}: {exc}")
        except WaitBudgetExceeded as exc:
            self.report.partial = True
            errors.append(stopped_early(exc))
        self.report.error = "; ".join(errors) or None
        self.report.seconds = time.monotonic() - started
        return self.report

    def _calendars(self, full: bool) -> list[CalendarRecord]:
        """The calendars to mirror, refreshing the calendar list when stale."""
        account_id = self.account.account_id
        stored = qcal.list_calendars(self.store, account_id)
        state = qi.source_state(self.store, account_id, CALENDAR_LIST_SOURCE)
        fresh = (
            state.last_success_at is not None
            and self.now() - state.last_success_at < CALENDAR_LIST_MAX_AGE
        )
        if full or not stored or not fresh:
            items = self._all_pages(
                lambda token: self.service.calendarList().list(maxResults=250, pageToken=token)
            )
            stored = [
                CalendarRecord(
                    calendar_id="primary" if item.get("primary") else str(item["id"]),
                    summary=item.get("summaryOverride") or item.get("summary"),
                    is_primary=bool(item.get("primary")),
                    time_zone=item.get("timeZone"),
                    access_role=item.get("accessRole"),
                    selected=bool(item.get("selected", False)) or bool(item.get("primary")),
                )
                for item in items
                if not item.get("deleted")
            ]
            qcal.upsert_calendars(self.store, account_id, stored)
            qi.record_source_result(self.store, account_id, CALENDAR_LIST_SOURCE, error=None)
        if self.chosen_calendars:
            wanted = set(self.chosen_calendars)
            return [c for c in stored if c.is_primary or c.calendar_id in wanted]
        return [c for c in stored if c.is_primary or c.selected]

    def _sync_calendar(self, calendar: CalendarRecord, *, full: bool) -> None:
        """Delta-read one calendar by updatedMin, or re-read its window when needed."""
        account_id = self.account.account_id
        source = f"calendar:{calendar.calendar_id}"
        state = qi.source_state(self.store, account_id, source)
        window_start, window_end = self.window()
        cursor: dict[str, Any] = json.loads(state.cursor) if state.cursor else {}
        listing_started = self.now()
        same_window = (
            cursor.get("window_start") == window_start.isoformat()
            and cursor.get("window_end") == window_end.isoformat()
        )
        if not full and same_window and cursor.get("updated_min"):
            try:
                changes = self._list_changes(calendar.calendar_id, cursor["updated_min"])
            except Exception as exc:
                if error_status(exc) != 410:
                    raise
                self.event(
                    "calendar.resync",
                    f"{calendar.calendar_id}: Google asked for a full re-read (410)",
                    {"calendar": calendar.calendar_id},
                )
            else:
                self._apply_changes(calendar, changes, window_start, window_end, listing_started)
                return
        self.report.mode = "full"
        items = self._list(calendar.calendar_id, window_start, window_end, showDeleted=False)
        live = [i for i in items if i.get("status") != "cancelled"]
        self._apply(
            calendar,
            live,
            [],
            (window_start, window_end),
            window_start,
            window_end,
            listing_started,
        )

    def _list_changes(self, calendar_id: str, updated_min: str) -> list[dict[str, Any]]:
        """Every event changed since updated_min, unexpanded and without time bounds."""
        return self._all_pages(
            lambda token: self.service.events().list(
                calendarId=calendar_id,
                updatedMin=updated_min,
                showDeleted=True,
                singleEvents=False,
                maxResults=2500,
                pageToken=token,
            )
        )

    def _instances(
        self, calendar_id: str, series_id: str, window_start: datetime, window_end: datetime
    ) -> list[dict[str, Any]]:
        """The instances of one recurring series inside the window."""
        response = self._call(
            self.service.events().instances(
                calendarId=calendar_id,
                eventId=series_id,
                timeMin=window_start.isoformat().replace("+00:00", "Z"),
                timeMax=window_end.isoformat().replace("+00:00", "Z"),
                maxResults=2500,
            )
        )
        return [i for i in response.get("items", []) or [] if i.get("status") != "cancelled"]

    def _apply_changes(
        self,
        calendar: CalendarRecord,
        changes: list[dict[str, Any]],
        window_start: datetime,
        window_end: datetime,
        listing_started: datetime,
    ) -> None:
        """Apply changed events: moved ones leave the window, changed series are re-expanded."""
        live: list[dict[str, Any]] = []
        removed: list[str] = []
        series: dict[str, list[EventRecord]] = {}
        for item in changes:
            event_id = str(item["id"])
            if item.get("status") == "cancelled":
                removed.append(event_id)
                if not item.get("recurringEventId"):
                    series[event_id] = []  # a cancelled series takes its instances along
            elif item.get("recurrence"):
                instances = self._instances(
                    calendar.calendar_id, event_id, window_start, window_end
                )
                series[event_id] = [event_record(i, calendar.time_zone) for i in instances]
            else:
                record = event_record(item, calendar.time_zone)
                inside = (
                    record.start_at is not None
                    and record.end_at is not None
                    and record.start_at < window_end
                    and record.end_at > window_start
                )
                if inside:
                    live.append(item)
                else:
                    removed.append(event_id)  # moved out of the window
        self._apply(
            calendar,
            live,
            removed,
            None,
            window_start,
            window_end,
            listing_started,
            series=series,
        )

    def _list(
        self, calendar_id: str, window_start: datetime, window_end: datetime, **params: Any
    ) -> list[dict[str, Any]]:
        """All pages of events.list over the window with expanded recurrences."""
        return self._all_pages(
            lambda token: self.service.events().list(
                calendarId=calendar_id,
                timeMin=window_start.isoformat().replace("+00:00", "Z"),
                timeMax=window_end.isoformat().replace("+00:00", "Z"),
                singleEvents=True,
                maxResults=2500,
                pageToken=token,
                **params,
            )
        )

    def _all_pages(self, request: Callable[[str | None], Any]) -> list[dict[str, Any]]:
        """The items of every page of a list call; request(token) builds the call for one page."""
        items: list[dict[str, Any]] = []
        token = None
        while True:
            response = self._call(request(token))
            items.extend(response.get("items", []) or [])
            token = response.get("nextPageToken")
            if not token:
                return items

    def _apply(
        self,
        calendar: CalendarRecord,
        live: list[dict[str, Any]],
        cancelled: list[str],
        replace: tuple[datetime, datetime] | None,
        window_start: datetime,
        window_end: datetime,
        listing_started: datetime,
        series: dict[str, list[EventRecord]] | None = None,
    ) -> None:
        """Store one listing and the cursor that covers it in one transaction."""
        records = [event_record(item, calendar.time_zone) for item in live]
        cursor = json.dumps(
            {
                "window_start": window_start.isoformat(),
                "window_end": window_end.isoformat(),
                "updated_min": (listing_started - UPDATED_MIN_SKEW)
                .astimezone(UTC)
                .isoformat()
                .replace("+00:00", "Z"),
            }
        )
        changed = qcal.apply_calendar_changes(
            self.store,
            self.account.account_id,
            calendar.calendar_id,
            upserts=records,
            deleted_event_ids=cancelled,
            replace_window=replace,
            replace_series=series,
            cursor=cursor,
        )
        self.report.fetched += len(records)
        self.report.changed += len(changed)
        self.report.deleted += len(changed & set(cancelled))
        self.report.changed_keys.update(f"{calendar.calendar_id}/{e}" for e in changed)
        self.reporter.progress(
            self.account.email, "calendar", len(records), len(records), calendar.calendar_id
        )
