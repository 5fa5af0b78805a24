"""What a one-off event asks of the user beforehand: travel, or something to bring or prepare."""

from __future__ import annotations

import re

from nyte_tui.services.triage.dates import sentences

TRAVEL_RE = re.compile(
    r"\b(flight|flug|vuelo|voo|volo|vlucht|train|zug|tgv|eurostar|airport|"
    r"flughafen|aéroport|aeropuerto|hbf|gare|boarding)\b|→|✈",
    re.IGNORECASE,
)
PREPARE_RE = re.compile(
    r"\b(bring|prepare|present\w*|print|have ready|be ready|review .{0,30} before|"
    r"bereithalten|bereit ?halten|mitbringen|mitnehmen|vorbereiten|"
    r"apporter|préparer|présente\w*|prévoir|munissez|"
    r"traer|preparar|presentar|portare|preparare|meenemen|voorbereiden)\b|持参|準備",
    re.IGNORECASE,
)


def travel(title: str, location: str) -> bool:
    """Whether an event is a journey (a flight, a train, a departure from a station)."""
    return TRAVEL_RE.search(f"{title}\n{location}") is not None


def preparation(description: str) -> str | None:
    """The sentence of an event's description that asks the user to bring or prepare something."""
    for sentence in sentences(description):
        if PREPARE_RE.search(sentence):
            return sentence
    return None
