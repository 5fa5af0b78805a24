"""Comparing text with what the user typed: folded case and accents."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-cased text without accents, for "did the user write this" checks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
