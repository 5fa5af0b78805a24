"""Exactly-once sending: bytes fixed at preview, a claimed outbox row, reconcile by Message-ID."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from nyte_tui.errors import NyteError, UsageError
from nyte_tui.services.sending.compose import (
    Draft,
    assess_risk,
    build_mime,
    compose_draft,
    preview_text,
)
from nyte_tui.services.sending.outbox import (
    CredentialsFor,
    SendPreview,
    SendResult,
    audit,
    check_bytes,
    claim_age,
    credentials_factory,
    in_flight,
    in_flight_note,
    intact,
    preview_of,
    reconcile_row,
    reread,
    result_of,
    too_early_note,
)
from nyte_tui.services.session import opened_store
from nyte_tui.store.db import Store
from nyte_tui.store.queries import outbox as qo
from nyte_tui.sync.gmail_send import (
    Attempt,
    GmailSender,
    in_flight_window,
)

if TYPE_CHECKING:
    from nyte_tui.config.paths import Paths
    from nyte_tui.config.settings import Settings


# --- preview ----------------------------------------------------------------------------------


def preview_send(
    paths: Paths,
    settings: Settings,
    *,
    account_email: str | None,
    to: Sequence[str],
    cc: Sequence[str],
    bcc: Sequence[str],
    subject: str | None,
    body: str,
    reply_to_item: int | None,
    store: Store | None = None,
    now: datetime | None = None,
) -> SendPreview:
    """Fix the exact bytes of a message, store them as a queued outbox row, and show them."""
    with opened_store(paths, store) as db:
        return preview_message(
            db,
            account_email=account_email,
            to=to,
            cc=cc,
            bcc=bcc,
            subject=subject,
            body=body,
            reply_to_item=reply_to_item,
            now=now,
        )


def preview_message(
    db: Store,
    *,
    account_email: str | None,
    to: Sequence[str],
    cc: Sequence[str],
    bcc: Sequence[str],
    subject: str | None,
    body: str,
    reply_to_item: int | None = None,
    reply_thread: str | None = None,
    reply_all: bool = False,
    kind: str = "gmail.send",
    extra_flags: Sequence[str] = (),
    now: datetime | None = None,
) -> SendPreview:
    """The preview step on an open store: a reply, new message or Gmail draft, bytes fixed.

    extra_flags are warnings the caller found (mail that talks to an assistant, addresses the
    model proposed and nyte dropped); a suspicious one makes the risk high.
    """
    draft = compose_draft(
        db,
        account_email,
        to,
        cc,
        bcc,
        subject,
        body,
        reply_to_item,
        reply_thread=reply_thread,
        reply_all=reply_all,
        as_draft=kind == "gmail.draft",
    )
    draft.flags.extend(extra_flags)
    content_hash = draft.content_hash()
    earlier = qo.find_by_content(db, draft.account.account_id, content_hash)
    already_sent = next((r.id for r in earlier if r.state == "sent"), None)
    queued = next(
        (r for r in earlier if r.state == "queued" and r.kind == _outbox_kind(draft)), None
    )
    if queued is not None and intact(queued):
        return preview_of(draft, queued, reused=True, already_sent=already_sent)
    risk, flags = assess_risk(db, draft)
    if any(f.startswith(("suspicious_instructions", "new_recipient_dropped")) for f in flags):
        risk = "high"
    domain = draft.account.email.rsplit("@", 1)[-1].lower()
    message_id = f"<nyte.{uuid.uuid4()}@{domain}>"
    moment = (now or datetime.now().astimezone()).astimezone()
    raw = build_mime(draft, message_id, moment)
    text = preview_text(draft, message_id, risk, flags)
    shown = {
        "to": [r.display for r in draft.to],
        "cc": [r.display for r in draft.cc],
        "bcc": [r.display for r in draft.bcc],
    }
    payload = {
        "account": draft.account.email,
        **shown,
        "subject": draft.subject,
        "body": draft.body,
        "thread_id": draft.thread_id,
        "in_reply_to": draft.in_reply_to,
        "references": draft.references,
        "reply_to_item": reply_to_item,
        "content_hash": content_hash,
        "flags": flags,
    }
    noun = {"gmail.reply": "Reply", "gmail.draft": "Draft"}.get(draft.kind, "Email")
    row = qo.insert_preview(
        db,
        account_id=draft.account.account_id,
        work_item_id=draft.work_item_id,
        kind=draft.kind,
        payload=payload,
        summary=f"{noun} to " + ", ".join(r.display for r in draft.to[:3]) + f" · {draft.subject}",
        preview=text,
        risk=risk,
        message_id=message_id,
        raw_mime=raw,
        mime_sha256=hashlib.sha256(raw).hexdigest(),
        thread_id=draft.thread_id,
        subject=draft.subject,
        outbox_kind=_outbox_kind(draft),
        **shown,
    )
    audit(db, row, "send.previewed", "user", kind=draft.kind, risk=risk, sha256=row.mime_sha256)
    return preview_of(draft, row, reused=False, already_sent=already_sent)


def _outbox_kind(draft: Draft) -> str:
    """The outbox row kind: a message to send, or a draft to save in Gmail."""
    return "draft" if draft.kind == "gmail.draft" else "send"


# --- confirm and reconcile ----------------------------------------------------------------------


def confirm_send(
    paths: Paths,
    settings: Settings,
    outbox_id: int,
    *,
    resend_unknown: bool = False,
    credentials: CredentialsFor | None = None,
    store: Store | None = None,
    lock_timeout: float | None = None,
    actor: str = "user",
) -> SendResult:
    """Send a previewed outbox row exactly once (idempotent: a sent row is just reported)."""
    from nyte_tui.store.lock import writer_lock

    timeout = settings.sync.lock_wait if lock_timeout is None else lock_timeout
    with opened_store(paths, store) as db:
        row = reread(db, outbox_id)
        if row.state in ("sent", "failed", "cancelled"):
            return result_of(row)
        with writer_lock(paths, timeout, "send"):
            return send_locked(
                db,
                settings,
                outbox_id,
                credentials or credentials_factory(paths, settings, "send"),
                actor,
                resend_unknown=resend_unknown,
            )


def send_locked(
    db: Store,
    settings: Settings,
    outbox_id: int,
    credentials: CredentialsFor,
    actor: str,
    *,
    resend_unknown: bool = False,
) -> SendResult:
    """Send (or save as a draft) one previewed row; the caller holds the writer lock."""
    row = reread(db, outbox_id)
    if row.state in ("sent", "failed", "cancelled"):
        return result_of(row)
    check_bytes(db, row, actor)
    window = in_flight_window(settings.send.timeout)
    sender = GmailSender(settings, credentials(row.account))
    try:
        if row.state in ("sending", "unknown"):
            age = claim_age(row)  # since the last attempt's claim, whatever changed it since
            row, searched = reconcile_row(db, sender, row, actor, in_flight_for=window)
            if searched and in_flight(row, window):
                return result_of(row, note=in_flight_note(row, window))
            if row.state != "unknown" or not resend_unknown or not searched:
                return result_of(row)
            if age < window:
                audit(db, row, "send.resend_refused", actor, age=round(age, 1))
                return result_of(row, note=too_early_note(row, age, window))
            from_states: tuple[str, ...] = ("unknown",)
        elif row.state == "queued":
            from_states = ("queued",)
        else:
            raise NyteError(f"outbox {row.id} is {row.state}; it cannot be sent")
        if not qo.claim(db, row.id, from_states):
            return result_of(reread(db, row.id))
        audit(db, row, "send.claimed", actor, previous=row.state, attempt=row.attempts + 1)
        if row.kind == "draft":
            attempt = sender.create_draft(row.raw_mime, row.thread_id)
        else:
            attempt = sender.send(row.raw_mime, row.thread_id)
        return _settle(db, sender, reread(db, row.id), attempt, actor, from_states[0])
    finally:
        sender.close()


def _settle(
    db: Store,
    sender: GmailSender,
    row: qo.OutboxRow,
    attempt: Attempt,
    actor: str,
    previous: str,
) -> SendResult:
    """Record how a send ended, reconciling by Message-ID when the answer is ambiguous."""
    if attempt.outcome == "ok":
        qo.set_state(
            db,
            row.id,
            "sent",
            expected=("sending",),
            gmail_message_id=attempt.gmail_id,
            gmail_thread_id=attempt.thread_id,
            gmail_draft_id=attempt.draft_id,
        )
        audit(db, row, "send.sent", actor, gmail_id=attempt.gmail_id, status=attempt.status)
        return result_of(reread(db, row.id))
    if attempt.outcome == "rejected":
        qo.set_state(db, row.id, "failed", expected=("sending",), error=attempt.error)
        audit(db, row, "send.failed", actor, status=attempt.status, error=attempt.error)
        return result_of(reread(db, row.id))
    if attempt.outcome == "not_sent":
        back = previous
        qo.set_state(db, row.id, back, expected=("sending",), error=attempt.error)
        audit(db, row, "send.not_sent", actor, error=attempt.error, state=back)
        raise NyteError(f"{attempt.error}; nothing was sent — run the same confirm again")
    qo.set_state(db, row.id, "sending", expected=("sending",), error=attempt.error)
    audit(db, row, "send.ambiguous", actor, status=attempt.status, error=attempt.error)
    settled, _searched = reconcile_row(db, sender, reread(db, row.id), actor, recheck=True)
    return result_of(settled)


def confirm_previewed(
    paths: Paths,
    settings: Settings,
    *,
    account_email: str | None,
    to: Sequence[str],
    cc: Sequence[str],
    bcc: Sequence[str],
    subject: str | None,
    body: str,
    reply_to_item: int | None,
    resend_unknown: bool = False,
    credentials: CredentialsFor | None = None,
    store: Store | None = None,
    lock_timeout: float | None = None,
) -> SendResult:
    """Confirm the message these options describe, only if exactly that message was previewed."""
    with opened_store(paths, store) as db:
        draft = compose_draft(db, account_email, to, cc, bcc, subject, body, reply_to_item)
        rows = qo.find_by_content(db, draft.account.account_id, draft.content_hash())
        if not rows:
            raise UsageError(
                "preview first: no identical message was previewed; run the same command "
                "without --confirm, check the preview, then confirm it"
            )
        rank = {"sent": 0, "sending": 1, "unknown": 1, "queued": 2, "failed": 3}
        chosen = min(rows, key=lambda r: (rank.get(r.state, 9), -r.id))
        return confirm_send(
            paths,
            settings,
            chosen.id,
            resend_unknown=resend_unknown,
            credentials=credentials,
            store=db,
            lock_timeout=lock_timeout,
        )


def reconcile_pending(
    paths: Paths,
    settings: Settings,
    *,
    credentials: CredentialsFor | None = None,
    store: Store | None = None,
    lock_timeout: float | None = None,
    best_effort: bool = False,
) -> list[SendResult]:
    """Settle rows a crashed process left in `sending` by searching Sent (never re-sends)."""
    from nyte_tui.store.lock import writer_lock

    try:
        with opened_store(paths, store) as db:
            if not qo.rows_in_states(db, ("sending",)):
                return []
            timeout = settings.sync.lock_wait if lock_timeout is None else lock_timeout
            factory = credentials or credentials_factory(paths, settings, "reconcile")
            settled: list[SendResult] = []
            with writer_lock(paths, timeout, "reconcile"):
                for row in qo.rows_in_states(db, ("sending",)):
                    try:
                        sender = GmailSender(settings, factory(row.account))
                    except NyteError as exc:
                        settled.append(result_of(row, note=f"not checked: {exc}"))
                        continue
                    window = in_flight_window(settings.send.timeout)
                    try:
                        after, searched = reconcile_row(
                            db, sender, row, "reconcile", in_flight_for=window
                        )
                    finally:
                        sender.close()
                    note = (
                        in_flight_note(after, window)
                        if searched and in_flight(after, window)
                        else ""
                    )
                    settled.append(result_of(after, note=note))
            return settled
    except NyteError:
        if best_effort:
            return []
        raise


def list_outbox(paths: Paths, limit: int = 50) -> list[dict[str, Any]]:
    """The latest outbox rows as JSON-ready dicts."""
    with opened_store(paths, None) as db:
        rows = qo.list_outbox(db, limit)
    return [
        {
            "outbox_id": row.id,
            "account": row.account,
            "state": row.state,
            "message_id": row.message_id_header,
            "gmail_id": row.gmail_message_id,
            "thread_id": row.gmail_thread_id or row.thread_id,
            "to": list(row.to_addrs),
            "cc": list(row.cc_addrs),
            "bcc": list(row.bcc_addrs),
            "subject": row.subject,
            "risk": row.risk,
            "attempts": row.attempts,
            "last_error": row.last_error,
            "created_at": row.created_at,
            "updated_at": row.updated_at,
            "sent_at": row.sent_at,
        }
        for row in rows
    ]
