"""One stored Gmail message, Gmail's system labels and history-id stepping."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from email.message import EmailMessage

from nyte_tui.sandbox.gmail import mime
from nyte_tui.sandbox.gmail.query import MessageFacts
from nyte_tui.sandbox.protocol import ApiError, JsonObject, b64url_decode, b64url_encode

SYSTEM_LABELS: tuple[str, ...] = (
    "CHAT",
    "SENT",
    "INBOX",
    "IMPORTANT",
    "TRASH",
    "DRAFT",
    "SPAM",
    "CATEGORY_FORUMS",
    "CATEGORY_UPDATES",
    "CATEGORY_PERSONAL",
    "CATEGORY_PROMOTIONS",
    "CATEGORY_SOCIAL",
    "STARRED",
    "UNREAD",
)
HIDDEN_SYSTEM_LABELS = {"CHAT", "CATEGORY_FORUMS", "CATEGORY_UPDATES", "CATEGORY_PERSONAL"}
HISTORY_TYPES = ("messagesAdded", "messagesDeleted", "labelsAdded", "labelsRemoved")
HISTORY_TYPE_NAMES = {
    "messageAdded": "messagesAdded",
    "messageDeleted": "messagesDeleted",
    "labelAdded": "labelsAdded",
    "labelRemoved": "labelsRemoved",
}


@dataclass
class StoredMessage:
    """One stored message: its RFC 822 bytes plus Gmail's bookkeeping."""

    id: str
    thread_id: str
    raw: bytes
    label_ids: list[str]
    internal_date_ms: int
    history_id: int
    parsed_cache: EmailMessage | None = field(default=None, repr=False, compare=False)

    def parsed(self) -> EmailMessage:
        """Return the parsed message, parsing once."""
        if self.parsed_cache is None:
            self.parsed_cache = mime.parse_raw(self.raw)
        return self.parsed_cache

    def header(self, name: str) -> str:
        """Return one decoded header value."""
        return mime.first_header(self.parsed(), name)

    def rfc822_message_id(self) -> str:
        """Return the normalised Message-ID header."""
        return mime.normalize_message_id(self.header("Message-ID"))

    def facts(self) -> MessageFacts:
        """Build what the search matcher needs to know about this message."""

        def text() -> str:
            parsed = self.parsed()
            parts = [
                self.header("Subject"),
                mime.address_text(parsed, "From", "To", "Cc"),
                mime.body_text(parsed),
            ]
            return " ".join(parts).lower()

        return MessageFacts(
            label_ids=set(self.label_ids),
            internal_date_ms=self.internal_date_ms,
            size=len(self.raw),
            headers=self.header,
            text=text,
            attachment_names=lambda: mime.attachment_names(self.parsed()),
            message_id=self.rfc822_message_id(),
        )

    def render(self, message_format: str, metadata_headers: list[str] | None) -> JsonObject:
        """Render this message as a resource in minimal, metadata, full or raw format."""
        parsed = self.parsed()
        resource: JsonObject = {"id": self.id, "threadId": self.thread_id}
        if self.label_ids:
            resource["labelIds"] = list(self.label_ids)
        resource["snippet"] = mime.snippet(parsed)
        if message_format == "metadata":
            payload = mime.payload_summary(parsed)
            if metadata_headers:
                wanted = {name.lower() for name in metadata_headers}
                payload["headers"] = [
                    header for header in payload["headers"] if header["name"].lower() in wanted
                ]
            resource["payload"] = payload
        elif message_format == "full":
            resource["payload"] = mime.payload_tree(parsed, self.id)
        elif message_format == "raw":
            resource["raw"] = b64url_encode(self.raw)
        elif message_format != "minimal":
            raise ApiError(400, f"Invalid format: {message_format}", "invalidArgument")
        resource["sizeEstimate"] = len(self.raw)
        resource["historyId"] = str(self.history_id)
        resource["internalDate"] = str(self.internal_date_ms)
        return resource

    def attachment(self, wanted_attachment_id: str) -> JsonObject:
        """Return messages.attachments.get for one attachment id, or raise Gmail's 404."""
        for part_id, leaf in mime.iter_leaves(self.parsed()):
            if mime.attachment_id(self.id, part_id) == wanted_attachment_id:
                data = mime.part_bytes(leaf)
                return {
                    "attachmentId": wanted_attachment_id,
                    "size": len(data),
                    "data": b64url_encode(data),
                }
        raise ApiError(404, "Requested entity was not found.", "notFound")

    def to_json(self) -> JsonObject:
        """Serialise for persistence."""
        return {
            "id": self.id,
            "thread_id": self.thread_id,
            "raw": b64url_encode(self.raw),
            "label_ids": list(self.label_ids),
            "internal_date_ms": self.internal_date_ms,
            "history_id": self.history_id,
        }

    @classmethod
    def from_json(cls, data: JsonObject) -> StoredMessage:
        """Restore from persistence."""
        return cls(
            id=data["id"],
            thread_id=data["thread_id"],
            raw=b64url_decode(data["raw"]),
            label_ids=list(data["label_ids"]),
            internal_date_ms=int(data["internal_date_ms"]),
            history_id=int(data["history_id"]),
        )


def next_history_step(current: int) -> int:
    """Return a small deterministic gap so history ids grow but are not contiguous."""
    return 1 + int(hashlib.sha256(str(current).encode()).hexdigest()[:4], 16) % 7


def message_ref(message: StoredMessage) -> JsonObject:
    """Return the {id, threadId, labelIds} answer of send/insert/import/modify."""
    return {"id": message.id, "threadId": message.thread_id, "labelIds": list(message.label_ids)}
