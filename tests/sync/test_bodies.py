"""Bodies: fetched on demand, plain text preferred, HTML made readable, bad bytes tolerated."""

from __future__ import annotations

import base64
from typing import Any

from nyte_tui.config.settings import load_settings
from nyte_tui.store.queries import mirror as q
from nyte_tui.sync.engine import SyncEngine
from nyte_tui.sync.gmail import GmailSync
from nyte_tui.sync.gmail_parse import body_text, decode_header_value, message_record
from nyte_tui.sync.google_api import build_gmail
from nyte_tui.sync.limiter import QuotaLimiter, RetryPolicy, WaitBudget
from nyte_tui.sync.progress import NullReporter
from sync.conftest import SyncHarness


def b64(data: bytes) -> str:
    """base64url without padding, as Gmail sends it."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def part(mime: str, data: bytes, charset: str | None = None, filename: str = "") -> dict[str, Any]:
    """A leaf MIME part in Gmail's payload shape."""
    content_type = mime + (f"; charset={charset}" if charset else "")
    return {
        "mimeType": mime,
        "filename": filename,
        "headers": [{"name": "Content-Type", "value": content_type}],
        "body": {"data": b64(data), "size": len(data)},
    }


def test_plain_text_is_preferred_over_html() -> None:
    resource = {
        "payload": {
            "mimeType": "multipart/alternative",
            "parts": [
                part("text/plain", b"Plain words"),
                part("text/html", b"<p>HTML words</p>"),
            ],
        }
    }
    assert body_text(resource) == "Plain words"


def test_html_only_mail_becomes_readable_text_with_full_links() -> None:
    html = (
        b"<html><body><h1>Invoice</h1><p>Pay <a href='https://pay.example/x'>here</a></p>"
        b"<!-- hidden --><img src='https://track.example/p.gif'></body></html>"
    )
    text = body_text({"payload": part("text/html", html)})
    assert "Invoice" in text and "<p>" not in text
    assert "https://pay.example/x" in text
    assert "track.example" not in text


def test_charsets_and_broken_bytes_are_tolerated() -> None:
    latin = "Grüße aus Köln".encode("latin-1")
    assert body_text({"payload": part("text/plain", latin, "iso-8859-1")}) == "Grüße aus Köln"
    broken = b"caf\xe9 \xff\xfe ok"
    assert "ok" in body_text({"payload": part("text/plain", broken, "utf-8")})
    assert "ok" in body_text({"payload": part("text/plain", b"ok", "x-unknown-charset")})
    bad = {"payload": {"mimeType": "text/plain", "body": {"data": "!!!not base64"}}}
    assert body_text({**bad, "snippet": "from the snippet"}) == ""


def test_attachments_are_not_body_text() -> None:
    resource = {
        "payload": {
            "mimeType": "multipart/mixed",
            "parts": [
                part("text/plain", b"See attached."),
                part("text/plain", b"SECRET ATTACHMENT TEXT", filename="notes.txt"),
            ],
        }
    }
    assert body_text(resource) == "See attached."


def test_encoded_headers_are_decoded() -> None:
    assert decode_header_value("=?utf-8?b?5pel5pys6Kqe44Gu5Lu25ZCN?=") == "日本語の件名"
    assert decode_header_value("=?broken?q?x?=") is not None
    record = message_record(
        {
            "id": "m1",
            "threadId": "t1",
            "labelIds": ["INBOX"],
            "payload": {
                "headers": [
                    {
                        "name": "From",
                        "value": "=?utf-8?q?Jos=C3=A9_M=C3=BCller?= <JOSE@Acme.example>",
                    },
                    {"name": "Subject", "value": "Re: Angebot"},
                ]
            },
        }
    )
    assert (record.from_name, record.from_email) == ("José Müller", "jose@acme.example")


def test_bodies_are_fetched_once_and_cached(harness: SyncHarness) -> None:
    assert harness.sync().exit_code == 0
    settings = load_settings(harness.paths)
    budget = WaitBudget(10)
    gmail = GmailSync(
        service=build_gmail(settings, harness.credentials()),
        store=harness.store,
        account=harness.account,
        window_days=30,
        batch_size=50,
        message_get_units=20,
        limiter=QuotaLimiter(1_000_000, budget),
        retry=RetryPolicy(budget=budget),
        reporter=NullReporter(),
        event=lambda *_: None,
    )
    threads = [t["thread_id"] for t in harness.dump()["threads"]]
    pending = q.messages_needing_body(harness.store, harness.account.account_id, threads)
    wanted = pending[:5]
    harness.mark()
    engine = SyncEngine(
        paths=harness.paths,
        settings=settings,
        store=harness.store,
        credentials_for=harness.credentials,
    )
    texts = engine._fetch_bodies(gmail, harness.account, wanted)
    assert set(texts) == set(wanted)
    assert harness.count("gmail.users.messages.get", "full") == len(wanted)
    after = q.messages_needing_body(harness.store, harness.account.account_id, threads)
    assert not set(wanted) & set(after)
    stored = {m["gmail_id"]: m for m in harness.dump()["messages"]}
    assert all(stored[i]["body_state"] == "cached" for i in wanted)
