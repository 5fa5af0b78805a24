"""Text helpers: accent folding, tokens with positions, fuzzy word matching, tidy sentences."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
TOKEN_RE = re.compile(
    r"(?P<email>[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?P<word>[^\W_](?:[\w'’]|[-.:/](?=[^\W_]))*)"
    r"|(?P<punct>--|[—–,:;!?()\"“”‘’'-])"
)
SPECIAL_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "đ": "d", "þ": "th", "œ": "oe"})
TERMINAL = (".", "!", "?", "…")
I_FORMS = re.compile(r"\bi(?=$|[\s,.!?;:]|'|’)")


def fold(text: str) -> str:
    """Lowercase text with accents removed, so "Jörg" and "jorg" compare equal."""
    lowered = text.casefold().translate(SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


@dataclass(frozen=True)
class Token:
    """One word, address or punctuation mark with its place in the original text."""

    text: str
    start: int
    end: int
    kind: str

    @property
    def low(self) -> str:
        """The token lowercased and accent-folded."""
        return fold(self.text)

    @property
    def is_word(self) -> bool:
        """Whether the token is a word (not an address or punctuation)."""
        return self.kind == "word"

    @property
    def is_email(self) -> bool:
        """Whether the token is an email address."""
        return self.kind == "email"


def tokenize(text: str) -> list[Token]:
    """Split text into words, addresses and punctuation, keeping their positions."""
    tokens: list[Token] = []
    for match in TOKEN_RE.finditer(text):
        kind = match.lastgroup or "word"
        tokens.append(Token(match.group(), match.start(), match.end(), kind))
    return tokens


def words_of(text: str) -> list[str]:
    """The folded words of text, without punctuation."""
    return [token.low for token in tokenize(text) if token.kind != "punct"]


def close_word(word: str, vocabulary: Iterable[str], cutoff: float = 0.8) -> str | None:
    """The vocabulary word closest to word (difflib), if it is close enough."""
    matches = difflib.get_close_matches(word, list(vocabulary), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def similarity(first: str, second: str) -> float:
    """How alike two strings are, from 0 to 1 (difflib ratio)."""
    return difflib.SequenceMatcher(None, first, second).ratio()


def find_emails(text: str) -> list[str]:
    """Every email address in text, lowercased, in order."""
    return [match.group().lower().strip(".'") for match in EMAIL_RE.finditer(text)]


def squash(text: str) -> str:
    """Text with runs of whitespace made single spaces and the ends trimmed."""
    return " ".join(text.split())


def strip_edges(text: str) -> str:
    """Text without surrounding spaces, commas, dashes and colons."""
    return text.strip(" \t\n,;:—–-")


def unquote(text: str) -> tuple[str, bool]:
    """Text without one pair of surrounding quotes, and whether it had them."""
    stripped = text.strip()
    pairs = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»"}
    if len(stripped) >= 2 and stripped[0] in pairs and stripped[-1] == pairs[stripped[0]]:
        return stripped[1:-1].strip(), True
    return stripped, False


def sentence(text: str) -> str:
    """Text as a tidy sentence: first letter capital, "i" as "I", a final full stop."""
    cleaned = squash(text).strip(" ,;:—–-")
    if not cleaned:
        return ""
    cleaned = I_FORMS.sub("I", cleaned)
    cleaned = cleaned[0].upper() + cleaned[1:]
    if not cleaned.endswith(TERMINAL) and not cleaned.endswith((")", '"', "”")):
        cleaned += "."
    return cleaned


def capitalise(text: str) -> str:
    """Text with its first letter made upper case and the rest left alone."""
    cleaned = squash(text).strip(" ,;:.—–-")
    return cleaned[:1].upper() + cleaned[1:] if cleaned else ""


def ordinal_choice(text: str) -> int | None:
    """A 1-based pick like "the second", "option 3", "#2" or "2", if text is only that."""
    words = [w for w in words_of(text) if w not in {"the", "option", "number", "no", "one", "pick"}]
    if re.fullmatch(r"\s*#\s*\d{1,2}\s*", text):
        words = [text.strip().lstrip("#").strip()]
    raw = words_of(text)
    if not words and raw and raw[-1] == "one":
        words = ["first"] if raw[0] in {"that", "this"} else []
    if len(words) != 1:
        return None
    word = words[0]
    ordinals = {
        "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
        "4th": 4, "fifth": 5, "5th": 5, "last": -1, "latter": -1, "former": 1,
    }  # fmt: skip
    if word in ordinals:
        return ordinals[word]
    if word.isdigit() and 0 < int(word) < 20:
        return int(word)
    return None
