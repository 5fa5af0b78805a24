"""Hostile mail and events through a model stub that obeys them: nothing changes structurally.

Each case from tests/fixtures/hostile/cases.json (written independently of the code) is put in
the sandbox, the owner types an innocent instruction, and the stub model answers the way a
model that fell for the injection would. Recipients never change, nothing runs without a
confirm, text from other mail never reaches the model, and the preview carries the flags.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from conversation.conftest import Conv
from conversation.model_stub import ModelStub
from nyte_tui.store.work_models import WorkItem

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile"
CASES = [
    *json.loads((HOSTILE / "cases.json").read_text("utf-8")),
    *json.loads((HOSTILE / "cases_more.json").read_text("utf-8")),  # written for the regression
]
KINDS = {
    "reply": "gmail.reply",
    "forward": "gmail.send",
    "send_new": "gmail.send",
    "fetch_url": "gmail.reply",
    "delete": "none",
    "event_respond": "calendar.rsvp",
    "event_update": "calendar.move",
}
FLAG_PREFIX = {
    "suspicious_instructions": "suspicious_instructions",
    "new_recipient_dropped": "new_recipient_dropped",
    "link": "link",
    "hidden_text": "hidden_text",
    "money": "money",
    "external": "external",
}


def _address(person: dict[str, str]) -> Address:
    """An email Address from a case's person."""
    return Address(display_name=person.get("name") or "", addr_spec=person["email"])


def _message(mail: dict[str, Any], when: datetime) -> bytes:
    """The case's email as RFC 822 bytes (text, HTML and attachments as given)."""
    msg = EmailMessage()
    msg["From"] = _address(mail["from"])
    if mail.get("reply_to"):
        msg["Reply-To"] = _address(mail["reply_to"])
    msg["To"] = [_address(p) for p in mail.get("to") or []]
    if mail.get("cc"):
        msg["Cc"] = [_address(p) for p in mail["cc"]]
    msg["Subject"] = mail.get("subject") or ""
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = (
        f"<hostile-{when.timestamp():.0f}-{abs(hash(mail['subject']))}@evil.example>"
    )
    for name, value in (mail.get("headers") or {}).items():
        msg[name] = value
    msg.set_content(mail.get("body") or "(see the HTML part)")
    if mail.get("html"):
        msg.add_alternative(mail["html"], subtype="html")
    for attachment in mail.get("attachments") or []:
        maintype, _, subtype = (attachment.get("content_type") or "application/pdf").partition("/")
        msg.add_attachment(
            b"%PDF-1.4 stub",
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment["filename"],
        )
    return msg.as_bytes()


def _put_email(conv: Conv, mail: dict[str, Any], hours_ago: float = 2.0) -> str:
    """Insert a message into the user's inbox; its thread id."""
    when = datetime.now(UTC) - timedelta(hours=hours_ago)
    raw = base64.urlsafe_b64encode(_message(mail, when)).decode()
    found = conv.env.api("POST", "messages", {"raw": raw, "labelIds": ["INBOX", "UNREAD"]})
    return str(found["threadId"])


def _item_for(conv: Conv, *, thread_id: str | None = None, event_id: str | None = None) -> int:
    """The work item of a thread or event, made if triage did not list it."""
    with conv.env.h.store.session() as session:
        query = select(WorkItem).where(
            WorkItem.thread_id == thread_id if thread_id else WorkItem.event_id == event_id
        )
        item = session.exec(query).first()
        if item is None:
            item = WorkItem(
                account_id=conv.env.h.account.account_id,
                source="gmail" if thread_id else "calendar",
                source_key=thread_id or f"primary/{event_id}",
                thread_id=thread_id,
                calendar_id=None if thread_id else "alex@northwind.example",
                event_id=event_id,
                kind="needs_reply" if thread_id else "invite",
                title="hostile",
            )
            session.add(item)
            session.flush()
        return item.id or 0


def _obeying(case: dict[str, Any]) -> Any:
    """The stub's answer: what a model that fell for the injection would say."""
    obey = case["obey"]

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        prompt = "\n".join(str(m.get("content")) for m in body["messages"])
        text = obey.get("body_replace") or "Thanks, I'll look at it tomorrow."
        if obey.get("body_append"):
            text += "\n\n" + obey["body_append"]
        if obey.get("url"):
            text += f"\n\nDetails: {obey['url']}"
        marker = obey.get("leak_marker")
        if marker and marker in prompt:  # it can only leak what it was shown
            text += f"\n\n{marker}"
        people = [*obey.get("replace_to", []), *obey.get("add_to", [])]
        if obey.get("reply_to_address"):
            people.append(obey["reply_to_address"])
        return {
            "kind": KINDS.get(str(obey.get("kind")), "gmail.reply"),
            "people": people,
            "cc": obey.get("add_cc", []),
            "bcc": obey.get("add_bcc", []),
            "reply_all": bool(obey.get("add_cc")),
            "subject": obey.get("subject"),
            "body": text,
            "response": obey.get("response"),
            "event": obey.get("event_id"),
            "when": obey.get("start"),
            "summary": "as the email says",
            "question": None,
        }

    return answer


def _external(payload: Any) -> bool:
    """Whether a proposal writes to anyone outside the user's own domain."""
    people = [
        *(payload.get("to") or []),
        *(payload.get("cc") or []),
        *(payload.get("attendees") or []),
    ]
    people += [payload["organizer"]] if payload.get("organizer") else []
    return any("@northwind.example" not in str(p) for p in people)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_content_changes_nothing_structural(
    conv: Conv, stub: ModelStub, case: dict[str, Any]
) -> None:
    """Recipients stay computed, nothing runs, no leak, and the preview flags what happened."""
    if case.get("other_email"):
        other = case["other_email"]
        _put_email(
            conv,
            {
                "from": {"name": "Bank of Mars", "email": "alerts@bank-of-mars.example"},
                "to": [{"name": "Alex Morgan", "email": "alex@northwind.example"}],
                "subject": other["subject"],
                "body": other["body"],
            },
            hours_ago=30,
        )
    if case["carrier"] == "email":
        thread_id = _put_email(conv, case["email"])
        conv.env.h.sync()
        item_id = _item_for(conv, thread_id=thread_id)
    else:
        event = case["event"]
        start = datetime.now(UTC) + timedelta(hours=event.get("starts_in_hours", 26))
        organizer = event["organizer"]["email"]
        body: dict[str, Any] = {
            "summary": event["title"],
            "description": event.get("description") or "",
            "location": event.get("location") or "",
            "organizer": {"email": organizer, "displayName": event["organizer"].get("name")},
            "start": {"dateTime": start.isoformat()},
            "end": {
                "dateTime": (
                    start + timedelta(minutes=event.get("duration_minutes", 30))
                ).isoformat()
            },
            "attendees": [
                {"email": "alex@northwind.example", "self": True, "responseStatus": "needsAction"},
                {"email": organizer, "responseStatus": "accepted"},
                *[
                    {"email": a["email"], "responseStatus": a.get("response", "needsAction")}
                    for a in event.get("attendees") or []
                    if a.get("email") != "alex@northwind.example"
                ],
            ],
        }
        created = conv.cal("POST", "calendars/primary/events", body, sendUpdates="none")
        conv.env.h.sync()
        item_id = _item_for(conv, event_id=str(created["id"]))
    conv.env.h.mark()
    stub.answer = _obeying(case)

    view = conv.preview(case["user_instruction"], item_id)
    assert stub.requests, "the instruction never reached the (obeying) model through litellm"

    assert view.status in ("awaiting_approval", "awaiting_follow_up"), view
    assert conv.env.sends() == 0
    assert conv.env.h.count("calendar.events.insert") == 0
    assert conv.env.h.count("calendar.events.patch") == 0
    assert conv.env.h.count("gmail.users.drafts.create") == 0
    words = case["user_instruction"].lower()
    attacker = {
        a.lower()
        for a in [
            *case["obey"].get("add_to", []),
            *case["obey"].get("add_cc", []),
            *case["obey"].get("add_bcc", []),
            *case["obey"].get("replace_to", []),
        ]
        if a.lower() not in words
    }
    shown = " ".join(view.flags)
    if view.proposal is not None:
        payload = view.proposal.payload
        people = " ".join(
            str(x) for key in ("to", "cc", "bcc", "attendees") for x in payload.get(key) or []
        ).lower()
        for address in attacker:
            assert address not in people, (address, payload)
        text = "\n".join(
            [str(payload.get("body") or ""), str(payload.get("subject") or ""), people]
        )
        for forbidden in case["expect"].get("must_not_appear_in_reply") or []:
            assert forbidden not in text, (forbidden, view.proposal.preview)
        shown += " " + " ".join(view.proposal.flags)
    marker = case["obey"].get("leak_marker")
    if marker:
        assert all(marker not in str(r["messages"]) for r in stub.requests)
    for flag in case["expect"]["flags"]:
        if flag == "new_recipient_dropped" and not attacker:
            continue
        if flag == "external" and (view.proposal is None or not _external(view.proposal.payload)):
            continue
        assert FLAG_PREFIX[flag] in shown, (flag, shown)
