"""Reading an email instruction: who it is for, who is copied, its subject and its message."""

from __future__ import annotations

from dataclasses import dataclass, field

from nyte_tui.commands.context import InterpretContext
from nyte_tui.commands.phrases import Mention, read_people, read_person
from nyte_tui.commands.speech import Mode
from nyte_tui.commands.text import Token

REPLY_LIKE = {"reply", "reply_all", "tell", "ask", "let"}
DIRECT = {"tell", "ask", "let", "send", "draft"}
FILLERS: tuple[tuple[str, ...], ...] = (
    ("a", "quick", "reply"), ("a", "short", "reply"), ("a", "reply"), ("a", "response"),
    ("an", "answer"), ("a", "quick", "note"), ("a", "short", "note"), ("a", "note"),
    ("a", "quick", "email"), ("a", "short", "email"), ("an", "email"), ("an", "e-mail"),
    ("a", "mail"), ("a", "message"), ("a", "quick", "message"), ("a", "line"), ("an", "invite"),
    ("reply",), ("response",), ("email",), ("mail",), ("message",), ("back",), ("quickly",),
    ("all",), ("everyone",),
)  # fmt: skip
REPLY_NOUNS = {"reply", "response", "answer"}
NEW_NOUNS = {"email", "e-mail", "mail", "message", "note", "line"}
REF_WORDS = {"this", "it", "that", "them", "thread", "email", "message", "mail", "one"}
SUBJECT_MARKERS: tuple[tuple[str, ...], ...] = (
    ("on", "the", "subject", "of"), ("about",), ("regarding",), ("re",), ("concerning",),
    ("wrt",),
)  # fmt: skip
SUBJECT_LABELS: tuple[tuple[str, ...], ...] = (
    ("with", "the", "subject"), ("with", "subject"), ("subject", "line"), ("subject",),
    ("titled",), ("entitled",),
)  # fmt: skip
BODY_SEPS = {"that", "saying", "say", "says", "with", "asking", "telling", "mentioning"}
BODY_SEPS |= {"writing", "que", "dass", "che", "explaining"}
BODY_MARKS = {":", "—", "–", "-", "--", '"', "“", "'", "‘"}
BODY_VERBS = {"say", "tell", "let", "ask", "mention", "add", "write", "explain", "note"}
BODY_START = {
    "i", "i'm", "i'll", "i've", "i'd", "we", "we're", "we'll", "we've", "you", "you're",
    "it's", "there", "there's", "please", "thanks", "thank", "let's", "can", "could", "will",
    "would", "yes", "no", "sorry", "hi", "hello", "hey", "dear", "sounds", "ok", "okay",
    "sure", "great", "happy", "looking", "see",
}  # fmt: skip
VERBISH = {"is", "are", "was", "were", "will", "can", "has", "have", "had", "won't", "can't"}
VERBISH |= {"isn't", "aren't", "should", "must", "need", "needs", "works", "slips", "moves"}
PHRASE_STOPS = {":", "--", "—", "–", ";", '"', "“", "that", "saying", "asking", "cc", "bcc"}
PHRASE_STOPS |= {"body"}
COPY_WORDS = {"cc", "bcc", "copy", "copying", "cc'ing", "bcc'ing"}


@dataclass
class MailWords:
    """What an email instruction said, before anyone is looked up or any thread is chosen."""

    action: str
    to: list[Mention] = field(default_factory=list)
    cc: list[Mention] = field(default_factory=list)
    bcc: list[Mention] = field(default_factory=list)
    subject: str | None = None
    subject_source: str = ""
    body: str | None = None
    mode: Mode = "say"
    reply_all: bool = False
    draft_reply: bool | None = None
    literal: bool = False
    unparsed: list[str] = field(default_factory=list)


class _Reader:
    """A cursor over the tokens of one email instruction."""

    def __init__(self, text: str, tokens: list[Token], ctx: InterpretContext) -> None:
        """Keep the text, its tokens and the context."""
        self.text, self.tokens, self.ctx = text, tokens, ctx

    def low(self, index: int) -> str:
        """The folded token at index, or an empty string past the end."""
        return self.tokens[index].low if 0 <= index < len(self.tokens) else ""

    def starts(self, index: int, words: tuple[str, ...]) -> bool:
        """Whether the tokens from index are exactly these words."""
        return tuple(self.low(index + i) for i in range(len(words))) == words

    def slice(self, start: int, end: int) -> str:
        """The original text of tokens[start:end]."""
        if start >= end:
            return ""
        return self.text[self.tokens[start].start : self.tokens[end - 1].end]

    def person_at(self, index: int) -> bool:
        """Whether someone (an address or a known name) is named at index."""
        if index >= len(self.tokens):
            return False
        if self.tokens[index].is_email:
            return True
        return read_person(self.text, self.tokens, index, self.ctx, strict=False) is not None

    def phrase_end(self, index: int, *, obj: bool) -> int:
        """Where a subject or object phrase starting at index stops."""
        end = index + 1
        while end < len(self.tokens):
            word, following = self.low(end), self.low(end + 1)
            if word in PHRASE_STOPS or (obj and word == "about"):
                break
            if word == "and" and following in BODY_VERBS | COPY_WORDS:
                break
            if word == "," and following in BODY_VERBS | COPY_WORDS | BODY_START | BODY_SEPS:
                break
            if word == "to" and self.person_at(end + 1):
                break
            if word == "with" and following == "subject":
                break
            end += 1
        return end


def _prelude(reader: _Reader, words: MailWords, index: int) -> int:
    """Skip "a reply", "an email", "back" and the like, noting reply-all and reply drafts."""
    moved = True
    while moved:
        moved = False
        for filler in FILLERS:
            if reader.starts(index, filler):
                if filler[-1] in REPLY_NOUNS:
                    words.draft_reply = True
                elif filler[-1] in NEW_NOUNS and words.draft_reply is None:
                    words.draft_reply = False
                if filler[-1] in {"all", "everyone"} and words.action in REPLY_LIKE:
                    words.reply_all = True
                index, moved = index + len(filler), True
                break
    if words.action in REPLY_LIKE and reader.starts(index, ("to", "all")):
        words.reply_all, index = True, index + 2
    return index


def _recipients(reader: _Reader, words: MailWords, index: int) -> int:
    """Read the people right after the verb ("to Dana", "Dana", "her")."""
    tokens = reader.tokens
    foreign_to = reader.low(index) in {"a", "à", "an"} and reader.person_at(index + 1)
    if reader.low(index) == "to" or foreign_to:
        found, after = read_people(reader.text, tokens, index + 1, reader.ctx, strict=True)
        if found:
            words.to.extend(found)
            return after
        return index
    if words.action in DIRECT or words.action in REPLY_LIKE:
        strict = words.action in DIRECT - {"draft"}
        found, after = read_people(reader.text, tokens, index, reader.ctx, strict=strict)
        words.to.extend(found)
        return after
    return index


def _skip_refs(reader: _Reader, index: int) -> int:
    """Skip "to this", "to the email", "to the thread" after a reply verb."""
    if reader.low(index) != "to":
        return index
    probe = index + 1
    if reader.low(probe) in {"the", "this", "that", "her", "his", "their"}:
        probe += 1
    if reader.low(probe) in REF_WORDS:
        return probe + 1
    return index


def _clauses(reader: _Reader, words: MailWords, index: int) -> None:
    """Read copies, late recipients, subject and the message itself, in any order."""
    tokens = reader.tokens
    count = len(tokens)
    while index < count:
        word, following = reader.low(index), reader.low(index + 1)
        if word in {",", "and", ";"} and following in COPY_WORDS:
            index += 1
            continue
        if word == "and" and following in BODY_VERBS:
            words.mode = "ask" if following == "ask" else words.mode
            _body_from(reader, words, index + 1)
            return
        if word in COPY_WORDS:
            start = index + 1
            while reader.low(start) in {":", "in"}:
                start += 1
            found, after = read_people(reader.text, tokens, start, reader.ctx, strict=True)
            (words.bcc if word.startswith("bcc") else words.cc).extend(found)
            index = after if found else start
            continue
        if word == "to" and reader.person_at(index + 1):
            found, after = read_people(reader.text, tokens, index + 1, reader.ctx, strict=True)
            words.to.extend(found)
            index = after
            continue
        skipped = _skip_refs(reader, index)
        if skipped != index:
            index = skipped
            continue
        marker = _marker(reader, index)
        if marker:
            start = index + marker
            while reader.low(start) == ":":
                start += 1
            end = reader.phrase_end(start, obj=False) if start < count else start
            label = reader.slice(start, end)
            if label and words.subject is None:
                words.subject = label
                words.subject_source = "subject" if reader.low(index) != "about" else "about"
            index = end
            continue
        if word == "body":
            start = index + 1 + (reader.low(index + 1) == ":")
            words.body = reader.text[tokens[start].start :] if start < count else ""
            return
        if word in BODY_SEPS or tokens[index].text in BODY_MARKS or word == ",":
            if word == "asking":
                words.mode = "ask"
            _body_from(reader, words, index)
            return
        if word == "to" and following in {"say", "ask", "tell"}:
            words.mode = "ask" if following == "ask" else words.mode
            _body_from(reader, words, index)
            return
        if words.action in REPLY_LIKE or word in BODY_START:
            _body_from(reader, words, index)
            return
        end = reader.phrase_end(index, obj=True)
        phrase = reader.slice(index, end)
        if any(reader.low(i) in VERBISH for i in range(index, end)):
            _body_from(reader, words, index)
            return
        if words.subject is None:
            words.subject, words.subject_source = phrase, "object"
        else:
            words.unparsed.append(phrase)
        index = end


def _body_from(reader: _Reader, words: MailWords, index: int) -> None:
    """The message from index on, less a trailing "and cc Tom" that copies someone in."""
    tokens = reader.tokens
    end = len(tokens)
    for position in range(index + 1, len(tokens) - 1):
        if reader.low(position) in {"and", ",", ";"} and reader.low(position + 1) in COPY_WORDS:
            found, after = read_people(reader.text, tokens, position + 2, reader.ctx, strict=True)
            if found and after == len(tokens):
                role = words.bcc if reader.low(position + 1).startswith("bcc") else words.cc
                role.extend(found)
                end = position
                break
    if end == len(tokens):
        words.body = reader.text[tokens[index].start :]
    else:
        words.body = reader.text[tokens[index].start : tokens[end - 1].end]


def _marker(reader: _Reader, index: int) -> int:
    """The length of a subject marker ("about", "with subject") at index, or 0."""
    for marker in SUBJECT_MARKERS + SUBJECT_LABELS:
        if reader.starts(index, marker):
            return len(marker)
    return 0


def read_mail(
    text: str, tokens: list[Token], action: str, rest: int, ctx: InterpretContext
) -> MailWords:
    """Everything an email instruction says after its verb."""
    words = MailWords(action=action, reply_all=action == "reply_all")
    if action == "tell":
        words.mode = "tell"
    elif action == "ask":
        words.mode = "ask"
    reader = _Reader(text, tokens, ctx)
    index = _prelude(reader, words, rest)
    index = _skip_refs(reader, index)
    index = _recipients(reader, words, index)
    if action == "let" and reader.low(index) == "know":
        index += 1
    index = _prelude(reader, words, index)
    _clauses(reader, words, index)
    return words
