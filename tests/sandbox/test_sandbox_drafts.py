"""Drafts keep the client's Message-ID and thread; drafts.list/get and the control API show them."""

from __future__ import annotations

import base64
import email
import email.policy
import io
from email.message import EmailMessage
from typing import Any

from googleapiclient.http import MediaIoBaseUpload

from nyte_tui.sandbox.server import SandboxServer
from sandbox_fixtures import SANDBOX_USER, control


def reply_bytes(message_id: str, **headers: str) -> bytes:
    """Build a reply to Dana with a client-chosen Message-ID and no Date."""
    message = EmailMessage()
    message["From"] = f"Alex Morgan <{SANDBOX_USER}>"
    message["To"] = "dana@northwind.example"
    message["Subject"] = "Re: Pricing deck"
    message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Tiers look fine to me.")
    return message.as_bytes()


def pricing_thread(gmail: Any) -> str:
    """Return the thread id of the pricing conversation."""
    first = gmail.users().messages().list(userId="me", q="subject:pricing").execute()["messages"][0]
    return str(first["threadId"])


def raw_of(gmail: Any, draft_id: str) -> bytes:
    """Return the stored RFC 822 bytes of a draft's message."""
    draft = gmail.users().drafts().get(userId="me", id=draft_id, format="raw").execute()
    return base64.urlsafe_b64decode(draft["message"]["raw"])


def header(raw: bytes, name: str) -> str:
    """Return one header of RFC 822 bytes."""
    return str(email.message_from_bytes(raw, policy=email.policy.default)[name])


def test_draft_keeps_message_id_and_thread_everywhere(gmail: Any, sandbox: SandboxServer) -> None:
    thread_id = pricing_thread(gmail)
    raw = reply_bytes("<nyte.cmd-7@northwind.example>")
    body = {"message": {"raw": base64.urlsafe_b64encode(raw).decode(), "threadId": thread_id}}
    draft = gmail.users().drafts().create(userId="me", body=body).execute()
    assert draft["message"]["threadId"] == thread_id
    assert draft["message"]["labelIds"] == ["DRAFT"]
    listed = gmail.users().drafts().list(userId="me").execute()
    assert listed["drafts"] == [
        {"id": draft["id"], "message": {"id": draft["message"]["id"], "threadId": thread_id}}
    ]
    assert listed["resultSizeEstimate"] == 1
    stored = raw_of(gmail, draft["id"])
    assert header(stored, "Message-ID") == "<nyte.cmd-7@northwind.example>"
    assert stored.endswith(raw)  # only a Date line was put in front
    full = gmail.users().drafts().get(userId="me", id=draft["id"]).execute()
    assert full["message"]["threadId"] == thread_id and full["message"]["payload"]["headers"]
    thread = gmail.users().threads().get(userId="me", id=thread_id, format="minimal").execute()
    assert draft["message"]["id"] in [message["id"] for message in thread["messages"]]
    expected = {
        "id": draft["id"],
        "message_id": draft["message"]["id"],
        "thread_id": thread_id,
        "rfc822_message_id": "<nyte.cmd-7@northwind.example>",
        "subject": "Re: Pricing deck",
        "to": "dana@northwind.example",
        "label_ids": ["DRAFT"],
    }
    assert control(sandbox, "GET", "drafts") == {"drafts": [expected]}
    assert sandbox.state.drafts() == [expected]
    assert control(sandbox, "GET", "state")["drafts"] == 1


def test_uploaded_draft_and_draft_threaded_by_references(
    gmail: Any, sandbox: SandboxServer
) -> None:
    thread_id = pricing_thread(gmail)
    media = MediaIoBaseUpload(
        io.BytesIO(reply_bytes("<nyte.cmd-8@northwind.example>")), mimetype="message/rfc822"
    )
    uploaded = (
        gmail.users()
        .drafts()
        .create(userId="me", body={"message": {"threadId": thread_id}}, media_body=media)
        .execute()
    )
    assert uploaded["message"]["threadId"] == thread_id
    referenced = reply_bytes(
        "<nyte.cmd-9@northwind.example>", In_Reply_To="<pricing-3@northwind.example>"
    )
    body = {"message": {"raw": base64.urlsafe_b64encode(referenced).decode()}}
    by_reference = gmail.users().drafts().create(userId="me", body=body).execute()
    assert by_reference["message"]["threadId"] == thread_id
    found = {item["rfc822_message_id"]: item["thread_id"] for item in sandbox.state.drafts()}
    assert found == {
        "<nyte.cmd-8@northwind.example>": thread_id,
        "<nyte.cmd-9@northwind.example>": thread_id,
    }
    listed = gmail.users().drafts().list(userId="me").execute()["drafts"]
    assert {item["id"] for item in listed} == {uploaded["id"], by_reference["id"]}
