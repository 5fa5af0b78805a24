"""The offline interpreter's entry point: one instruction in, one intent or one question out."""

from __future__ import annotations

import re
from dataclasses import replace

from nyte_tui.commands.context import InterpretContext
from nyte_tui.commands.eventedits import build_move, build_rsvp
from nyte_tui.commands.intent import Interpretation, Response
from nyte_tui.commands.mail import read_mail
from nyte_tui.commands.mailbuild import build_mail
from nyte_tui.commands.meetings import build_meeting
from nyte_tui.commands.questions import KIND_QUESTION
from nyte_tui.commands.slashforms import interpret_slash
from nyte_tui.commands.text import Token, tokenize
from nyte_tui.commands.verbs import PREFIXES, Verb, find_verb

MAIL_ACTIONS = {"reply", "reply_all", "tell", "ask", "let", "send", "draft"}
RESPONSES: dict[str, Response] = {
    "accept": "accepted",
    "decline": "declined",
    "tentative": "tentative",
}
PREFIX_WORDS = {word for prefix in PREFIXES for word in prefix}
SECOND_ACTION = re.compile(
    r"\s*(?:,|\band\b|\bthen\b|;)\s*(?:then\s+|also\s+)?(?P<action>(?:reply|respond|email|e-mail"
    r"|send|write|draft|accept|decline|schedule|book|move|reschedule|postpone|cancel|forward"
    r"|mail|set\s+up)\b.*)$",
    re.IGNORECASE | re.DOTALL,
)
SECOND_MESSAGE = re.compile(
    r"\s*(?:,|\band\b|\bthen\b|;)\s*(?:then\s+|also\s+)?(?P<action>(?:tell|let|ask|say|notify"
    r"|inform|ping)\b.*)$",
    re.IGNORECASE | re.DOTALL,
)


def unknown(text: str) -> Interpretation:
    """The answer to an instruction with no action nyte knows: what it can do, and the text."""
    pieces = (text.strip(),) if text.strip() else ()
    return Interpretation(None, KIND_QUESTION, "kind", pieces)


def _before_verb(text: str, tokens: list[Token], verb: Verb) -> tuple[str, ...]:
    """Words before the action word that are not a polite opening, as unparsed text."""
    words = [t for t in tokens[: verb.at] if t.kind != "punct" and t.low not in PREFIX_WORDS]
    if not words:
        return ()
    return (text[words[0].start : words[-1].end],)


def interpret(text: str, ctx: InterpretContext) -> Interpretation:
    """Read one instruction (plain words or a slash form) into a proposal or one question."""
    stripped = text.strip()
    if stripped.startswith("/"):
        return interpret_slash(stripped, ctx)
    tokens = tokenize(stripped)
    verb = find_verb(tokens)
    if verb is None:
        return unknown(stripped)
    notes: list[str] = []
    if verb.typo:
        wrong, right = verb.typo.split(" → ")
        notes.append(f"Read “{wrong}” as “{right}”")
    rest = stripped[tokens[verb.rest].start :] if verb.rest < len(tokens) else ""
    result = dispatch(stripped, tokens, verb, ctx, notes, rest)
    leftover = _before_verb(stripped, tokens, verb)
    if leftover:
        result = Interpretation(
            result.intent, result.question, result.missing, leftover + result.unparsed,
            result.notes,
        )  # fmt: skip
    return result


def dispatch(
    text: str,
    tokens: list[Token],
    verb: Verb,
    ctx: InterpretContext,
    notes: list[str],
    rest: str,
) -> Interpretation:
    """Hand the words after the action word to the reader for that kind of action."""
    action = verb.action
    if action in MAIL_ACTIONS:
        return build_mail(read_mail(text, tokens, action, verb.rest, ctx), ctx, notes)
    if action == "schedule":
        return build_meeting(rest, ctx, notes)
    second = SECOND_ACTION.search(rest)
    if second is None and action not in RESPONSES:
        second = SECOND_MESSAGE.search(rest)
    extra: tuple[str, ...] = ()
    if second is not None:
        extra = (rest[second.start("action") :].strip(),)
        notes.append(f"One thing at a time: “{extra[0]}” is not part of this proposal")
        rest = rest[: second.start()]
    if action in RESPONSES:
        result = build_rsvp(rest, RESPONSES[action], ctx, notes)
    else:
        word = "move_earlier" if action == "move_earlier" else tokens[verb.at].low
        result = build_move(rest, word, ctx, notes)
    if not extra:
        return result
    return replace(result, unparsed=result.unparsed + extra)
