"""The user's indirect speech turned into the message itself, in the user's own voice."""

from __future__ import annotations

import re
from typing import Literal

from nyte_tui.commands.text import capitalise, fold, sentence, squash, strip_edges, unquote

Mode = Literal["say", "tell", "ask"]
LEADS = re.compile(
    r"^(?:(?:and\s+)?(?:say(?:ing)?|says|to\s+say|write|writing|tell(?:ing)?\s+(?:her|him|them)|"
    r"let(?:ting)?\s+(?:her|him|them)\s+know)(?:\s+that)?\b|that\b|with\b|back\b|"
    r"the\s+following\b|que\b|dass\b|che\b|[:,\-—–]+)\s*",
    re.IGNORECASE,
)
ASK_IF = re.compile(r"^(?:if|whether)\b\s*", re.IGNORECASE)
WH_WORD = re.compile(r"^(?:when|where|what|who|how|why|which)\b", re.IGNORECASE)
TO_VERB = re.compile(r"^to\s+(?=\w)", re.IGNORECASE)
ADVERBS = {"always", "also", "still", "just", "already", "really", "never", "usually", "only"}
AGREEMENT = {
    "is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
    "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesnt": "dont",
}  # fmt: skip
CONTRACTIONS = {"she's": "you're", "he's": "you're", "she'll": "you'll", "he'll": "you'll"}
CONTRACTIONS |= {"she'd": "you'd", "he'd": "you'd", "she’s": "you're", "he’s": "you're"}
NOT_NOUNS = {
    "and", "or", "but", "to", "that", "if", "a", "the", "about", "for", "with", "on", "in",
    "at", "by", "from", "know", "up", "back", "again", "today", "tomorrow", "soon", "now",
}  # fmt: skip
UNCAPPED = {"i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
UNCAPPED |= {"january", "february", "march", "april", "may", "june", "july", "august", "october"}
UNCAPPED |= {"september", "november", "december", "dec", "jan", "i'm", "i'll", "i've", "i'd"}
FILLER_PHRASES = (
    r"\bI (?:just )?wanted to (?:let you know|say|tell you) (?:that )?",
    r"\bplease note that ",
    r"\bI think (?:that )?",
    r"\bjust\s+",
    r"\breally\s+",
    r"\bactually,?\s+",
    r"\bbasically,?\s+",
    r"\bvery\s+",
    r"\bquite\s+",
    r"\bat the moment\b",
    r"\bas soon as possible\b",
)
FILLER_SENTENCES = re.compile(
    r"^(?:I hope (?:you(?:'re| are) (?:well|doing well)|this finds you well)|hope you(?:'re| are)"
    r" (?:well|doing well)|let me know if you have (?:any )?questions|thanks in advance|"
    r"many thanks|thank you|thanks)[.!]?$",
    re.IGNORECASE,
)


def strip_leads(text: str) -> str:
    """Text without leading "that", "saying", "to say", ":" and the like."""
    previous = None
    current = text.strip()
    while previous != current:
        previous = current
        current = LEADS.sub("", current, count=1).strip()
    return current


def _verb_to_second_person(word: str) -> str:
    """A third-person verb made to agree with "you": "needs" → "need"."""
    lowered = word.lower()
    if lowered in AGREEMENT:
        replaced = AGREEMENT[lowered]
        return replaced.capitalize() if word[:1].isupper() else replaced
    if not lowered.isalpha() or len(lowered) <= 3 or not lowered.endswith("s"):
        return word
    if lowered.endswith(("ss", "us", "is")):
        return word
    if lowered.endswith("ies"):
        return word[:-3] + "y"
    if lowered.endswith(("ches", "shes", "xes", "sses", "zes", "oes")):
        return word[:-2]
    return word[:-1]


def _match_case(source: str, replacement: str) -> str:
    """The replacement capitalised like the source word."""
    return replacement.capitalize() if source[:1].isupper() else replacement


def second_person(text: str, others: frozenset[str] = frozenset()) -> str:
    """The recipient's "she/her/he/him" as "you/your", unless someone else was mentioned first."""
    words = re.split(r"(\s+)", text)
    out: list[str] = []
    expect_verb = False
    for index, chunk in enumerate(words):
        if not chunk or chunk.isspace():
            out.append(chunk)
            continue
        core = chunk.strip(".,!?;:\"'()")
        lead = chunk[: chunk.find(core)] if core else ""
        tail = chunk[len(lead) + len(core) :]
        lowered = core.lower()
        if _third_party_before(out, others):
            out.append(chunk)
            continue
        replacement: str | None = None
        if lowered in {"she", "he"}:
            replacement, expect_verb = "you", True
        elif lowered in CONTRACTIONS:
            replacement = CONTRACTIONS[lowered]
        elif lowered == "him":
            replacement = "you"
        elif lowered in {"herself", "himself"}:
            replacement = "yourself"
        elif lowered == "hers":
            replacement = "yours"
        elif lowered in {"her", "his"}:
            following = _next_word(words, index)
            is_noun = following and following.lower() not in NOT_NOUNS and not tail
            if lowered == "his":
                replacement = "your" if is_noun else "yours"
            else:
                replacement = "your" if is_noun else "you"
        elif expect_verb:
            if lowered in ADVERBS:
                out.append(chunk)
                continue
            replacement = _verb_to_second_person(core)
            expect_verb = False
            out.append(lead + replacement + tail)
            continue
        if replacement is None:
            out.append(chunk)
        else:
            out.append(lead + _match_case(core, replacement) + tail)
    return "".join(out)


def _next_word(words: list[str], index: int) -> str:
    """The next non-space chunk after index, stripped of punctuation."""
    for chunk in words[index + 1 :]:
        if chunk and not chunk.isspace():
            return chunk.strip(".,!?;:\"'()")
    return ""


def _third_party_before(out: list[str], others: frozenset[str]) -> bool:
    """Whether someone else (a known name or a capitalised word) appears in the text so far."""
    chunks = [c for c in out if c and not c.isspace()]
    for position, chunk in enumerate(chunks):
        core = chunk.strip(".,!?;:\"'()")
        if fold(core.removesuffix("'s")) in others:
            return True
        if position == 0 or not core[:1].isupper():
            continue
        previous = chunks[position - 1]
        if previous.endswith((".", "!", "?")) or core.lower() in UNCAPPED or core == "You":
            continue
        return True
    return False


def message_body(
    text: str, mode: Mode = "say", *, convert: bool = True, others: frozenset[str] = frozenset()
) -> str:
    """The message itself from the user's words: "that we are on it" → "We are on it."."""
    body, quoted = unquote(strip_edges(text))
    if quoted:
        return sentence(body)
    body = strip_leads(body)
    body, quoted = unquote(body)
    if quoted:
        return sentence(body)
    if not body:
        return ""
    if mode in {"ask", "tell"} and TO_VERB.match(body):
        action = second_person(TO_VERB.sub("", body), others) if convert else TO_VERB.sub("", body)
        action = action.rstrip(" .!?")
        return f"Could you {action}?" if mode == "ask" else sentence(f"Please {action}")
    if mode == "ask":
        converted = second_person(body, others) if convert else body
        converted = converted.rstrip(" .!?")
        if ASK_IF.match(converted) or WH_WORD.match(converted):
            return f"Could you let me know {converted}?"
        if converted.lower().startswith("about "):
            return f"Any news {converted}?"
        return capitalise(converted) + "?"
    return sentence(second_person(body, others) if convert else body)


def derive_subject(body: str, limit: int = 8) -> str:
    """A subject from the body's first words (at most limit), without the final stop."""
    first = re.split(r"(?<=[.!?])\s+|\n", body.strip(), maxsplit=1)[0]
    clause = re.split(r",\s+|\s+(?:and|but|so|because|since)\s+", first, maxsplit=1)[0]
    if len(clause.split()) >= 3:
        first = clause
    words = first.split()[:limit]
    return capitalise(" ".join(words).rstrip(".!?,;:"))


def shorten(body: str) -> str:
    """A shorter body: filler phrases and pleasantries dropped, else the last sentence."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", body.strip()) if s]
    kept = [s for s in sentences if not FILLER_SENTENCES.match(s.strip())] or sentences[:1]
    text = " ".join(kept)
    for phrase in FILLER_PHRASES:
        text = re.sub(phrase, "", text, flags=re.IGNORECASE)
    text = squash(text)
    text = re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    if text == body.strip() and len(kept) > 1:
        text = " ".join(kept[:-1])
    return text or body
