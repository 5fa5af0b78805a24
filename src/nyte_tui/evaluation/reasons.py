"""The reason property: every quote in a reason is a whole sentence of the mail."""

from __future__ import annotations

import re

from nyte_tui.evaluation.metrics import Outcome

QUOTE_RE = re.compile(r"“([^”]*)”")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
ENDS = (".", "?", "!", "。", "？", "！", ":", ")", "…", "”", '"')


def _flat(text: str) -> str:
    """Text with every run of whitespace as one space."""
    return " ".join(text.split())


def _long_enough(quote: str) -> bool:
    """Four words or more (eight characters for Japanese and Chinese)."""
    if CJK_RE.search(quote):
        return len(quote.replace(" ", "")) >= 8
    return len(quote.split()) >= 4


def quote_problem(outcome: Outcome) -> str | None:
    """What is wrong with the quotes of an outcome's reason (None when nothing is)."""
    conversation = outcome.conversation
    bodies = [m.body for m in conversation.messages]
    flat_bodies = [_flat(b) for b in bodies]
    line_ends = {_flat(line)[-24:] for b in bodies for line in b.splitlines() if line.strip()}
    for quote in QUOTE_RE.findall(outcome.prediction.reason):
        flat = _flat(quote)
        if not _long_enough(flat):
            return f"a fragment under four words: {flat!r}"
        if conversation.type == "thread" and not any(flat in b for b in flat_bodies):
            return "a quote that is not in the mail"
        if not flat.endswith(ENDS) and not any(flat.endswith(end) for end in line_ends):
            return f"a quote that stops mid-sentence: …{flat[-30:]!r}"
    return None
