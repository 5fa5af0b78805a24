"""Keeping a model's draft to what the user said: their content kept, no new commitments.

A model that read hostile mail may rewrite the message ("Payment will be made today") or add
to it (a code from another email, "I have opened the attachment"). The draft is kept only
where it carries the user's own content; sentences that commit the user to something they
did not say, or that quote codes nyte cannot trace to the user or the thread, are removed.
"""

from __future__ import annotations

import re

from nyte_tui.services.commands.reading_text import fold

WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)
SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n{2,}")
CODE = re.compile(r"\b(?=[\w-]*\d)(?=[\w-]*[^\W\d_])[\w-]{6,}\b")
COMMITMENT = re.compile(
    r"(?i)\b(pay|paid|paying|payment|wire\w*|transfer\w*|refund\w*|gift ?cards?|iban|swift|"
    r"password|passcode|one-time|otp|2fa|codes?|credentials?|verif\w*|log ?in|sign[- ]?in|"
    r"authori[sz]\w*|approv\w*|agree\w*|sign|signed|signing|release\w*|funds?|forward\w*|"
    r"opened|safe|remov\w*|delet\w*|confirm\w*|buy|bought|purchas\w*|click\w*|wallet)\b"
)
STOP = frozenset(
    [
        "the",
        "and",
        "that",
        "this",
        "with",
        "for",
        "you",
        "your",
        "are",
        "was",
        "will",
        "have",
        "has",
        "but",
        "not",
        "they",
        "them",
        "our",
        "from",
        "all",
        "any",
        "can",
        "could",
        "would",
        "should",
        "just",
        "also",
        "than",
        "then",
        "there",
        "here",
        "what",
        "when",
        "which",
        "who",
        "how",
        "reply",
        "tell",
        "say",
        "said",
        "let",
        "know",
        "about",
        "please",
        "thanks",
        "thank",
    ]
)
KEEP_SHARE = 0.6


def content_words(text: str) -> set[str]:
    """The folded words of text that carry meaning (three letters or more, no filler)."""
    return {w for w in WORD.findall(fold(text)) if w not in STOP}


def guard_body(
    model_body: str, user_body: str | None, said: str, thread_text: str
) -> tuple[str, list[str]]:
    """The draft to use and what was removed from the model's version, in flags."""
    flags: list[str] = []
    if user_body:
        wanted = content_words(user_body)
        kept = content_words(model_body)
        if wanted and len(wanted & kept) / len(wanted) < KEEP_SHARE:
            flags.append(
                "suspicious_instructions: the model's draft dropped what you said; "
                "nyte used your own words"
            )
            return user_body, flags
    source = fold(f"{said}\n{user_body or ''}")
    thread = fold(thread_text)
    known = content_words(f"{said}\n{user_body or ''}")
    kept_sentences: list[str] = []
    for sentence in SENTENCE.split(model_body):
        text = sentence.strip()
        if not text:
            continue
        codes = [c for c in CODE.findall(text) if fold(c) not in source and fold(c) not in thread]
        promise = [m.group(0) for m in COMMITMENT.finditer(text) if fold(m.group(0)) not in source]
        unsaid = content_words(text) - known
        if codes or (promise and unsaid):
            shown = text if len(text) <= 80 else text[:77] + "…"
            flags.append(f"suspicious_instructions: removed from the draft: “{shown}”")
            continue
        kept_sentences.append(text)
    body = " ".join(kept_sentences).strip() if kept_sentences else (user_body or "")
    return (_paragraphs(model_body, kept_sentences) or body), flags


def _paragraphs(original: str, kept: list[str]) -> str:
    """The kept sentences, with the draft's paragraph breaks where they still fall."""
    if not kept:
        return ""
    out: list[str] = []
    for paragraph in re.split(r"\n{2,}", original):
        pieces = [s.strip() for s in SENTENCE.split(paragraph) if s.strip() in kept]
        if pieces:
            out.append(" ".join(pieces))
    return "\n\n".join(out)
