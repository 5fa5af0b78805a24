"""The in-memory Calendar: calendars, events (masters, exceptions, tombstones) and change order."""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from nyte_tui.sandbox.calendar import series
from nyte_tui.sandbox.calendar.times import (
    EXPANSION_HORIZON,
    UTC,
    event_zone,
    format_time,
    parse_time,
)
from nyte_tui.sandbox.protocol import ApiError, JsonObject, b64url_encode

EVENT_ID_PATTERN = re.compile(r"^[a-v0-9]{5,1024}$")
INSTANCE_ID_PATTERN = re.compile(r"^(?P<master>.+)_(?P<stamp>\d{8}(T\d{6}Z)?)$")


@dataclass
class StoredEvent:
    """One stored event resource plus the change sequence number of its last change."""

    resource: JsonObject
    change_seq: int


class CalendarStore:
    """Calendar state; callers hold the sandbox lock around every method."""

    def __init__(self, owner_email: str, owner_name: str, time_zone: str) -> None:
        self.owner_email = owner_email
        self.owner_name = owner_name
        self.time_zone = time_zone
        self.calendars: dict[str, JsonObject] = {}
        self.events: dict[str, dict[str, StoredEvent]] = {}
        self.change_seq = 0
        self.sync_epoch = 0
        self.id_counter = 0
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        # Colleagues whose free/busy the sandbox knows: address (lower case) -> busy blocks
        # [{"start", "end"}] in UTC; everyone else is notFound in freebusy.query.
        self.free_busy: dict[str, list[JsonObject]] = {}
        # What Google would have mailed: replies to organizers, updates to attendees (changes.py).
        self.notifications: list[JsonObject] = []
        self.notification_seq = 0

    # ----- calendars --------------------------------------------------------

    def add_calendar(
        self,
        calendar_id: str,
        summary: str,
        primary: bool,
        time_zone: str,
        access_role: str = "owner",
        selected: bool = True,
    ) -> None:
        """Add a calendar list entry."""
        entry: JsonObject = {
            "kind": "calendar#calendarListEntry",
            "etag": f'"{1700000000000 + len(self.calendars)}"',
            "id": calendar_id,
            "summary": summary,
            "timeZone": time_zone,
            "colorId": str(len(self.calendars) % 24 + 1),
            "backgroundColor": "#9fe1e7",
            "foregroundColor": "#000000",
            "selected": selected,
            "accessRole": access_role,
            "defaultReminders": [{"method": "popup", "minutes": 10}] if primary else [],
        }
        if primary:
            entry["primary"] = True
        self.calendars[calendar_id] = entry
        self.events.setdefault(calendar_id, {})

    def resolve(self, calendar_id: str) -> str:
        """Map `primary` to the primary calendar id, or raise a 404."""
        if calendar_id == "primary":
            for entry in self.calendars.values():
                if entry.get("primary"):
                    return str(entry["id"])
        if calendar_id not in self.calendars:
            raise ApiError(404, "Not Found", "notFound")
        return calendar_id

    def zone_of(self, calendar_id: str) -> str:
        """Return a calendar's time zone name."""
        return str(self.calendars[calendar_id].get("timeZone") or self.time_zone)

    # ----- event resources --------------------------------------------------

    def new_event_id(self) -> str:
        """Return a fresh deterministic base32hex event id."""
        self.id_counter += 1
        digest = hashlib.sha256(f"{self.owner_email}/event/{self.id_counter}".encode()).digest()
        alphabet = "0123456789abcdefghijklmnopqrstuv"
        return "".join(alphabet[byte % 32] for byte in digest[:26])

    def stamp(self, calendar_id: str, resource: JsonObject, now: datetime) -> JsonObject:
        """Fill server-owned fields and bump the change sequence."""
        self.change_seq += 1
        event_id = str(resource["id"])
        resource["kind"] = "calendar#event"
        resource["etag"] = f'"{3180000000000000 + self.change_seq * 1000}"'
        resource.setdefault("status", "confirmed")
        resource.setdefault("created", format_time(now))
        resource["updated"] = format_time(now)
        resource.setdefault("iCalUID", f"{event_id.split('_', maxsplit=1)[0]}@google.com")
        resource.setdefault("sequence", 0)
        eid = b64url_encode(f"{event_id} {calendar_id}".encode()).rstrip("=")
        resource.setdefault("htmlLink", f"https://www.google.com/calendar/event?eid={eid}")
        owner = {"email": self.owner_email, "displayName": self.owner_name, "self": True}
        resource.setdefault("creator", dict(owner))
        resource.setdefault("organizer", dict(owner))
        for person in [resource["organizer"], resource["creator"], *resource.get("attendees", [])]:
            if str(person.get("email", "")).lower() == self.owner_email.lower():
                person["self"] = True
        organizer_email = str(resource["organizer"].get("email", "")).lower()
        for attendee in resource.get("attendees", []):
            attendee.setdefault("responseStatus", "needsAction")
            if str(attendee.get("email", "")).lower() == organizer_email:
                attendee["organizer"] = True
        self.events.setdefault(calendar_id, {})[event_id] = StoredEvent(resource, self.change_seq)
        return resource

    def add_seed_event(self, calendar_id: str, resource: JsonObject, now: datetime) -> None:
        """Store a generated event as-is, filling only missing server fields."""
        body = copy.deepcopy(resource)
        if not body.get("id"):
            body["id"] = self.new_event_id()
        if calendar_id not in self.calendars:
            self.add_calendar(calendar_id, calendar_id, False, self.time_zone)
        updated = body.get("updated")
        moment = parse_time(updated) if isinstance(updated, str) else now
        self.stamp(calendar_id, body, moment)
        if isinstance(updated, str):
            body["updated"] = updated

    def insert(self, calendar_id: str, body: JsonObject, now: datetime) -> JsonObject:
        """Create an event (events.insert), honouring a client-chosen id."""
        event_id = body.get("id")
        if event_id is not None:
            if not isinstance(event_id, str) or not EVENT_ID_PATTERN.match(event_id):
                raise ApiError(400, "Invalid resource id value.", "invalid")
            if event_id in self.events[calendar_id]:
                raise ApiError(409, "The requested identifier already exists.", "duplicate")
        self.require_times(body)
        resource = copy.deepcopy(body)
        resource["id"] = event_id or self.new_event_id()
        for server_field in ("created", "updated", "etag", "htmlLink", "iCalUID", "kind"):
            resource.pop(server_field, None)
        if resource.get("status") == "cancelled":
            resource.pop("status")
        return copy.deepcopy(self.stamp(calendar_id, resource, now))

    @staticmethod
    def require_times(body: JsonObject) -> None:
        """Raise Calendar's 400 when start or end is missing."""
        if not isinstance(body.get("start"), dict):
            raise ApiError(400, "Missing start time.", "required")
        if not isinstance(body.get("end"), dict):
            raise ApiError(400, "Missing end time.", "required")

    def stored(self, calendar_id: str, event_id: str) -> StoredEvent | None:
        """Return a stored event (master, single, exception or tombstone)."""
        return self.events[calendar_id].get(event_id)

    def get(self, calendar_id: str, event_id: str) -> JsonObject:
        """Return one event or generated instance, or raise a 404."""
        found = self.stored(calendar_id, event_id)
        if found is not None:
            return copy.deepcopy(found.resource)
        instance = self.virtual_instance(calendar_id, event_id)
        if instance is None:
            raise ApiError(404, "Not Found", "notFound")
        return instance

    def virtual_instance(self, calendar_id: str, event_id: str) -> JsonObject | None:
        """Build an unmodified instance of a recurring event from its instance id."""
        match = INSTANCE_ID_PATTERN.match(event_id)
        if match is None:
            return None
        master = self.stored(calendar_id, match.group("master"))
        if master is None or not master.resource.get("recurrence"):
            return None
        for instance in self.expand(calendar_id, master.resource, None, None, event_id):
            if instance["id"] == event_id:
                return instance
        return None

    def materialize(self, calendar_id: str, event_id: str) -> StoredEvent:
        """Return the stored event to change, turning a generated instance into an exception."""
        found = self.stored(calendar_id, event_id)
        if found is not None:
            return found
        instance = self.virtual_instance(calendar_id, event_id)
        if instance is None:
            raise ApiError(404, "Not Found", "notFound")
        stored = StoredEvent(instance, self.change_seq)
        self.events[calendar_id][event_id] = stored
        return stored

    def delete(self, calendar_id: str, event_id: str, now: datetime) -> None:
        """Cancel an event (kept as a tombstone); a second delete is a 410."""
        stored = self.materialize(calendar_id, event_id)
        if stored.resource.get("status") == "cancelled":
            raise ApiError(410, "Resource has been deleted", "deleted")
        resource = copy.deepcopy(stored.resource)
        resource["status"] = "cancelled"
        self.stamp(calendar_id, resource, now)

    def set_free_busy(
        self, email: str, busy: list[tuple[datetime, datetime]] | None
    ) -> list[JsonObject] | None:
        """Give a colleague these busy blocks (sorted, in UTC), or forget them (None)."""
        key = email.strip().lower()
        if busy is None:
            return self.free_busy.pop(key, None)
        blocks = []
        for start, end in sorted(busy):
            if end <= start:
                raise ApiError(400, "A busy block must end after it starts.", "timeRangeEmpty")
            blocks.append({"start": format_time(start), "end": format_time(end)})
        self.free_busy[key] = blocks
        return blocks

    # ----- expansion --------------------------------------------------------

    def expand(
        self,
        calendar_id: str,
        master: JsonObject,
        window_start: datetime | None,
        window_end: datetime | None,
        only_id: str | None = None,
    ) -> list[JsonObject]:
        """Return a recurring event's instances in a window, with exceptions applied."""
        exceptions = {
            stored.resource["id"]: stored.resource
            for stored in self.events[calendar_id].values()
            if stored.resource.get("recurringEventId") == master["id"]
        }
        return series.expand(
            master,
            event_zone(master, self.zone_of(calendar_id)),
            exceptions,
            window_start,
            window_end or self.clock() + EXPANSION_HORIZON,
            window_end,
            only_id,
        )

    # ----- persistence ------------------------------------------------------

    def to_json(self) -> JsonObject:
        """Serialise the calendars deterministically."""
        return {
            "owner_email": self.owner_email,
            "owner_name": self.owner_name,
            "time_zone": self.time_zone,
            "calendars": list(self.calendars.values()),
            "events": {
                calendar_id: [
                    {"resource": stored.resource, "change_seq": stored.change_seq}
                    for stored in events.values()
                ]
                for calendar_id, events in self.events.items()
            },
            "change_seq": self.change_seq,
            "sync_epoch": self.sync_epoch,
            "id_counter": self.id_counter,
            "free_busy": dict(sorted(self.free_busy.items())),
            "notifications": list(self.notifications),
            "notification_seq": self.notification_seq,
        }

    @classmethod
    def from_json(cls, data: JsonObject) -> CalendarStore:
        """Restore calendars from their serialised form."""
        store = cls(data["owner_email"], data["owner_name"], data["time_zone"])
        store.calendars = {entry["id"]: entry for entry in data["calendars"]}
        store.events = {
            calendar_id: {
                item["resource"]["id"]: StoredEvent(item["resource"], int(item["change_seq"]))
                for item in items
            }
            for calendar_id, items in data["events"].items()
        }
        store.change_seq = int(data["change_seq"])
        store.sync_epoch = int(data["sync_epoch"])
        store.id_counter = int(data["id_counter"])
        store.free_busy = dict(data.get("free_busy", {}))
        store.notifications = list(data.get("notifications", []))
        store.notification_seq = int(data.get("notification_seq", len(store.notifications)))
        return store
