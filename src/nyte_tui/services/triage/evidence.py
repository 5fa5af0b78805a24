"""Pure evidence extraction: what a thread or an event says about whether it needs the user."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from email.utils import getaddresses

from nyte_tui.services.triage import deadlines as td
from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.assigned import assigned_action
from nyte_tui.services.triage.automation import (
    OwnerAction,
    greets_by_name,
    owner_action,
    person_behind,
)
from nyte_tui.services.triage.scams import Verdict, scam_verdict
from nyte_tui.services.triage.strangers import KnownPeople, fold, tie_of
from nyte_tui.services.triage.workdays import business_days_between
from nyte_tui.store.triage_records import ContactStats, TriageMessage, TriageThread

AUTOMATED_LOCAL = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?|notify|mailer-daemon|postmaster|"
    r"bounces?|alerts?|news(letter)?|digest|updates?|marketing|info|hello|deals|offers)([+-].*)?$",
    re.IGNORECASE,
)
FREEMAIL = ("gmail.", "yahoo.", "outlook.", "hotmail.", "icloud.", "fastmail.", "yandex.", "gmx.")
CATEGORIES = ("CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL", "CATEGORY_UPDATES", "CATEGORY_FORUMS")
BODY_LIMIT = 6000


@dataclass
class Identity:
    """Who the user is: addresses and the names people greet them by."""

    emails: set[str]
    names: list[str] = field(default_factory=list)
    primary: str = ""

    @property
    def domain(self) -> str:
        """The user's organisation domain: the account address's (empty for free mail)."""
        email = self.primary or next(iter(sorted(self.emails)), "")
        domain = email.rsplit("@", 1)[-1].lower()
        return "" if domain.startswith(FREEMAIL) else domain

    @property
    def handles(self) -> list[str]:
        """@-names trackers and code review may use: address local parts without dots, first
        names, and the usual forms of the full name ("lroth", "lenaroth")."""
        found = {re.sub(r"[._-]", "", e.split("@")[0]) for e in self.emails}
        found.update(n.lower() for n in self.given_names)
        for words in (fold(n).split() for n in self.names):
            if len(words) >= 2:
                found.update({words[0][0] + words[-1], words[0] + words[-1]})
        return sorted(h.lower() for h in found if len(h) > 1)

    @property
    def given_names(self) -> list[str]:
        """First names the user is greeted by."""
        found = {n.split()[0] for n in self.names if n.strip()}
        found.update(e.split("@")[0].split(".")[0] for e in self.emails)
        return sorted(n for n in found if len(n) > 1)


@dataclass
class ThreadEvidence:
    """Facts about one thread that the gates weigh."""

    thread_id: str
    subject: str
    last_activity: datetime
    last_from_me: bool
    in_inbox: bool
    labels: set[str]
    counterpart_email: str | None = None
    counterpart_name: str | None = None
    direct: bool = False
    cc_only: bool = False
    name_addressed: bool = False
    questions: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    request_sentences: list[str] = field(default_factory=list)
    deadline: td.Deadline | None = None
    urgent: bool = False
    payment_due: bool = False
    impact: dict[str, str] = field(default_factory=dict)
    automation: list[str] = field(default_factory=list)
    bulk: bool = False
    category: str = "personal"
    contact: ContactStats | None = None
    same_org: bool = False
    inbound_waiting_since: datetime | None = None
    my_last_at: datetime | None = None
    my_last_asked: bool = False
    my_last_ask: str = ""  # the whole sentence in which the user asked
    my_last_direct: bool = False
    my_last_recipients: list[str] = field(default_factory=list)
    my_last_message_id: str | None = None
    business_days_waiting: int = 0
    body_used: bool = False
    stranger: bool = False
    owner_action: OwnerAction | None = None
    scam: Verdict | None = None
    reply_to: str | None = None
    tie: str | None = None
    new_text: str = ""

    @property
    def automated(self) -> bool:
        """Whether machines sent this thread's latest inbound mail."""
        return bool(self.automation)

    @property
    def strong_requests(self) -> list[str]:
        """Requests stronger than a polite "please"."""
        return [r for r in self.requests if r not in tt.WEAK_REQUESTS]

    @property
    def asks(self) -> bool:
        """Whether the latest inbound mail asks the user something."""
        return bool(self.questions or self.requests)


def addresses(header: str | None) -> list[str]:
    """Lower-cased addresses in an address header."""
    return [addr.lower() for _, addr in getaddresses([header or ""]) if "@" in addr]


def message_time(message: TriageMessage) -> datetime:
    """When Gmail accepted a message."""
    return datetime.fromtimestamp(message.internal_date / 1000, tz=UTC)


def message_text(message: TriageMessage) -> str:
    """The new text of a message: its body without quotes, or its snippet."""
    # a notification quotes the comment it is about, not earlier mail of the thread
    notice = bool(automation_markers(message))
    if message.body_text:
        return tt.strip_quoted(message.body_text[:BODY_LIMIT], notice)
    return tt.strip_quoted(html.unescape(message.snippet or ""), notice)


def automation_markers(message: TriageMessage) -> list[str]:
    """Why a message looks machine-sent (empty for personal mail)."""
    markers: list[str] = []
    if message.list_id:
        markers.append("List-Id")
    if message.list_unsubscribe:
        markers.append("List-Unsubscribe")
    if (message.precedence or "").strip().lower() in ("bulk", "list", "junk"):
        markers.append(f"Precedence: {message.precedence}")
    if (message.auto_submitted or "no").strip().lower() != "no":
        markers.append(f"Auto-Submitted: {message.auto_submitted}")
    local = (message.from_email or "").split("@")[0]
    if AUTOMATED_LOCAL.match(local):
        markers.append(f"sender {message.from_email}")
    return markers


def _category(labels: set[str]) -> str:
    """personal, or the Gmail category tab of the labels."""
    for label in CATEGORIES:
        if label in labels:
            return label.removeprefix("CATEGORY_").lower()
    return "personal"


def thread_evidence(
    thread: TriageThread,
    me: Identity,
    contacts: dict[str, ContactStats],
    now: datetime,
    tz: tzinfo,
    known: KnownPeople | None = None,
) -> ThreadEvidence:
    """Collect the facts of one thread, looking only at mail after the user's last message."""
    messages = thread.messages
    last = messages[-1]
    labels = set(thread.label_ids)
    mine = [m for m in messages if _from_me(m, me)]
    my_last = mine[-1] if mine else None
    after_mine = messages[messages.index(my_last) + 1 :] if my_last else messages
    inbound = [m for m in after_mine if not _from_me(m, me)]
    evidence = ThreadEvidence(
        thread_id=thread.thread_id,
        subject=(thread.subject or last.subject or "(no subject)").strip(),
        last_activity=message_time(last),
        last_from_me=_from_me(last, me),
        in_inbox="INBOX" in labels,
        labels=labels,
        category=_category(set(last.label_ids) or labels),
    )
    if inbound:
        _read_inbound(evidence, inbound, me, tz)
    if my_last is not None:
        _read_my_last(evidence, my_last, me, now, tz)
    who = evidence.counterpart_email
    if who:
        evidence.contact = contacts.get(who)
        domain = who.rsplit("@", 1)[-1]
        evidence.same_org = bool(me.domain) and (
            domain == me.domain or domain.endswith("." + me.domain)
        )
        contact = evidence.contact
        evidence.stranger = (
            not evidence.last_from_me
            and not evidence.same_org
            and (contact is None or (contact.sent_to_count == 0 and contact.replied_count == 0))
            and who not in (known.addresses if known else set())
        )
        correspondent = who in (known.addresses if known else set()) or (
            contact is not None
            and (
                contact.sent_to_count > 0
                or contact.replied_count > 0
                or contact.received_count >= 3
            )
        )
        if evidence.stranger and known is not None and inbound:
            latest = inbound[-1]
            others = [
                (name, addr.lower())
                for name, addr in getaddresses([latest.to_header or "", latest.cc_header or ""])
                if "@" in addr and addr.lower() not in me.emails
            ]
            my_names = {fold(n) for n in me.given_names}
            evidence.tie = tie_of(
                f"{evidence.subject}\n{evidence.new_text}",
                who,
                others,
                known,
                my_names,
                me.names,
                me.domain,
            )
        if known is not None and not evidence.last_from_me:
            evidence.scam = scam_verdict(
                who,
                evidence.counterpart_name or "",
                evidence.reply_to,
                f"{evidence.subject}\n{evidence.new_text}",
                known,
                {me.domain} - {""},
                correspondent,
                tied=evidence.tie is not None,
            )
        _speaks_for(evidence, me, contacts, known)  # after the scam check: names are cheap
    return evidence


def _speaks_for(
    evidence: ThreadEvidence,
    me: Identity,
    contacts: dict[str, ContactStats],
    known: KnownPeople | None,
) -> None:
    """A notification sent for someone the user writes to ("Rahul Iyer (Tracker)") carries
    that person's relationship, once it names the user for an action."""
    person = person_behind(evidence.counterpart_name)
    if evidence.contact or not (evidence.automation and evidence.owner_action and person and known):
        return
    address = known.names.get(fold(person))
    if address is None:
        return
    evidence.contact = contacts.get(address)
    domain = address.rsplit("@", 1)[-1]
    evidence.same_org = evidence.same_org or (bool(me.domain) and domain == me.domain)


def _from_me(message: TriageMessage, me: Identity) -> bool:
    """Whether the user sent a message."""
    return message.is_sent or (message.from_email or "").lower() in me.emails


def _read_inbound(
    evidence: ThreadEvidence, inbound: list[TriageMessage], me: Identity, tz: tzinfo
) -> None:
    """Facts from the messages others sent after the user's last one."""
    latest = inbound[-1]
    evidence.counterpart_email = (latest.from_email or "").lower() or None
    evidence.counterpart_name = latest.from_name or latest.from_email
    evidence.inbound_waiting_since = message_time(inbound[0])
    evidence.automation = automation_markers(latest)
    replies = addresses(latest.reply_to_header)
    evidence.reply_to = replies[0] if replies else None
    evidence.bulk = any(not m.startswith(("Auto-Submitted", "sender")) for m in evidence.automation)
    if evidence.bulk and not latest.list_unsubscribe and not latest.list_id:
        # a bulk sender's notice to the user by name (a school form, a registry) is theirs alone
        evidence.bulk = not greets_by_name(message_text(latest), me.names)
    to = addresses(latest.to_header)
    cc = addresses(latest.cc_header)
    evidence.direct = any(a in me.emails for a in to)
    evidence.cc_only = not evidence.direct and any(a in me.emails for a in cc)
    texts = [message_text(m) for m in inbound]
    evidence.body_used = any(m.body_text for m in inbound)
    new_text = "\n".join(texts)
    evidence.new_text = new_text
    subject = latest.subject or evidence.subject
    first_line = next((line for line in new_text.splitlines() if line.strip()), "").lower()
    evidence.name_addressed = any(
        re.match(rf"\s*({tt.GREETINGS})?[\s,]*{re.escape(name.lower())}\b", first_line)
        or re.search(rf"(?:^|\n)\s*{re.escape(name.lower())}\s*[,:]", new_text.lower())
        for name in me.given_names
    )  # "Hi Alex", or a line of a mail to others that turns to the user ("Giulia, puoi …")
    asked = texts[-1] if _answered_by_peer(inbound, texts) else new_text
    evidence.questions = tt.find_questions(asked)
    evidence.requests = tt.find_requests(asked)
    evidence.request_sentences = tt.request_sentences(asked)
    evidence.urgent = tt.is_urgent(f"{subject}\n{new_text}")
    full = f"{subject}\n{new_text}"
    evidence.impact = tt.impact_terms(full)
    evidence.payment_due = tt.mentions_payment_due(full)
    deadlines = [
        d
        for m, text in zip(inbound, texts, strict=True)
        if (d := td.find_deadline(f"{m.subject or ''}\n{text}", message_time(m), tz))
    ]
    evidence.deadline = min(deadlines, key=lambda d: d.at) if deadlines else None
    if evidence.automation:
        evidence.owner_action = owner_action(
            new_text,
            me.handles,
            evidence.category,
            evidence.deadline.at if evidence.deadline else None,
            message_time(latest),
            tz,
            evidence.bulk,
            me.names,
            subject,
        )
        action = evidence.owner_action
        if action is not None and action.due is not None and evidence.deadline is None:
            evidence.deadline = td.Deadline(action.due, action.phrase)
    if evidence.owner_action is None:
        found = assigned_action(
            asked,
            me.names,
            me.handles,
            message_time(latest),
            tz,
            evidence.category,
            bool(evidence.automation),
        )
        if found is not None:
            evidence.owner_action, line_deadline = found
            evidence.deadline = line_deadline or evidence.deadline


def _answered_by_peer(inbound: list[TriageMessage], texts: list[str]) -> bool:
    """Whether the latest mail is another addressee of an ask answering it, asking nothing."""
    if len(inbound) < 2 or tt.find_questions(texts[-1]) or tt.find_requests(texts[-1]):
        return False
    sender, earlier = (inbound[-1].from_email or "").lower(), inbound[-2]
    peers = addresses(earlier.to_header) + addresses(earlier.cc_header)
    return sender != (earlier.from_email or "").lower() and sender in peers


def _read_my_last(
    evidence: ThreadEvidence, my_last: TriageMessage, me: Identity, now: datetime, tz: tzinfo
) -> None:
    """Facts from the user's own latest message: did it ask someone something, and when."""
    sent_at = message_time(my_last)
    evidence.my_last_at = sent_at
    text = message_text(my_last)
    asks = tt.find_questions(text) or tt.request_sentences(text)
    evidence.my_last_asked = bool(asks or tt.find_requests(text))
    evidence.my_last_ask = asks[0] if asks else ""
    recipients = [a for a in addresses(my_last.to_header) if a not in me.emails]
    evidence.my_last_recipients = recipients
    evidence.my_last_direct = 0 < len(recipients) <= 3
    evidence.my_last_message_id = my_last.gmail_id
    evidence.business_days_waiting = business_days_between(
        sent_at.astimezone(tz).date(), now.astimezone(tz).date()
    )
    if evidence.last_from_me and recipients:
        evidence.counterpart_email = recipients[0]
        evidence.counterpart_name = _display_name(my_last.to_header, recipients[0])


def _display_name(header: str | None, email: str) -> str:
    """The display name given to email in an address header (or the address)."""
    for name, addr in getaddresses([header or ""]):
        if addr.lower() == email and name:
            return name
    return email
