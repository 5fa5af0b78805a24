"""Decode mail bytes the way browsers do: a WHATWG label picks the decoder, bad bytes become U+FFFD.

`decode(data, label)` never raises. The label goes through the Encoding Standard's table
(labels.py), so gb2312 decodes as GB18030, iso-8859-1/latin1/us-ascii as windows-1252, tis-620
as windows-874, ks_c_5601-1987 as EUC-KR (UHC), x-sjis as Shift_JIS (windows-31j). A byte-order
mark overrides the label, as the standard's decode algorithm says. A missing or unknown label
decodes as UTF-8 with U+FFFD for every invalid sequence. The ISO-2022-KR/-CN and HZ labels
select the standard's "replacement" decoder: one U+FFFD for the whole input (those encodings
let ASCII bytes change meaning, which can hide text). One mail label is added: utf-7.
"""

from __future__ import annotations

import codecs
from functools import cache

from nyte_tui.mailtext.labels import LABELS

FALLBACK = "utf-8"
# The one label mail needs beyond the web's table: UTF-7 (RFC 2152) is a registered mail
# charset that mail clients (Thunderbird, Python's email) decode; browsers do not.
MAIL_LABELS = {"utf-7": "utf-7", "csunicode11utf7": "utf-7", "unicode-1-1-utf-7": "utf-7"}
REPLACEMENT = "\ufffd"
ASCII_WHITESPACE = "\t\n\f\r "

# The Python codec that implements each WHATWG encoding (the closest superset where the
# standard's decoder is wider than the codec of the same name).
PYTHON_CODECS: dict[str, str] = {
    "utf-8": "utf-8",
    "ibm866": "cp866",
    "iso-8859-2": "iso8859-2",
    "iso-8859-3": "iso8859-3",
    "iso-8859-4": "iso8859-4",
    "iso-8859-5": "iso8859-5",
    "iso-8859-6": "iso8859-6",
    "iso-8859-7": "iso8859-7",
    "iso-8859-8": "iso8859-8",
    "iso-8859-8-i": "iso8859-8",
    "iso-8859-10": "iso8859-10",
    "iso-8859-13": "iso8859-13",
    "iso-8859-14": "iso8859-14",
    "iso-8859-15": "iso8859-15",
    "iso-8859-16": "iso8859-16",
    "koi8-r": "koi8-r",
    "koi8-u": "koi8-u",
    "macintosh": "mac-roman",
    "windows-874": "cp874",
    "windows-1250": "cp1250",
    "windows-1251": "cp1251",
    "windows-1252": "cp1252",
    "windows-1253": "cp1253",
    "windows-1254": "cp1254",
    "windows-1255": "cp1255",
    "windows-1256": "cp1256",
    "windows-1257": "cp1257",
    "windows-1258": "cp1258",
    "x-mac-cyrillic": "mac-cyrillic",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "euc-jp": "euc-jp",
    "iso-2022-jp": "iso2022-jp-ext",
    "shift_jis": "cp932",
    "euc-kr": "cp949",
    "utf-16be": "utf-16-be",
    "utf-16le": "utf-16-le",
    "utf-7": "utf-7",
}
# Single-byte encodings decoded through a 256-entry table built from the codec plus the
# standard's differences: windows-* map their unassigned C1 bytes to the same code point
# (index-windows-1252.txt: 0x81 → U+0081 …); koi8-u is KOI8-RU (0xAE → ў, 0xBE → Ў).
SINGLE_BYTE_OVERRIDES: dict[str, dict[int, str]] = {"koi8-u": {0xAE: "\u045e", 0xBE: "\u040e"}}
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
)


def encoding_for(label: str | None) -> str | None:
    """The encoding a charset label selects (WHATWG name, or "utf-7"), None if missing/unknown."""
    if not label:
        return None
    key = label.strip(ASCII_WHITESPACE).lower()
    if not key.isascii():
        return None
    return LABELS.get(key) or MAIL_LABELS.get(key)


def is_single_byte(name: str) -> bool:
    """Whether a WHATWG encoding decodes one byte to one character."""
    return name.startswith(("iso-8859-", "windows-", "koi8-")) or name in {
        "ibm866",
        "macintosh",
        "x-mac-cyrillic",
    }


@cache
def single_byte_table(name: str) -> str:
    """The 256-character decoding table of a single-byte encoding (U+FFFD where unassigned)."""
    codec = PYTHON_CODECS[name]
    chars = []
    for byte in range(256):
        try:
            char = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            char = (
                chr(byte) if name.startswith("windows-") and 0x80 <= byte <= 0x9F else REPLACEMENT
            )
        chars.append(char)
    for byte, char in SINGLE_BYTE_OVERRIDES.get(name, {}).items():
        chars[byte] = char
    return "".join(chars)


def x_user_defined(data: bytes) -> str:
    """The standard's x-user-defined decoder: ASCII as is, 0x80-0xFF to U+F780-U+F7FF."""
    return "".join(chr(b) if b < 0x80 else chr(0xF700 + b) for b in data)


def decode_as(data: bytes, name: str) -> str:
    """Decode with one WHATWG encoding (no BOM sniffing), never raising."""
    if name == "replacement":
        return REPLACEMENT if data else ""
    if name == "x-user-defined":
        return x_user_defined(data)
    if is_single_byte(name):
        return codecs.charmap_decode(data, "replace", single_byte_table(name))[0]
    try:
        return data.decode(PYTHON_CODECS[name], errors="replace")
    except (LookupError, UnicodeError, ValueError):
        return data.decode(FALLBACK, errors="replace")


def decode(data: bytes, label: str | None) -> str:
    """Decode bytes labelled with a charset as browsers do; never raises.

    A byte-order mark wins over the label (and is dropped); a missing or unknown label means
    UTF-8; invalid sequences become U+FFFD.
    """
    name = encoding_for(label)
    if name != "replacement":
        for bom, bom_name in BOMS:
            if data.startswith(bom):
                return decode_as(data[len(bom) :], bom_name)
    return decode_as(data, name or FALLBACK)
