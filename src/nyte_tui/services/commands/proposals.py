"""From an intent to a proposal: the exact message (bytes fixed now) or the exact calendar change.

Recipients of a reply are computed from the thread by the sending service; people the user
added come from the intent, which holds only addresses the user typed or named. Nothing here
reads an email body.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from nyte_tui.commands import Intent, letter
from nyte_tui.config.settings import Settings, user_zone
from nyte_tui.errors import UsageError
from nyte_tui.services.commands.calendar_plans import (
    Plan,
    create_event_plan,
    move_plan,
    rsvp_plan,
)
from nyte_tui.services.commands.context import CommandScope
from nyte_tui.services.commands.plan_types import Blocked, Proposal, first_name
from nyte_tui.services.sending.send import preview_message
from nyte_tui.store.db import Store

FreeBusy = Callable[[tuple[datetime, datetime], list[str]], dict[str, Any] | None]


def build(
    store: Store,
    settings: Settings,
    scope: CommandScope,
    intent: Intent,
    state: dict[str, Any],
    *,
    extra_flags: tuple[str, ...] = (),
    free_busy: FreeBusy | None = None,
    now: datetime | None = None,
) -> Proposal | Blocked:
    """The proposal for a complete intent (or the one question still in the way)."""
    zone = user_zone(settings)
    if intent.kind in ("gmail.reply", "gmail.send", "gmail.draft"):
        return _email(store, scope, intent, extra_flags, now)
    plan: Plan | Blocked
    if intent.kind == "calendar.rsvp":
        plan = rsvp_plan(store, scope, intent, zone)
    elif intent.kind == "calendar.create_event":
        plan = create_event_plan(store, settings, scope, intent, state, zone, free_busy, now)
    elif intent.kind == "calendar.move":
        moved = move_plan(store, scope, intent, zone)
        if isinstance(moved, Intent):  # not the organiser: ask the organiser instead
            return _email(store, scope, moved, (*extra_flags, *_move_flags(intent)), now)
        plan = moved
    else:
        return Blocked(f"nyte cannot do {intent.kind!r}", "kind")
    if isinstance(plan, Blocked):
        return plan
    kind, payload, summary, preview, risk, flags, new_state = plan
    all_flags = (*flags, *extra_flags)
    risk = "high" if "suspicious_instructions" in " ".join(extra_flags) else risk
    return Proposal(
        kind,
        payload,
        summary,
        _with_risk(preview, risk, all_flags),
        risk,
        all_flags,
        None,
        new_state,
    )


def _move_flags(intent: Intent) -> tuple[str, ...]:
    """Why a move became a message to the organiser."""
    organizer = intent.event.organizer_email if intent.event else None
    return (f"you do not organise this event; nyte proposes asking {organizer or 'them'}",)


def _with_risk(preview: str, risk: str, flags: tuple[str, ...]) -> str:
    """The preview text with its risk line."""
    return preview + f"\nRisk: {risk}" + (f" ({'; '.join(flags)})" if flags else "")


def _email(
    store: Store,
    scope: CommandScope,
    intent: Intent,
    extra_flags: tuple[str, ...],
    now: datetime | None,
) -> Proposal | Blocked:
    """A reply, new message or draft with its bytes fixed in a queued outbox row."""
    if not (intent.body or "").strip():
        return Blocked("What should the message say?", "body")
    thread_id = intent.thread.thread_id if intent.thread else None
    item = scope.item
    reply_item = None
    if intent.kind == "gmail.reply" or (intent.kind == "gmail.draft" and thread_id):
        if item is not None and item.thread_id and (thread_id in (None, item.thread_id)):
            reply_item, thread_id = item.id, None
        elif thread_id is None:
            return Blocked("Which conversation should this reply to?", "thread")
    elif not intent.to:
        return Blocked("Who should the message go to? Type a name or an address.", "recipient")
    recipient = intent.to[0] if intent.to else None
    recipient_name: str | None = recipient.name if recipient else None
    if recipient is None and item is not None and item.who:
        recipient_name = item.who
    elif recipient is None and intent.thread and intent.thread.counterparts:
        recipient_name = intent.thread.counterparts[0].name
    body = letter(
        intent.body or "", first_name(recipient_name), first_name(scope.context.user_name)
    )
    threaded = reply_item is not None or thread_id is not None
    if intent.kind == "gmail.draft":
        mode = "gmail.draft"
    elif threaded:
        mode = "gmail.reply"
    else:
        mode = "gmail.send"
    try:
        shown = preview_message(
            store,
            account_email=scope.account.email,
            to=[_display(p.name, p.email) for p in intent.to],
            cc=[_display(p.name, p.email) for p in intent.cc],
            bcc=[_display(p.name, p.email) for p in intent.bcc],
            subject=None if threaded else (intent.subject or "(no subject)"),
            body=body,
            reply_to_item=reply_item,
            reply_thread=thread_id,
            reply_all=intent.reply_all,
            kind=mode,
            extra_flags=list(extra_flags),
            now=now,
        )
    except UsageError as exc:
        return Blocked(str(exc), "recipient")
    payload = {
        "account": shown.account,
        "from": shown.from_addr,
        "to": list(shown.to),
        "cc": list(shown.cc),
        "bcc": list(shown.bcc),
        "subject": shown.subject,
        "body": shown.body,
        "thread_id": shown.thread_id,
        "in_reply_to": shown.in_reply_to,
        "message_id": shown.message_id,
        "outbox_id": shown.outbox_id,
        "reply_all": intent.reply_all,
    }
    what = {"gmail.reply": "Reply to", "gmail.send": "Email to", "gmail.draft": "Draft to"}[mode]
    summary = f"{what} {', '.join(shown.to[:3]) or '—'} · {shown.subject}"
    return Proposal(
        kind=mode,
        payload=payload,
        summary=summary,
        preview=shown.text,
        risk=shown.risk,
        flags=tuple(shown.flags),
        action_id=shown.action_id,
    )


def _display(name: str, email: str) -> str:
    """`Name <address>` for a typed or named person (names with commas are quoted)."""
    clean = name.replace('"', "").strip()
    if not clean:
        return email
    return f'"{clean}" <{email}>' if any(c in clean for c in ",;<>@") else f"{clean} <{email}>"
