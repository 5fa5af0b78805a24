"""The action word of an instruction: exact, several-word, a few non-English forms, or a typo."""

from __future__ import annotations

from dataclasses import dataclass

from nyte_tui.commands.text import Token, close_word

# Action names: reply, reply_all, tell, ask, let, send, draft, accept, decline, tentative,
# schedule, move.
SINGLE: dict[str, str] = {
    "reply": "reply", "respond": "reply", "answer": "reply", "tell": "tell", "ask": "ask",
    "let": "let", "inform": "tell", "send": "send", "email": "send", "e-mail": "send",
    "mail": "send", "message": "send", "write": "send", "ping": "send", "draft": "draft",
    "prepare": "draft", "compose": "draft", "accept": "accept", "confirm": "accept",
    "attend": "accept", "decline": "decline", "reject": "decline", "refuse": "decline",
    "skip": "decline", "tentative": "tentative", "tentatively": "tentative",
    "maybe": "tentative", "schedule": "schedule", "book": "schedule", "arrange": "schedule",
    "organise": "schedule", "organize": "schedule", "setup": "schedule", "meet": "schedule",
    "plan": "schedule", "move": "move", "reschedule": "move", "push": "move", "shift": "move",
    "postpone": "move", "delay": "move", "rebook": "move", "bump": "move",
    # a few non-English forms (German, French, Spanish, Italian)
    "antworte": "reply", "antworten": "reply", "beantworte": "reply", "réponds": "reply",
    "répondre": "reply", "reponds": "reply", "repondre": "reply", "responde": "reply",
    "responder": "reply", "contesta": "reply", "rispondi": "reply", "schreibe": "send",
    "schreib": "send", "sende": "send", "schicke": "send", "envoie": "send",
    "envoyer": "send", "envía": "send", "envia": "send", "enviar": "send", "manda": "send",
    "invia": "send", "annehmen": "accept", "zusagen": "accept", "akzeptiere": "accept",
    "accepte": "accept", "accepter": "accept", "acepta": "accept", "aceptar": "accept",
    "accetta": "accept", "ablehnen": "decline", "absagen": "decline", "lehne": "decline",
    "refuser": "decline", "décline": "decline", "rechaza": "decline", "rechazar": "decline",
    "rifiuta": "decline", "plane": "schedule", "planen": "schedule", "planifie": "schedule",
    "programa": "schedule", "agenda": "schedule", "verschiebe": "move",
    "verschieben": "move", "déplace": "move", "deplace": "move", "mueve": "move",
    "sposta": "move", "drop": "send", "shoot": "send", "bring": "move_earlier",
}  # fmt: skip
MULTI: tuple[tuple[tuple[str, ...], str], ...] = (
    (("reply", "to", "all"), "reply_all"),
    (("reply", "to", "everyone"), "reply_all"),
    (("respond", "to", "all"), "reply_all"),
    (("reply", "all"), "reply_all"),
    (("reply-all",), "reply_all"),
    (("replyall",), "reply_all"),
    (("answer", "all"), "reply_all"),
    (("write", "back", "to"), "reply"),
    (("write", "back"), "reply"),
    (("get", "back", "to"), "reply"),
    (("send", "a", "reply"), "reply"),
    (("send", "a", "response"), "reply"),
    (("set", "up"), "schedule"),
    (("find", "a", "time"), "schedule"),
    (("find", "some", "time"), "schedule"),
    (("find", "time"), "schedule"),
    (("find", "a", "slot"), "schedule"),
    (("put", "in"), "schedule"),
    (("book", "in"), "schedule"),
    (("tentatively", "accept"), "tentative"),
    (("maybe", "accept"), "tentative"),
    (("say", "maybe", "to"), "tentative"),
    (("rsvp", "maybe"), "tentative"),
    (("rsvp", "yes"), "accept"),
    (("rsvp", "no"), "decline"),
    (("say", "yes", "to"), "accept"),
    (("say", "no", "to"), "decline"),
    (("turn", "down"), "decline"),
    (("can't", "make"), "decline"),
    (("cannot", "make"), "decline"),
    (("bring", "forward"), "move_earlier"),
    (("move", "up"), "move_earlier"),
    (("push", "back"), "move"),
)
CREATE_WORDS = {"create", "add", "put", "new", "start"}
MEETING_NOUNS = {"meeting", "call", "event", "sync", "chat", "1:1", "appointment", "catch-up"}
PREFIXES: tuple[tuple[str, ...], ...] = (
    ("i", "would", "like", "to"),
    ("i'd", "like", "to"),
    ("i", "want", "to"),
    ("i", "need", "to"),
    ("go", "ahead", "and"),
    ("help", "me"),
    ("can", "you"),
    ("could", "you"),
    ("would", "you"),
    ("will", "you"),
    ("can", "u"),
    ("hey", "nyte"),
    ("please",),
    ("pls",),
    ("plz",),
    ("kindly",),
    ("let's",),
    ("lets",),
    ("ok",),
    ("okay",),
    ("so",),
    ("now",),
    ("nyte",),
    ("then",),
    ("also",),
    ("just",),
    ("quickly",),
)
# Verbs too common to be trusted anywhere but at the start of the instruction.
HEAD_ONLY = {"tell", "ask", "let", "write", "message", "maybe", "meet", "plan", "book", "answer"}
HEAD_ONLY |= {"push", "delay", "skip", "attend", "shift", "confirm", "drop", "shoot", "bring"}
HEAD_ONLY |= {"mail", "move", "prepare", "ping", "bump", "inform"}
ENGLISH_END = "antworte"
FUZZY_VOCAB = sorted(
    word for word in list(SINGLE)[: list(SINGLE).index(ENGLISH_END)] if len(word) >= 4
)


@dataclass(frozen=True)
class Verb:
    """The action word found, where the rest of the instruction starts, and any typo fixed."""

    action: str
    rest: int
    at: int
    typo: str | None = None


def _words(tokens: list[Token], start: int, count: int) -> tuple[str, ...]:
    """The folded words of count tokens from start."""
    return tuple(token.low for token in tokens[start : start + count])


def _skip_prefixes(tokens: list[Token], index: int) -> int:
    """The index after polite openings like "please", "can you", "ok so"."""
    moved = True
    while moved and index < len(tokens):
        moved = False
        if tokens[index].kind == "punct":
            index, moved = index + 1, True
            continue
        for prefix in PREFIXES:
            if _words(tokens, index, len(prefix)) == prefix:
                index, moved = index + len(prefix), True
                break
    return index


def _verb_at(tokens: list[Token], index: int, *, head: bool) -> Verb | None:
    """The action word starting exactly at index, if there is one."""
    for words, action in MULTI:
        if _words(tokens, index, len(words)) == words:
            return Verb(action, index + len(words), index)
    if index >= len(tokens) or not tokens[index].is_word:
        return None
    word = tokens[index].low
    if word in CREATE_WORDS and head:
        nouns = {token.low for token in tokens[index + 1 : index + 4]}
        if nouns & MEETING_NOUNS:
            return Verb("schedule", index + 1, index)
    if word in SINGLE and (head or word not in HEAD_ONLY):
        action = SINGLE[word]
        if action == "let" and "know" not in {t.low for t in tokens[index:]}:
            return None
        return Verb(action, index + 1, index)
    return None


def find_verb(tokens: list[Token]) -> Verb | None:
    """The instruction's action word: at the head (typos forgiven), else the first clear one."""
    head = _skip_prefixes(tokens, 0)
    found = _verb_at(tokens, head, head=True)
    if found is not None:
        return found
    if head < len(tokens) and tokens[head].is_word and len(tokens[head].low) >= 4:
        word = tokens[head].low
        fixed = close_word(word, FUZZY_VOCAB, cutoff=0.75)
        if fixed is not None and fixed != word:
            action = SINGLE[fixed]
            if action != "let":
                rest = head + 1
                if action == "reply" and _words(tokens, rest, 1) in {("all",), ("everyone",)}:
                    action, rest = "reply_all", rest + 1
                elif action == "reply" and _words(tokens, rest, 2) in {("to", "all")}:
                    action, rest = "reply_all", rest + 2
                return Verb(action, rest, head, typo=f"{tokens[head].text} → {fixed}")
    for index in range(head + 1, len(tokens)):
        found = _verb_at(tokens, index, head=False)
        if found is not None:
            return found
    return None
