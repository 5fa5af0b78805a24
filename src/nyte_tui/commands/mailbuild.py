"""From what an email instruction said to an intent: people looked up, a thread chosen."""

from __future__ import annotations

from nyte_tui.commands.context import InterpretContext, Person, ThreadRef
from nyte_tui.commands.intent import (
    Ambiguous,
    Intent,
    Interpretation,
    Kind,
    NotFound,
    Pending,
    Role,
)
from nyte_tui.commands.mail import MailWords
from nyte_tui.commands.people import FUZZY, counterpart, others_names, score, show, show_list
from nyte_tui.commands.phrases import Mention
from nyte_tui.commands.questions import check
from nyte_tui.commands.speech import derive_subject, message_body
from nyte_tui.commands.text import capitalise, fold, sentence, unquote, words_of

REPLYING = {"reply", "reply_all", "tell", "ask", "let"}
SUBJECT_NOTE = "No subject given; used the message's first words"


def _resolve(
    mentions: list[Mention], role: Role, notes: list[str]
) -> tuple[list[Person], Pending | None]:
    """The people mentions name, and the first question one of them raises."""
    people: list[Person] = []
    pending: Pending | None = None
    for mention in mentions:
        result = mention.result
        if isinstance(result, Person):
            if result.email not in {p.email for p in people}:
                people.append(result)
            if score(fold(mention.text), result)[0] == FUZZY and result.source != "typed":
                notes.append(f"Took “{mention.text}” to mean {show(result)}")
        elif pending is None:
            if isinstance(result, Ambiguous):
                pending = Pending(role, mention.text, result.candidates)
            elif isinstance(result, NotFound):
                if result.reason == "own":
                    notes.append("Your own address is never a recipient")
                    continue
                pending = Pending(role, mention.text, reason=result.reason)
    return people, pending


def threads_with(people: list[Person], ctx: InterpretContext) -> list[ThreadRef]:
    """Threads (selected first, then newest) that have any of these people on them."""
    emails = {person.email.lower() for person in people}
    pool: list[ThreadRef] = []
    item = ctx.item
    if item is not None and item.thread is not None:
        on_item = {p.email.lower() for p in (*item.thread.counterparts, *item.participants)}
        if item.who is not None:
            on_item.add(item.who.email.lower())
        if emails & on_item:
            pool.append(item.thread)
    newest = sorted(
        ctx.threads,
        key=lambda thread: thread.last_at.timestamp() if thread.last_at else 0.0,
        reverse=True,
    )
    for thread in newest:
        others = {person.email.lower() for person in thread.counterparts}
        if emails & others and thread.thread_id not in {t.thread_id for t in pool}:
            pool.append(thread)
    return pool


def pick_thread(
    people: list[Person], hint: str | None, ctx: InterpretContext
) -> tuple[ThreadRef | None, str | None]:
    """The thread a reply belongs to: the selected one, else the newest with those people."""
    item_thread = ctx.item.thread if ctx.item is not None else None
    if not people:
        return item_thread, None
    pool = threads_with(people, ctx)
    about = ""
    if hint:
        wanted = {w for w in words_of(hint) if len(w) > 2 and w not in {"the", "and"}}
        narrowed = [t for t in pool if wanted & set(words_of(t.subject))]
        if narrowed:
            pool, about = narrowed, f" about “{capitalise(hint)}”"
    if not pool:
        return None, None
    chosen = pool[0]
    if item_thread is not None and chosen.thread_id == item_thread.thread_id:
        return chosen, None
    names = show_list([p for p in people if p.email in {c.email for c in chosen.counterparts}])
    note = f"Picked the newest thread with {names or show_list(people)}{about}: “{chosen.subject}”"
    return chosen, note


def _about_selected_event(people: list[Person], ctx: InterpretContext) -> bool:
    """Whether a calendar item without a thread is selected and everyone named is on it."""
    item = ctx.item
    if item is None or item.thread is not None or item.event is None:
        return False
    on_item = {p.email.lower() for p in item.participants}
    on_item |= {address.lower() for address in item.event.attendees}
    if item.who is not None:
        on_item.add(item.who.email.lower())
    if item.event.organizer_email:
        on_item.add(item.event.organizer_email.lower())
    return all(person.email.lower() in on_item for person in people)


def _kind(words: MailWords) -> Kind:
    """The intent kind the verb asks for before threads are considered."""
    if words.action == "draft":
        return "gmail.draft"
    return "gmail.reply" if words.action in REPLYING else "gmail.send"


def build_mail(words: MailWords, ctx: InterpretContext, notes: list[str]) -> Interpretation:
    """The email intent, with one question when a person, a thread or the message is missing."""
    to, pending = _resolve(words.to, "to", notes)
    cc, pending_cc = _resolve(words.cc, "cc", notes)
    bcc, pending_bcc = _resolve(words.bcc, "bcc", notes)
    pending = pending or pending_cc or pending_bcc
    kind = _kind(words)
    thread: ThreadRef | None = None
    subject = words.subject
    replying = kind == "gmail.reply" or (
        kind == "gmail.draft"
        and (words.draft_reply or (words.draft_reply is None and not words.to))
    )
    if replying and to and _about_selected_event(to, ctx):
        replying = False
        assert ctx.item is not None
        kind = "gmail.send" if kind == "gmail.reply" else kind
        subject = subject or ctx.item.title
        notes.append(f"No email thread for this item; writing to {show_list(to)}")
    if replying:
        thread, note = pick_thread(to, subject if words.subject_source == "about" else None, ctx)
        if note:
            notes.append(note)
        if thread is not None:
            on_thread = {p.email for p in thread.counterparts}
            if ctx.item is not None and ctx.item.thread == thread:
                on_thread |= {p.email for p in ctx.item.participants}
            added = [p for p in to if p.email not in on_thread]
            if added:
                notes.append(f"Added {show_list(added)} to the reply")
            to = added
            subject = None
        elif to and pending is None:
            kind = "gmail.send" if kind == "gmail.reply" else kind
            notes.append(f"No recent thread with {show_list(to)}; this will be a new email")
        elif not to and pending is None and not words.to and ctx.item is not None:
            other = counterpart(ctx)
            if other is not None and ctx.item.thread is None:
                kind = "gmail.send" if kind == "gmail.reply" else kind
                to, subject = [other], subject or ctx.item.title
                notes.append(f"No email thread for this item; writing to {show(other)}")
    mode = words.mode
    others = others_names(ctx, (*to, *_thread_people(thread)))
    if words.literal:
        body = sentence(unquote(words.body or "")[0])
    else:
        body = message_body(words.body or "", mode, others=others)
    body_or_none = body or None
    if thread is None and kind != "gmail.reply":
        if subject:
            subject = capitalise(subject)
        elif body_or_none:
            subject = derive_subject(body_or_none)
            notes.append(SUBJECT_NOTE)
    intent = Intent(
        kind=kind,
        to=tuple(to),
        cc=tuple(cc),
        bcc=tuple(bcc),
        reply_all=words.reply_all and thread is not None,
        thread=thread,
        subject=subject if thread is None else None,
        body=body_or_none,
        pending=pending,
    )
    question, missing = check(intent, ctx)
    return Interpretation(intent, question, missing, tuple(words.unparsed), tuple(notes))


def _thread_people(thread: ThreadRef | None) -> tuple[Person, ...]:
    """The people on a thread, or none."""
    return thread.counterparts if thread is not None else ()
