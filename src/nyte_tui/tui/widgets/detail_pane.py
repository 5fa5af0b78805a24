"""The detail of the selected item: why it is here, its gates, then the thread or the event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from nyte_tui.tui.backend import AgendaView, DetailView, EventView, GateView, MessageView

GATES = ("decision", "time", "relationship", "impact", "watch")
RSVP = {
    "accepted": "accepted",
    "declined": "declined",
    "tentative": "maybe",
    "needsAction": "no answer",
}
BODY_LINES = 40


def gates_line(gates: Mapping[str, GateView]) -> Text:
    """ "Gates: decision ✓ time · …" with matched gates stressed."""
    line = Text("Gates: ", style="bold")
    for name in GATES:
        gate = gates.get(name)
        matched = gate is not None and gate.matched
        line.append(f"{name} {'✓' if matched else '·'}", style="green" if matched else "dim")
        line.append("  ")
    return line


def clipped(text: str, lines: int = BODY_LINES) -> str:
    """At most lines lines of text."""
    parts = text.splitlines()
    if len(parts) <= lines:
        return text
    return "\n".join([*parts[:lines], f"… ({len(parts) - lines} more lines)"])


class DetailPane(VerticalScroll):
    """Renders whatever detail the app hands it; it can expand earlier messages itself."""

    def __init__(self, *, id: str | None = None) -> None:
        """Start empty."""
        super().__init__(id=id)
        self.detail: DetailView | None = None
        self.expanded = False
        self.body = Static("loading…", id="detail-body")

    def compose(self) -> Any:
        """One Static holds the rendered detail."""
        yield self.body

    def show_text(self, text: str, title: str = "") -> None:
        """A plain message (loading, nothing selected, an error)."""
        self.detail = None
        self.border_title = title
        self.body.update(Text(text, style="dim"))

    def show_detail(self, detail: DetailView) -> None:
        """Show one item's detail."""
        if self.detail is None or self.detail.item.id != detail.item.id:
            self.expanded = False
            self.scroll_home(animate=False)
        self.detail = detail
        self.border_title = f"{detail.item.who or '—'} · {detail.item.title or ''}"
        self.body.update(self.render_detail(detail))

    def toggle_earlier(self) -> None:
        """Expand or collapse the earlier messages of a thread."""
        if self.detail is not None:
            self.expanded = not self.expanded
            self.body.update(self.render_detail(self.detail))

    def render_detail(self, detail: DetailView) -> RenderableType:
        """Reason, gates and then the thread excerpt (newest last) or the event."""
        item = detail.item
        parts: list[RenderableType] = []
        if item.warning:
            warning = Text(f"⚠ Looks like {item.warning}: ", style="bold red")
            warning.append("do not click its links, pay, or send codes or bank details.")
            parts.append(warning)
        why = Text("Why: ", style="bold")
        why.append(item.reason or "no reason recorded")
        parts.append(why)
        parts.append(gates_line(item.gates))
        status = item.status or "open"
        facts = [item.tier or "", f"score {item.score}", item.kind or ""]
        if status != "open":
            facts.append(status)
        facts.append(f"#{item.id}")
        parts.append(Text(" · ".join(f for f in facts if f), style="dim"))
        proposal = item.proposal
        if proposal is not None and proposal.status == "pending":
            offer = Text("Proposed: ", style="bold magenta")
            offer.append(proposal.summary)
            offer.append("  [a] approve  [d] dismiss", style="bold")
            parts.append(offer)
        parts.append(Rule(style="dim"))
        if detail.event is not None:
            parts.extend(self.render_event(detail.event))
        elif detail.messages:
            parts.extend(self.render_thread(detail.messages))
        else:
            parts.append(Text("nothing mirrored for this item yet", style="dim"))
        return Group(*parts)

    def render_thread(self, messages: Sequence[MessageView]) -> list[RenderableType]:
        """The newest message in full, earlier ones collapsed (or listed when expanded)."""
        parts: list[RenderableType] = []
        earlier, last = messages[:-1], messages[-1]
        if earlier and not self.expanded:
            noun = "message" if len(earlier) == 1 else "messages"
            parts.append(Text(f"▸ {len(earlier)} earlier {noun}  (o to expand)", style="dim"))
        shown = [*earlier, last] if self.expanded else [last]
        for message in shown:
            head = Text(message.sender or "", style="bold")
            if message.from_me:
                head.append(" (you)", style="dim")
            head.append(f", {message.date_text or ''}:", style="")
            parts.append(head)
            text = message.text or ""
            parts.append(Text(clipped(text) if message is last else clipped(text, 8)))
            parts.append(Text(""))
        return parts

    def render_event(self, event: EventView) -> list[RenderableType]:
        """Time, place, organizer, attendees with RSVP, conflicts and the description."""
        parts: list[RenderableType] = []

        def fact(label: str, value: str, style: str = "") -> None:
            line = Text(f"{label}: ", style="bold")
            line.append(value, style=style)
            parts.append(line)

        fact("When", event.time_text or "")
        if event.location:
            fact("Where", event.location)
        organizer = "you" if event.organizer_self else (event.organizer or "—")
        fact("Organizer", organizer)
        mine = event.my_response
        if mine:
            fact("Your answer", RSVP.get(mine, mine))
        people = [
            f"{'you' if a.is_self else (a.name or a.email)} ({RSVP.get(a.response, a.response)})"
            for a in event.attendees
        ]
        if people:
            fact("Attendees", ", ".join(people))
        if event.conflicts:
            fact("⚠ Overlaps", ", ".join(event.conflicts), "bold yellow")
        if event.status == "cancelled":
            parts.append(Text("cancelled", style="bold red"))
        if event.description:
            parts.append(Rule(style="dim"))
            parts.append(Text(clipped(event.description, 20)))
        return parts

    def show_agenda(self, agenda: AgendaView, days: int) -> None:
        """Upcoming events by day."""
        self.detail = None
        self.border_title = f"Agenda · next {days} days"
        parts: list[RenderableType] = []
        if not agenda.days:
            parts.append(Text("no events in that range", style="dim"))
        for day in agenda.days:
            parts.append(Text(day.date, style="bold"))
            for event in day.events:
                line = Text(f"  {event.time_text or '':>7}  {event.title or ''}")
                if event.rsvp:
                    line.append(f"  ({RSVP.get(event.rsvp, event.rsvp)})", style="dim")
                if event.conflicts:
                    line.append(f"  ⚠ overlaps {', '.join(event.conflicts)}", style="yellow")
                parts.append(line)
        self.body.update(Group(*parts))
