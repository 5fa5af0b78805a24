"""Awaiting a reply, first contacts and family mail, through the real pass on a tiny mailbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nyte_tui.evaluation.dataset import load_mailboxes
from nyte_tui.evaluation.metrics import Prediction
from nyte_tui.evaluation.runner import run_mailbox

OWNER = {"name": "Noor Haddad", "email": "noor@quillworks.example", "time_zone": "Europe/Berlin"}
NOW = "2026-03-12T10:00:00+01:00"  # a Thursday
LETTERHEAD = (
    "I went through the supplier file this morning and compared the three offers line by\n"
    "line, including the freight surcharges and the payment terms we discussed in March.\n\n"
)


def _person(name: str, email: str) -> dict[str, str]:
    """A {name, email} object."""
    return {"name": name, "email": email}


def _message(sender: dict[str, str], to: dict[str, str], body: str, hours_ago: float) -> Any:
    """One message of a conversation."""
    return {
        "from": sender,
        "to": [to],
        "cc": [],
        "reply_to": None,
        "hours_ago": hours_ago,
        "headers": {},
        "body": body,
        "html": None,
    }


def _thread(cid: str, messages: list[Any], labels: list[str]) -> dict[str, Any]:
    """A thread conversation with a neutral label."""
    return {
        "id": cid,
        "split": "tuning",
        "type": "thread",
        "language": "en",
        "classes": [],
        "subject": f"Subject {cid}",
        "labels": labels,
        "messages": messages,
        "expect": {"important": False, "kind": "none", "warning": None},
    }


def _run(tmp_path: Path, contacts: list[Any], conversations: list[Any]) -> dict[str, Prediction]:
    """Score a one-mailbox set and return each conversation's prediction."""
    data = {
        "mailbox": "noor",
        "owner": OWNER,
        "now": NOW,
        "contacts": contacts,
        "conversations": conversations,
    }
    (tmp_path / "mailbox_noor.json").write_text(json.dumps(data), encoding="utf-8")
    (mailbox,) = load_mailboxes(tmp_path, "tuning")
    outcomes, _ = run_mailbox(mailbox)
    return {o.conversation.id: o.prediction for o in outcomes}


ME = _person("Noor Haddad", "noor@quillworks.example")
RUI = _person("Rui Costa", "rui@harbourfreight.example")
RUI_CONTACT = {**RUI, "owner_sent": 14, "owner_received": 16, "relation": "vendor"}


def test_a_question_below_a_long_preamble_is_followed_up_after_three_business_days(
    tmp_path: Path,
) -> None:
    ask = LETTERHEAD + "Can you confirm the revised pallet rate before our board meets?\n\nNoor"
    got = _run(tmp_path, [RUI_CONTACT], [_thread("ask", [_message(ME, RUI, ask, 150)], ["SENT"])])
    assert got["ask"].kind == "awaiting_reply" and got["ask"].important, got["ask"].reason
    assert "“Can you confirm the revised pallet rate before our board meets?”" in got["ask"].reason


def test_no_nudge_for_a_thank_you_or_before_three_business_days(tmp_path: Path) -> None:
    thanks = LETTERHEAD + "Many thanks for the quick turnaround, that settles it.\n\nNoor"
    early = LETTERHEAD + "Can you confirm the revised pallet rate before our board meets?\n\nNoor"
    got = _run(
        tmp_path,
        [RUI_CONTACT],
        [
            _thread("thanks", [_message(ME, RUI, thanks, 150)], ["SENT"]),
            # sent Tuesday morning: only two business days have passed by Thursday
            _thread("early", [_message(ME, RUI, early, 49)], ["SENT"]),
        ],
    )
    assert not got["thanks"].important and got["thanks"].kind == "none", got["thanks"].reason
    assert not got["early"].important and got["early"].kind == "none", got["early"].reason
