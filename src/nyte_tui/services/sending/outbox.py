"""Outbox rows while sending: result types, store and audit helpers, settling by Message-ID."""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from nyte_tui.errors import ExitCode, NyteError
from nyte_tui.services.sending.compose import Draft, from_display, preview_text
from nyte_tui.store.db import Store
from nyte_tui.store.queries import outbox as qo
from nyte_tui.store.queries.audit import append_audit
from nyte_tui.sync.gmail_send import GmailSender

if TYPE_CHECKING:
    from nyte_tui.config.paths import Paths
    from nyte_tui.config.settings import Settings

CredentialsFor = Callable[[str], Any]

LOOKUP_RECHECK_SECONDS = 1.5
JSON_STATES = {
    "sent": "sent",
    "failed": "failed",
    "unknown": "unknown",
    "sending": "unknown",
    "cancelled": "cancelled",
}


@dataclass(frozen=True)
class SendPreview:
    """A previewed message: its exact bytes are stored in outbox row outbox_id."""

    outbox_id: int
    action_id: int | None
    account: str
    kind: str
    message_id: str
    thread_id: str | None
    in_reply_to: str | None
    from_addr: str
    to: list[str]
    cc: list[str]
    bcc: list[str]
    subject: str
    body: str
    risk: str
    flags: list[str]
    text: str
    reused: bool = False
    already_sent: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The `nyte send --json` object for a preview."""
        return {
            "outbox_id": self.outbox_id,
            "state": "preview",
            "message_id": self.message_id,
            "gmail_id": None,
            "to": list(self.to),
            "cc": list(self.cc),
            "bcc": list(self.bcc),
            "subject": self.subject,
            "from": self.from_addr,
            "account": self.account,
            "kind": self.kind,
            "thread_id": self.thread_id,
            "in_reply_to": self.in_reply_to,
            "body": self.body,
            "risk": self.risk,
            "flags": list(self.flags),
            "preview": self.text,
            "already_sent_outbox_id": self.already_sent,
        }


@dataclass(frozen=True)
class SendResult:
    """What confirming (or reconciling) one outbox row ended with."""

    outbox_id: int
    state: str  # queued | sending | sent | failed | unknown (the stored state)
    message_id: str
    gmail_id: str | None
    gmail_thread_id: str | None
    to: list[str]
    cc: list[str]
    bcc: list[str]
    subject: str
    attempts: int
    error: str | None = None
    note: str = ""

    @property
    def json_state(self) -> str:
        """The state scripts see: sent, failed or unknown."""
        return JSON_STATES.get(self.state, "unknown")

    @property
    def exit_code(self) -> ExitCode:
        """0 sent, 1 failed, 4 unknown."""
        return {"sent": ExitCode.OK, "failed": ExitCode.ERROR}.get(
            self.json_state, ExitCode.PARTIAL
        )

    def as_json(self) -> dict[str, Any]:
        """The `nyte send --json` object for a confirm."""
        return {
            "outbox_id": self.outbox_id,
            "state": self.json_state,
            "message_id": self.message_id,
            "gmail_id": self.gmail_id,
            "to": list(self.to),
            "cc": list(self.cc),
            "bcc": list(self.bcc),
            "subject": self.subject,
            "thread_id": self.gmail_thread_id,
            "stored_state": self.state,
            "attempts": self.attempts,
            "error": self.error,
            "note": self.note,
        }


def result_of(row: qo.OutboxRow, note: str = "") -> SendResult:
    """A SendResult from a stored row."""
    if not note:
        note = _note(row)
    return SendResult(
        outbox_id=row.id,
        state=row.state,
        message_id=row.message_id_header,
        gmail_id=row.gmail_message_id,
        gmail_thread_id=row.gmail_thread_id,
        to=list(row.to_addrs),
        cc=list(row.cc_addrs),
        bcc=list(row.bcc_addrs),
        subject=row.subject,
        attempts=row.attempts,
        error=row.last_error,
        note=note,
    )


def _note(row: qo.OutboxRow) -> str:
    """One line telling the user what the state means and what to do."""
    if row.state == "sent":
        return f"sent (Gmail id {row.gmail_message_id})"
    if row.state == "failed":
        return f"Gmail refused the message ({row.last_error}); fix it and preview again"
    if row.state == "cancelled":
        return "cancelled before it was sent; nothing left the machine"
    if row.state in ("unknown", "sending"):
        checked = (
            "it is not in Sent"
            if row.state == "unknown"
            else f"Sent could not be checked ({row.last_error}); nyte checks again on its next run"
        )
        return (
            f"not known whether it was sent: Gmail's answer was lost and {checked}. Look in Sent "
            f"for Message-ID {row.message_id_header}; to send it anyway run "
            f"`nyte send --confirm {row.id} --resend-unknown`"
        )
    return f"previewed, not sent; send it with `nyte send --confirm {row.id}`"


def audit(store: Store, row: qo.OutboxRow, action: str, actor: str, **detail: Any) -> None:
    """Append one audit entry about an outbox row."""
    append_audit(
        store,
        actor=actor,
        action=action,
        entity_type="outbox",
        entity_id=str(row.id),
        detail={"message_id": row.message_id_header, **detail},
        account_id=row.account_id,
    )


def intact(row: qo.OutboxRow) -> bool:
    """Whether a row's stored bytes still match their hash."""
    return hashlib.sha256(row.raw_mime).hexdigest() == row.mime_sha256


def preview_of(
    draft: Draft, row: qo.OutboxRow, *, reused: bool, already_sent: int | None
) -> SendPreview:
    """A SendPreview for a stored row."""
    flags = list(row.payload.get("flags") or [])
    return SendPreview(
        outbox_id=row.id,
        action_id=row.proposed_action_id,
        account=draft.account.email,
        kind=draft.kind,
        message_id=row.message_id_header,
        thread_id=row.thread_id,
        in_reply_to=draft.in_reply_to,
        from_addr=from_display(draft.account),
        to=list(row.to_addrs),
        cc=list(row.cc_addrs),
        bcc=list(row.bcc_addrs),
        subject=row.subject,
        body=draft.body,
        risk=row.risk,
        flags=flags,
        text=preview_text(draft, row.message_id_header, row.risk, flags),
        reused=reused,
        already_sent=already_sent,
    )


def credentials_factory(paths: Paths, settings: Settings, actor: str) -> CredentialsFor:
    """Credentials from the secret store, by account address."""

    def credentials(email: str) -> Any:
        from nyte_tui.services.accounts import credentials_for_account

        return credentials_for_account(paths, settings, email, actor=actor)

    return credentials


def reread(store: Store, outbox_id: int) -> qo.OutboxRow:
    """A row that must exist."""
    row = qo.get_outbox(store, outbox_id)
    if row is None:
        raise NyteError(f"no outbox entry {outbox_id}; see `nyte outbox`")
    return row


def claim_age(row: qo.OutboxRow, now: datetime | None = None) -> float:
    """Seconds since the row's last send attempt was claimed (its POST can be no older)."""
    claimed = row.claimed_at or row.updated_at  # rows claimed before 0009 kept no claim time
    claimed = claimed if claimed.tzinfo else claimed.replace(tzinfo=UTC)
    return ((now or datetime.now(UTC)) - claimed).total_seconds()


def in_flight(row: qo.OutboxRow, window: float, now: datetime | None = None) -> bool:
    """Whether a `sending` row's POST may still be on its way to Gmail (claimed < window ago)."""
    return row.state == "sending" and claim_age(row, now) < window


def in_flight_note(row: qo.OutboxRow, window: float) -> str:
    """What to tell the user about a send that may still be in flight."""
    wait = max(1, math.ceil(window - claim_age(row)))
    return (
        f"still sending: the attempt that started {claim_age(row):.0f} s ago may still reach "
        f"Gmail, and it is not in Sent yet. It is never sent twice: confirm again in {wait} s "
        f"or later to learn the outcome (Message-ID {row.message_id_header})"
    )


def too_early_note(row: qo.OutboxRow, age: float, window: float) -> str:
    """Why --resend-unknown refuses a row whose last attempt is too recent."""
    wait = max(1, math.ceil(window - age))
    return (
        f"not re-sent: the last attempt was {age:.0f} s ago and could still reach "
        f"Gmail; run `nyte send --confirm {row.id} --resend-unknown` again in {wait} s, and it "
        f"sends only if Message-ID {row.message_id_header} is still not in Sent"
    )


def reconcile_row(
    store: Store,
    sender: GmailSender,
    row: qo.OutboxRow,
    actor: str,
    *,
    recheck: bool = False,
    in_flight_for: float = 0.0,
) -> tuple[qo.OutboxRow, bool]:
    """Settle a sending/unknown row by searching Sent; also say whether the search worked.

    A `sending` row claimed less than in_flight_for seconds ago stays `sending` when Sent does
    not hold it yet: its POST may still be on the way (the claiming process may have died).
    """
    where = "drafts" if row.kind == "draft" else "sent"
    found = sender.lookup(row.message_id_header, where)
    if found.outcome == "absent" and recheck:
        time.sleep(LOOKUP_RECHECK_SECONDS)  # Gmail's search index can trail a send by a moment
        found = sender.lookup(row.message_id_header, where)
    if found.outcome == "found":
        if qo.set_state(
            store,
            row.id,
            "sent",
            expected=(row.state,),
            gmail_message_id=found.gmail_id,
            gmail_thread_id=found.thread_id,
        ):
            audit(store, row, "send.reconciled", actor, found=True, gmail_id=found.gmail_id)
        return reread(store, row.id), True
    if found.outcome == "absent":
        if in_flight(row, in_flight_for):
            return row, True
        if row.state == "sending":
            error = row.last_error or "the send's outcome was lost"
            if qo.set_state(store, row.id, "unknown", expected=("sending",), error=error):
                audit(store, row, "send.unknown", actor, found=False, error=error)
        return reread(store, row.id), True
    error = f"searching Sent failed: {found.error}"
    qo.set_state(store, row.id, row.state, expected=(row.state,), error=error)
    audit(store, row, "send.reconcile_failed", actor, error=found.error)
    return reread(store, row.id), False


def check_bytes(store: Store, row: qo.OutboxRow, actor: str) -> None:
    """Refuse to send bytes that are not exactly the previewed ones."""
    from email import message_from_bytes

    problem = None
    if not intact(row):
        problem = "the stored message bytes do not match the hash taken at preview"
    else:
        header = message_from_bytes(row.raw_mime).get("Message-ID", "")
        if str(header).strip() != row.message_id_header:
            problem = "the stored message's Message-ID does not match the outbox"
    if problem:
        audit(store, row, "send.refused", actor, reason=problem)
        raise NyteError(
            f"outbox {row.id}: {problem}; refusing to send it — preview the message again"
        )
