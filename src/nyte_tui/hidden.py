"""Text meant to be invisible: zero-width and bidi characters, HTML comments, hidden styles.

Mail can hide words from the reader that a program would still see. nyte removes them before
anything stores, scores or shows mail text to a model, and says that it did. Imports nothing.
"""

from __future__ import annotations

import re

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
HTML_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)
HIDING_STYLE = (
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|"
    r"opacity\s*:\s*0(?![.\d]*[1-9])|color\s*:\s*(#fff(fff)?|white|transparent)\b|"
    r"(max-)?(height|width)\s*:\s*0(px)?\s*(;|$|[\"'])|mso-hide\s*:\s*all|"
    r"(left|top|text-indent)\s*:\s*-\d{3,}"
)
INVISIBLE_ELEMENT = re.compile(
    r"<(?P<tag>[a-z0-9]+)[^>]*style\s*=\s*[\"'][^\"']*(" + HIDING_STYLE + r")[^\"']*[\"'][^>]*>"
    r".*?</(?P=tag)\s*>",
    re.IGNORECASE | re.DOTALL,
)
HIDDEN_NOTE = "[nyte removed hidden text from this message]"


def strip_hidden_html(html: str) -> tuple[str, bool]:
    """HTML without comments and invisibly styled elements; whether anything was removed."""
    cleaned = HTML_COMMENT.sub("", html)
    cleaned = INVISIBLE_ELEMENT.sub("", cleaned)
    return cleaned, cleaned != html


def strip_invisible_characters(text: str) -> tuple[str, bool]:
    """Text without zero-width and bidi control characters; whether any were there."""
    cleaned = BIDI_CONTROLS.sub("", ZERO_WIDTH.sub("", text))
    return cleaned, cleaned != text
