"""Text signals of triage: quoted-text removal, questions, requests, deadlines, impact terms."""

from __future__ import annotations

import re

from nyte_tui.services.triage.asking import NO_RUSH_RE, REQUEST_RE, TASK_RE, WEAK_REQUESTS

__all__ = [
    "GREETINGS",
    "IMPACT_TERMS",
    "INLINE_QUOTE",
    "NO_RUSH_RE",
    "PAYMENT_RE",
    "QUESTION_MARKS",
    "QUOTE_HEADER",
    "REQUEST_RE",
    "URGENT_RE",
    "WEAK_REQUESTS",
    "find_questions",
    "find_requests",
    "impact_terms",
    "is_task",
    "is_urgent",
    "key_sentence",
    "mentions_payment_due",
    "no_rush",
    "request_sentences",
    "strip_quoted",
]

QUOTE_HEADER = re.compile(
    r"^(on .{4,120} wrote:|le .{4,120} a écrit\s?:|am .{4,120} schrieb .{0,80}:|"
    r"el .{4,120} escribió:|em .{4,120} escreveu:|il .{4,120} ha scritto:|"
    r"op .{4,120} schreef .{0,80}:|.{4,120}のメッセージ:|.{4,120}(さん|様)は書きました:|"
    r"-----\s*original message\s*-----|from: .+|von: .+|de: .+|da: .+|van: .+|差出人: .+)$",
    re.IGNORECASE,
)
INLINE_QUOTE = re.compile(
    r"\b(on|le|am|el|em|il|op) [^\n]{4,120}? (wrote|a écrit|schrieb|escribió|escreveu|"
    r"ha scritto|schreef)\s?:",
    re.IGNORECASE,
)
GREETINGS = (
    r"hi|hello|hey|dear|hallo|liebe|lieber|bonjour|salut|hola|querida|querido|buenos días|"
    r"buenas|estimad[oa]|ciao|buongiorno|buonasera|gentile|car[oa]|olá|oi|bom dia|boa tarde|"
    r"prezad[oa]|beste|hoi|goedemorgen|guten (morgen|tag)|sehr geehrte[rn]?"
)
QUESTION_MARKS = ("?", "？", "¿")
IMPACT_TERMS: dict[str, tuple[str, ...]] = {
    "money": (
        "invoice",
        "payment",
        "refund",
        "budget",
        "pricing",
        "price",
        "wire transfer",
        "£",
        "€",
        "$",
        "rechnung",
        "zahlung",
        "facture",
        "paiement",
        "factura",
        "pago",
        "請求",
    ),
    "contract": (
        "contract",
        "agreement",
        "signature",
        "nda",
        "renewal",
        "msa",
        "vertrag",
        "contrat",
        "contrato",
        "契約",
    ),
    "legal": (
        "legal",
        "lawyer",
        "counsel",
        "compliance",
        "gdpr",
        "lawsuit",
        "liability",
        "anwalt",
        "juridique",
        "abogado",
    ),
    "security": (
        "security",
        "password",
        "breach",
        "vulnerability",
        "phishing",
        "compromised",
        "sicherheit",
        "sécurité",
        "seguridad",
    ),
    "customer": ("customer", "client", "escalation", "kunde", "cliente", "顧客"),
    "travel": ("flight", "hotel", "itinerary", "boarding", "passport", "visa", "flug", "vuelo"),
    "outage": (
        "outage",
        "is down",
        "are down",
        "still down",
        "went down",
        "incident",
        "500 errors",
        "http 500",
        "http 502",
        "http 503",
        "http 504",
        "bad gateway",
        "service unavailable",
        "sev1",
        "sev-1",
        "p1",
        "degraded",
        "not loading",
        "ausfall",
        "panne",
        "caída",
        "障害",
    ),
}
URGENT_RE = re.compile(
    r"\b(urgent|asap|immediately|right away|dringend|sofort|urgente|de inmediato)\b|至急|緊急",
    re.IGNORECASE,
)
PAYMENT_RE = re.compile(
    r"\b(payment|instal+ment|invoice|bill|amount|balance)\b.{0,60}\bdue\b|\bdue\b.{0,40}\b(pay|payment)\b"
    r"|\bpay (by|before)\b",
    re.IGNORECASE,
)
# Zones whose people write numeric dates month first (03/04 = 4 March elsewhere): the United
# States and its territories, and the Philippines. Everywhere else (Canada and Latin America
# included) day first is the safer reading.


# where a forwarded message ends: what follows is the sender's own text again
FORWARD_END = re.compile(
    r"^[-=\s]*(end of forwarded message|einde (van )?(het )?doorgestuurde? bericht|"
    r"ende der weitergeleiteten nachricht|fin du message (transféré|réexpédié)|"
    r"fin del mensaje reenviado|fim da mensagem encaminhada|fine del messaggio inoltrato)"
    r"[-=\s]*$",
    re.IGNORECASE | re.MULTILINE,
)


def strip_quoted(text: str, quotes_are_content: bool = False) -> str:
    """The new part of a reply: quoted lines, quote headers and signatures removed (and the
    sender's text after a forwarded message's end marker kept).

    quotes_are_content: a notification quoting a comment ("> @sophie can you confirm …?")
    with no quote header anywhere keeps the quoted lines, their markers removed.
    """
    end = FORWARD_END.search(text)
    if end is not None:
        after = strip_quoted(text[end.end() :], quotes_are_content)
        before = strip_quoted(text[: end.start()], quotes_are_content)
        return "\n\n".join(part for part in (before, after) if part)
    kept: list[str] = []
    inline = INLINE_QUOTE.search(text)
    if inline is not None:
        text = text[: inline.start()]
    lines = text.splitlines()
    keep_quotes = quotes_are_content and not any(QUOTE_HEADER.match(line.strip()) for line in lines)
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(">"):
            if keep_quotes:
                kept.append(stripped.lstrip("> "))
            continue
        if QUOTE_HEADER.match(stripped) or stripped in ("--", "-- "):
            break
        kept.append(line)
    return "\n".join(kept).strip()


# "how are you?" asks nothing of the reader
PLEASANTRY_RE = re.compile(
    r"\b(how are you|how's it going|how are things|hope you're well|tudo bem|como vai|"
    r"como você está|ça va|comment vas-tu|comment allez-vous|wie geht'?s|wie geht es (dir|Ihnen)|"
    r"alles gut|come stai|come va|tutto bene|qué tal|cómo estás|cómo está|hoe gaat het|"
    r"alles goed)\b|元気|お元気",
    re.IGNORECASE,
)
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _short(sentence: str) -> bool:
    """Under four words (eight characters in Japanese or Chinese): too short to quote alone."""
    if CJK_RE.search(sentence):
        return len(sentence.replace(" ", "")) < 8
    return len(sentence.split()) < 4


def find_questions(text: str) -> list[str]:
    """Sentences of text that ask something (question marks in several scripts); a short one
    comes with the sentence before it ("… in December. Want to come?"), a pleasantry not at
    all ("Filha, tudo bem?")."""
    from nyte_tui.services.triage.dates import sentences

    parts = sentences(text)
    quotes = (_question_quote(parts, index) for index in range(len(parts)))
    return [quote for quote in quotes if quote]


def _question_quote(parts: list[str], index: int) -> str | None:
    """The question at parts[index] as it should be quoted (None when it is no question)."""
    sentence = parts[index]
    if not any(mark in sentence for mark in QUESTION_MARKS) or len(sentence) <= 3:
        return None
    if _short(sentence) and PLEASANTRY_RE.search(sentence):
        return None
    if _short(sentence) and index > 0 and not _short(parts[index - 1]):
        return f"{parts[index - 1]} {sentence}"
    return sentence


def find_requests(text: str) -> list[str]:
    """Request phrases in text ("can you", "please", "bitte", "pourriez-vous", "ください"…)."""
    unwrapped = WRAP_RE.sub(" ", text)  # "je compte\nsur toi" as the sentence reads
    return [" ".join(m.group(0).lower().split()) for m in REQUEST_RE.finditer(unwrapped)]


# a line break inside a sentence: after a word, before a word in lower case
WRAP_RE = re.compile(r"(?<=[^\s.!?:;。？！])[ \t]*\n[ \t]*(?=[a-zà-ÿ])")


def request_sentences(text: str) -> list[str]:
    """Sentences of text that hold a request, strongest phrasing first."""
    from nyte_tui.services.triage.dates import sentences

    asking = [s for s in sentences(text) if REQUEST_RE.search(s)]
    return sorted(asking, key=lambda s: all(r.lower() in WEAK_REQUESTS for r in find_requests(s)))


def is_task(sentence: str) -> bool:
    """Whether an ask is a task done outside the reply ("upload the form", "im Portal")."""
    return TASK_RE.search(sentence) is not None


def no_rush(text: str) -> bool:
    """Whether the sender says there is no hurry ("no rush", "keine Eile", "rien ne presse")."""
    return NO_RUSH_RE.search(text) is not None


def key_sentence(text: str, deadline_phrase: str | None = None) -> str | None:
    """The whole sentence that carries the ask: one naming the deadline first, then a question
    or a strong request, then any polite request (wrapped lines joined, never cut)."""
    from nyte_tui.services.triage.dates import sentences

    parts = sentences(text)
    asking = [
        quote
        for index, sentence in enumerate(parts)
        if (
            quote := _question_quote(parts, index)
            or (sentence if REQUEST_RE.search(sentence) else None)
        )
    ]
    if not asking:
        return None
    phrase = (deadline_phrase or "").lower()

    def rank(item: tuple[int, str]) -> tuple[int, int, int]:
        position, sentence = item
        dated = 0 if phrase and phrase in sentence.lower() else 1
        weak = all(r.lower() in WEAK_REQUESTS for r in find_requests(sentence)) and not any(
            m in sentence for m in QUESTION_MARKS
        )
        return dated, int(weak), position

    return min(enumerate(asking), key=rank)[1]


def impact_terms(text: str) -> dict[str, str]:
    """The first term found of each impact category."""
    lowered = f" {text.lower()} "
    found: dict[str, str] = {}
    for category, terms in IMPACT_TERMS.items():
        for term in terms:
            if term.isascii() and term[0].isalnum():
                if re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", lowered):
                    found[category] = term
                    break
            elif term in lowered:
                found[category] = term
                break
    return found


def is_urgent(text: str) -> bool:
    """Whether text says it is urgent."""
    return URGENT_RE.search(text) is not None


def mentions_payment_due(text: str) -> bool:
    """Whether text says a payment or bill is due."""
    return PAYMENT_RE.search(text) is not None
