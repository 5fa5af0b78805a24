"""Turn Gmail API message resources into store records and readable body text."""

from __future__ import annotations

import base64
import binascii
import re
from email.message import Message
from email.utils import collapse_rfc2231_value, getaddresses, parseaddr
from typing import Any

from nyte_tui.hidden import HIDDEN_NOTE, strip_hidden_html, strip_invisible_characters
from nyte_tui.mailtext import charsets
from nyte_tui.mailtext.words import body_clean, decode_words, header_text
from nyte_tui.store.records import MessageRecord
from nyte_tui.sync.report import SourceReport

UNFOLD = re.compile(r"\r?\n(?=[ \t])")
SPECIALS = set('()<>[]:;@\\,."')
ANGLE_ADDRESS = re.compile(r"<\s*([^<>@\s]+@[^<>@\s]+)\s*>")
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
    """One-line header text: encoded words decoded (WHATWG charsets), control characters spaces."""
    if value is None:
        return None
    return header_text(decode_words(value))


def decode_address_header(value: str | None) -> str | None:
    """An address list with encoded display names decoded and quoted where needed.

    Decoding in place would turn "=?utf-8?q?Smith=2C_John?= <j@x>" into two addresses.
    """
    if value is None or "=?" not in value:
        return decode_header_value(value)
    pairs = getaddresses([value])
    if not pairs or not all("@" in address for _name, address in pairs):
        return decode_header_value(value)
    return ", ".join(quoted_address(decode_header_value(name) or "", a) for name, a in pairs)


def quoted_address(name: str, address: str) -> str:
    """name <address>, the name quoted when it holds RFC 5322 specials."""
    if not name:
        return address
    if any(char in SPECIALS for char in name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def headers_of(payload: dict[str, Any] | None) -> dict[str, str]:
    """Header name (lower case) → first value."""
    result: dict[str, str] = {}
    for header in (payload or {}).get("headers", []) or []:
        name = str(header.get("name", "")).lower()
        if name and name not in result:
            result[name] = UNFOLD.sub("", str(header.get("value") or ""))
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
    if "@" not in from_email:  # broken syntax (an unclosed comment…): the <address> wins
        angle = ANGLE_ADDRESS.search(from_header or "")
        if angle is not None:
            from_email = angle.group(1)
            from_name = (from_header or "")[: angle.start()].strip().strip('"').strip()
    from_name, from_email = header_text(from_name) or "", header_text(from_email) or ""
    return MessageRecord(
        gmail_id=str(resource["id"]),
        thread_id=str(resource.get("threadId") or resource["id"]),
        history_id=int(resource.get("historyId") or 0),
        internal_date=int(resource.get("internalDate") or 0),
        label_ids=sorted(str(label) for label in resource.get("labelIds", []) or []),
        snippet=header_text(str(resource.get("snippet") or "")) or "",
        size_estimate=int(resource.get("sizeEstimate") or 0),
        from_header=from_header,
        from_email=from_email.lower() or None,
        from_name=from_name or None,
        to_header=decode_address_header(headers.get("to")),
        cc_header=decode_address_header(headers.get("cc")),
        reply_to_header=decode_address_header(headers.get("reply-to")),
        subject=decode_header_value(headers.get("subject")),
        date_header=header_text(headers.get("date")),
        message_id_header=header_text(headers.get("message-id")),
        in_reply_to=header_text(headers.get("in-reply-to")),
        references=header_text(headers.get("references")),
        list_id=decode_header_value(headers.get("list-id")),
        list_unsubscribe=header_text(headers.get("list-unsubscribe")),
        precedence=header_text(headers.get("precedence")),
        auto_submitted=header_text(headers.get("auto-submitted")),
    )


def records_or_skip(resource: dict[str, Any], report: SourceReport) -> list[MessageRecord]:
    """The resource's record, or none and a skip in the report (never stops a pass)."""
    try:
        return [message_record(resource)]
    except Exception as exc:
        report.skip(str(resource.get("id")), f"unreadable headers ({exc!r})")
        return []


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


CHARSET_PARAM = re.compile(r"""(?:^|;)\s*charset\s*=\s*(?:"([^"]*)"|([^\s;"]*))""", re.IGNORECASE)


def part_charset(part: dict[str, Any]) -> str | None:
    """The charset label a MIME part declares (quoted, RFC 2231 or bare), if any."""
    content_type = headers_of(part).get("content-type", "")
    if "charset" not in content_type.lower():
        return None
    holder = Message()
    try:
        holder["Content-Type"] = content_type
        label = holder.get_param("charset")
    except Exception:  # a value the parser rejects: read the parameter by hand
        match = CHARSET_PARAM.search(content_type)
        label = (match.group(1) or match.group(2)) if match else None
    if isinstance(label, tuple):
        try:
            label = collapse_rfc2231_value(label)
        except ValueError:  # the value's own charset is not a codec name ("ascii\x00")
            label = label[2]
    return str(label) if label else None


def _part_text(part: dict[str, Any]) -> str:
    """A leaf part's text: its label decoded as browsers do (WHATWG), bad bytes U+FFFD."""
    raw = _decode_data((part.get("body") or {}).get("data"))
    return body_clean(charsets.decode(raw, part_charset(part)))


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
