"""Text signals of triage: quoted-text removal, questions, requests, deadlines, impact terms."""

from __future__ import annotations

import re

QUOTE_HEADER = re.compile(
    r"^(on .{4,120} wrote:|le .{4,120} a écrit\s?:|am .{4,120} schrieb .{0,80}:|"
    r"el .{4,120} escribió:|-----\s*original message\s*-----|from: .+)$",
    re.IGNORECASE,
)
INLINE_QUOTE = re.compile(
    r"\b(on|le|am|el) [^\n]{4,120}? (wrote|a écrit|schrieb|escribió)\s?:", re.IGNORECASE
)
GREETINGS = r"hi|hello|hey|dear|hallo|liebe|lieber|bonjour|salut|hola|querida|querido"
WEAK_REQUESTS = frozenset(("please", "bitte", "por favor", "s'il vous plaît", "s'il te plaît"))
QUESTION_MARKS = ("?", "？", "¿")
REQUEST_PATTERNS = (
    r"\b(can|could|would|will) you\b",
    r"\bplease\b",
    r"\blet me know\b",
    r"\bneed you to\b",
    r"\bare you (able|free|around|ok)\b",
    r"\bany chance\b",
    r"\bdo you (have|know|want|mind)\b",
    r"\b(sign|approve|review|confirm) (it|this|the|by|and|off)\b",
    r"\bsend (me|over|us)\b",
    r"\bwhat do you think\b",
    r"\byour (thoughts|input|approval|sign-off|signature)\b",
    r"\bk(ö|oe)nn(en sie|test du|t ihr)\b",
    r"\bkannst du\b",
    r"\bbitte\b",
    r"\bw(ü|ue)rden sie\b",
    r"\bpourr(iez|ais)[- ](vous|tu)\b",
    r"\bpouvez[- ]vous\b",
    r"\bpeux[- ]tu\b",
    r"\bmerci de\b",
    r"\b(je vous remercie|nous vous remercions|je vous prie|nous vous prions) de\b",
    r"\b(veuillez|nous vous demandons|je vous demande)\b",
    r"\b(ich|wir) bitten?\b",
    r"\b(le|les|te) (agradecer[íi]a|ruego)\b",
    r"\b(gelieve|graag)\b",
    r"\b(per favore|ti chiedo|la prego|potresti|potrebbe)\b",
    r"\b(você (pode|consegue)|poderia|por gentileza)\b",
    r"\b(kun je|kunt u|zou je|zou u)\b",
    r"(?:^|(?<=\n))\s*(?:please\s+)?(?:reply|confirm|send|sign|call|return|submit|complete|review|approve)\b",
    r"\bs'il (vous|te) pla[iî]t\b",
    r"\bpodr(í|i)as?\b",
    r"\bpuedes\b",
    r"\bpor favor\b",
    r"ください",
    r"お願いします",
    r"いただけ",
    r"頂け",
)
REQUEST_RE = re.compile("|".join(REQUEST_PATTERNS), re.IGNORECASE)
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


def strip_quoted(text: str) -> str:
    """The new part of a reply: quoted lines, quote headers and signatures removed."""
    kept: list[str] = []
    inline = INLINE_QUOTE.search(text)
    if inline is not None:
        text = text[: inline.start()]
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if QUOTE_HEADER.match(stripped) or stripped in ("--", "-- "):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def find_questions(text: str) -> list[str]:
    """Sentences of text that ask something (question marks in several scripts)."""
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?？。])\s+|\n+", text):
        cleaned = sentence.strip()
        if any(mark in cleaned for mark in QUESTION_MARKS) and len(cleaned) > 3:
            found.append(cleaned)
    return found


def find_requests(text: str) -> list[str]:
    """Request phrases in text ("can you", "please", "bitte", "pourriez-vous", "ください"…)."""
    return [m.group(0).lower() for m in REQUEST_RE.finditer(text)]


def request_sentences(text: str) -> list[str]:
    """Sentences of text that hold a request, strongest phrasing first."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?？。])\s+|\n+", text) if s.strip()]
    asking = [s for s in sentences if REQUEST_RE.search(s)]
    return sorted(asking, key=lambda s: all(r.lower() in WEAK_REQUESTS for r in find_requests(s)))


NO_RUSH_RE = re.compile(
    r"\b(no rush|no hurry|not urgent|whenever (you|it)|when you (get a chance|have time|know)|"
    r"one of these (days|weekends|weeks)|some ?time|keine eile|eilt nicht|"
    r"wenn du (zeit hast|wei(ss|ß)t)|rien ne presse|pas (d'urgence|pressé)|quand tu (peux|auras)|"
    r"sin prisa|cuando puedas|sem pressa|quando puder|senza fretta|con calma|geen haast)\b",
    re.IGNORECASE,
)


def no_rush(text: str) -> bool:
    """Whether the sender says there is no hurry ("no rush", "keine Eile", "rien ne presse")."""
    return NO_RUSH_RE.search(text) is not None


def key_sentence(text: str, deadline_phrase: str | None = None) -> str | None:
    """The whole sentence that carries the ask: one naming the deadline first, then a question
    or a strong request, then any polite request (wrapped lines joined, never cut)."""
    from nyte_tui.services.triage.dates import sentences

    asking = [
        s for s in sentences(text) if any(m in s for m in QUESTION_MARKS) or REQUEST_RE.search(s)
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
