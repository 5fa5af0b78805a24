"""Text meant to be invisible: zero-width and bidi characters, HTML comments, hidden styles.

Mail can hide words from the reader that a program would still see. nyte removes them before
anything stores, scores or shows mail text to a model, and says that it did. Imports nothing.
"""

from __future__ import annotations

import bisect
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
# The same elements found in linear time (see remove_invisible_elements).
TAG_NAME = re.compile(r"<([a-z0-9]+)", re.IGNORECASE)
STYLE_VALUE = re.compile(r"style\s*=\s*[\"']([^\"']*)", re.IGNORECASE)
HIDES = re.compile(HIDING_STYLE, re.IGNORECASE)
CLOSING_TAG = re.compile(r"</(?P<tag>[a-z0-9]+)\s*>", re.IGNORECASE)
HIDDEN_NOTE = "[nyte removed hidden text from this message]"


def remove_invisible_elements(html: str) -> str:
    """HTML without invisibly styled elements (what INVISIBLE_ELEMENT matches), in linear time.

    Indexes first: where each hiding `style="…"` starts, where each `>` is, where each closing tag
    starts. An opening tag hides when a hiding style starts between its name and its first `>`;
    the element ends at the first closing tag of its name after that. The regular expression
    alone is quadratic on mail with many hidden openings and no closing tag (a 100 kB message
    took most of a minute).
    """
    if "style" not in html.lower():
        return html
    hiding = [m.start() for m in STYLE_VALUE.finditer(html) if HIDES.search(m.group(1))]
    if not hiding:
        return html
    tag_ends = [m.start() for m in re.finditer(">", html)]
    closes: dict[str, list[int]] = {}
    ends: dict[int, int] = {}
    for match in CLOSING_TAG.finditer(html):
        closes.setdefault(match.group("tag").lower(), []).append(match.start())
        ends[match.start()] = match.end()
    out: list[str] = []
    position = 0
    for name in TAG_NAME.finditer(html):
        if name.start() < position:
            continue
        next_end = bisect.bisect_left(tag_ends, name.end())
        if next_end == len(tag_ends):
            break
        tag_end = tag_ends[next_end]
        first_style = bisect.bisect_left(hiding, name.end())
        if first_style == len(hiding) or hiding[first_style] >= tag_end:
            continue
        starts = closes.get(name.group(1).lower(), [])
        index = bisect.bisect_left(starts, tag_end + 1)
        if index < len(starts):
            out.append(html[position : name.start()])
            position = ends[starts[index]]
    out.append(html[position:])
    return "".join(out)


def strip_hidden_html(html: str) -> tuple[str, bool]:
    """HTML without comments and invisibly styled elements; whether anything was removed."""
    cleaned = HTML_COMMENT.sub("", html)
    cleaned = remove_invisible_elements(cleaned)
    return cleaned, cleaned != html


def strip_invisible_characters(text: str) -> tuple[str, bool]:
    """Text without zero-width and bidi control characters; whether any were there."""
    cleaned = BIDI_CONTROLS.sub("", ZERO_WIDTH.sub("", text))
    return cleaned, cleaned != text
