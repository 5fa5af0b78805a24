"""The command grammar: slash commands and the offline interpreter (pure: text in, intent out).

May import: the standard library and dateparser, nothing else of nyte. No I/O, no store, no
network, no model. The caller builds
an `InterpretContext` from the store, calls `interpret`, shows the proposal (or asks the one
question), feeds the user's follow-up to `revise`, and acts only after the user confirms.

Input (frozen records, built by the caller):

- `Contact(name, email, sent_count, received_count, last_at)`: people the user writes with.
- `Person(name, email, source)`: a resolved person; source is "typed" (the user typed the
  address), "contact", "item" (on the selected item) or "organizer".
- `EventRef(calendar_id, event_id, title, start, end, all_day, organizer_email,
  organizer_self, my_response, attendees)`.
- `ThreadRef(thread_id, subject, counterparts, last_at)`: recent threads, newest used when the
  user names a person and nothing is selected.
- `ItemContext(item_id, source, kind, title, who, participants, thread, event)`: the selection.
- `InterpretContext(now, zone, user_name, own_addresses, contacts, threads, events, item,
  working_hours=(9, 18))`.

Output:

- `Intent`: kind (gmail.reply | gmail.send | gmail.draft | calendar.rsvp |
  calendar.create_event | calendar.move), to/cc/bcc (for a reply only the people the user
  added; the reply's own recipients come from the thread later), reply_all, thread, subject,
  body (first person: "reply that we are on it" → "We are on it."), response, note, event,
  start, duration, window, title, attendees, slot_choice, and `pending` (what an open
  question is about: the candidates offered, so "the second" can be applied).
- `Interpretation(intent, question, missing, unparsed, notes)`: one question at most;
  missing is recipient | time | body | event | subject | which_person | which_event | kind.
- `Revision(intent, changed, question, missing, unparsed)`: `changed` is one line such as
  "time: Tue 10:00 → Wed 10:00" or "added priya@northwind.example to Cc".

Functions:

- `interpret(text, ctx) -> Interpretation`: plain words and the slash forms (/reply,
  /reply-all, /send, /draft, /accept, /decline, /tentative, /schedule, /move).
- `revise(intent, answer, ctx, missing) -> Revision`: an answer to the open question or an
  edit ("make it shorter", "Wednesday instead", "cc Tom", "decline instead"…).
- `letter(body, recipient_first_name, sender_first_name) -> str`: greeting and sign-off.
- `parse_duration(text) -> timedelta | None`, `parse_when(text, now, zone) -> datetime |
  (start, end) | None`, `resolve_person(name_or_address, ctx) -> Person | Ambiguous |
  NotFound`, `resolve_event(reference, ctx, purpose) -> EventMatch`.

Safety: every address in an intent was typed by the user or belongs to a contact,
participant or organiser the user named; the user's own addresses are never recipients;
nothing here reads an email body.
"""

from nyte_tui.commands.context import (
    Contact,
    EventRef,
    InterpretContext,
    ItemContext,
    Person,
    ThreadRef,
)
from nyte_tui.commands.durations import parse_duration
from nyte_tui.commands.events import EventMatch, resolve_event
from nyte_tui.commands.intent import (
    Ambiguous,
    Intent,
    Interpretation,
    NotFound,
    Pending,
    Revision,
)
from nyte_tui.commands.interpret import interpret
from nyte_tui.commands.letter import letter
from nyte_tui.commands.people import resolve_person
from nyte_tui.commands.revise import revise
from nyte_tui.commands.when import parse_when

__all__ = [
    "Ambiguous",
    "Contact",
    "EventMatch",
    "EventRef",
    "Intent",
    "InterpretContext",
    "Interpretation",
    "ItemContext",
    "NotFound",
    "Pending",
    "Person",
    "Revision",
    "ThreadRef",
    "interpret",
    "letter",
    "parse_duration",
    "parse_when",
    "resolve_event",
    "resolve_person",
    "revise",
]
