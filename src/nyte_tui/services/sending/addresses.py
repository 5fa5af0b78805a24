"""Addresses in mail: validating typed ones, reading header ones safely, spotting imitations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import getaddresses

from nyte_tui.errors import UsageError

MAX_NAME = 64


INLINE_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


@dataclass(frozen=True)
class Recipient:
    """One validated address with its display name."""

    name: str
    address: str

    @property
    def key(self) -> str:
        """The lower-cased address used for comparisons."""
        return self.address.lower()

    @property
    def display(self) -> str:
        """`Name <address>` or the bare address."""
        return f"{self.name} <{self.address}>" if self.name else self.address


def parse_addresses(values: Sequence[str], what: str) -> list[Recipient]:
    """Validate typed addresses (`a@x.com`, `Name <a@x.com>`, comma lists) or raise UsageError."""
    found: list[Recipient] = []
    for value in values:
        if "\n" in value or "\r" in value:
            raise UsageError(f"invalid {what} address {value!r}: line breaks are not allowed")
        pieces = [p for p in value.split(",") if p.strip()] if "<" not in value else [value]
        for piece in pieces:
            parsed = getaddresses([piece])
            if len(parsed) != 1 or not ADDRESS.match(parsed[0][1] or ""):
                raise UsageError(
                    f"invalid {what} address {piece.strip()!r}: expected name@domain.tld"
                )
            name, address = parsed[0]
            found.append(Recipient(name.strip(), address.strip()))
    return found


def header_addresses(*headers: str | None) -> list[Recipient]:
    """Valid addresses in mirrored header values (invalid ones are skipped)."""
    found: list[Recipient] = []
    for name, address in getaddresses([h for h in headers if h]):
        if address and ADDRESS.match(address):
            found.append(Recipient(safe_name(name), address.strip()))
    return found


def safe_name(name: str) -> str:
    """A display name fit to copy into our own headers ("" when it smuggles an address or an
    instruction: nothing from a stranger's name reaches the recipients' view unchecked)."""
    clean = " ".join(name.split())
    if not clean or len(clean) > MAX_NAME or any(c in clean for c in "@<>[]{}|\\"):
        return ""
    return clean


def site_of(address: str) -> str:
    """The registrable part of an address's domain (its last two labels)."""
    return ".".join(address.rsplit("@", 1)[-1].lower().split(".")[-2:])


CONFUSABLE = str.maketrans({"1": "l", "i": "l", "|": "l", "0": "o", "5": "s", "3": "e"})


def imitates(domain: str, own: str) -> bool:
    """Whether domain looks like own without being it (northwlnd.example, n0rthwind.example)."""
    if not domain or not own or domain == own:
        return False

    def skeleton(value: str) -> str:
        return value.translate(CONFUSABLE).replace("rn", "m").replace("vv", "w").replace("-", "")

    if skeleton(domain) == skeleton(own):
        return True
    from difflib import SequenceMatcher

    name, own_name = domain.split(".", maxsplit=1)[0], own.split(".", maxsplit=1)[0]
    return len(own_name) >= 5 and SequenceMatcher(None, name, own_name).ratio() >= 0.85


def strip_addresses(subject: str) -> str:
    """A subject without email addresses (a reply never repeats an address a stranger wrote)."""
    return " ".join(INLINE_ADDRESS.sub("…", subject).split())


def dedupe(recipients: Sequence[Recipient], exclude: set[str]) -> list[Recipient]:
    """Recipients without repeats and without excluded addresses (the first spelling wins)."""
    seen = set(exclude)
    kept: list[Recipient] = []
    for recipient in recipients:
        if recipient.key not in seen:
            seen.add(recipient.key)
            kept.append(recipient)
    return kept


def angle(message_id: str) -> str:
    """A Message-ID in angle brackets."""
    value = message_id.strip()
    return value if value.startswith("<") else f"<{value.strip('<>')}>"
