"""The command grammar: the offline interpreter (placeholder docstring, rewritten below)."""

from nyte_tui.commands.context import (
    Contact,
    EventRef,
    InterpretContext,
    ItemContext,
    Person,
    ThreadRef,
)
from nyte_tui.commands.durations import parse_duration
from nyte_tui.commands.intent import (
    Ambiguous,
    Intent,
    Interpretation,
    NotFound,
    Pending,
    Revision,
)
from nyte_tui.commands.interpret import interpret
from nyte_tui.commands.people import resolve_person
from nyte_tui.commands.when import parse_when

__all__ = [
    "Ambiguous",
    "Contact",
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
    "parse_duration",
    "parse_when",
    "resolve_person",
]
