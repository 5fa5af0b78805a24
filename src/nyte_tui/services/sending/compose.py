"""Composing a message: recipients, subject and threading, MIME bytes, risk, preview text."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from nyte_tui.errors import NyteError, UsageError
from nyte_tui.services.sending.addresses import (
    INLINE_ADDRESS,
    Recipient,
    angle,
    dedupe,
    header_addresses,
    imitates,
    parse_addresses,
    site_of,
    strip_addresses,
)
from nyte_tui.store.db import Store
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import outbox as qo
from nyte_tui.store.queries.worklist import get_item

MANY_RECIPIENTS = 6
_MONEY = re.compile(
    r"(?i)\b(invoice|payment|pay|paid|wire|bank|iban|swift|transfer|refund|price|purchase|"
    r"salary|bitcoin|crypto)\b|[$€£]\s?\d|\b\d[\d,.]*\s?(usd|eur|gbp|dollars|euros|pounds)\b"
)
_RE_PREFIX = re.compile(r"^\s*re\s*:", re.IGNORECASE)


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


def compose_draft(
    store: Store,
    account_email: str | None,
    to: Sequence[str],
    cc: Sequence[str],
    bcc: Sequence[str],
    subject: str | None,
    body: str,
    reply_to_item: int | None,
    *,
    reply_thread: str | None = None,
    reply_all: bool = False,
    as_draft: bool = False,
) -> Draft:
    """Validate the inputs and compute recipients, subject and threading (no writes).

    A reply goes to the last other person's Reply-To (or From) and its Cc; reply_all adds the
    rest of its To. reply_thread names the thread directly when no item is given.
    """
    typed_to = parse_addresses(to, "To")
    typed_cc = parse_addresses(cc, "Cc")
    typed_bcc = parse_addresses(bcc, "Bcc")
    if subject is not None and ("\n" in subject or "\r" in subject):
        raise UsageError("the subject must be one line")
    threaded = reply_to_item is not None or reply_thread is not None
    if not threaded:
        account = _resolve_account(store, account_email)
        if not subject or not subject.strip():
            raise UsageError("a new message needs --subject")
        own = {account.email.lower()} | qo.sent_from_addresses(store, account.account_id)
        draft = Draft(
            account=account,
            kind="gmail.draft" if as_draft else "gmail.send",
            to=dedupe(typed_to, set()),
            cc=[],
            bcc=[],
            subject=subject.strip(),
            body=body,
        )
        draft.cc = dedupe(typed_cc, {r.key for r in draft.to})
        draft.bcc = dedupe(typed_bcc, {r.key for r in [*draft.to, *draft.cc]})
    else:
        draft = _compose_reply(
            store, account_email, reply_to_item, reply_thread, subject, body, reply_all=reply_all
        )
        if as_draft:
            draft.kind = "gmail.draft"
        own = {draft.account.email.lower()} | qo.sent_from_addresses(
            store, draft.account.account_id
        )
        draft.to = dedupe([*draft.to, *typed_to], set())
        draft.cc = dedupe([*draft.cc, *typed_cc], {r.key for r in draft.to})
        draft.bcc = dedupe(typed_bcc, {r.key for r in [*draft.to, *draft.cc]})
    if not draft.recipients:
        raise UsageError("no recipients: give at least one --to ADDRESS")
    if any(r.key in own for r in draft.recipients) and threaded:
        draft.flags.append("you are among the recipients")
    return draft


def _compose_reply(
    store: Store,
    account_email: str | None,
    item_id: int | None,
    thread_id: str | None,
    subject: str | None,
    body: str,
    *,
    reply_all: bool = False,
) -> Draft:
    """A reply's recipients, subject and threading computed from the mirrored thread."""
    if item_id is not None:
        item = get_item(store, item_id)
        if item is None:
            raise NyteError(f"no item {item_id}; see `nyte important --all --json` for ids")
        if not item.thread_id:
            raise UsageError(f"item {item_id} is not an email thread; it cannot be replied to")
        if account_email and account_email.strip().lower() != item.account.lower():
            raise UsageError(f"item {item_id} belongs to {item.account}, not {account_email}")
        account = _resolve_account(store, item.account)
        thread_id = item.thread_id
    else:
        account = _resolve_account(store, account_email)
    assert thread_id is not None
    messages = qo.thread_messages(store, account.account_id, thread_id)
    if not messages:
        raise NyteError(f"thread {thread_id} is not in the local mirror; run `nyte sync`")
    own = {account.email.lower()} | qo.sent_from_addresses(store, account.account_id)

    def from_user(message: qo.ThreadMessage) -> bool:
        return message.is_sent or (message.from_email or "").lower() in own

    flags: list[str] = []
    others = [m for m in messages if not from_user(m)]
    if others:
        target = others[-1]
        sender = header_addresses(target.from_header)
        reply_to = header_addresses(target.reply_to_header)
        sites = {site_of(r.address) for r in sender}
        own_site = site_of(account.email)
        fakes = [r.address for r in [*sender, *reply_to] if imitates(site_of(r.address), own_site)]
        if fakes:
            flags.append(
                f"the sender's domain imitates yours ({', '.join(sorted(set(fakes)))} vs "
                f"{own_site}); this may be phishing"
            )
        if (
            reply_to
            and sender
            and (fakes or any(site_of(r.address) not in sites for r in reply_to))
        ):
            flags.append(
                "the Reply-To ("
                + ", ".join(r.address for r in reply_to)
                + ") is on another domain than the sender; nyte replies to the sender"
            )
            reply_to = []
        to = reply_to or sender
        cc = header_addresses(target.cc_header)
    else:  # only the user wrote: a follow-up to the same people
        target = messages[-1]
        to = header_addresses(target.to_header)
        cc = header_addresses(target.cc_header)
    if reply_all and others:
        cc = [*cc, *header_addresses(target.to_header)]
    to = dedupe(to, own)
    cc = dedupe(cc, own | {r.key for r in to})
    base = (
        qo.thread_subject(store, account.account_id, thread_id)
        or target.subject
        or messages[0].subject
        or ""
    ).strip()
    computed = base if _RE_PREFIX.match(base) else f"Re: {base}".rstrip()
    if INLINE_ADDRESS.search(computed):
        flags.append("addresses in the thread's subject were left out of the reply's subject")
        computed = strip_addresses(computed)
    if (
        subject
        and subject.strip()
        and subject.strip() not in (computed, base, strip_addresses(base))
    ):
        raise UsageError(f"a reply keeps the thread's subject ({computed!r}); drop --subject")
    in_reply_to = angle(target.message_id_header) if target.message_id_header else None
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
        thread_id=thread_id,
        in_reply_to=in_reply_to,
        references=references or None,
        work_item_id=item_id,
        flags=flags,
    )


def from_display(account: qa.AccountRow) -> str:
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


def assess_risk(store: Store, draft: Draft) -> tuple[str, list[str]]:
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


def preview_text(draft: Draft, message_id: str, risk: str, flags: Sequence[str]) -> str:
    """The exact headers and body a person reviews before confirming."""
    lines = [f"From: {from_display(draft.account)}"]
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
