"""Edits of a proposal in plain words: "make it shorter", "cc Tom", "Wednesday instead"…."""

from __future__ import annotations

import re
from dataclasses import replace

from nyte_tui.commands.context import InterpretContext, Person
from nyte_tui.commands.durations import find_duration
from nyte_tui.commands.edits import (
    add_person,
    remove_person,
    replace_to,
    retime,
    set_duration,
    shift_by,
)
from nyte_tui.commands.intent import (
    Ambiguous,
    Intent,
    Kind,
    NotFound,
    Pending,
    Response,
    Role,
)
from nyte_tui.commands.people import FIRST, score
from nyte_tui.commands.phrases import read_people
from nyte_tui.commands.speech import message_body, shorten
from nyte_tui.commands.text import capitalise, fold, ordinal_choice, tokenize
from nyte_tui.commands.when import find_when

Edit = tuple[Intent, str]
FLAGS = re.IGNORECASE | re.DOTALL
BODY_REPLACE = re.compile(
    r"^(?:(?:change|set|replace|make)\s+(?:the\s+)?(?:body|message|text)\s*(?:to|with|as)?"
    r"|(?:body|message|text)\s*[:=]|make\s+it\s+say|instead\s+say|rewrite\s+(?:it\s+)?as)"
    r"\s*:?\s*(?P<body>.+)$|^say\s+(?P<instead>.+?)\s+instead[.!]?$",
    FLAGS,
)
SUBJECT = re.compile(
    r"^(?:(?:change|set|make)\s+(?:the\s+)?subject(?:\s+line)?\s*(?:to|:)?"
    r"|subject(?:\s+line)?\s*(?::|to|=)|re\s*:)\s*(?P<subject>.+)$",
    FLAGS,
)
SHORTER = re.compile(
    r"^(?:(?:make|keep)\s+(?:it|the\s+(?:body|message|email|reply))\s+)?(?:shorter|short|brief"
    r"|briefer|more\s+concise|concise|terse)(?:\s+please)?[.!]?$|^(?:shorten(?:\s+it)?"
    r"|too\s+long|trim\s+it)[.!]?$",
    FLAGS,
)
APPEND = re.compile(
    r"^(?:also\s+)?(?:say|add|mention|and\s+say)\s+(?:that\s+)?(?P<extra>.+?)\s+"
    r"(?:too|as\s+well|also)[.!]?$|^(?:also\s+(?:say|mention|add)|add\s+that|and\s+say)\s+"
    r"(?:that\s+)?(?P<extra2>.+)$",
    FLAGS,
)
REPLY_ALL = re.compile(
    r"^(?:make\s+it\s+)?(?:reply[\s-]*(?:to\s+)?all|reply\s+to\s+everyone|to\s+everyone"
    r"|everyone|all\s+of\s+them)[.!]?$",
    FLAGS,
)
REPLY_ONE = re.compile(
    r"^(?:(?:not|no|don't)\s+reply[\s-]*all|(?:just|only)\s+(?:to\s+)?the\s+sender"
    r"|reply\s+only\s+to\s+the\s+sender)[.!]?$",
    FLAGS,
)
TO_DRAFT = re.compile(
    r"^(?:make\s+it\s+a\s+draft|just\s+draft\s+it|draft\s+(?:it\s+)?instead|save\s+(?:it\s+)?"
    r"as\s+(?:a\s+)?draft|as\s+a\s+draft|draft(?:\s+it)?)[.!]?$",
    FLAGS,
)
TO_SEND = re.compile(r"^(?:send\s+it(?:\s+instead|\s+now)?|don't\s+draft(?:\s+it)?)[.!]?$", FLAGS)
RESPONSE = re.compile(
    r"^(?:actually\s+|no,?\s+|rather\s+|make\s+it\s+)?(?P<r>accept|decline|tentative|tentatively"
    r"(?:\s+accept)?|maybe|yes|no)(?:\s+(?:it|instead|then))*[.!]?$",
    FLAGS,
)
NOTE = re.compile(
    r"^(?:note|add\s+a\s+note|with\s+a\s+note|say|tell\s+them|message)\s*:?\s*(?P<note>.+)$", FLAGS
)
COPY = re.compile(
    r"^(?:and\s+|also\s+)?(?P<kind>cc|bcc)\s*:?\s*(?P<who>.+)$|^(?:add|put)\s+(?P<who2>.+?)"
    r"\s+(?:to|in|on)\s+(?:the\s+)?(?P<kind2>cc|bcc)$|^copy\s+(?:in\s+)?(?P<who3>.+)$",
    FLAGS,
)
REMOVE = re.compile(
    r"^(?:remove|drop|delete|take\s+(?:off|out)|exclude|uninvite|without|no)\s+(?P<who>.+?)"
    r"(?:\s+from\s+.*)?[.!]?$|^(?:don't|do\s+not)\s+(?:include|invite|cc|copy)\s+(?P<who2>.+)$",
    FLAGS,
)
TO_INSTEAD = re.compile(
    r"^(?:send\s+(?:it\s+)?|address\s+it\s+|make\s+it\s+)?to\s+(?P<who>.+?)\s+instead[.!]?$"
    r"|^(?:send\s+it|address\s+it)\s+to\s+(?P<who2>.+)$",
    FLAGS,
)
ADD = re.compile(
    r"^(?:add|include|invite|also\s+invite|also\s+send\s+(?:it\s+)?to|also)\s+(?P<who>.+?)"
    r"(?:\s+(?:too|as\s+well))?[.!]?$",
    FLAGS,
)
TITLE = re.compile(
    r"^(?:call\s+it|title\s*:|titled|name\s+it|rename\s+(?:it\s+)?(?:to\s+)?|change\s+the\s+title"
    r"\s+to|make\s+the\s+title)\s*(?P<title>.+)$|^about\s+(?P<about>.+?)\s+instead$",
    FLAGS,
)
PUSH = re.compile(r"\b(?:push|postpone|delay|bump)\b", re.IGNORECASE)
SHIFT = re.compile(r"\b(?:move|shift)\b", re.IGNORECASE)
LATER = re.compile(r"\b(?:later|back)\b", re.IGNORECASE)
EARLIER = re.compile(r"\b(?:earlier|forward|sooner)\b", re.IGNORECASE)
TIME_NOISE = re.compile(
    r"\b(?:instead|actually|make\s+it|move\s+it|change\s+it|how\s+about|what\s+about|rather"
    r"|then|please|let's\s+say|let's\s+do|do|no)\b|[,.!?]",
    re.IGNORECASE,
)
DURATION_NOISE = {"make", "it", "that", "for", "long", "instead", "change", "to", "only", "just"}
DURATION_NOISE |= {"let's", "do", "the", "meeting", "call", "please", "a", "an", "of", "be"}
RESPONSES: dict[str, Response] = {
    "accept": "accepted", "yes": "accepted", "decline": "declined", "no": "declined",
    "tentative": "tentative", "tentatively": "tentative", "maybe": "tentative",
    "tentatively accept": "tentative",
}  # fmt: skip


def _group(match: re.Match[str], *names: str) -> str:
    """The first named group that matched, stripped."""
    return next((match.group(n).strip() for n in names if match.group(n)), "")


def _people_edit(
    intent: Intent, who: str, role: Role, ctx: InterpretContext, *, instead: bool = False
) -> Edit | None:
    """Add the people named in who to the role (or make them the To, instead)."""
    tokens = tokenize(who)
    mentions, _ = read_people(who, tokens, 0, ctx, strict=True)
    people: list[Person] = []
    for mention in mentions:
        result = mention.result
        if isinstance(result, Ambiguous):
            pending = Pending(role, mention.text, result.candidates)
            return replace(intent, pending=pending), f"“{mention.text}” fits several people"
        if isinstance(result, NotFound):
            if result.reason == "own":
                return intent, "your own address is never a recipient"
            pending = Pending(role, mention.text, reason=result.reason)
            return replace(intent, pending=pending), f"no address for {mention.text} yet"
        people.append(result)
    if not people:
        return None
    if instead:
        return replace_to(intent, people)
    changes = []
    for person in people:
        intent, changed = add_person(intent, role, person, ctx)
        changes.append(changed)
    return intent, "; ".join(changes)


def _remove(intent: Intent, who: str) -> Edit | None:
    """Remove the person named in who from wherever they are in the intent."""
    everyone = (*intent.to, *intent.cc, *intent.bcc, *intent.attendees)
    folded = fold(who.strip(" .!"))
    fits = [p for p in everyone if p.email == folded or score(folded, p)[0] >= FIRST - 1]
    if len({p.email for p in fits}) != 1:
        return None
    return remove_person(intent, fits[0])


def _mail_edit(intent: Intent, text: str, ctx: InterpretContext) -> Edit | None:
    """Edits that only make sense for an email."""
    if match := BODY_REPLACE.match(text):
        body = message_body(_group(match, "body", "instead"))
        return replace(intent, body=body or None), "body replaced"
    if match := SUBJECT.match(text):
        subject = capitalise(match.group("subject"))
        before = intent.subject or "none"
        return replace(intent, subject=subject), f"subject: {before} → {subject}"
    if SHORTER.match(text):
        if not intent.body:
            return intent, "there is no body to shorten yet"
        shorter = shorten(intent.body)
        if shorter == intent.body:
            return intent, "body already as short as I can make it"
        return replace(intent, body=shorter), "body shortened"
    if REPLY_ALL.match(text) and intent.thread is not None:
        return replace(intent, reply_all=True), "reply all: on"
    if REPLY_ONE.match(text):
        return replace(intent, reply_all=False), "reply all: off"
    if TO_DRAFT.match(text) and intent.kind != "gmail.draft":
        return replace(intent, kind="gmail.draft"), f"kind: {intent.kind} → gmail.draft"
    if TO_SEND.match(text) and intent.kind == "gmail.draft":
        kind: Kind = "gmail.reply" if intent.thread is not None else "gmail.send"
        return replace(intent, kind=kind), f"kind: gmail.draft → {kind}"
    if match := APPEND.match(text):
        extra = message_body(_group(match, "extra", "extra2"))
        body = f"{intent.body} {extra}" if intent.body else extra
        return replace(intent, body=body), f"body: added “{extra}”"
    return None


def _event_edit(intent: Intent, text: str, ctx: InterpretContext) -> Edit | None:
    """Edits of a calendar proposal: answer, note, title, pick, shift, length, time."""
    if intent.kind == "calendar.rsvp":
        if match := RESPONSE.match(text):
            response = RESPONSES[" ".join(match.group("r").lower().split())]
            before = intent.response or "none"
            return replace(intent, response=response), f"response: {before} → {response}"
        if match := NOTE.match(text):
            note = message_body(match.group("note"), convert=False)
            return replace(intent, note=note), f"note: “{note}”"
        return None
    if match := TITLE.match(text):
        raw = _group(match, "title", "about")
        title = capitalise(re.sub(r"^(?:the|a|an)\s+", "", raw, flags=re.IGNORECASE))
        return replace(intent, title=title), f"title: {intent.title or 'none'} → {title}"
    choice = ordinal_choice(text)
    if choice is not None and choice > 0:
        return replace(intent, slot_choice=choice), f"picked option {choice}"
    found = find_duration(text)
    if found is not None:
        outside = text[: found.start] + " " + text[found.end :]
        by = text[found.start : found.end].lower().startswith("by")
        sign = -1 if EARLIER.search(outside) else (1 if LATER.search(outside) else 0)
        if not sign and (PUSH.search(outside) or (by and SHIFT.search(outside))):
            sign = 1
        if sign:
            return shift_by(intent, found.duration * sign, ctx)
        words = {w.strip(".,!").lower() for w in outside.split()}
        if words <= DURATION_NOISE:
            return set_duration(intent, found.duration)
    cleaned = TIME_NOISE.sub(" ", text)
    when = find_when(cleaned, ctx.now, ctx.zone, ctx.working_hours)
    if when is not None and not when.past and len(cleaned[: when.span[0]].split()) <= 2:
        return retime(intent, when, ctx)
    return None


def apply_edit(intent: Intent, text: str, ctx: InterpretContext) -> Edit | None:
    """The intent changed by one plain-words edit, and the change line; None if not understood."""
    mail = intent.is_mail
    if mail:
        edited = _mail_edit(intent, text, ctx)
        if edited is not None:
            return edited
    elif intent.kind in {"calendar.rsvp", "calendar.create_event", "calendar.move"}:
        edited = _event_edit(intent, text, ctx)
        if edited is not None:
            return edited
    return _people(intent, text, ctx)


def _people(intent: Intent, text: str, ctx: InterpretContext) -> Edit | None:
    """Edits that add, copy, remove or replace people."""
    if (match := COPY.match(text)) and intent.is_mail:
        kind = (match.group("kind") or match.group("kind2") or "cc").lower()
        role: Role = "bcc" if kind == "bcc" else "cc"
        return _people_edit(intent, _group(match, "who", "who2", "who3"), role, ctx)
    if match := REMOVE.match(text):
        removed = _remove(intent, _group(match, "who", "who2"))
        if removed is not None:
            return removed
    new_mail = intent.kind in {"gmail.send", "gmail.draft"} and intent.thread is None
    if (match := TO_INSTEAD.match(text)) and new_mail:
        return _people_edit(intent, _group(match, "who", "who2"), "to", ctx, instead=True)
    if match := ADD.match(text):
        role = "attendees" if intent.kind == "calendar.create_event" else "to"
        if intent.is_mail or role == "attendees":
            return _people_edit(intent, match.group("who"), role, ctx)
    return None
