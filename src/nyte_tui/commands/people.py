"""People: a typed address, a name matched against contacts and the selected item, a pronoun."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nyte_tui.commands.context import InterpretContext, Person, PersonSource
from nyte_tui.commands.intent import Ambiguous, NotFound
from nyte_tui.commands.text import EMAIL_RE, fold, similarity

Resolved = Person | Ambiguous | NotFound
PRONOUNS = {"her", "him", "them", "back", "sender", "the sender", "they", "she", "he"}
ORGANIZER_WORDS = {"organiser", "organizer", "the organiser", "the organizer", "host", "the host"}
SELF_WORDS = {"me", "myself", "i", "us", "ourselves"}
GROUP_SUFFIXES = ("team", "folks", "people", "department", "dept", "group", "guys")
SOURCE_RANK: dict[PersonSource, int] = {"item": 0, "organizer": 1, "contact": 2, "typed": 3}
FULL, MULTI, FIRST, SECOND, FUZZY = 10, 9, 8, 7, 5


@dataclass(frozen=True)
class Known:
    """A person the user may write to, with how much they correspond and whether on the item."""

    person: Person
    weight: float
    on_item: bool


def _local_part(email: str) -> str:
    """The folded part of an address before the @."""
    return fold(email.split("@", 1)[0])


def name_for(email: str, ctx: InterpretContext) -> str:
    """The name the context knows for an address, or an empty string."""
    wanted = email.lower()
    for contact in ctx.contacts:
        if contact.email.lower() == wanted and contact.name:
            return contact.name
    for thread in ctx.threads:
        for person in thread.counterparts:
            if person.email.lower() == wanted and person.name:
                return person.name
    item = ctx.item
    if item is not None:
        for candidate in (item.who, *item.participants):
            if candidate is not None and candidate.email.lower() == wanted and candidate.name:
                return candidate.name
    return ""


def known_people(ctx: InterpretContext) -> list[Known]:
    """Everyone the context names, one entry per address, the user's own addresses left out."""
    found: dict[str, Known] = {}

    def add(name: str, email: str, source: PersonSource, weight: float, on_item: bool) -> None:
        """Record one person, merging with an earlier entry for the same address."""
        key = email.strip().lower()
        if not key or ctx.is_own(key) or not EMAIL_RE.fullmatch(key):
            return
        old = found.get(key)
        if old is None:
            found[key] = Known(Person(name, key, source), weight, on_item)
            return
        best_name = old.person.name if len(old.person.name) >= len(name) else name
        best_source = min(old.person.source, source, key=SOURCE_RANK.__getitem__)
        found[key] = Known(
            Person(best_name, key, best_source), max(old.weight, weight), old.on_item or on_item
        )

    item = ctx.item
    if item is not None:
        for person in (item.who, *item.participants):
            if person is not None:
                add(person.name, person.email, "item", 0.0, True)
        if item.thread is not None:
            for person in item.thread.counterparts:
                add(person.name, person.email, "item", 0.0, True)
        if item.event is not None and item.event.organizer_email:
            email = item.event.organizer_email
            add(name_for(email, ctx), email, "organizer", 0.0, True)
    for contact in ctx.contacts:
        weight = 2.0 * contact.sent_count + contact.received_count
        add(contact.name, contact.email, "contact", weight, False)
    for thread in ctx.threads:
        for person in thread.counterparts:
            add(person.name, person.email, "contact", 0.0, False)
    return list(found.values())


def score(query: str, person: Person) -> tuple[int, float]:
    """How well a folded query names a person: a tier (10 full name … 5 fuzzy) and a ratio."""
    name = fold(person.name)
    tokens = name.split()
    local = _local_part(person.email)
    local_tokens = [t for t in re.split(r"[._+\-]", local) if t]
    q_tokens = query.split()
    if name and (query == name or query.replace(" ", "") == name.replace(" ", "")):
        return FULL, 1.0
    if 1 < len(q_tokens) <= len(tokens) and all(
        tok.startswith(q) for q, tok in zip(q_tokens, tokens, strict=False)
    ):
        return MULTI, 1.0
    if query == local or query.replace(" ", ".") == local:
        return FIRST, 1.0
    if len(q_tokens) == 1:
        if tokens and query == tokens[0]:
            return FIRST, 1.0
        if query in tokens[1:] or query in local_tokens:
            return SECOND, 1.0
    best = max(
        [similarity(query, name)]
        + [similarity(query, tok) for tok in tokens if len(q_tokens) == 1]
        + [similarity(query, local)],
    )
    cutoff = 0.75 if len(query) >= 4 else 0.85
    return (FUZZY, best) if best >= cutoff else (0, best)


def _group_query(query: str) -> str:
    """A role or group word without "the" and "team": "the legal team" → "legal"."""
    words = query.split()
    if words and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] in GROUP_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def counterpart(ctx: InterpretContext) -> Person | None:
    """The other side of the selected item: its sender, organiser or first participant."""
    item = ctx.item
    if item is None:
        return None
    choices = [item.who, *item.participants]
    if item.thread is not None:
        choices.extend(item.thread.counterparts)
    for person in choices:
        if person is not None and not ctx.is_own(person.email):
            return Person(person.name, person.email.lower(), "item")
    return organizer(ctx)


def organizer(ctx: InterpretContext) -> Person | None:
    """The organiser of the selected event, unless that is the user."""
    item = ctx.item
    event = item.event if item is not None else None
    if event is None or not event.organizer_email or event.organizer_self:
        return None
    if ctx.is_own(event.organizer_email):
        return None
    email = event.organizer_email.lower()
    return Person(name_for(email, ctx), email, "organizer")


def resolve_person(query: str, ctx: InterpretContext, *, fuzzy: bool = True) -> Resolved:
    """The one person a name, address, pronoun or role word means; or the candidates; or none."""
    text = query.strip().strip(",.;:!?")
    address = EMAIL_RE.search(text)
    if address:
        email = address.group().lower().strip(".'")
        if ctx.is_own(email):
            return NotFound(text, "own")
        return Person(name_for(email, ctx), email, "typed")
    folded = " ".join(fold(text).replace("'s ", " ").split())
    if folded in SELF_WORDS:
        return NotFound(text, "own")
    if folded in PRONOUNS:
        found = counterpart(ctx)
        return found if found is not None else NotFound(text, "no selection")
    if folded in ORGANIZER_WORDS:
        found = organizer(ctx)
        return found if found is not None else NotFound(text, "no organiser")
    if not folded:
        return NotFound(text, "empty")
    return _by_name(text, _group_query(folded), ctx, fuzzy=fuzzy)


def _by_name(text: str, folded: str, ctx: InterpretContext, *, fuzzy: bool) -> Resolved:
    """The best name match among known people; ties asked about, best correspondent first."""
    scored: list[tuple[int, float, Known]] = []
    for known in known_people(ctx):
        tier, ratio = score(folded, known.person)
        if tier >= FUZZY and (fuzzy or tier > FUZZY):
            scored.append((tier, ratio, known))
    if not scored:
        return NotFound(text)
    top = max(tier for tier, _, _ in scored)
    best = [entry for entry in scored if entry[0] == top]
    if top == FUZZY:
        best_ratio = max(ratio for _, ratio, _ in best)
        best = [entry for entry in best if entry[1] >= best_ratio - 0.05]
    if len(best) > 1:
        on_item = [entry for entry in best if entry[2].on_item]
        if len(on_item) == 1:
            best = on_item
    if len(best) == 1:
        return best[0][2].person
    best.sort(key=lambda entry: (-entry[2].weight, -entry[1], entry[2].person.label))
    return Ambiguous(text, tuple(entry[2].person for entry in best))


def show(person: Person) -> str:
    """A person for a question or note: "Dana Whitfield (dana@northwind.example)"."""
    return f"{person.name} ({person.email})" if person.name else person.email


def show_list(people: tuple[Person, ...] | list[Person]) -> str:
    """People as "A, B and C" by name (or address)."""
    labels = [person.label for person in people]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def others_names(ctx: InterpretContext, recipients: tuple[Person, ...]) -> frozenset[str]:
    """Folded first and full names of known people other than the recipients."""
    skip = {person.email for person in recipients}
    names: set[str] = set()
    for known in known_people(ctx):
        if known.person.email in skip or not known.person.name:
            continue
        folded = fold(known.person.name)
        names.add(folded)
        names.add(folded.split()[0])
    for person in recipients:
        names.discard(fold(person.name))
        if person.name:
            names.discard(fold(person.name).split()[0])
    return frozenset(names)
