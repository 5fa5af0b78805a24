"""RFC 822 parsing helpers: Gmail payload trees, snippets, headers and raw-byte header edits."""

from __future__ import annotations

import email
import hashlib
import re
from email import policy
from email.message import EmailMessage, Message
from typing import Any

from nyte_tui.mailtext import charsets
from nyte_tui.mailtext.words import decode_words, from_8bit, utf8_words
from nyte_tui.sandbox.protocol import JsonObject, b64url_encode

SNIPPET_LENGTH = 200
_TAG_PATTERN = re.compile(r"<[^>]+>")
_STYLE_PATTERN = re.compile(r"<(style|script)[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)
_SNIPPET_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def parse_raw(raw: bytes) -> EmailMessage:
    """Parse RFC 822 bytes with the modern email policy (the legacy one if that one crashes)."""
    try:
        parsed = email.message_from_bytes(raw, policy=policy.default)
    except Exception:  # CPython 3.11 raises IndexError on a parameter name with no value
        legacy: Any = policy.compat32  # typeshed ties compat32 to Message; EmailMessage works
        parsed = email.message_from_bytes(raw, _class=EmailMessage, policy=legacy)
    assert isinstance(parsed, EmailMessage)
    return parsed


def header_value(part: Message, raw_value: str, name: str) -> str:
    """Decode one header value (encoded words, folding) the way Gmail presents it.

    Raw 8-bit bytes are read as UTF-8 and encoded words are decoded with the WHATWG charset
    table, as a browser-grade client does; a value Python's parser rejects is passed on
    unfolded but otherwise as written.
    """
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", from_8bit(raw_value))
    try:
        value = str(policy.default.header_factory(name, utf8_words(unfolded)))
    except Exception:
        return " ".join(unfolded.split())
    if "@" in unfolded and "@" not in value:  # the parser lost the address: keep what was sent
        return " ".join(decode_words(unfolded).split())
    return value


def header_list(part: Message) -> list[dict[str, str]]:
    """Return every header of a part as Gmail's [{name, value}] list, in order."""
    return [
        {"name": name, "value": header_value(part, str(value), name)}
        for name, value in part.raw_items()
    ]


def first_header(part: Message, name: str) -> str:
    """Return the decoded first value of a header, or an empty string."""
    for header_name, value in part.raw_items():
        if header_name.lower() == name.lower():
            return header_value(part, str(value), header_name)
    return ""


def legacy_view(part: Message) -> Message:
    """The part's MIME headers in a compat32 Message, whose parameter parser never raises."""
    legacy = Message()
    for name, value in part.raw_items():
        if name.lower() in ("content-type", "content-disposition"):
            legacy[name] = str(value)
    return legacy


def content_type(part: Message) -> str:
    """The part's content type (text/plain when unreadable), surviving CPython parser bugs."""
    try:
        return part.get_content_type()
    except Exception:  # e.g. IndexError from malformed parameters in CPython 3.11's parser
        return legacy_view(part).get_content_type()


def filename(part: Message) -> str:
    """The part's filename, or an empty string, surviving CPython parser bugs."""
    try:
        return part.get_filename() or ""
    except Exception:
        try:
            return str(legacy_view(part).get_filename() or "")
        except Exception:
            return ""


def disposition(part: Message) -> str | None:
    """The part's Content-Disposition (lower case), surviving CPython parser bugs."""
    try:
        return part.get_content_disposition()
    except Exception:
        return legacy_view(part).get_content_disposition()


def is_attachment(part: Message) -> bool:
    """Tell whether a leaf part is an attachment (has a filename or attachment disposition)."""
    if part.is_multipart():
        return False
    return bool(filename(part)) or disposition(part) == "attachment"


def attachment_id(message_id: str, part_id: str) -> str:
    """Return a stable attachment id for one part of one message."""
    digest = hashlib.sha256(f"{message_id}/{part_id}".encode()).digest()
    return "ANGjdJ" + b64url_encode(digest * 2).rstrip("=")


def part_bytes(part: Message) -> bytes:
    """Return a leaf part's content with the transfer encoding removed."""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def payload_tree(part: Message, message_id: str, part_id: str = "") -> JsonObject:
    """Build Gmail's `payload` object (partId, mimeType, filename, headers, body, parts)."""
    node: JsonObject = {
        "partId": part_id,
        "mimeType": content_type(part),
        "filename": filename(part),
        "headers": header_list(part),
    }
    if part.is_multipart():
        children = part.get_payload()
        assert isinstance(children, list)
        node["body"] = {"size": 0}
        node["parts"] = [
            payload_tree(child, message_id, f"{part_id}.{index}" if part_id else str(index))
            for index, child in enumerate(children)
        ]
        return node
    data = part_bytes(part)
    if is_attachment(part):
        node["body"] = {"attachmentId": attachment_id(message_id, part_id), "size": len(data)}
    elif data:
        node["body"] = {"size": len(data), "data": b64url_encode(data)}
    else:
        node["body"] = {"size": 0}
    return node


def iter_leaves(part: Message, part_id: str = "") -> list[tuple[str, Message]]:
    """List every leaf part with its Gmail partId."""
    if not part.is_multipart():
        return [(part_id, part)]
    children = part.get_payload()
    assert isinstance(children, list)
    leaves: list[tuple[str, Message]] = []
    for index, child in enumerate(children):
        leaves.extend(iter_leaves(child, f"{part_id}.{index}" if part_id else str(index)))
    return leaves


def part_text(part: Message) -> str:
    """Decode a text part using its declared charset (WHATWG labels), tolerating bad bytes."""
    try:
        label = part.get_param("charset")
    except Exception:
        try:
            label = legacy_view(part).get_param("charset")
        except Exception:  # RFC 2231 continuations both parsers trip on: no label
            label = None
    return charsets.decode(part_bytes(part), label if isinstance(label, str) else None)


def body_text(message: Message) -> str:
    """Return the message's readable text: text/plain preferred, else tag-stripped HTML."""
    html_text = ""
    for _part_id, leaf in iter_leaves(message):
        if is_attachment(leaf):
            continue
        if content_type(leaf) == "text/plain":
            return part_text(leaf)
        if content_type(leaf) == "text/html" and not html_text:
            html_text = _TAG_PATTERN.sub(" ", _STYLE_PATTERN.sub(" ", part_text(leaf)))
    return html_text


def attachment_names(message: Message) -> list[str]:
    """Return the filenames of every attachment."""
    return [filename(leaf) for _id, leaf in iter_leaves(message) if is_attachment(leaf)]


def snippet(message: Message) -> str:
    """Return Gmail's snippet: the first ~200 characters of body text, HTML-escaped."""
    text = " ".join(body_text(message).split())[:SNIPPET_LENGTH]
    return "".join(_SNIPPET_ESCAPES.get(char, char) for char in text)


def line_ending(raw: bytes) -> bytes:
    """Return the line ending the message uses."""
    return b"\r\n" if b"\r\n" in raw[:4096] else b"\n"


def prepend_header(raw: bytes, name: str, value: str) -> bytes:
    """Add a header at the top of a raw message without re-serialising the rest."""
    return f"{name}: {value}".encode() + line_ending(raw) + raw


def has_header(message: Message, name: str) -> bool:
    """Tell whether a header is present at all."""
    return any(header_name.lower() == name.lower() for header_name, _ in message.raw_items())


def normalize_message_id(value: str) -> str:
    """Strip whitespace and angle brackets from a Message-ID for comparison."""
    return value.strip().strip("<>").strip().lower()


def referenced_message_ids(message: Message) -> list[str]:
    """Return the Message-IDs named in In-Reply-To and References, nearest first."""
    found: list[str] = []
    for name in ("In-Reply-To", "References"):
        text = first_header(message, name)
        found.extend(normalize_message_id(item) for item in re.findall(r"<[^<>]+>", text))
    return list(reversed(found))


def address_text(message: Message, *names: str) -> str:
    """Return the named address headers joined, lower-cased, for search."""
    return " ".join(first_header(message, name) for name in names).lower()


def payload_summary(part: Message) -> dict[str, Any]:
    """Return the top-level mimeType and headers (Gmail's metadata-format payload)."""
    return {"partId": "", "mimeType": content_type(part), "headers": header_list(part)}
