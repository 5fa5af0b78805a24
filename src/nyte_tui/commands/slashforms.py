"""Slash forms of the offline interpreter: /reply, /send, /draft, /accept, /schedule, /move…."""

from __future__ import annotations

from nyte_tui.commands.context import InterpretContext
from nyte_tui.commands.eventedits import build_move, build_rsvp
from nyte_tui.commands.intent import Interpretation, Response
from nyte_tui.commands.mail import MailWords, read_mail
from nyte_tui.commands.mailbuild import build_mail
from nyte_tui.commands.meetings import build_meeting
from nyte_tui.commands.phrases import Mention, read_person
from nyte_tui.commands.text import tokenize

ALIASES = {
    "reply_all": "reply-all", "replyall": "reply-all", "ra": "reply-all", "respond": "reply",
    "mail": "send", "email": "send", "maybe": "tentative", "tent": "tentative",
    "meet": "schedule", "book": "schedule", "reschedule": "move",
}  # fmt: skip
RSVP: dict[str, Response] = {"accept": "accepted", "decline": "declined", "tentative": "tentative"}
NAMES = "/reply, /reply-all, /send, /draft, /accept, /decline, /tentative, /schedule or /move"
UNKNOWN = "“/{name}” isn't a command I can interpret. Try " + NAMES


def _recipients(head: str, ctx: InterpretContext) -> tuple[list[Mention], str]:
    """The leading addresses and known names of "/send TO[,TO2] SUBJECT", and the subject."""
    tokens = tokenize(head)
    mentions: list[Mention] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.low in {",", "and", ";"} and mentions:
            index += 1
            continue
        found = read_person(head, tokens, index, ctx, strict=False)
        if found is None:
            break
        mentions.append(found)
        index = found.end
    subject = head[tokens[index].start :].strip() if index < len(tokens) else ""
    return mentions, subject


def _mail_form(action: str, argument: str, ctx: InterpretContext) -> Interpretation:
    """/send and /draft: recipients, subject up to "--", then the body."""
    head, separator, body = argument.partition("--")
    mentions, subject = _recipients(head.strip(), ctx)
    words = MailWords(
        action=action,
        to=mentions,
        subject=subject or None,
        subject_source="subject",
        body=body.strip() if separator else None,
        draft_reply=False,
        literal=True,
    )
    if action == "draft" and not mentions and not separator and _thread_selected(ctx):
        words = MailWords(action="draft", body=argument or None, draft_reply=True, literal=True)
    return build_mail(words, ctx, [])


def _thread_selected(ctx: InterpretContext) -> bool:
    """Whether the selected item has an email thread."""
    return ctx.item is not None and ctx.item.thread is not None


def _reply_form(name: str, argument: str, ctx: InterpretContext) -> Interpretation:
    """/reply TEXT and /reply-all TEXT; "/reply to Dana that …" reads like plain words."""
    action = "reply_all" if name == "reply-all" else "reply"
    lowered = argument.lower()
    if lowered.startswith(("to ", "all ")):
        text = f"reply {argument}"
        tokens = tokenize(text)
        return build_mail(read_mail(text, tokens, action, 1, ctx), ctx, [])
    words = MailWords(
        action=action, body=argument or None, reply_all=action == "reply_all", literal=True
    )
    return build_mail(words, ctx, [])


def interpret_slash(text: str, ctx: InterpretContext) -> Interpretation:
    """Read a slash form; a name that is not one of ours comes back as missing="kind"."""
    head, _, argument = text[1:].strip().partition(" ")
    name = ALIASES.get(head.lower(), head.lower())
    argument = argument.strip()
    if name in {"reply", "reply-all"}:
        return _reply_form(name, argument, ctx)
    if name in {"send", "draft"}:
        return _mail_form(name, argument, ctx)
    if name in RSVP:
        return build_rsvp(argument, RSVP[name], ctx, [])
    if name == "schedule":
        return build_meeting(argument, ctx, [], strict_start=True)
    if name == "move":
        return build_move(argument, "move", ctx, [])
    return Interpretation(None, UNKNOWN.format(name=head) + ".", "kind", (f"/{head}",))
