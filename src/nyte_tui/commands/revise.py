"""Follow-ups: the answer to the open question, or an edit of the proposal, in one line."""

from __future__ import annotations

from dataclasses import replace

from nyte_tui.commands.context import InterpretContext, Person
from nyte_tui.commands.durations import find_duration
from nyte_tui.commands.edits import add_person, retime, set_duration
from nyte_tui.commands.eventedits import apply_shift, plan_move
from nyte_tui.commands.events import Purpose, resolve_event, show_event
from nyte_tui.commands.intent import Ambiguous, Intent, Missing, NotFound, Pending, Revision, Role
from nyte_tui.commands.interpret import interpret
from nyte_tui.commands.people import FIRST, resolve_person, score, show
from nyte_tui.commands.questions import check
from nyte_tui.commands.revise_edits import apply_edit
from nyte_tui.commands.speech import derive_subject, message_body, strip_leads
from nyte_tui.commands.text import EMAIL_RE, capitalise, fold, ordinal_choice
from nyte_tui.commands.when import guess_when


def _done(
    intent: Intent | None,
    changed: str,
    ctx: InterpretContext,
    unparsed: tuple[str, ...] = (),
) -> Revision:
    """The revision with the next question the intent calls for, if any."""
    if intent is None:
        return Revision(None, changed, None, "kind", unparsed)
    question, missing = check(intent, ctx)
    return Revision(intent, changed, question, missing, unparsed)


def _pick(options: tuple[Person, ...], answer: str) -> Person | None:
    """The candidate an answer picks: "the second", a name, or an address."""
    choice = ordinal_choice(answer)
    if choice is not None and options:
        index = choice - 1 if choice > 0 else len(options) - 1
        return options[index] if 0 <= index < len(options) else None
    folded = fold(answer.strip(" .!?"))
    address = EMAIL_RE.search(answer)
    if address:
        email = address.group().lower()
        return next((replace(p, source="typed") for p in options if p.email == email), None)
    scored = [(score(folded, person)[0], person) for person in options]
    top = max((tier for tier, _ in scored), default=0)
    best = [person for tier, person in scored if tier == top and tier >= FIRST - 1]
    return best[0] if len(best) == 1 else None


def _person_answer(
    intent: Intent, pending: Pending, answer: str, ctx: InterpretContext
) -> Revision | None:
    """Apply an answer naming the person an open question was about."""
    role: Role = pending.role
    person = _pick(pending.people, answer) if pending.people else None
    if person is None:
        result = resolve_person(answer, ctx)
        if isinstance(result, Ambiguous):
            new = replace(intent, pending=Pending(role, result.query, result.candidates))
            return _done(new, f"“{answer.strip()}” fits several people", ctx)
        if isinstance(result, NotFound):
            if EMAIL_RE.search(answer) is None and pending.people:
                return None
            new = replace(intent, pending=Pending(role, answer.strip(), reason=result.reason))
            return _done(new, "no address yet", ctx, (answer.strip(),))
        person = result
    if person.source == "typed" and not person.name and pending.name and not pending.people:
        person = replace(person, name=capitalise(pending.name) if pending.reason == "" else "")
    new, changed = add_person(replace(intent, pending=None), role, person, ctx)
    if role == "to" and intent.kind in {"gmail.send", "gmail.draft"}:
        changed = f"to: {show(person)}"
    return _done(new, changed, ctx)


def _event_answer(
    intent: Intent, pending: Pending, answer: str, ctx: InterpretContext
) -> Revision | None:
    """Apply an answer naming the event an open question was about."""
    choice = ordinal_choice(answer)
    event = None
    if choice is not None and pending.events:
        index = choice - 1 if choice > 0 else len(pending.events) - 1
        event = pending.events[index] if 0 <= index < len(pending.events) else None
    if event is None:
        purpose: Purpose = "rsvp" if intent.kind == "calendar.rsvp" else "move"
        match = resolve_event(answer, ctx, purpose)
        if match.event is None:
            if not match.choices and match.reason == "none":
                return None
            new = replace(intent, pending=replace(pending, events=match.choices, name=answer))
            new = replace(new, pending=replace(new.pending or pending, reason=match.reason))
            return _done(new, "no event picked yet", ctx, (answer.strip(),))
        event = match.event
    new = replace(intent, event=event, pending=None)
    if intent.kind == "calendar.move":
        new = replace(new, duration=event.end - event.start)
        if pending.rest:
            verb_word, _, text = pending.rest.partition("\n")
            _, shift = plan_move(text, verb_word, ctx)
            start, window = apply_shift(event, shift, ctx, [])
            new = replace(new, start=start, window=window)
    return _done(new, f"event: {show_event(event, ctx.zone)}", ctx)


def _time_answer(intent: Intent, answer: str, ctx: InterpretContext) -> Revision | None:
    """Apply an answer giving the time an open question asked for (and maybe a length)."""
    duration = find_duration(answer)
    text = answer
    if duration is not None:
        text = answer[: duration.start] + " " + answer[duration.end :]
    when = guess_when(text, ctx.now, ctx.zone, ctx.working_hours)
    if when is None:
        return None
    if when.past:
        return Revision(
            intent,
            "that time has passed",
            "That time has already passed. When should it be instead?",
            "time",
        )
    new, changed = retime(intent, when, ctx)
    if duration is not None:
        new, _ = set_duration(new, duration.duration)
    return _done(new, changed, ctx)


def _body_answer(intent: Intent, answer: str, ctx: InterpretContext) -> Revision:
    """Apply an answer giving the message itself."""
    body = message_body(answer) or None
    new = replace(intent, body=body)
    if body and intent.thread is None and not intent.subject and intent.kind != "gmail.reply":
        new = replace(new, subject=derive_subject(body))
    return _done(new, f"body: “{body}”" if body else "body: empty", ctx)


def _answer(
    intent: Intent, answer: str, ctx: InterpretContext, missing: Missing | str | None
) -> Revision | None:
    """The revision an answer to the open question makes, or None if it answers nothing."""
    pending = intent.pending
    if missing in {"which_person", "recipient"}:
        if pending is None:
            pending = Pending("to")
        return _person_answer(intent, pending, answer, ctx)
    if missing in {"event", "which_event"}:
        return _event_answer(intent, pending or Pending("event"), answer, ctx)
    if missing == "time":
        return _time_answer(intent, answer, ctx)
    if missing == "body":
        return _body_answer(intent, answer, ctx)
    if missing == "subject":
        subject = capitalise(strip_leads(answer).removeprefix("subject").strip(" :"))
        return _done(replace(intent, subject=subject or None), f"subject: {subject}", ctx)
    return None


def revise(
    intent: Intent | None, answer: str, ctx: InterpretContext, missing: str | None = None
) -> Revision:
    """Apply an answer to the open question, or an edit like "Wednesday instead", to an intent."""
    text = answer.strip()
    if intent is None or missing == "kind":
        fresh = interpret(text, ctx)
        return Revision(
            fresh.intent, "read as a new instruction", fresh.question, fresh.missing, fresh.unparsed
        )
    if not text:
        return _done(intent, "nothing changed", ctx)
    if missing is not None:
        answered = _answer(intent, text, ctx, missing)
        if answered is not None:
            return answered
    edited = apply_edit(intent, text, ctx)
    if edited is not None:
        new, changed = edited
        return _done(new, changed, ctx)
    if missing == "body" or (missing is None and intent.is_mail and intent.body is None):
        return _body_answer(intent, text, ctx)
    return _done(intent, "nothing changed", ctx, (text,))
