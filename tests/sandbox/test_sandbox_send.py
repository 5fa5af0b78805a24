"""Sending and drafts through googleapiclient, including the ambiguous dropped-response send."""

from __future__ import annotations

import base64
import http.client
import io
from email.message import EmailMessage
from typing import Any

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseUpload

from nyte_tui.sandbox.server import SandboxServer
from sandbox_fixtures import SANDBOX_USER


def reply_bytes(message_id: str, subject: str = "Re: Pricing deck", **headers: str) -> bytes:
    """Build a reply to Dana with a client-chosen Message-ID."""
    message = EmailMessage()
    message["From"] = f"Alex Morgan <{SANDBOX_USER}>"
    message["To"] = "dana@northwind.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Tiers look fine to me.")
    return message.as_bytes()


def find_by_message_id(gmail: Any, message_id: str) -> list[str]:
    """Return the SENT message ids carrying a Message-ID header (the reconcile lookup)."""
    answer = (
        gmail.users().messages().list(userId="me", q=f"rfc822msgid:{message_id} in:sent").execute()
    )
    return [item["id"] for item in answer.get("messages", [])]


def pricing_thread(gmail: Any) -> str:
    """Return the thread id of the pricing conversation."""
    first = gmail.users().messages().list(userId="me", q="subject:pricing").execute()["messages"][0]
    return str(first["threadId"])


def test_json_raw_send_keeps_message_id_and_joins_thread(gmail: Any) -> None:
    thread_id = pricing_thread(gmail)
    raw = reply_bytes("<nyte.json-1@northwind.example>")
    sent = (
        gmail.users()
        .messages()
        .send(
            userId="me", body={"raw": base64.urlsafe_b64encode(raw).decode(), "threadId": thread_id}
        )
        .execute()
    )
    assert sent["labelIds"] == ["SENT"] and sent["threadId"] == thread_id
    assert find_by_message_id(gmail, "<nyte.json-1@northwind.example>") == [sent["id"]]
    metadata = (
        gmail.users()
        .messages()
        .get(userId="me", id=sent["id"], format="metadata", metadataHeaders=["Message-ID"])
        .execute()
    )
    assert metadata["payload"]["headers"] == [
        {"name": "Message-ID", "value": "<nyte.json-1@northwind.example>"}
    ]


def test_media_send_threads_by_references(gmail: Any) -> None:
    thread_id = pricing_thread(gmail)
    raw = reply_bytes(
        "<nyte.media-1@northwind.example>",
        In_Reply_To="<pricing-3@northwind.example>",
        References="<pricing-1@northwind.example> <pricing-3@northwind.example>",
    )
    media = MediaIoBaseUpload(io.BytesIO(raw), mimetype="message/rfc822")
    sent = gmail.users().messages().send(userId="me", media_body=media).execute()
    assert sent["threadId"] == thread_id
    stored = gmail.users().messages().get(userId="me", id=sent["id"], format="raw").execute()
    stored_raw = base64.urlsafe_b64decode(stored["raw"])
    assert stored_raw.startswith(b"Date: ") and stored_raw.endswith(raw)


def test_multipart_upload_send_with_thread_id(gmail: Any) -> None:
    thread_id = pricing_thread(gmail)
    media = MediaIoBaseUpload(
        io.BytesIO(reply_bytes("<nyte.multi-1@x>")), mimetype="message/rfc822"
    )
    sent = (
        gmail.users()
        .messages()
        .send(userId="me", body={"threadId": thread_id}, media_body=media)
        .execute()
    )
    assert sent["threadId"] == thread_id


def test_send_without_references_starts_a_thread_and_adds_missing_headers(gmail: Any) -> None:
    message = EmailMessage()
    message["To"] = "someone@else.example"
    message["Subject"] = "Fresh"
    message.set_content("hi")
    sent = (
        gmail.users()
        .messages()
        .send(userId="me", body={"raw": base64.urlsafe_b64encode(message.as_bytes()).decode()})
        .execute()
    )
    assert sent["threadId"] == sent["id"]
    full = gmail.users().messages().get(userId="me", id=sent["id"], format="metadata").execute()
    names = {header["name"] for header in full["payload"]["headers"]}
    assert {"Message-ID", "Date", "From"} <= names


def test_send_needs_recipients_and_raw(gmail: Any) -> None:
    message = EmailMessage()
    message["Subject"] = "nobody"
    message.set_content("x")
    with pytest.raises(HttpError) as no_recipient:
        gmail.users().messages().send(
            userId="me", body={"raw": base64.urlsafe_b64encode(message.as_bytes()).decode()}
        ).execute()
    assert no_recipient.value.resp.status == 400
    with pytest.raises(HttpError):
        gmail.users().messages().send(userId="me", body={}).execute()


def test_drafts_lifecycle(gmail: Any) -> None:
    raw = base64.urlsafe_b64encode(reply_bytes("<nyte.draft-1@northwind.example>")).decode()
    thread_id = pricing_thread(gmail)
    draft = (
        gmail.users()
        .drafts()
        .create(userId="me", body={"message": {"raw": raw, "threadId": thread_id}})
        .execute()
    )
    assert draft["id"].startswith("r") and draft["message"]["labelIds"] == ["DRAFT"]
    listed = gmail.users().drafts().list(userId="me").execute()
    assert [item["id"] for item in listed["drafts"]] == [draft["id"]]
    fetched = gmail.users().drafts().get(userId="me", id=draft["id"], format="full").execute()
    assert fetched["message"]["threadId"] == thread_id
    sent = gmail.users().drafts().send(userId="me", body={"id": draft["id"]}).execute()
    assert sent["labelIds"] == ["SENT"] and sent["threadId"] == thread_id
    assert find_by_message_id(gmail, "<nyte.draft-1@northwind.example>") == [sent["id"]]
    assert "drafts" not in gmail.users().drafts().list(userId="me").execute()
    with pytest.raises(HttpError) as again:
        gmail.users().drafts().send(userId="me", body={"id": draft["id"]}).execute()
    assert again.value.resp.status == 404
    second = gmail.users().drafts().create(userId="me", body={"message": {"raw": raw}}).execute()
    gmail.users().drafts().delete(userId="me", id=second["id"]).execute()
    with pytest.raises(HttpError):
        gmail.users().drafts().get(userId="me", id=second["id"]).execute()


def test_send_dropped_after_apply_is_ambiguous_but_findable(
    gmail: Any, sandbox: SandboxServer
) -> None:
    # httplib2 silently re-sends once after a connection that closed without a response, so the
    # second attempt is dropped *before* it applies: the client sees an error, one copy exists.
    sandbox.state.add_fault("gmail.users.messages.send", drop="after")
    sandbox.state.add_fault("gmail.users.messages.send", drop="before")
    raw = base64.urlsafe_b64encode(reply_bytes("<nyte.ambiguous-1@northwind.example>")).decode()
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        gmail.users().messages().send(userId="me", body={"raw": raw}).execute()
    assert len(find_by_message_id(gmail, "<nyte.ambiguous-1@northwind.example>")) == 1
    attempts = [
        entry
        for entry in sandbox.state.request_log
        if entry["api_method"] == "gmail.users.messages.send"
    ]
    assert [entry["fault"]["drop"] for entry in attempts] == ["after", "before"]
    assert [entry["status"] for entry in attempts] == [200, 0]


def test_single_dropped_response_is_resent_by_httplib2(gmail: Any, sandbox: SandboxServer) -> None:
    sandbox.state.add_fault("gmail.users.messages.send", drop="after")
    raw = base64.urlsafe_b64encode(reply_bytes("<nyte.dup-1@northwind.example>")).decode()
    gmail.users().messages().send(userId="me", body={"raw": raw}).execute()
    assert len(find_by_message_id(gmail, "<nyte.dup-1@northwind.example>")) == 2
