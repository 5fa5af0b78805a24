"""RFC 2047 encoded words and one-line header text, decoded with the WHATWG charset table.

`decode_words` turns `=?gb2312?B?...?=` and friends into text; `utf8_words` rewrites them as
UTF-8 words so that a parser with narrower charsets (Python's `email`) reads them as browsers
would; `header_text` makes any header value safe to show on one line. None of them raise.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Iterator

from nyte_tui.mailtext import charsets

# RFC 2047 section 2: =?charset?encoding?encoded-text?=. Like Python's parser and most clients,
# spaces inside the encoded text are tolerated (line breaks are not). The charset may carry an
# RFC 2231 language suffix ("utf-8*en"); an empty charset is an unknown label.
ENCODED_WORD = re.compile(r"=\?(?P<charset>[^?\s]*)\?(?P<encoding>[bBqQ])\?(?P<text>[^?\r\n]*?)\?=")
QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
BASE64_NOISE = re.compile(rb"[^A-Za-z0-9+/]")
SURROGATE_ESCAPES = re.compile("[\udc80-\udcff]")
LONE_SURROGATES = re.compile("[\ud800-\udfff]")
OTHER_SURROGATES = re.compile("[\ud800-\udc7f\udd00-\udfff]")
BREAKING = {"Cc", "Zl", "Zp"}  # control characters and line or paragraph separators


def decode_q(text: str) -> bytes:
    """The bytes of a Q-encoded word: "_" is a space, "=XX" a byte, bad escapes stay as is."""
    raw = text.replace("_", " ").encode("utf-8", "surrogateescape")
    return QP_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw)


def decode_b(text: str) -> bytes | None:
    """The bytes of a B-encoded word, tolerating missing padding and stray characters."""
    raw = text.encode("utf-8", "surrogateescape")
    for candidate in (raw, BASE64_NOISE.sub(b"", raw)):
        if raw and not candidate:
            return None
        padded = candidate + b"=" * (-len(candidate) % 4)
        try:
            return base64.b64decode(padded, validate=True)
        except (binascii.Error, ValueError):
            continue
    return None


def word_bytes(match: re.Match[str]) -> tuple[str, bytes] | None:
    """(charset label, bytes) of one encoded word, or None when its text is not decodable."""
    label = match.group("charset").partition("*")[0]
    text = match.group("text")
    data = decode_q(text) if match.group("encoding") in "qQ" else decode_b(text)
    return None if data is None else (label, data)


def pieces(value: str) -> Iterator[tuple[str, str | None, bytes]]:
    """The value as literal text and decoded words: (text, label, bytes), label None for text.

    White space between two encoded words is dropped (RFC 2047 section 6.2); adjacent words in
    the same charset are joined before decoding, as mail clients do, so a character split across
    two words survives.
    """
    position = 0
    pending: tuple[str, bytes] | None = None
    for match in ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        decoded = word_bytes(match)
        if decoded is None:
            if pending is not None:
                yield "", pending[0], pending[1]
                pending = None
            yield between + match.group(0), None, b""
        elif pending is not None and (between.strip(" \t\r\n") == ""):
            if charsets.encoding_for(pending[0]) == charsets.encoding_for(decoded[0]):
                pending = (pending[0], pending[1] + decoded[1])
            else:
                yield "", pending[0], pending[1]
                pending = decoded
        else:
            if pending is not None:
                yield "", pending[0], pending[1]
            if between:
                yield between, None, b""
            pending = decoded
        position = match.end()
    if pending is not None:
        yield "", pending[0], pending[1]
    if position < len(value):
        yield value[position:], None, b""


def decode_words(value: str) -> str:
    """Text with every well-formed encoded word decoded (WHATWG charsets, U+FFFD for bad bytes)."""
    if "=?" not in value:
        return value
    return "".join(
        text if label is None else charsets.decode(data, label)
        for text, label, data in pieces(value)
    )


def utf8_words(value: str) -> str:
    """The value with every encoded word re-encoded as UTF-8 (same text, WHATWG-decoded)."""
    if "=?" not in value:
        return value
    out = []
    for text, label, data in pieces(value):
        if label is None:
            out.append(text)
        else:
            decoded = charsets.decode(data, label).encode("utf-8", "surrogatepass")
            out.append("=?utf-8?b?" + base64.b64encode(decoded).decode("ascii") + "?=")
    return "".join(out)


def from_8bit(value: str) -> str:
    """A header value whose raw 8-bit bytes were kept as surrogate escapes, as UTF-8 text.

    Raw bytes in headers have no label; RFC 6532 says UTF-8, and invalid sequences become U+FFFD.
    """
    if not SURROGATE_ESCAPES.search(value):
        return value
    value = OTHER_SURROGATES.sub(charsets.REPLACEMENT, value)
    raw = value.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", errors="replace")


def header_text(value: str | None) -> str | None:
    """A header value fit to show on one line; see below.

    8-bit bytes are read as UTF-8; every control character (CR, LF, TAB, NUL, C1, DEL) and the
    line and paragraph separators become a space; lone surrogates become U+FFFD; outer spaces go.
    """
    if value is None:
        return None
    text = LONE_SURROGATES.sub(charsets.REPLACEMENT, from_8bit(value))
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(char) in BREAKING else char for char in text)
    return text.strip(" ")


BODY_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")


def body_clean(text: str) -> str:
    """Body text with only LF line breaks and no control characters but TAB and LF.

    NUL, ESC (terminal escape sequences), the other C0 and C1 controls and DEL are removed;
    CRLF, a lone CR, NEL and the Unicode line and paragraph separators become LF.
    """
    text = LINE_BREAKS.sub("\n", text)
    return BODY_CONTROLS.sub("", LONE_SURROGATES.sub(charsets.REPLACEMENT, text))
