"""The MIME corpus under tests/fixtures/mail: its index, the generated cases and a Python oracle."""

from __future__ import annotations

import base64
import email
import importlib.util
import json
import re
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mail"
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Case:
    """One corpus message: where it is, what it tests, what a client may do with it."""

    name: str
    path: Path
    expect: str
    python_header_error: dict[str, str] = field(default_factory=dict)
    differs_from_python: dict[str, str] = field(default_factory=dict)
    body_contains: tuple[str, ...] = ()
    body_lacks: tuple[str, ...] = ()

    def raw(self) -> bytes:
        """The message bytes."""
        return self.path.read_bytes()


def committed_cases() -> list[Case]:
    """Every message listed in index.json."""
    entries = json.loads((FIXTURES / "index.json").read_text(encoding="utf-8"))
    return [
        Case(
            name=entry["file"],
            path=FIXTURES / entry["file"],
            expect=entry["expect"],
            python_header_error=dict(entry.get("python_header_error", {})),
            differs_from_python=dict(entry.get("differs_from_python", {})),
            body_contains=tuple(entry.get("body_contains", ())),
            body_lacks=tuple(entry.get("body_lacks", ())),
        )
        for entry in entries
    ]


def generated_cases(out: Path, *, huge: bool) -> list[Case]:
    """The cases generate.py writes (the 20 MB body only when huge, otherwise all the others)."""
    spec = importlib.util.spec_from_file_location("mail_generate", FIXTURES / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entries = module.main([str(out)])
    return [
        Case(name=f"generated/{entry['file']}", path=out / entry["file"], expect=entry["expect"])
        for entry in entries
        if ("huge" in entry["file"]) == huge
    ]


def one_line(text: str) -> str:
    """What nyte promises for header text: control characters are spaces, outer spaces trimmed.

    Python keeps raw 8-bit header bytes as surrogate escapes in parsed addresses; a mail client
    shows them as UTF-8 (RFC 6532), with U+FFFD for invalid sequences, and so does this.
    """
    if any("\udc80" <= char <= "\udcff" for char in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return CONTROLS.sub(" ", text).strip(" ")


@dataclass
class PythonView:
    """How Python's email package (policy.default) reads a message's Subject and From."""

    subject: str | None = None
    from_name: str | None = None
    from_email: str | None = None
    errors: dict[str, str] = field(default_factory=dict)


def python_view(raw: bytes) -> PythonView:
    """Subject and the single From mailbox as `email.policy.default` decodes them."""
    view = PythonView()
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
    except Exception as exc:  # CPython's parser itself can crash (see python_header_error)
        view.errors["parse"] = type(exc).__name__
        return view
    try:
        subject = message["subject"]
        view.subject = None if subject is None else one_line(str(subject))
    except Exception as exc:
        view.errors["subject"] = type(exc).__name__
    try:
        sender = message["from"]
        addresses = sender.addresses if sender is not None else ()
        if len(addresses) == 1:
            view.from_name = one_line(addresses[0].display_name)
            # Python spells the null address of "MAILER DAEMON <>" as "<>": there is no address.
            spec = addresses[0].addr_spec
            view.from_email = "" if spec == "<>" else one_line(spec).lower()
    except Exception as exc:
        view.errors["from"] = type(exc).__name__
    return view


def insert_all(gmail: Any, cases: list[Case]) -> tuple[dict[str, Case], dict[str, str]]:
    """Insert each case through messages.insert: (gmail id → case, refused case → error)."""
    inserted: dict[str, Case] = {}
    refused: dict[str, str] = {}
    for case in cases:
        body = {"raw": base64.urlsafe_b64encode(case.raw()).decode(), "labelIds": ["INBOX"]}
        try:
            answer = gmail.users().messages().insert(userId="me", body=body).execute()
        except Exception as exc:
            refused[case.name] = f"{type(exc).__name__}: {exc}"
            continue
        inserted[str(answer["id"])] = case
    return inserted, refused
