"""The send path in-process against the sandbox: exact bytes, one send, faults, reconciling."""

from __future__ import annotations

import hashlib
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses

import pytest
from sqlmodel import select

from nyte_tui.errors import ExitCode, NyteError, UsageError
from nyte_tui.services.sending import send as sending
from nyte_tui.store.models import AuditLog
from nyte_tui.store.queries import outbox as qo
from nyte_tui.store.work_models import OutboxEntry, ProposedAction
from send.conftest import THREAD_SUBJECT, SendEnv, age_outbox


def _new(
    env: SendEnv, body: str = "Hello Dana,\nsee you Tuesday.\n", **kw: object
) -> sending.SendPreview:
    """Preview a new message to Dana."""
    args: dict[str, object] = {
        "account_email": None,
        "to": ["Dana Whitfield <dana@lex.example>"],
        "cc": [],
        "bcc": [],
        "subject": "Tuesday",
        "body": body,
        "reply_to_item": None,
    }
    args.update(kw)
    return sending.preview_send(env.h.paths, env.settings, store=env.h.store, **args)  # type: ignore[arg-type]


def _confirm(env: SendEnv, outbox_id: int, **kw: bool) -> sending.SendResult:
    """Confirm in-process with sandbox credentials."""
    return sending.confirm_send(
        env.h.paths, env.settings, outbox_id, credentials=env.creds(), store=env.h.store, **kw
    )


def _parsed(env: SendEnv, outbox_id: int) -> EmailMessage:
    """The stored bytes of an outbox row, parsed."""
    row = qo.get_outbox(env.h.store, outbox_id)
    assert row is not None
    parsed = message_from_bytes(row.raw_mime, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _addresses(msg: EmailMessage, name: str) -> list[str]:
    """Lower-cased addresses of one header."""
    return [a.lower() for _n, a in getaddresses([str(v) for v in msg.get_all(name) or []])]


def test_preview_fixes_exact_bytes_and_sends_nothing(env: SendEnv) -> None:
    preview = _new(env, body="Hi Dana,\nplease also cc mallory@evil.example.\n")
    assert re.fullmatch(r"<nyte\.[0-9a-f-]{36}@northwind\.example>", preview.message_id)
    msg = _parsed(env, preview.outbox_id)
    assert msg["Message-ID"] == preview.message_id
    assert msg["From"] == "Alex Morgan <alex@northwind.example>"
    assert _addresses(msg, "To") == ["dana@lex.example"]
    assert msg["Cc"] is None and msg["Bcc"] is None
    assert msg["Subject"] == "Tuesday" and msg["Date"]
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert (
        msg.get_content().replace("\r\n", "\n")
        == "Hi Dana,\nplease also cc mallory@evil.example.\n"
    )
    row = qo.get_outbox(env.h.store, preview.outbox_id)
    assert row is not None and row.state == "queued"
    assert row.mime_sha256 == hashlib.sha256(row.raw_mime).hexdigest()
    with env.h.store.session() as session:
        action = session.exec(
            select(ProposedAction).where(ProposedAction.kind == "gmail.send")
        ).one()
        assert action.kind == "gmail.send" and action.idempotency_key == preview.message_id
        assert action.payload["to"] == ["Dana Whitfield <dana@lex.example>"]
    assert preview.risk == "high"  # a new external recipient
    assert "From: Alex Morgan <alex@northwind.example>" in preview.text
    assert "Hi Dana," in preview.text
    assert env.sends() == 0
    # previewing the identical message again shows the same stored bytes
    assert (
        _new(env, body="Hi Dana,\nplease also cc mallory@evil.example.\n").outbox_id
        == preview.outbox_id
    )


def test_preview_reply_computes_recipients_and_threading(
    env: SendEnv, reply_item: tuple[int, str]
) -> None:
    item_id, thread_id = reply_item
    preview = _new(env, to=[], subject=None, reply_to_item=item_id, body="Signed. Alex")
    msg = _parsed(env, preview.outbox_id)
    assert _addresses(msg, "To") == ["contracts@lex.example"]  # Reply-To honoured
    assert _addresses(msg, "Cc") == ["priya@lex.example"]  # the user's own address removed
    every = " ".join(str(msg[h] or "") for h in ("To", "Cc", "Bcc")).lower()
    assert "evil.example" not in every and "alex@northwind.example" not in every
    assert msg["In-Reply-To"] == "<q3-1@lex.example>"
    assert msg["References"] == "<q3-0@lex.example> <q3-1@lex.example>"
    assert msg["Subject"] == f"Re: {THREAD_SUBJECT}"
    assert preview.thread_id == thread_id and preview.kind == "gmail.reply"
    # the caller may add a recipient only by typing it
    typed = _new(env, to=["sam@partner.example"], subject=None, reply_to_item=item_id, body="x")
    assert _addresses(_parsed(env, typed.outbox_id), "To") == [
        "contracts@lex.example",
        "sam@partner.example",
    ]


def test_invalid_addresses_are_clear_errors(env: SendEnv) -> None:
    with pytest.raises(UsageError, match="invalid To address 'dana at lex'"):
        _new(env, to=["dana at lex"])
    with pytest.raises(UsageError, match="invalid Cc address"):
        _new(env, cc=["bob@"])
    with pytest.raises(UsageError, match="no recipients"):
        _new(env, to=[])


def test_confirm_sends_once_and_joins_the_thread(env: SendEnv, reply_item: tuple[int, str]) -> None:
    item_id, thread_id = reply_item
    preview = _new(env, to=[], subject=None, reply_to_item=item_id, body="Signed. Alex")
    result = _confirm(env, preview.outbox_id)
    assert result.state == "sent" and result.exit_code == ExitCode.OK and result.gmail_id
    copies = env.in_sent(preview.message_id)
    assert [c["id"] for c in copies] == [result.gmail_id]
    assert copies[0]["threadId"] == thread_id == result.gmail_thread_id
    again = _confirm(env, preview.outbox_id)
    assert again.as_json() == result.as_json()
    assert env.sends() == 1
    with env.h.store.session() as session:
        actions = [a.action for a in session.exec(select(AuditLog)) if a.entity_type == "outbox"]
        status = session.exec(
            select(ProposedAction).where(ProposedAction.idempotency_key == preview.message_id)
        ).first()
    assert actions == ["send.previewed", "send.claimed", "send.sent"]
    assert status is not None and status.status == "executed"


def test_hash_guard_refuses_tampered_bytes(env: SendEnv) -> None:
    preview = _new(env)
    with env.h.store.session() as session:
        row = session.get(OutboxEntry, preview.outbox_id)
        assert row is not None
        row.raw_mime = bytes(row.raw_mime).replace(b"dana@lex.example", b"eve@evil.example")
        session.add(row)
    with pytest.raises(NyteError, match="do not match the hash"):
        _confirm(env, preview.outbox_id)
    assert env.sends() == 0
    assert qo.get_outbox(env.h.store, preview.outbox_id).state == "queued"  # type: ignore[union-attr]


def test_definite_400_is_failed(env: SendEnv) -> None:
    preview = _new(env)
    env.fault(status=400)
    result = _confirm(env, preview.outbox_id)
    assert result.state == "failed" and result.exit_code == ExitCode.ERROR
    assert "HTTP 400" in (result.error or "")
    assert _confirm(env, preview.outbox_id).state == "failed"
    assert env.sends() == 1 and env.in_sent(preview.message_id) == []


def test_503_is_unknown_and_resend_unknown_sends_once(env: SendEnv) -> None:
    preview = _new(env)
    env.fault(status=503)
    result = _confirm(env, preview.outbox_id)
    assert result.state == "unknown" and result.exit_code == ExitCode.PARTIAL
    assert result.as_json()["state"] == "unknown"
    assert "--resend-unknown" in result.note and preview.message_id in result.note
    assert _confirm(env, preview.outbox_id).state == "unknown"  # never re-sent on its own
    assert env.sends() == 1
    early = _confirm(env, preview.outbox_id, resend_unknown=True)  # may still reach Gmail
    assert early.state == "unknown" and "not re-sent" in early.note and env.sends() == 1
    age_outbox(env.h.store, preview.outbox_id, 71)
    resent = _confirm(env, preview.outbox_id, resend_unknown=True)
    assert resent.state == "sent" and resent.attempts == 2
    assert _confirm(env, preview.outbox_id, resend_unknown=True).state == "sent"
    assert env.sends() == 2 and len(env.in_sent(preview.message_id)) == 1


def test_response_dropped_after_send_is_reconciled_as_sent(env: SendEnv) -> None:
    preview = _new(env)
    env.fault(drop="after")
    result = _confirm(env, preview.outbox_id)
    assert result.state == "sent" and result.gmail_id
    assert env.sends() == 1  # the transport never re-sent the POST
    copies = env.in_sent(preview.message_id)
    assert [c["id"] for c in copies] == [result.gmail_id]
    with env.h.store.session() as session:
        actions = [a.action for a in session.exec(select(AuditLog)) if a.entity_type == "outbox"]
    assert actions[-2:] == ["send.ambiguous", "send.reconciled"]


def test_connection_dropped_before_send_is_unknown(env: SendEnv) -> None:
    preview = _new(env)
    env.fault(drop="before")
    result = _confirm(env, preview.outbox_id)
    assert result.state == "unknown"
    assert env.sends() == 1 and env.in_sent(preview.message_id) == []


def test_reconcile_pending_settles_a_crashed_send_without_sending(env: SendEnv) -> None:
    preview = _new(env)
    sent = env.api("POST", "messages/send", {"raw": _raw_b64(env, preview.outbox_id)})
    assert qo.claim(env.h.store, preview.outbox_id, ("queued",))  # as if the process died here
    other = _new(env, body="another")
    assert qo.claim(env.h.store, other.outbox_id, ("queued",))
    env.h.mark()
    settled = sending.reconcile_pending(
        env.h.paths, env.settings, credentials=env.creds(), store=env.h.store
    )
    assert {r.outbox_id: (r.state, r.gmail_id) for r in settled} == {
        preview.outbox_id: ("sent", sent["id"]),
        other.outbox_id: ("sending", None),  # claimed just now: its POST may still arrive
    }
    assert "still sending" in settled[1].note
    age_outbox(env.h.store, other.outbox_id, 71)
    settled = sending.reconcile_pending(
        env.h.paths, env.settings, credentials=env.creds(), store=env.h.store
    )
    assert [(r.outbox_id, r.state) for r in settled] == [(other.outbox_id, "unknown")]
    assert env.sends() == 0
    assert sending.reconcile_pending(env.h.paths, env.settings, store=env.h.store) == []


def _raw_b64(env: SendEnv, outbox_id: int) -> str:
    """The stored bytes of a row as base64url."""
    import base64

    row = qo.get_outbox(env.h.store, outbox_id)
    assert row is not None
    return base64.urlsafe_b64encode(row.raw_mime).decode()
