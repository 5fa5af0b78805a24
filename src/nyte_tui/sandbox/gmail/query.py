"""Gmail search (`q`) parser and matcher covering the operators nyte and its tests use."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

DAY_SECONDS = 86400
_RELATIVE_PATTERN = re.compile(r"^(\d+)([dmy])$")
_RELATIVE_DAYS = {"d": 1, "m": 30, "y": 365}

IN_LABELS = {
    "inbox": "INBOX",
    "sent": "SENT",
    "trash": "TRASH",
    "spam": "SPAM",
    "draft": "DRAFT",
    "drafts": "DRAFT",
    "starred": "STARRED",
    "important": "IMPORTANT",
    "chats": "CHAT",
    "chat": "CHAT",
    "unread": "UNREAD",
}
CATEGORY_LABELS = {
    "primary": "CATEGORY_PERSONAL",
    "personal": "CATEGORY_PERSONAL",
    "social": "CATEGORY_SOCIAL",
    "promotions": "CATEGORY_PROMOTIONS",
    "updates": "CATEGORY_UPDATES",
    "forums": "CATEGORY_FORUMS",
}
KNOWN_FIELDS = {
    "from",
    "to",
    "cc",
    "bcc",
    "deliveredto",
    "subject",
    "in",
    "label",
    "is",
    "category",
    "has",
    "filename",
    "rfc822msgid",
    "list",
    "newer_than",
    "older_than",
    "newer",
    "older",
    "after",
    "before",
    "larger",
    "smaller",
}


@dataclass(frozen=True)
class Term:
    """One search term: an operator with its value, or free text when field is None."""

    field: str | None
    value: str


@dataclass(frozen=True)
class Not:
    """A negated node (`-term`)."""

    node: Node


@dataclass(frozen=True)
class All:
    """Nodes that must all match (juxtaposition, parentheses)."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Any_:
    """Nodes of which one must match (`OR`, `{}`)."""

    nodes: tuple[Node, ...]


Node = Term | Not | All | Any_


class QueryError(ValueError):
    """The query could not be parsed."""


_TOKEN_PATTERN = re.compile(r'"[^"]*"|[(){}]|[^\s(){}"]+(?:"[^"]*")?')


class _Parser:
    """Recursive-descent parser over a token list."""

    def __init__(self, text: str) -> None:
        self.tokens = _TOKEN_PATTERN.findall(text)
        self.position = 0

    def peek(self) -> str | None:
        """Return the next token without consuming it."""
        return str(self.tokens[self.position]) if self.position < len(self.tokens) else None

    def take(self) -> str:
        """Consume and return the next token."""
        token = str(self.tokens[self.position])
        self.position += 1
        return token

    def parse_all(self, closer: str | None = None) -> All:
        nodes: list[Node] = []
        while (token := self.peek()) is not None and token != closer:
            nodes.append(self.parse_or())
        if closer is not None and self.peek() == closer:
            self.take()
        return All(tuple(nodes))

    def parse_or(self) -> Node:
        options = [self.parse_unary()]
        while self.peek() == "OR":
            self.take()
            if self.peek() is None:
                break
            options.append(self.parse_unary())
        return options[0] if len(options) == 1 else Any_(tuple(options))

    def parse_unary(self) -> Node:
        token = self.peek()
        if token is not None and token.startswith("-") and len(token) > 1:
            self.tokens[self.position] = token[1:]
            return Not(self.parse_unary())
        if token == "-":
            self.take()
            return Not(self.parse_unary()) if self.peek() is not None else All(())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        token = self.take()
        if token == "(":
            return self.parse_all(")")
        if token == "{":
            return Any_(self.parse_all("}").nodes)
        if token in (")", "}"):
            return All(())
        if token.startswith('"'):
            return Term(None, token.strip('"').lower())
        name, colon, value = token.partition(":")
        if colon and name.lower() in KNOWN_FIELDS:
            field = name.lower()
            if value == "" and self.peek() == "(":
                self.take()
                group = self.parse_all(")")
                return All(tuple(_with_field(node, field) for node in group.nodes))
            return Term(field, value.strip('"').lower())
        return Term(None, token.lower())


def _with_field(node: Node, field: str) -> Node:
    """Apply an operator to every free-text term of a parenthesised group."""
    if isinstance(node, Term):
        return Term(field, node.value) if node.field is None else node
    if isinstance(node, Not):
        return Not(_with_field(node.node, field))
    if isinstance(node, All):
        return All(tuple(_with_field(child, field) for child in node.nodes))
    return Any_(tuple(_with_field(child, field) for child in node.nodes))


def parse_query(text: str) -> Node:
    """Parse a Gmail search string into a node tree."""
    return _Parser(text or "").parse_all()


@dataclass
class MessageFacts:
    """What the matcher needs to know about one message."""

    label_ids: set[str]
    internal_date_ms: int
    size: int
    headers: Callable[[str], str]
    text: Callable[[], str]
    attachment_names: Callable[[], list[str]]
    message_id: str


@dataclass
class SearchContext:
    """Account facts the matcher needs: who "me" is, label names, the clock and time zone."""

    user_email: str
    label_ids_by_name: dict[str, str]
    now: datetime
    time_zone: str


def mentions_spam_or_trash(node: Node) -> bool:
    """Tell whether a query positively asks for spam, trash or everything."""
    if isinstance(node, Term):
        return node.field in ("in", "label") and node.value in ("spam", "trash", "anywhere")
    if isinstance(node, Not):
        return False
    return any(mentions_spam_or_trash(child) for child in node.nodes)


def matches(node: Node, facts: MessageFacts, context: SearchContext) -> bool:
    """Evaluate a node tree against one message."""
    if isinstance(node, Term):
        return _term_matches(node, facts, context)
    if isinstance(node, Not):
        return not matches(node.node, facts, context)
    if isinstance(node, All):
        return all(matches(child, facts, context) for child in node.nodes)
    return any(matches(child, facts, context) for child in node.nodes)


def _parse_date(value: str, time_zone: str) -> datetime | None:
    """Parse after:/before: values: YYYY/MM/DD, YYYY-MM-DD, MM/DD/YYYY or epoch seconds."""
    if value.isdigit() and len(value) > 8:
        return datetime.fromtimestamp(int(value), tz=ZoneInfo("UTC"))
    for pattern in ("%Y/%m/%d", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=ZoneInfo(time_zone))
        except ValueError:
            continue
    return None


def _size_bytes(value: str) -> int:
    """Parse larger:/smaller: sizes such as 10M, 500K or 1000."""
    match = re.match(r"^(\d+)([kmb]?)$", value)
    if not match:
        return 0
    multiplier = {"": 1, "b": 1, "k": 1024, "m": 1024 * 1024}[match.group(2)]
    return int(match.group(1)) * multiplier


def _label_id_for(value: str, context: SearchContext) -> str | None:
    """Resolve a label: operand (system id or user label name) to a label id."""
    normalized = value.replace("/", "-").replace(" ", "-").lower()
    if value.upper() in IN_LABELS.values() or value.upper().startswith("CATEGORY_"):
        return value.upper()
    if normalized in IN_LABELS:
        return IN_LABELS[normalized]
    return context.label_ids_by_name.get(normalized)


def _term_matches(term: Term, facts: MessageFacts, context: SearchContext) -> bool:
    """Evaluate one term."""
    field, value = term.field, term.value
    me = context.user_email.lower()
    if field is None:
        return value in facts.text()
    if field in ("from", "to", "cc", "bcc", "deliveredto"):
        header_names = {
            "from": ("from", "sender"),
            "to": ("to", "cc", "bcc"),
            "cc": ("cc",),
            "bcc": ("bcc",),
            "deliveredto": ("delivered-to", "to"),
        }[field]
        haystack = " ".join(facts.headers(name) for name in header_names).lower()
        return (me if value == "me" else value) in haystack
    if field == "subject":
        subject = facts.headers("subject").lower()
        return all(word in subject for word in value.split())
    if field == "in":
        if value == "anywhere":
            return True
        label = IN_LABELS.get(value)
        return label is not None and label in facts.label_ids
    if field == "label":
        label_id = _label_id_for(value, context)
        return label_id is not None and label_id in facts.label_ids
    if field == "is":
        if value == "read":
            return "UNREAD" not in facts.label_ids
        label = {"unread": "UNREAD", "starred": "STARRED", "important": "IMPORTANT"}.get(value)
        return label is not None and label in facts.label_ids
    if field == "category":
        category = CATEGORY_LABELS.get(value)
        return category is not None and category in facts.label_ids
    if field == "has":
        if value == "attachment":
            return bool(facts.attachment_names())
        if value in ("userlabels", "nouserlabels"):
            has_user = any(label.startswith("Label_") for label in facts.label_ids)
            return has_user if value == "userlabels" else not has_user
        return False
    if field == "filename":
        return any(value in name.lower() for name in facts.attachment_names())
    if field == "rfc822msgid":
        return value.strip("<>") == facts.message_id
    if field == "list":
        return value in facts.headers("list-id").lower()
    if field in ("newer_than", "older_than", "newer", "older"):
        match = _RELATIVE_PATTERN.match(value)
        if not match:
            return False
        days = int(match.group(1)) * _RELATIVE_DAYS[match.group(2)]
        boundary_ms = int((context.now - timedelta(days=days)).timestamp() * 1000)
        if field.startswith("newer"):
            return facts.internal_date_ms > boundary_ms
        return facts.internal_date_ms < boundary_ms
    if field in ("after", "before"):
        moment = _parse_date(value, context.time_zone)
        if moment is None:
            return False
        boundary_ms = int(moment.timestamp() * 1000)
        if field == "after":
            return facts.internal_date_ms >= boundary_ms
        return facts.internal_date_ms < boundary_ms
    if field == "larger":
        return facts.size > _size_bytes(value)
    if field == "smaller":
        return facts.size < _size_bytes(value)
    return f"{field}:{value}" in facts.text()
