"""Gmail read, label, history and thread methods of the sandbox, through googleapiclient."""

from __future__ import annotations

import base64
import itertools
import urllib.error
import urllib.request
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from nyte_tui.sandbox.server import SandboxServer
from sandbox_fixtures import SANDBOX_NOW, SANDBOX_USER, make_raw


def ids_for(gmail: Any, **params: Any) -> list[str]:
    """Return the message ids of one messages.list call."""
    answer = gmail.users().messages().list(userId="me", **params).execute()
    return [item["id"] for item in answer.get("messages", [])]


def subjects_for(gmail: Any, **params: Any) -> set[str]:
    """Return the Subject headers of every message a search finds."""
    subjects = set()
    for message_id in ids_for(gmail, **params):
        message = (
            gmail.users()
            .messages()
            .get(userId="me", id=message_id, format="metadata", metadataHeaders=["Subject"])
            .execute()
        )
        subjects.add(message["payload"]["headers"][0]["value"])
    return subjects


def test_profile_and_labels(gmail: Any) -> None:
    profile = gmail.users().getProfile(userId="me").execute()
    assert profile["emailAddress"] == SANDBOX_USER
    assert profile["messagesTotal"] == 6
    assert profile["threadsTotal"] == 4
    assert int(profile["historyId"]) > 0
    labels = {
        label["id"]: label for label in gmail.users().labels().list(userId="me").execute()["labels"]
    }
    for system_label in (
        "INBOX",
        "SENT",
        "DRAFT",
        "SPAM",
        "TRASH",
        "UNREAD",
        "STARRED",
        "IMPORTANT",
        "CATEGORY_PERSONAL",
        "CATEGORY_SOCIAL",
        "CATEGORY_PROMOTIONS",
        "CATEGORY_UPDATES",
        "CATEGORY_FORUMS",
        "CHAT",
    ):
        assert labels[system_label]["type"] == "system"
    user_labels = [label for label in labels.values() if label["type"] == "user"]
    assert [label["name"] for label in user_labels] == ["Finance"]
    details = gmail.users().labels().get(userId="me", id="INBOX").execute()
    assert details["messagesTotal"] == 4
    assert details["threadsUnread"] == 2


def test_list_is_newest_first_and_excludes_spam_by_default(gmail: Any) -> None:
    answer = gmail.users().messages().list(userId="me").execute()
    assert answer["resultSizeEstimate"] == 5
    dates = [
        int(
            gmail.users()
            .messages()
            .get(userId="me", id=item["id"], format="minimal")
            .execute()["internalDate"]
        )
        for item in answer["messages"]
    ]
    assert dates == sorted(dates, reverse=True)
    assert len(ids_for(gmail, includeSpamTrash=True)) == 6
    assert subjects_for(gmail, q="in:spam") == {"You won"}


def test_list_pages(gmail: Any) -> None:
    first = gmail.users().messages().list(userId="me", maxResults=2).execute()
    assert len(first["messages"]) == 2 and "nextPageToken" in first
    second = (
        gmail.users()
        .messages()
        .list(userId="me", maxResults=2, pageToken=first["nextPageToken"])
        .execute()
    )
    third = (
        gmail.users()
        .messages()
        .list(userId="me", maxResults=2, pageToken=second["nextPageToken"])
        .execute()
    )
    assert "nextPageToken" not in third
    every = [m["id"] for page in (first, second, third) for m in page["messages"]]
    assert len(set(every)) == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("newer_than:7d", {"Pricing deck", "Re: Pricing deck", "50% off everything"}),
        ("older_than:30d", {"Invoice March"}),
        ("from:dana is:unread", {"Re: Pricing deck"}),
        ("in:sent", {"Re: Pricing deck"}),
        ("to:dana@northwind.example", {"Re: Pricing deck"}),
        ("subject:invoice", {"Invoice March"}),
        ("category:promotions", {"50% off everything"}),
        ("-category:promotions -category:updates in:inbox", {"Pricing deck", "Re: Pricing deck"}),
        ("label:finance", {"Invoice March"}),
        ("-label:finance -in:inbox", {"Re: Pricing deck"}),
        ("is:important", {"Pricing deck", "Re: Pricing deck"}),
        ("rfc822msgid:<promo-1@shop.example>", {"50% off everything"}),
        ("rfc822msgid:promo-1@shop.example", {"50% off everything"}),
        ('"big sale"', {"50% off everything"}),
        ("tiers", {"Re: Pricing deck"}),
        ("has:attachment filename:invoice", {"Invoice March"}),
        ("after:2026/02/28 before:2026/03/02", {"Re: Pricing deck"}),
        (f"after:{int(SANDBOX_NOW.timestamp()) - 86400 * 4}", {"Pricing deck", "Re: Pricing deck"}),
        ("in:anywhere you won", {"You won"}),
        ("from:shop OR from:vendor", {"50% off everything", "Invoice March"}),
        ("is:starred", set()),
    ],
)
def test_search_operators(gmail: Any, query: str, expected: set[str]) -> None:
    assert subjects_for(gmail, q=query) == expected


def test_label_ids_filter_is_and(gmail: Any) -> None:
    assert subjects_for(gmail, labelIds=["INBOX", "UNREAD", "IMPORTANT"]) == {"Re: Pricing deck"}
    with pytest.raises(HttpError) as caught:
        ids_for(gmail, labelIds=["NOPE"])
    assert caught.value.resp.status == 400


def test_get_formats(gmail: Any) -> None:
    [invoice_id] = ids_for(gmail, q="subject:invoice")
    minimal = gmail.users().messages().get(userId="me", id=invoice_id, format="minimal").execute()
    assert set(minimal) == {
        "id",
        "threadId",
        "labelIds",
        "snippet",
        "sizeEstimate",
        "historyId",
        "internalDate",
    }
    assert minimal["snippet"] == "Invoice attached."
    metadata = (
        gmail.users()
        .messages()
        .get(userId="me", id=invoice_id, format="metadata", metadataHeaders=["subject", "FROM"])
        .execute()
    )
    assert [header["name"] for header in metadata["payload"]["headers"]] == ["From", "Subject"]
    full = gmail.users().messages().get(userId="me", id=invoice_id, format="full").execute()
    payload = full["payload"]
    assert payload["mimeType"] == "multipart/mixed" and payload["partId"] == ""
    text_part, pdf_part = payload["parts"]
    assert text_part["partId"] == "0" and pdf_part["partId"] == "1"
    assert (
        base64.urlsafe_b64decode(text_part["body"]["data"]).decode().strip() == "Invoice attached."
    )
    assert pdf_part["filename"] == "invoice.pdf" and "data" not in pdf_part["body"]
    attachment = (
        gmail.users()
        .messages()
        .attachments()
        .get(userId="me", messageId=invoice_id, id=pdf_part["body"]["attachmentId"])
        .execute()
    )
    assert base64.urlsafe_b64decode(attachment["data"]) == b"%PDF-1.4 fake invoice"
    raw = gmail.users().messages().get(userId="me", id=invoice_id, format="raw").execute()
    assert b"Message-ID: <invoice-1@vendor.example>" in base64.urlsafe_b64decode(raw["raw"])
    assert "payload" not in raw


def test_unknown_message_is_404(gmail: Any) -> None:
    with pytest.raises(HttpError) as caught:
        gmail.users().messages().get(userId="me", id="0123456789abcdef").execute()
    assert caught.value.resp.status == 404
    assert caught.value.error_details[0]["reason"] == "notFound"


def test_ids_look_like_gmail_ids(gmail: Any) -> None:
    for message_id in ids_for(gmail, includeSpamTrash=True):
        assert len(message_id) == 16 and all(char in "0123456789abcdef" for char in message_id)


def test_api_calls_need_a_bearer_token(sandbox: SandboxServer) -> None:
    url = f"{sandbox.url}gmail/v1/users/me/profile"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url, timeout=5)
    assert missing.value.code == 401
    request = urllib.request.Request(url, headers={"Authorization": "Bearer nonsense"})
    with pytest.raises(urllib.error.HTTPError) as unknown:
        urllib.request.urlopen(request, timeout=5)
    assert unknown.value.code == 401
    assert b'"status": "UNAUTHENTICATED"' in unknown.value.read()


def test_modify_trash_untrash_delete(gmail: Any) -> None:
    [promo_id] = ids_for(gmail, q="category:promotions")
    modified = (
        gmail.users()
        .messages()
        .modify(
            userId="me",
            id=promo_id,
            body={"addLabelIds": ["STARRED"], "removeLabelIds": ["UNREAD"]},
        )
        .execute()
    )
    assert "STARRED" in modified["labelIds"] and "UNREAD" not in modified["labelIds"]
    assert subjects_for(gmail, q="is:starred") == {"50% off everything"}
    trashed = gmail.users().messages().trash(userId="me", id=promo_id).execute()
    assert "TRASH" in trashed["labelIds"]
    assert promo_id not in ids_for(gmail)
    assert promo_id in ids_for(gmail, q="in:trash")
    gmail.users().messages().untrash(userId="me", id=promo_id).execute()
    assert promo_id in ids_for(gmail)
    gmail.users().messages().delete(userId="me", id=promo_id).execute()
    with pytest.raises(HttpError):
        gmail.users().messages().get(userId="me", id=promo_id).execute()


def test_history_records_every_change_type(gmail: Any, sandbox: SandboxServer) -> None:
    start = gmail.users().getProfile(userId="me").execute()["historyId"]
    inserted = sandbox.state.insert_message(
        make_raw("a@x.example", SANDBOX_USER, "New", "hello", SANDBOX_NOW, "<new-1@x.example>")
    )
    gmail.users().messages().modify(
        userId="me", id=inserted["id"], body={"addLabelIds": ["STARRED"]}
    ).execute()
    gmail.users().messages().modify(
        userId="me", id=inserted["id"], body={"removeLabelIds": ["UNREAD"]}
    ).execute()
    gmail.users().messages().delete(userId="me", id=inserted["id"]).execute()
    answer = gmail.users().history().list(userId="me", startHistoryId=start).execute()
    kinds = [
        next(key for key in record if key not in ("id", "messages")) for record in answer["history"]
    ]
    assert kinds == ["messagesAdded", "labelsAdded", "labelsRemoved", "messagesDeleted"]
    assert answer["history"][1]["labelsAdded"][0]["labelIds"] == ["STARRED"]
    assert answer["history"][0]["messagesAdded"][0]["message"]["id"] == inserted["id"]
    ids = [int(record["id"]) for record in answer["history"]]
    assert ids == sorted(ids) and int(answer["historyId"]) == ids[-1] > int(start)
    assert any(later - earlier > 1 for earlier, later in itertools.pairwise(ids))
    only_added = (
        gmail.users()
        .history()
        .list(userId="me", startHistoryId=start, historyTypes=["messageAdded"])
        .execute()
    )
    assert [list(record) for record in only_added["history"]] == [
        ["id", "messages", "messagesAdded"]
    ]
    starred = (
        gmail.users().history().list(userId="me", startHistoryId=start, labelId="STARRED").execute()
    )
    assert len(starred["history"]) >= 1
    latest = gmail.users().history().list(userId="me", startHistoryId=answer["historyId"]).execute()
    assert "history" not in latest and latest["historyId"] == answer["historyId"]


def test_history_pages(gmail: Any, sandbox: SandboxServer) -> None:
    start = str(sandbox.state.history_id)
    for number in range(5):
        sandbox.state.insert_message(
            make_raw(
                "a@x.example", SANDBOX_USER, f"Note {number}", "x", SANDBOX_NOW, f"<n{number}@x>"
            )
        )
    pages, token = [], None
    while True:
        page = (
            gmail.users()
            .history()
            .list(userId="me", startHistoryId=start, maxResults=2, pageToken=token)
            .execute()
        )
        pages.append(page)
        token = page.get("nextPageToken")
        if token is None:
            break
    assert [len(page["history"]) for page in pages] == [2, 2, 1]


def test_expired_history_is_404(gmail: Any, sandbox: SandboxServer) -> None:
    start = gmail.users().getProfile(userId="me").execute()["historyId"]
    sandbox.state.expire_history()
    with pytest.raises(HttpError) as caught:
        gmail.users().history().list(userId="me", startHistoryId=start).execute()
    assert caught.value.resp.status == 404
    fresh = gmail.users().getProfile(userId="me").execute()["historyId"]
    assert (
        "history" not in gmail.users().history().list(userId="me", startHistoryId=fresh).execute()
    )


def test_history_horizon_drops_old_records() -> None:
    from sandbox_fixtures import small_mailbox

    with SandboxServer(mailbox=small_mailbox(), now=SANDBOX_NOW, history_horizon=2) as server:
        state = server.state
        start = state.history_id
        for number in range(3):
            state.insert_message(
                make_raw("a@x", SANDBOX_USER, "s", "b", SANDBOX_NOW, f"<h{number}@x>")
            )
        assert len(state.gmail.history) == 2
        with pytest.raises(Exception, match="404"):
            state.gmail.history_since(start, [], None)


def test_threads_get_and_list(gmail: Any) -> None:
    [first_id] = ids_for(gmail, q="subject:pricing -in:sent older_than:2d")
    message = gmail.users().messages().get(userId="me", id=first_id, format="minimal").execute()
    thread = (
        gmail.users()
        .threads()
        .get(userId="me", id=message["threadId"], format="metadata")
        .execute()
    )
    assert thread["id"] == message["threadId"] == first_id
    assert len(thread["messages"]) == 3
    dates = [int(item["internalDate"]) for item in thread["messages"]]
    assert dates == sorted(dates)
    listed = gmail.users().threads().list(userId="me", q="pricing").execute()
    assert [item["id"] for item in listed["threads"]] == [first_id]
    with pytest.raises(HttpError):
        gmail.users().threads().get(userId="me", id="ffffffffffffffff").execute()


def test_insert_and_import(gmail: Any) -> None:
    raw = make_raw(
        "Ops <ops@x.example>",
        SANDBOX_USER,
        "Imported",
        "imported body",
        SANDBOX_NOW,
        "<imp-1@x.example>",
    )
    encoded = base64.urlsafe_b64encode(raw).decode()
    imported = gmail.users().messages().import_(userId="me", body={"raw": encoded}).execute()
    assert set(imported["labelIds"]) == {"INBOX", "UNREAD"}
    message = (
        gmail.users().messages().get(userId="me", id=imported["id"], format="minimal").execute()
    )
    assert int(message["internalDate"]) == int(SANDBOX_NOW.timestamp() * 1000)
    inserted = (
        gmail.users()
        .messages()
        .insert(
            userId="me",
            body={"raw": encoded, "labelIds": ["INBOX"], "threadId": imported["threadId"]},
        )
        .execute()
    )
    assert inserted["threadId"] == imported["threadId"]
    assert inserted["labelIds"] == ["INBOX"]
