"""The in-memory Gmail mailbox: messages, threads, labels, drafts and the history log."""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from nyte_tui.sandbox.gmail import mime
from nyte_tui.sandbox.gmail.message import (
    HIDDEN_SYSTEM_LABELS,
    HISTORY_TYPE_NAMES,
    HISTORY_TYPES,
    SYSTEM_LABELS,
    StoredMessage,
    next_history_step,
)
from nyte_tui.sandbox.gmail.query import (
    Node,
    SearchContext,
    matches,
    mentions_spam_or_trash,
)
from nyte_tui.sandbox.protocol import ApiError, JsonObject


class GmailStore:
    """Mailbox state; callers hold the sandbox lock around every method."""

    def __init__(
        self,
        user_email: str,
        user_name: str,
        time_zone: str,
        history_start: int = 100000,
        history_horizon: int | None = None,
    ) -> None:
        self.user_email = user_email
        self.user_name = user_name
        self.time_zone = time_zone
        self.messages: dict[str, StoredMessage] = {}
        self.threads: dict[str, list[str]] = {}
        self.user_labels: dict[str, JsonObject] = {}
        self.drafts: dict[str, str] = {}
        self.thread_keys: dict[str, str] = {}
        self.history: list[JsonObject] = []
        self.history_id = history_start
        self.history_floor = history_start
        self.history_horizon = history_horizon
        self.id_counter = 0
        self.draft_counter = 0

    # ----- ids and history -------------------------------------------------

    def new_message_id(self, internal_date_ms: int) -> str:
        """Return a Gmail-looking id: the acceptance time in ms, then a 20-bit counter."""
        while True:
            self.id_counter += 1
            candidate = f"{((internal_date_ms << 20) | (self.id_counter & 0xFFFFF)):016x}"[-16:]
            if candidate not in self.messages:
                return candidate

    def bump_history(self) -> int:
        """Advance the mailbox history id and return it."""
        self.history_id += next_history_step(self.history_id)
        return self.history_id

    def record(self, message: StoredMessage, kind: str, label_ids: list[str] | None = None) -> None:
        """Append one history record of a given type for one message."""
        ref = {"id": message.id, "threadId": message.thread_id}
        change: JsonObject = {"message": {**ref, "labelIds": list(message.label_ids)}}
        if kind == "messagesDeleted":
            change = {"message": dict(ref)}
        if label_ids is not None:
            change["labelIds"] = list(label_ids)
        self.history.append({"id": message.history_id, "messages": [ref], kind: [change]})
        if self.history_horizon is not None:
            while len(self.history) > self.history_horizon:
                dropped = self.history.pop(0)
                self.history_floor = int(dropped["id"])

    def expire_history(self) -> None:
        """Forget every history record so any startHistoryId issued so far gets a 404."""
        self.history.clear()
        self.history_floor = self.bump_history()

    # ----- labels -----------------------------------------------------------

    def label_ids_by_name(self) -> dict[str, str]:
        """Map normalised user label names to their ids."""
        return {
            str(label["name"]).replace("/", "-").replace(" ", "-").lower(): label_id
            for label_id, label in self.user_labels.items()
        }

    def ensure_label(self, label_id_or_name: str) -> str:
        """Return a label id, creating a user label for an unknown seed label."""
        if label_id_or_name in SYSTEM_LABELS or label_id_or_name in self.user_labels:
            return label_id_or_name
        by_name = self.label_ids_by_name()
        normalized = label_id_or_name.replace("/", "-").replace(" ", "-").lower()
        if normalized in by_name:
            return by_name[normalized]
        label_id = f"Label_{len(self.user_labels) + 1}"
        name = label_id_or_name
        if label_id_or_name.startswith("Label_"):
            label_id = label_id_or_name
        self.user_labels[label_id] = self.label_resource(label_id, name)
        return label_id

    @staticmethod
    def label_resource(label_id: str, name: str) -> JsonObject:
        """Return a user label resource."""
        return {
            "id": label_id,
            "name": name,
            "type": "user",
            "messageListVisibility": "show",
            "labelListVisibility": "labelShow",
        }

    def validate_labels(self, label_ids: list[str]) -> list[str]:
        """Check label ids from an API call, or raise Gmail's 400."""
        for label_id in label_ids:
            if label_id not in SYSTEM_LABELS and label_id not in self.user_labels:
                raise ApiError(400, f"Invalid label: {label_id}", "invalidArgument")
        return label_ids

    def label_list(self) -> list[JsonObject]:
        """Return labels.list items: system labels then user labels."""
        items: list[JsonObject] = []
        for label_id in SYSTEM_LABELS:
            item: JsonObject = {"id": label_id, "name": label_id, "type": "system"}
            if label_id not in HIDDEN_SYSTEM_LABELS:
                item["messageListVisibility"] = "hide" if label_id == "CHAT" else "show"
                item["labelListVisibility"] = "labelShow"
            items.append(item)
        items.extend(dict(label) for label in self.user_labels.values())
        return items

    def label_details(self, label_id: str) -> JsonObject:
        """Return labels.get: the label with its message and thread counts."""
        labels = {item["id"]: item for item in self.label_list()}
        if label_id not in labels:
            raise ApiError(404, "Requested entity was not found.", "notFound")
        tagged = [message for message in self.messages.values() if label_id in message.label_ids]
        unread = [message for message in tagged if "UNREAD" in message.label_ids]
        return {
            **labels[label_id],
            "messagesTotal": len(tagged),
            "messagesUnread": len(unread),
            "threadsTotal": len({message.thread_id for message in tagged}),
            "threadsUnread": len({message.thread_id for message in unread}),
        }

    # ----- messages ---------------------------------------------------------

    def get(self, message_id: str) -> StoredMessage:
        """Return a stored message or raise Gmail's 404."""
        message = self.messages.get(message_id)
        if message is None:
            raise ApiError(404, "Requested entity was not found.", "notFound")
        return message

    def find_thread_by_references(self, parsed: EmailMessage) -> str | None:
        """Return the thread of a stored message named by In-Reply-To or References."""
        wanted = set(mime.referenced_message_ids(parsed))
        if not wanted:
            return None
        for message in sorted(self.messages.values(), key=lambda m: -m.internal_date_ms):
            if message.rfc822_message_id() in wanted:
                return message.thread_id
        return None

    def add_message(
        self,
        raw: bytes,
        label_ids: list[str],
        internal_date_ms: int,
        thread_id: str | None = None,
        thread_key: str | None = None,
        record_history: bool = True,
    ) -> StoredMessage:
        """Store a message, thread it, stamp a history id and log messageAdded."""
        parsed = mime.parse_raw(raw)
        message_id = self.new_message_id(internal_date_ms)
        resolved_thread = None
        if thread_id is not None and thread_id in self.threads:
            resolved_thread = thread_id
        elif thread_key is not None and thread_key in self.thread_keys:
            resolved_thread = self.thread_keys[thread_key]
        if resolved_thread is None and thread_key is None:
            resolved_thread = self.find_thread_by_references(parsed)
        if resolved_thread is None:
            resolved_thread = message_id
        if thread_key is not None:
            self.thread_keys.setdefault(thread_key, resolved_thread)
        ordered_labels = list(dict.fromkeys(self.ensure_label(label) for label in label_ids))
        message = StoredMessage(
            id=message_id,
            thread_id=resolved_thread,
            raw=raw,
            label_ids=ordered_labels,
            internal_date_ms=internal_date_ms,
            history_id=self.bump_history(),
            parsed_cache=parsed,
        )
        self.messages[message_id] = message
        members = self.threads.setdefault(resolved_thread, [])
        members.append(message_id)
        members.sort(key=lambda member: (self.messages[member].internal_date_ms, member))
        if record_history:
            self.record(message, "messagesAdded")
        return message

    def modify(self, message_id: str, add: list[str], remove: list[str]) -> StoredMessage:
        """Add and remove labels, logging labelAdded/labelRemoved for real changes."""
        message = self.get(message_id)
        self.validate_labels(add + remove)
        added = [label for label in dict.fromkeys(add) if label not in message.label_ids]
        removed = [label for label in dict.fromkeys(remove) if label in message.label_ids]
        if added:
            message.label_ids.extend(added)
            message.history_id = self.bump_history()
            self.record(message, "labelsAdded", added)
        if removed:
            message.label_ids = [label for label in message.label_ids if label not in removed]
            message.history_id = self.bump_history()
            self.record(message, "labelsRemoved", removed)
        return message

    def delete(self, message_id: str) -> None:
        """Delete a message permanently and log messageDeleted."""
        message = self.get(message_id)
        del self.messages[message_id]
        members = self.threads.get(message.thread_id, [])
        if message_id in members:
            members.remove(message_id)
        if not members:
            self.threads.pop(message.thread_id, None)
        for draft_id, draft_message in list(self.drafts.items()):
            if draft_message == message_id:
                del self.drafts[draft_id]
        message.history_id = self.bump_history()
        self.record(message, "messagesDeleted")

    def prepare_outgoing(self, raw: bytes, now: datetime) -> bytes:
        """Add the From, Date and Message-ID headers Gmail adds when a client leaves them out."""
        parsed = mime.parse_raw(raw)
        if not mime.has_header(parsed, "Message-ID"):
            digest = hashlib.sha256(raw).hexdigest()[:24]
            raw = mime.prepend_header(raw, "Message-ID", f"<CA+sandbox{digest}@mail.gmail.com>")
        if not mime.has_header(parsed, "Date"):
            raw = mime.prepend_header(raw, "Date", format_datetime(now))
        if not mime.has_header(parsed, "From"):
            raw = mime.prepend_header(raw, "From", f"{self.user_name} <{self.user_email}>")
        return raw

    # ----- search -----------------------------------------------------------

    def search(
        self,
        query: Node | None,
        label_ids: list[str],
        include_spam_trash: bool,
        context: SearchContext,
    ) -> list[StoredMessage]:
        """Return matching messages, newest first by internalDate."""
        include_hidden = (
            include_spam_trash
            or bool({"SPAM", "TRASH"} & set(label_ids))
            or (query is not None and mentions_spam_or_trash(query))
        )
        found: list[StoredMessage] = []
        for message in self.messages.values():
            labels = set(message.label_ids)
            if not include_hidden and labels & {"SPAM", "TRASH"}:
                continue
            if not all(label in labels for label in label_ids):
                continue
            if query is not None and not matches(query, message.facts(), context):
                continue
            found.append(message)
        found.sort(key=lambda message: (message.internal_date_ms, message.id), reverse=True)
        return found

    # ----- history ----------------------------------------------------------

    def history_since(
        self, start_history_id: int, history_types: list[str], label_id: str | None
    ) -> list[JsonObject]:
        """Return history records newer than startHistoryId, filtered, or raise a 404."""
        if start_history_id < self.history_floor:
            raise ApiError(404, "Requested entity was not found.", "notFound")
        wanted_keys = [HISTORY_TYPE_NAMES[name] for name in history_types] or list(HISTORY_TYPES)
        records: list[JsonObject] = []
        for record in self.history:
            if int(record["id"]) <= start_history_id:
                continue
            filtered: JsonObject = {"id": str(record["id"]), "messages": record["messages"]}
            for key in wanted_keys:
                changes = record.get(key)
                if not changes:
                    continue
                if label_id is not None:
                    changes = [change for change in changes if _touches_label(change, label_id)]
                if changes:
                    filtered[key] = changes
            if len(filtered) > 2:
                records.append(filtered)
        return records

    # ----- persistence ------------------------------------------------------

    def to_json(self) -> JsonObject:
        """Serialise the whole mailbox deterministically."""
        return {
            "user_email": self.user_email,
            "user_name": self.user_name,
            "time_zone": self.time_zone,
            "messages": [self.messages[key].to_json() for key in sorted(self.messages)],
            "user_labels": [self.user_labels[key] for key in sorted(self.user_labels)],
            "drafts": dict(sorted(self.drafts.items())),
            "thread_keys": dict(sorted(self.thread_keys.items())),
            "history": list(self.history),
            "history_id": self.history_id,
            "history_floor": self.history_floor,
            "history_horizon": self.history_horizon,
            "id_counter": self.id_counter,
            "draft_counter": self.draft_counter,
        }

    @classmethod
    def from_json(cls, data: JsonObject) -> GmailStore:
        """Restore a mailbox from its serialised form."""
        store = cls(data["user_email"], data["user_name"], data["time_zone"])
        store.history_horizon = data.get("history_horizon")
        for item in data["messages"]:
            message = StoredMessage.from_json(item)
            store.messages[message.id] = message
            store.threads.setdefault(message.thread_id, []).append(message.id)
        for members in store.threads.values():
            members.sort(key=lambda member: (store.messages[member].internal_date_ms, member))
        store.user_labels = {label["id"]: label for label in data["user_labels"]}
        store.drafts = dict(data["drafts"])
        store.thread_keys = dict(data["thread_keys"])
        store.history = list(data["history"])
        store.history_id = int(data["history_id"])
        store.history_floor = int(data["history_floor"])
        store.id_counter = int(data["id_counter"])
        store.draft_counter = int(data["draft_counter"])
        return store


def _touches_label(change: JsonObject, label_id: str) -> bool:
    """Tell whether a history change concerns a label (for the labelId filter)."""
    changed: list[Any] = change.get("labelIds", [])
    current: list[Any] = change.get("message", {}).get("labelIds", [])
    return label_id in changed or label_id in current
