"""Exactly-once sending: bytes fixed at preview, a claimed outbox row, reconcile by Message-ID."""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import getaddresses
from typing import TYPE_CHECKING, Any

from nyte_tui.errors import ExitCode, NyteError, UsageError
from nyte_tui.store import queries_accounts as qa
from nyte_tui.store import queries_outbox as qo
from nyte_tui.store.db import Store, open_store
from nyte_tui.store.queries_audit import append_audit

if TYPE_CHECKING:
    from nyte_tui.config.paths import Paths
    from nyte_tui.config.settings import Settings

CredentialsFor = Callable[[str], Any]

GMAIL_ROOT = "https://gmail.googleapis.com/"
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
LOOKUP_RECHECK_SECONDS = 1.5
MANY_RECIPIENTS = 6
DEFINITE_REJECTIONS = frozenset({400, 401, 403, 404, 409, 413})
RATE_LIMIT_REASONS = frozenset(
    {"rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded", "quotaExceeded"}
)
_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_MONEY = re.compile(
    r"(?i)\b(invoice|payment|pay|paid|wire|bank|iban|swift|transfer|refund|price|purchase|"
    r"salary|bitcoin|crypto)\b|[$€£]\s?\d|\b\d[\d,.]*\s?(usd|eur|gbp|dollars|euros|pounds)\b"
)
_RE_PREFIX = re.compile(r"^\s*re\s*:", re.IGNORECASE)
JSON_STATES = {"sent": "sent", "failed": "failed", "unknown": "unknown", "sending": "unknown"}


# --- results ----------------------------------------------------------------------------------


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


def _result(row: qo.OutboxRow, note: str = "") -> SendResult:
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


# --- composing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """One validated address with its display name."""

    name: str
    address: str

    @property
    def key(self) -> str:
        """The lower-cased address used for comparisons."""
        return self.address.lower()

    @property
    def display(self) -> str:
        """`Name <address>` or the bare address."""
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass
class Draft:
    """Everything a preview stores, computed without touching the store."""

    account: qa.AccountRow
    kind: str
    to: list[Recipient]
    cc: list[Recipient]
    bcc: list[Recipient]
    subject: str
    body: str
    thread_id: str | None = None
    in_reply_to: str | None = None
    references: str | None = None
    work_item_id: int | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def recipients(self) -> list[Recipient]:
        """Every recipient, To then Cc then Bcc."""
        return [*self.to, *self.cc, *self.bcc]

    def content_hash(self) -> str:
        """A hash of what the message says and to whom (not its Message-ID or Date)."""
        data = {
            "account": self.account.email.lower(),
            "to": sorted(r.key for r in self.to),
            "cc": sorted(r.key for r in self.cc),
            "bcc": sorted(r.key for r in self.bcc),
            "subject": self.subject,
            "body": _normal_body(self.body),
            "thread_id": self.thread_id,
            "in_reply_to": self.in_reply_to,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _normal_body(body: str) -> str:
    """The body with normalised line endings."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


def parse_addresses(values: Sequence[str], what: str) -> list[Recipient]:
    """Validate typed addresses (`a@x.com`, `Name <a@x.com>`, comma lists) or raise UsageError."""
    found: list[Recipient] = []
    for value in values:
        if "\n" in value or "\r" in value:
            raise UsageError(f"invalid {what} address {value!r}: line breaks are not allowed")
        pieces = [p for p in value.split(",") if p.strip()] if "<" not in value else [value]
        for piece in pieces:
            parsed = getaddresses([piece])
            if len(parsed) != 1 or not _ADDRESS.match(parsed[0][1] or ""):
                raise UsageError(
                    f"invalid {what} address {piece.strip()!r}: expected name@domain.tld"
                )
            name, address = parsed[0]
            found.append(Recipient(name.strip(), address.strip()))
    return found


def _header_addresses(*headers: str | None) -> list[Recipient]:
    """Valid addresses in mirrored header values (invalid ones are skipped)."""
    found: list[Recipient] = []
    for name, address in getaddresses([h for h in headers if h]):
        if address and _ADDRESS.match(address):
            found.append(Recipient(name.strip(), address.strip()))
    return found


def _dedupe(recipients: Sequence[Recipient], exclude: set[str]) -> list[Recipient]:
    """Recipients without repeats and without excluded addresses (the first spelling wins)."""
    seen = set(exclude)
    kept: list[Recipient] = []
    for recipient in recipients:
        if recipient.key not in seen:
            seen.add(recipient.key)
            kept.append(recipient)
    return kept


def _angle(message_id: str) -> str:
    """A Message-ID in angle brackets."""
    value = message_id.strip()
    return value if value.startswith("<") else f"<{value.strip('<>')}>"


def _resolve_account(store: Store, email: str | None) -> qa.AccountRow:
    """The named account, or the only active one."""
    if email:
        row = qa.get_account(store, email)
        if row is None:
            raise UsageError(f"no account {email}; see `nyte auth status`")
        return row
    active = qa.list_accounts(store, active_only=True)
    if not active:
        raise UsageError("no connected account; run `nyte auth login`")
    if len(active) > 1:
        raise UsageError("several accounts are connected; choose one with --account EMAIL")
    return active[0]


def _compose(
    store: Store,
    *,
    account_email: str | None,
    to: Sequence[str],
    cc: Sequence[str],
    bcc: Sequence[str],
    subject: str | None,
    body: str,
    reply_to_item: int | None,
) -> Draft:
    """Validate the inputs and compute recipients, subject and threading (no writes)."""
    typed_to = parse_addresses(to, "To")
    typed_cc = parse_addresses(cc, "Cc")
    typed_bcc = parse_addresses(bcc, "Bcc")
    if subject is not None and ("\n" in subject or "\r" in subject):
        raise UsageError("the subject must be one line")
    if reply_to_item is None:
        account = _resolve_account(store, account_email)
        if not subject or not subject.strip():
            raise UsageError("a new message needs --subject")
        own = {account.email.lower()} | qo.sent_from_addresses(store, account.account_id)
        draft = Draft(
            account=account,
            kind="gmail.send",
            to=_dedupe(typed_to, set()),
            cc=[],
            bcc=[],
            subject=subject.strip(),
            body=body,
        )
        draft.cc = _dedupe(typed_cc, {r.key for r in draft.to})
        draft.bcc = _dedupe(typed_bcc, {r.key for r in [*draft.to, *draft.cc]})
    else:
        draft = _compose_reply(store, account_email, reply_to_item, subject, body)
        own = {draft.account.email.lower()} | qo.sent_from_addresses(
            store, draft.account.account_id
        )
        draft.to = _dedupe([*draft.to, *typed_to], set())
        draft.cc = _dedupe([*draft.cc, *typed_cc], {r.key for r in draft.to})
        draft.bcc = _dedupe(typed_bcc, {r.key for r in [*draft.to, *draft.cc]})
    if not draft.recipients:
        raise UsageError("no recipients: give at least one --to ADDRESS")
    if any(r.key in own for r in draft.recipients) and reply_to_item is not None:
        draft.flags.append("you are among the recipients")
    return draft


def _compose_reply(
    store: Store, account_email: str | None, item_id: int, subject: str | None, body: str
) -> Draft:
    """A reply's recipients, subject and threading computed from the mirrored thread."""
    from nyte_tui.services.triage_views import require_item

    item = require_item(store, item_id)
    if not item.thread_id:
        raise UsageError(f"item {item_id} is not an email thread; it cannot be replied to")
    if account_email and account_email.strip().lower() != item.account.lower():
        raise UsageError(f"item {item_id} belongs to {item.account}, not {account_email}")
    account = _resolve_account(store, item.account)
    messages = qo.thread_messages(store, account.account_id, item.thread_id)
    if not messages:
        raise NyteError(f"thread of item {item_id} is not in the local mirror; run `nyte sync`")
    own = {account.email.lower()} | qo.sent_from_addresses(store, account.account_id)

    def from_user(message: qo.ThreadMessage) -> bool:
        return message.is_sent or (message.from_email or "").lower() in own

    others = [m for m in messages if not from_user(m)]
    if others:
        target = others[-1]
        to = _header_addresses(target.reply_to_header) or _header_addresses(target.from_header)
        cc = _header_addresses(target.cc_header)
    else:  # only the user wrote: a follow-up to the same people
        target = messages[-1]
        to = _header_addresses(target.to_header)
        cc = _header_addresses(target.cc_header)
    to = _dedupe(to, own)
    cc = _dedupe(cc, own | {r.key for r in to})
    base = (
        qo.thread_subject(store, account.account_id, item.thread_id)
        or target.subject
        or messages[0].subject
        or ""
    ).strip()
    computed = base if _RE_PREFIX.match(base) else f"Re: {base}".rstrip()
    if subject and subject.strip() and subject.strip() not in (computed, base):
        raise UsageError(f"a reply keeps the thread's subject ({computed!r}); drop --subject")
    in_reply_to = _angle(target.message_id_header) if target.message_id_header else None
    references = " ".join(
        part
        for part in [*(target.references or "").split(), in_reply_to or ""]
        if part and part.startswith("<")
    )
    return Draft(
        account=account,
        kind="gmail.reply",
        to=to,
        cc=cc,
        bcc=[],
        subject=computed,
        body=body,
        thread_id=item.thread_id,
        in_reply_to=in_reply_to,
        references=references or None,
        work_item_id=item.id,
    )


def _from_display(account: qa.AccountRow) -> str:
    """The From header value: display name and the account address."""
    return f"{account.display_name} <{account.email}>" if account.display_name else account.email


def build_mime(draft: Draft, message_id: str, now: datetime) -> bytes:
    """The exact RFC 822 bytes of the message (text/plain UTF-8, CRLF line endings)."""
    from email import policy
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.utils import format_datetime

    def addresses(recipients: Sequence[Recipient]) -> list[Address]:
        return [Address(display_name=r.name, addr_spec=r.address) for r in recipients]

    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = Address(
        display_name=draft.account.display_name or "", addr_spec=draft.account.email
    )
    if draft.to:
        msg["To"] = addresses(draft.to)
    if draft.cc:
        msg["Cc"] = addresses(draft.cc)
    if draft.bcc:
        msg["Bcc"] = addresses(draft.bcc)
    msg["Subject"] = draft.subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id
    if draft.in_reply_to:
        msg["In-Reply-To"] = draft.in_reply_to
    if draft.references:
        msg["References"] = draft.references
    msg.set_content(_normal_body(draft.body), charset="utf-8")
    return msg.as_bytes()


def _risk(store: Store, draft: Draft) -> tuple[str, list[str]]:
    """Risk level and its reasons: new external recipients, many recipients, money words."""
    domain = draft.account.email.rsplit("@", 1)[-1].lower()
    keys = [r.key for r in draft.recipients]
    external = [k for k in keys if k.rsplit("@", 1)[-1] != domain]
    known = qo.known_addresses(store, draft.account.account_id, external)
    new_external = [k for k in external if k not in known]
    flags = list(draft.flags)
    level = "low"
    if external:
        level = "medium"
        flags.append("external recipients: " + ", ".join(external))
    if new_external:
        level = "high"
        flags.append("new recipients you have not written with: " + ", ".join(new_external))
    if len(keys) >= MANY_RECIPIENTS:
        level = "high"
        flags.append(f"{len(keys)} recipients")
    money = _MONEY.search(f"{draft.subject}\n{draft.body}")
    if money:
        level = "high"
        flags.append(f"mentions money ({money.group(0).strip()!r})")
    return level, flags


def _preview_text(draft: Draft, message_id: str, risk: str, flags: Sequence[str]) -> str:
    """The exact headers and body a person reviews before confirming."""
    lines = [f"From: {_from_display(draft.account)}"]
    for label, recipients in (("To", draft.to), ("Cc", draft.cc), ("Bcc", draft.bcc)):
        if recipients:
            lines.append(f"{label}: " + ", ".join(r.display for r in recipients))
    lines.append(f"Subject: {draft.subject}")
    if draft.in_reply_to:
        lines.append(f"In-Reply-To: {draft.in_reply_to}")
    lines.append(f"Message-ID: {message_id}")
    lines.append(f"Risk: {risk}" + (f" ({'; '.join(flags)})" if flags else ""))
    lines.append("")
    lines.append(_normal_body(draft.body))
    return "\n".join(lines)


# --- store and lock helpers -------------------------------------------------------------------


@contextmanager
def _opened(paths: Paths, store: Store | None) -> Iterator[Store]:
    """The given store, or one opened (and closed afterwards) for these paths."""
    if store is not None:
        yield store
        return
    opened = open_store(paths.ensure().database)
    try:
        yield opened
    finally:
        opened.close()


def _audit(store: Store, row: qo.OutboxRow, action: str, actor: str, **detail: Any) -> None:
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
    with _opened(paths, store) as db:
        draft = _compose(
            db,
            account_email=account_email,
            to=to,
            cc=cc,
            bcc=bcc,
            subject=subject,
            body=body,
            reply_to_item=reply_to_item,
        )
        content_hash = draft.content_hash()
        earlier = qo.find_by_content(db, draft.account.account_id, content_hash)
        already_sent = next((r.id for r in earlier if r.state == "sent"), None)
        queued = next((r for r in earlier if r.state == "queued"), None)
        if queued is not None and _intact(queued):
            return _preview_of(draft, queued, reused=True, already_sent=already_sent)
        risk, flags = _risk(db, draft)
        domain = draft.account.email.rsplit("@", 1)[-1].lower()
        message_id = f"<nyte.{uuid.uuid4()}@{domain}>"
        moment = (now or datetime.now().astimezone()).astimezone()
        raw = build_mime(draft, message_id, moment)
        text = _preview_text(draft, message_id, risk, flags)
        payload = {
            "account": draft.account.email,
            "to": [r.display for r in draft.to],
            "cc": [r.display for r in draft.cc],
            "bcc": [r.display for r in draft.bcc],
            "subject": draft.subject,
            "body": draft.body,
            "thread_id": draft.thread_id,
            "in_reply_to": draft.in_reply_to,
            "references": draft.references,
            "reply_to_item": reply_to_item,
            "content_hash": content_hash,
            "flags": flags,
        }
        row = qo.insert_preview(
            db,
            account_id=draft.account.account_id,
            work_item_id=draft.work_item_id,
            kind=draft.kind,
            payload=payload,
            summary=f"{'Reply' if draft.thread_id else 'Email'} to "
            + ", ".join(r.display for r in draft.to[:3])
            + f" · {draft.subject}",
            preview=text,
            risk=risk,
            message_id=message_id,
            raw_mime=raw,
            mime_sha256=hashlib.sha256(raw).hexdigest(),
            thread_id=draft.thread_id,
            to=[r.display for r in draft.to],
            cc=[r.display for r in draft.cc],
            bcc=[r.display for r in draft.bcc],
            subject=draft.subject,
        )
        _audit(
            db, row, "send.previewed", "user", kind=draft.kind, risk=risk, sha256=row.mime_sha256
        )
        return _preview_of(draft, row, reused=False, already_sent=already_sent)


def _intact(row: qo.OutboxRow) -> bool:
    """Whether a row's stored bytes still match their hash."""
    return hashlib.sha256(row.raw_mime).hexdigest() == row.mime_sha256


def _preview_of(
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
        from_addr=_from_display(draft.account),
        to=list(row.to_addrs),
        cc=list(row.cc_addrs),
        bcc=list(row.bcc_addrs),
        subject=row.subject,
        body=draft.body,
        risk=row.risk,
        flags=flags,
        text=_preview_text(draft, row.message_id_header, row.risk, flags),
        reused=reused,
        already_sent=already_sent,
    )


# --- the transport ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """How one send request ended: ok, rejected, ambiguous or not_sent (provably never left)."""

    outcome: str
    status: int | None = None
    gmail_id: str | None = None
    thread_id: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Lookup:
    """What searching Sent for a Message-ID found: found, absent or error."""

    outcome: str
    gmail_id: str | None = None
    thread_id: str | None = None
    error: str | None = None


def _never_left(exc: BaseException) -> bool:
    """Whether a transport error proves the request never reached the server."""
    from requests.exceptions import ConnectTimeout
    from urllib3.exceptions import NewConnectionError

    if isinstance(exc, ConnectTimeout):
        return True
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NewConnectionError):
            return True
        stack.extend([getattr(current, "reason", None), current.__cause__, current.__context__])
        stack.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
    return False


def _error_reason(response: Any) -> tuple[str, str]:
    """(reason, message) from a Google JSON error body."""
    try:
        error = response.json().get("error", {})
    except ValueError:
        return "", (response.text or "")[:200]
    errors = error.get("errors") or [{}]
    reason = str(errors[0].get("reason") or error.get("status") or "")
    return reason, str(error.get("message") or reason)


class GmailSender:
    """POSTs messages.send over requests with every automatic retry turned off."""

    def __init__(self, settings: Settings, credentials: Any) -> None:
        """Build a session that never re-sends (no urllib3 retries, no refresh-and-retry)."""
        from google.auth.transport.requests import AuthorizedSession
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        from nyte_tui.config.settings import GOOGLE_API_ROOT

        root = settings.google.api_root
        if root.rstrip("/") == GOOGLE_API_ROOT.rstrip("/"):
            root = GMAIL_ROOT
        self.root = root if root.endswith("/") else root + "/"
        self.session = AuthorizedSession(  # type: ignore[no-untyped-call]
            credentials, refresh_status_codes=(), max_refresh_attempts=0
        )
        # total=0 turns every retry off; POST is outside urllib3's default allowed_methods too.
        no_retries = Retry(
            total=0,
            connect=0,
            read=0,
            redirect=0,
            status=0,
            other=0,
            raise_on_redirect=False,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=no_retries)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()  # type: ignore[no-untyped-call]

    def send(self, raw: bytes, thread_id: str | None) -> Attempt:
        """One messages.send request, classified; never retried."""
        import base64

        import requests
        from google.auth.exceptions import GoogleAuthError

        body: dict[str, Any] = {"raw": base64.urlsafe_b64encode(raw).decode("ascii")}
        if thread_id:
            body["threadId"] = thread_id
        url = f"{self.root}gmail/v1/users/me/messages/send"
        try:
            response = self.session.post(
                url, json=body, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), allow_redirects=False
            )
        except GoogleAuthError as exc:
            return Attempt("not_sent", error=f"authorisation failed before sending: {exc}")
        except requests.RequestException as exc:
            if _never_left(exc):
                return Attempt("not_sent", error=f"could not connect to Gmail: {_short(exc)}")
            return Attempt("ambiguous", error=f"{type(exc).__name__}: {_short(exc)}")
        status = response.status_code
        if 200 <= status < 300:
            try:
                data = response.json()
            except ValueError:
                data = {}
            gmail_id = data.get("id") if isinstance(data, dict) else None
            if not gmail_id:
                return Attempt("ambiguous", status, error=f"HTTP {status} without a message id")
            return Attempt("ok", status, str(gmail_id), str(data.get("threadId") or "") or None)
        reason, message = _error_reason(response)
        if status in DEFINITE_REJECTIONS and reason not in RATE_LIMIT_REASONS:
            return Attempt("rejected", status, error=f"HTTP {status}: {message}")
        return Attempt("ambiguous", status, error=f"HTTP {status}: {message}")

    def lookup(self, message_id: str) -> Lookup:
        """Search Sent for a Message-ID (a failed search is an error, never "absent")."""
        import requests
        from google.auth.exceptions import GoogleAuthError

        bare = message_id.strip().strip("<>")
        url = f"{self.root}gmail/v1/users/me/messages"
        params = {"q": f"rfc822msgid:{bare} in:sent", "maxResults": "5"}
        try:
            response = self.session.get(url, params=params, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT))
        except (requests.RequestException, GoogleAuthError) as exc:
            return Lookup("error", error=f"{type(exc).__name__}: {_short(exc)}")
        if response.status_code != 200:
            _reason, message = _error_reason(response)
            return Lookup("error", error=f"HTTP {response.status_code}: {message}")
        try:
            found = response.json().get("messages") or []
        except (ValueError, AttributeError):
            return Lookup("error", error="an unreadable search answer")
        if not found:
            return Lookup("absent")
        first = found[0]
        return Lookup("found", str(first.get("id")), str(first.get("threadId") or "") or None)


def _short(exc: BaseException) -> str:
    """An exception message on one short line."""
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__


# --- confirm and reconcile ----------------------------------------------------------------------


def _credentials_factory(paths: Paths, settings: Settings, actor: str) -> CredentialsFor:
    """Credentials from the secret store, by account address."""

    def credentials(email: str) -> Any:
        from nyte_tui.services.accounts import credentials_for_account

        return credentials_for_account(paths, settings, email, actor=actor)

    return credentials


def _reread(store: Store, outbox_id: int) -> qo.OutboxRow:
    """A row that must exist."""
    row = qo.get_outbox(store, outbox_id)
    if row is None:
        raise NyteError(f"no outbox entry {outbox_id}; see `nyte outbox`")
    return row


def _reconcile(
    store: Store, sender: GmailSender, row: qo.OutboxRow, actor: str, *, recheck: bool = False
) -> tuple[qo.OutboxRow, bool]:
    """Settle a sending/unknown row by searching Sent; also say whether the search worked."""
    found = sender.lookup(row.message_id_header)
    if found.outcome == "absent" and recheck:
        time.sleep(LOOKUP_RECHECK_SECONDS)  # Gmail's search index can trail a send by a moment
        found = sender.lookup(row.message_id_header)
    if found.outcome == "found":
        if qo.set_state(
            store,
            row.id,
            "sent",
            expected=(row.state,),
            gmail_message_id=found.gmail_id,
            gmail_thread_id=found.thread_id,
        ):
            _audit(store, row, "send.reconciled", actor, found=True, gmail_id=found.gmail_id)
        return _reread(store, row.id), True
    if found.outcome == "absent":
        if row.state == "sending":
            error = row.last_error or "the send's outcome was lost"
            if qo.set_state(store, row.id, "unknown", expected=("sending",), error=error):
                _audit(store, row, "send.unknown", actor, found=False, error=error)
        return _reread(store, row.id), True
    error = f"searching Sent failed: {found.error}"
    qo.set_state(store, row.id, row.state, expected=(row.state,), error=error)
    _audit(store, row, "send.reconcile_failed", actor, error=found.error)
    return _reread(store, row.id), False


def _check_bytes(store: Store, row: qo.OutboxRow, actor: str) -> None:
    """Refuse to send bytes that are not exactly the previewed ones."""
    from email import message_from_bytes

    problem = None
    if not _intact(row):
        problem = "the stored message bytes do not match the hash taken at preview"
    else:
        header = message_from_bytes(row.raw_mime).get("Message-ID", "")
        if str(header).strip() != row.message_id_header:
            problem = "the stored message's Message-ID does not match the outbox"
    if problem:
        _audit(store, row, "send.refused", actor, reason=problem)
        raise NyteError(
            f"outbox {row.id}: {problem}; refusing to send it — preview the message again"
        )


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
    from nyte_tui.sync.engine import writer_lock

    timeout = settings.sync.lock_wait if lock_timeout is None else lock_timeout
    with _opened(paths, store) as db:
        row = _reread(db, outbox_id)
        if row.state in ("sent", "failed"):
            return _result(row)
        with writer_lock(paths, timeout, "send"):
            return _confirm_locked(
                db,
                settings,
                outbox_id,
                resend_unknown=resend_unknown,
                credentials=credentials or _credentials_factory(paths, settings, "send"),
                actor=actor,
            )


def _confirm_locked(
    db: Store,
    settings: Settings,
    outbox_id: int,
    *,
    resend_unknown: bool,
    credentials: CredentialsFor,
    actor: str,
) -> SendResult:
    """The body of confirm_send, run while holding the writer lock."""
    row = _reread(db, outbox_id)
    if row.state in ("sent", "failed"):
        return _result(row)
    _check_bytes(db, row, actor)
    sender = GmailSender(settings, credentials(row.account))
    try:
        if row.state in ("sending", "unknown"):
            row, searched = _reconcile(db, sender, row, actor)
            if row.state != "unknown" or not resend_unknown or not searched:
                return _result(row)
            from_states: tuple[str, ...] = ("unknown",)
        elif row.state == "queued":
            from_states = ("queued",)
        else:
            raise NyteError(f"outbox {row.id} is {row.state}; it cannot be sent")
        if not qo.claim(db, row.id, from_states):
            return _result(_reread(db, row.id))
        _audit(db, row, "send.claimed", actor, previous=row.state, attempt=row.attempts + 1)
        attempt = sender.send(row.raw_mime, row.thread_id)
        return _settle(db, sender, _reread(db, row.id), attempt, actor, from_states[0])
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
        )
        _audit(db, row, "send.sent", actor, gmail_id=attempt.gmail_id, status=attempt.status)
        return _result(_reread(db, row.id))
    if attempt.outcome == "rejected":
        qo.set_state(db, row.id, "failed", expected=("sending",), error=attempt.error)
        _audit(db, row, "send.failed", actor, status=attempt.status, error=attempt.error)
        return _result(_reread(db, row.id))
    if attempt.outcome == "not_sent":
        back = previous
        qo.set_state(db, row.id, back, expected=("sending",), error=attempt.error)
        _audit(db, row, "send.not_sent", actor, error=attempt.error, state=back)
        raise NyteError(f"{attempt.error}; nothing was sent — run the same confirm again")
    qo.set_state(db, row.id, "sending", expected=("sending",), error=attempt.error)
    _audit(db, row, "send.ambiguous", actor, status=attempt.status, error=attempt.error)
    settled, _searched = _reconcile(db, sender, _reread(db, row.id), actor, recheck=True)
    return _result(settled)


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
    with _opened(paths, store) as db:
        draft = _compose(
            db,
            account_email=account_email,
            to=to,
            cc=cc,
            bcc=bcc,
            subject=subject,
            body=body,
            reply_to_item=reply_to_item,
        )
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
    from nyte_tui.sync.engine import writer_lock

    try:
        with _opened(paths, store) as db:
            if not qo.rows_in_states(db, ("sending",)):
                return []
            timeout = settings.sync.lock_wait if lock_timeout is None else lock_timeout
            factory = credentials or _credentials_factory(paths, settings, "reconcile")
            settled: list[SendResult] = []
            with writer_lock(paths, timeout, "reconcile"):
                for row in qo.rows_in_states(db, ("sending",)):
                    try:
                        sender = GmailSender(settings, factory(row.account))
                    except NyteError as exc:
                        settled.append(_result(row, note=f"not checked: {exc}"))
                        continue
                    try:
                        after, _searched = _reconcile(db, sender, row, "reconcile")
                    finally:
                        sender.close()
                    settled.append(_result(after))
            return settled
    except NyteError:
        if best_effort:
            return []
        raise


def list_outbox(paths: Paths, limit: int = 50) -> list[dict[str, Any]]:
    """The latest outbox rows as JSON-ready dicts."""
    with _opened(paths, None) as db:
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
