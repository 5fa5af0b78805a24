"""Actions given to the user inside notes and minutes: the forms notes use to name a doer."""

from __future__ import annotations

import pytest

from nyte_tui.services.triage.assigned import assigned_action
from triage.test_classes import NOW, TZ, mail, scored

LIST = {"to": "ops@tidewater.example", "list_id": "ops <ops.tidewater.example>"}


def minutes(body: str) -> str:
    """Minutes sent by the user's manager to the team list, scored: (kind, score, reason)."""
    result = scored(mail("omar.haddad@tidewater.example", body, subject="Ops notes", **LIST))
    return f"{result.kind} {result.score} {result.reason}"


@pytest.mark.parametrize(
    ("body", "quote"),
    [
        (
            "Decisions\n- keep the Tuesday cutoff\n\nAction items:\nAI: Sam — book the van, Fri\n"
            "AI: LR — send the pallet count to the depot, Thu 12 Jun\n",
            "AI: LR — send the pallet count to the depot, Thu 12 Jun",
        ),
        (
            "| Who | What | When |\n|---|---|---|\n| Sam | order labels | 20 Jun |\n"
            "| Lena Roth | confirm the forklift rental | 12.06. |\n",
            "| Lena Roth | confirm the forklift rental | 12.06. |",
        ),
        (
            "TODO\n[ ] @lroth renew the customs certificate before Friday\n"
            "[ ] @sam tidy the wiki\n",
            "@lroth renew the customs certificate before Friday",
        ),
        (
            "Next steps\n1. Sam books the venue\n"
            "2. Quote for the cold store (owner: Lena), Thursday\n",
            "Quote for the cold store (owner: Lena), Thursday",
        ),
        (
            "Maßnahmen:\n- Frau Roth übernimmt die Einweisung der Aushilfen bis Donnerstag.\n",
            "Frau Roth übernimmt die Einweisung der Aushilfen bis Donnerstag.",
        ),
        (
            "Actions :\n- Lena se charge de relancer le transporteur d'ici demain.\n",
            "Lena se charge de relancer le transporteur d'ici demain.",
        ),
        (
            "Acciones:\n- Lena debe enviar el inventario antes del viernes.\n",
            "Lena debe enviar el inventario antes del viernes.",
        ),
        ("宿題:\n・Rothさん：在庫表を6月12日までに共有\n", "Rothさん：在庫表を6月12日までに共有"),
        (
            "Open items\nOwner: Lena | Due: 12 Jun | Task: send the pallet count\n",
            "Owner: Lena | Due: 12 Jun | Task: send the pallet count",
        ),
        (
            "Audit follow-up.\n\nCold store seals. Owner: Lena Roth, due Thursday 12 Jun.\n",
            "Cold store seals. Owner: Lena Roth, due Thursday 12 Jun.",
        ),
        (
            "Follow-ups\n- Sam and Lena to walk the new depot Thursday morning\n",
            "Sam and Lena to walk the new depot Thursday morning",
        ),
        (
            "Next steps: Sam will book the room; Lena will share the slot plan by Thursday.\n",
            "Next steps: Sam will book the room; Lena will share the slot plan by Thursday.",
        ),
    ],
)
def test_an_action_for_the_user_in_notes_is_a_deadline_quoting_its_line(
    body: str, quote: str
) -> None:
    outcome = minutes(body)
    assert outcome.startswith("deadline ") and int(outcome.split()[1]) >= 70, outcome
    assert f"names you for an action: “{quote}”" in outcome


@pytest.mark.parametrize(
    "body",
    [
        "Actions\n- Sam to book the van by Friday.\n- Omar: quarantine the old scanners\n",
        "Notes\n- Lena shared the scope question; decision expected at Thursday planning\n",
        "| Who | What | When |\n|---|---|---|\n| Sam | order labels | Thu 12 Jun |\n",
        "AI: Sam — book the van, Fri\nAttendees: Lena, Sam, Omar\n",
        "Actions\n- Lena to prepare the yearly budget draft by 20 August.\n",
        "Shout-outs\n- Omar, Sam, Lena — great work on Monday\n",
        "Workspace details\n\nAccount owner: Lena Roth, renews on Thursday 12 Jun\n",
    ],
)
def test_notes_without_a_dated_action_for_the_user_stay_off_the_list(body: str) -> None:
    outcome = minutes(body)
    assert int(outcome.split()[1]) < 70, outcome


def test_a_dated_item_in_a_list_headed_by_the_users_name_is_theirs() -> None:
    outcome = minutes(
        "Actions by person\n\nSam:\n- book the van\n\n**Tasks for Lena Roth:**\n"
        "- send the pallet count to the depot by Thursday\n- tidy the wiki\n"
    )
    assert outcome.startswith("deadline ") and int(outcome.split()[1]) >= 70, outcome
    assert "lists an action under your name: “send the pallet count to the depot by" in outcome


def test_an_undated_item_under_the_users_name_and_a_dated_one_under_another_stay_off() -> None:
    outcome = minutes("Sam:\n- book the van by Thursday\n\nLena:\n- tidy the wiki\n")
    assert int(outcome.split()[1]) < 70, outcome


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("- PR: merge the pricing fix by Friday", "Priya Raman"),
        ("- Merge the pricing fix (PR) by Friday", "Priya Raman"),
        ("- Stand-up moves to 9 on Friday (LR)", "Lena Roth"),
    ],
)
def test_initials_that_are_labels_or_in_parentheses_name_no_one(line: str, owner: str) -> None:
    assert assigned_action(line, [owner], [], NOW, TZ) is None
