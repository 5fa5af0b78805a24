"""The one question to ask when an intent lacks something essential."""

from __future__ import annotations

from nyte_tui.commands.context import InterpretContext
from nyte_tui.commands.events import Purpose, show_event, suggestions
from nyte_tui.commands.intent import Intent, Missing, Pending
from nyte_tui.commands.people import show, show_list

KIND_QUESTION = (
    "I can reply to, send or draft an email, accept, decline or tentatively accept an invite, "
    "schedule a meeting, or move an event. What would you like to do?"
)
TIME_EXAMPLES = "(e.g. tomorrow 3pm, next week)"


def _or_list(labels: list[str]) -> str:
    """Labels joined as "A, B or C"."""
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def numbered(labels: list[str]) -> str:
    """Labels as "1) A, 2) B or 3) C"."""
    return _or_list([f"{number}) {label}" for number, label in enumerate(labels, 1)])


def _pending_question(pending: Pending, ctx: InterpretContext) -> tuple[str, Missing]:
    """The question an open ambiguity or unknown name calls for."""
    if pending.role == "event":
        labels = [show_event(event, ctx.zone) for event in pending.events]
        if pending.reason == "several":
            return f"Which event do you mean: {numbered(labels)}?", "which_event"
        lead = "Which event?"
        if pending.reason == "unknown" and pending.name:
            lead = f"I couldn't find “{pending.name}” in your calendar. Which event?"
        elif pending.reason == "own" and pending.name:
            lead = (
                f"You organise “{pending.name}”, so there is no invitation to answer. Which event?"
            )
        if labels:
            return f"{lead} Coming up: {numbered(labels)}.", "event"
        return f"{lead} (I see no upcoming events.)", "event"
    if pending.people:
        names = numbered([show(person) for person in pending.people])
        name = pending.name[:1].upper() + pending.name[1:]
        return f"Which {name} do you mean: {names}?", "which_person"
    if pending.reason == "own":
        return "That is your own address. Who should it go to instead?", "recipient"
    if pending.reason in {"no selection", "no organiser"}:
        what = "the organiser" if pending.reason == "no organiser" else f"“{pending.name}”"
        return f"Who is {what}? (a name or an address)", "recipient"
    name = pending.name[:1].upper() + pending.name[1:]
    return f"I don't have an address for {name}. What is it?", "recipient"


def reply_target(intent: Intent) -> str:
    """Who a reply goes to, for questions: the thread's first counterpart, or "the thread"."""
    if intent.thread is not None and intent.thread.counterparts:
        return intent.thread.counterparts[0].label
    if intent.thread is not None:
        return f"“{intent.thread.subject}”"
    return show_list(intent.to) or "them"


def meeting_label(intent: Intent) -> str:
    """How a question names a meeting: "the meeting with Sam Ortiz" or its title."""
    if intent.attendees:
        return f"the meeting with {show_list(intent.attendees)}"
    return f"“{intent.title}”" if intent.title else "the meeting"


def check(intent: Intent, ctx: InterpretContext) -> tuple[str | None, Missing | None]:
    """The question for the first missing essential of the intent, or (None, None)."""
    if intent.pending is not None:
        return _pending_question(intent.pending, ctx)
    kind = intent.kind
    if kind == "gmail.reply":
        if intent.thread is None:
            return (
                "Who are you replying to? (a name, e.g. “reply to Dana that …”, "
                "or select a thread first)",
                "recipient",
            )
        if not intent.body:
            everyone = "everyone on " if intent.reply_all else ""
            return f"What should the reply to {everyone}{reply_target(intent)} say?", "body"
    if kind in {"gmail.send", "gmail.draft"}:
        if intent.thread is None and not intent.to:
            return "Who should the email go to? (a name or an address)", "recipient"
        if not intent.body:
            noun = "draft" if kind == "gmail.draft" else "email"
            target = reply_target(intent) if intent.thread is not None else show_list(intent.to)
            return f"What should the {noun} to {target} say?", "body"
    if kind in {"calendar.rsvp", "calendar.move"} and intent.event is None:
        purpose: Purpose = "rsvp" if kind == "calendar.rsvp" else "move"
        return _pending_question(Pending("event", events=suggestions(ctx, purpose)), ctx)
    if kind == "calendar.create_event" and intent.start is None and intent.window is None:
        return f"When should {meeting_label(intent)} be? {TIME_EXAMPLES}", "time"
    if kind == "calendar.move" and intent.start is None and intent.window is None:
        assert intent.event is not None
        return (
            f"When should {show_event(intent.event, ctx.zone)} move to? "
            "(e.g. Thursday 10:00, an hour later)",
            "time",
        )
    return None, None
