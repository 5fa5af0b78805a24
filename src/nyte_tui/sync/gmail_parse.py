"""Turn Gmail API message resources into store records and readable body text."""

from __future__ import annotations

import base64
import binascii
import re
from email.header import decode_header, make_header
from email.utils import getaddresses, parseaddr
from typing import Any

from nyte_tui.hidden import HIDDEN_NOTE, strip_hidden_html, strip_invisible_characters
from nyte_tui.store.records import MessageRecord

UNFOLD = re.compile(r"\r?\n(?=[ \t])")
METADATA_HEADERS = [
    "From",
    "To",
    "Cc",
    "Reply-To",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "List-Id",
    "List-Unsubscribe",
    "Precedence",
    "Auto-Submitted",
]


def decode_header_value(value: str | None) -> str | None:
    """Decode RFC 2047 encoded words, tolerating broken ones."""
    if value is None:
        return None
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (UnicodeDecodeError, LookupError, ValueError, binascii.Error):
        return value


def headers_of(payload: dict[str, Any] | None) -> dict[str, str]:
    """Header name (lower case) → first value."""
    result: dict[str, str] = {}
    for header in (payload or {}).get("headers", []) or []:
        name = str(header.get("name", "")).lower()
        if name and name not in result:
            result[name] = UNFOLD.sub("", str(header.get("value", "")))
    return result


def message_record(resource: dict[str, Any]) -> MessageRecord:
    """A MessageRecord from a messages.get resource in metadata or full format."""
    headers = headers_of(resource.get("payload"))
    raw_from = headers.get("from")
    from_header = decode_header_value(raw_from)
    raw_name, from_email = parseaddr(raw_from or "")
    from_name = decode_header_value(raw_name) if raw_name else ""
    if "@" not in from_email:  # a header that was already decoded by the server
        from_name, from_email = parseaddr(from_header or "")
    return MessageRecord(
        gmail_id=str(resource["id"]),
        thread_id=str(resource.get("threadId") or resource["id"]),
        history_id=int(resource.get("historyId") or 0),
        internal_date=int(resource.get("internalDate") or 0),
        label_ids=sorted(str(label) for label in resource.get("labelIds", []) or []),
        snippet=str(resource.get("snippet") or ""),
        size_estimate=int(resource.get("sizeEstimate") or 0),
        from_header=from_header,
        from_email=from_email.lower() or None,
        from_name=from_name or None,
        to_header=decode_header_value(headers.get("to")),
        cc_header=decode_header_value(headers.get("cc")),
        reply_to_header=decode_header_value(headers.get("reply-to")),
        subject=decode_header_value(headers.get("subject")),
        date_header=headers.get("date"),
        message_id_header=headers.get("message-id"),
        in_reply_to=headers.get("in-reply-to"),
        references=headers.get("references"),
        list_id=headers.get("list-id"),
        list_unsubscribe=headers.get("list-unsubscribe"),
        precedence=headers.get("precedence"),
        auto_submitted=headers.get("auto-submitted"),
    )


def addresses(header_value: str | None) -> list[str]:
    """Lower-cased email addresses in an address header."""
    return [email.lower() for _name, email in getaddresses([header_value or ""]) if email]


def _decode_data(data: str | None) -> bytes:
    """Decode base64url body data (padding optional)."""
    if not data:
        return b""
    try:
        return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        return b""


def _charset(part: dict[str, Any]) -> str:
    """The charset a MIME part declares (utf-8 when none or unknown)."""
    content_type = headers_of(part).get("content-type", "")
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip().strip('"') or "utf-8"
    return "utf-8"


def _part_text(part: dict[str, Any]) -> str:
    """A leaf part's decoded text, tolerating bad charsets and bytes."""
    raw = _decode_data((part.get("body") or {}).get("data"))
    charset = _charset(part)
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def _walk(part: dict[str, Any]) -> list[dict[str, Any]]:
    """Every leaf part, depth first."""
    children = part.get("parts") or []
    if not children:
        return [part]
    leaves: list[dict[str, Any]] = []
    for child in children:
        leaves.extend(_walk(child))
    return leaves


def html_to_text(html: str) -> str:
    """Readable text from HTML mail (links kept as full URLs)."""
    import html2text

    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.protect_links = True
    converter.inline_links = True
    return str(converter.handle(html)).strip()


def body_text(resource: dict[str, Any]) -> str:
    """The readable body of a messages.get resource in full format (plain text preferred).

    Hidden text (HTML comments, invisibly styled elements, zero-width and bidi characters) is
    removed first, and a note at the end says so when there was any.
    """
    payload = resource.get("payload") or {}
    leaves = [leaf for leaf in _walk(payload) if not leaf.get("filename")]
    plain = [leaf for leaf in leaves if str(leaf.get("mimeType", "")).lower() == "text/plain"]
    html = [leaf for leaf in leaves if str(leaf.get("mimeType", "")).lower() == "text/html"]
    hid = False
    cleaned_html = []
    for leaf in html:
        visible, removed = strip_hidden_html(_part_text(leaf))
        cleaned_html.append(visible)
        hid = hid or removed
    if plain:
        text = "\n\n".join(_part_text(leaf) for leaf in plain).strip()
    elif html:
        text = "\n\n".join(html_to_text(h) for h in cleaned_html).strip()
    else:
        return str(resource.get("snippet") or "")
    names = "".join(str(leaf.get("filename")) for leaf in _walk(payload) if leaf.get("filename"))
    hid = hid or strip_invisible_characters(names)[1]  # a file name can hide text too
    text, invisible = strip_invisible_characters(text)
    if hid or invisible:
        text = f"{text}\n\n{HIDDEN_NOTE}".strip()
    return text
