"""Slash commands of the command pane: a tiny pure parser (no Textual, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

SLASH_HELP: tuple[tuple[str, str], ...] = (
    ("/sync", "sync Gmail and Calendar now"),
    ("/done", "mark the selected item done"),
    ("/dismiss", "dismiss the selected item"),
    ("/snooze <when>", "snooze it (default tomorrow 9:00; e.g. /snooze friday 14:00)"),
    ("/important", "say the selected item is important"),
    ("/not-important", "say it is not important (offers a mute rule)"),
    ("/all", "toggle between the Important list and every item"),
    ("/agenda", "show the next two days of events"),
    ("/help", "keys and commands"),
    ("/reply TEXT", "reply to the selected item (/reply-all to everyone on it)"),
    ("/send TO SUBJECT -- BODY", "a new message to the address or name you type"),
    ("/draft …", "like /reply or /send, but saved as a Gmail draft"),
    ("/accept · /decline · /tentative", "answer the selected invitation (or name the event)"),
    ("/schedule WHO WHEN [30 min] [about …]", "a meeting in a free slot"),
    ("/move [event] to WHEN", "move an event you organise"),
    ("plain words", 'anything else: "reply that Tuesday works", "decline the 4pm"'),
)
KNOWN = {"sync", "done", "dismiss", "snooze", "important", "not-important", "all", "agenda", "help"}
ALIASES = {"not_important": "not-important", "notimportant": "not-important", "?": "help"}


@dataclass(frozen=True)
class Slash:
    """One parsed input: a command name and its argument, or free text."""

    name: str | None
    argument: str
    text: str

    @property
    def is_free_text(self) -> bool:
        """Whether the input is not a slash command."""
        return self.name is None


def parse(text: str) -> Slash:
    """Split "/snooze friday 9am" into ("snooze", "friday 9am"); other text is free text."""
    stripped = text.strip()
    if not stripped.startswith("/") or stripped == "/":
        return Slash(None, "", stripped)
    head, _, rest = stripped[1:].partition(" ")
    name = head.lower()
    return Slash(ALIASES.get(name, name), rest.strip(), stripped)
