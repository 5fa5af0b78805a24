"""Make untrusted email text safe to show a model: hidden text stripped, truncated, delimited."""

from __future__ import annotations

import re
import secrets
import unicodedata

from nyte_tui.hidden import BIDI_CONTROLS, HTML_COMMENT, ZERO_WIDTH, remove_invisible_elements

TAG = re.compile(r"<[^>]+>")
BEGIN = "<<<UNTRUSTED EMAIL DATA"
END = "END OF UNTRUSTED EMAIL DATA"
MARKER_WORDS = re.compile(r"<<<|>>>|UNTRUSTED EMAIL DATA", re.IGNORECASE)
TRUNCATED = "[… truncated by nyte …]"


def strip_hidden(text: str) -> str:
    """Remove zero-width characters, bidi controls, HTML comments and invisibly styled text."""
    cleaned = HTML_COMMENT.sub("", text)
    cleaned = remove_invisible_elements(cleaned)
    cleaned = TAG.sub(" ", cleaned) if "<" in cleaned and ">" in cleaned else cleaned
    cleaned = ZERO_WIDTH.sub("", cleaned)
    cleaned = BIDI_CONTROLS.sub("", cleaned)
    cleaned = "".join(
        ch for ch in cleaned if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    return re.sub(r"[ \t]+", " ", cleaned).strip()


def truncate(text: str, limit: int) -> str:
    """Cut text to at most limit characters, with a visible marker when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(TRUNCATED) - 1)].rstrip() + "\n" + TRUNCATED


def sanitise(text: str, limit: int = 4000) -> str:
    """Untrusted text with hidden text and anything resembling our delimiters removed, cut."""
    cleaned = strip_hidden(text)
    while MARKER_WORDS.search(cleaned):
        cleaned = MARKER_WORDS.sub("", cleaned)
    return truncate(cleaned, limit)


def new_token() -> str:
    """A fresh random delimiter token (one per model call)."""
    return secrets.token_hex(8)


def delimiters(token: str) -> tuple[str, str]:
    """The opening and closing delimiter lines for one token."""
    return f"{BEGIN} {token}", f"{END} {token}>>>"


def delimit(sanitised: str, token: str) -> str:
    """Already sanitised text between delimiters carrying token (removed from the text first)."""
    body = sanitised
    while token in body:
        body = body.replace(token, "")
    begin, end = delimiters(token)
    return f"{begin}\n{body}\n{end}"


def as_untrusted(text: str, limit: int = 4000, token: str | None = None) -> str:
    """Sanitised, truncated text wrapped in random delimiters the model is told never to obey."""
    return delimit(sanitise(text, limit), token or new_token())
