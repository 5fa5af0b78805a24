"""Floors on held-out triage data: the newest held-out set and the first set's spent half.

Only aggregates are read here: the runner refuses per-item detail of a held-out split, and a
failure names a figure, never a conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from nyte_tui.evaluation.dataset import default_data_dir, load_mailboxes
from nyte_tui.evaluation.metrics import Evaluation
from nyte_tui.evaluation.reasons import quote_problem
from nyte_tui.evaluation.runner import evaluate


@dataclass(frozen=True)
class Floors:
    """What one held-out set must keep (measured figures rounded down: regression guards)."""

    data: Path
    precision: float
    recall: float
    class_recall: float  # every class with at least 2 positives
    warned: float  # share of phishing and scam mail that gets a warning
    phishing_listed: int  # phishing or scam conversations on the list
    false_warnings: int
    reason_problems: int  # reasons quoting a fragment, or text not whole or not in the mail


FIXTURES = default_data_dir().parent
SETS = {
    # Spent: run three times while the scorer changed, then while tuning on other data; it
    # measured P 0.94, R 0.91, 8 of 9 warned on 2026-12-02.
    "first": Floors(default_data_dir(), 0.90, 0.85, 0.65, 0.75, 0, 0, 0),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request: pytest.FixtureRequest) -> tuple[Floors, Evaluation]:
    """A held-out split scored by the rules alone, in fresh stores."""
    floors = SETS[request.param]
    return floors, evaluate(load_mailboxes(floors.data, "heldout"))


def test_held_out_precision_and_recall_hold_the_floor(scored: tuple[Floors, Evaluation]) -> None:
    floors, evaluation = scored
    overall = evaluation.overall()
    assert overall.precision is not None and overall.precision >= floors.precision
    assert overall.recall is not None and overall.recall >= floors.recall


def test_no_class_with_positives_falls_below_the_recall_floor(
    scored: tuple[Floors, Evaluation],
) -> None:
    floors, evaluation = scored
    low = {
        name: round(c.recall, 2)
        for name, c in evaluation.by_class().items()
        if c.recall is not None and c.positives >= 2 and c.recall < floors.class_recall
    }
    assert low == {}


def test_scams_are_warned_and_kept_off_the_list(scored: tuple[Floors, Evaluation]) -> None:
    floors, evaluation = scored
    warnings = evaluation.warnings()
    assert warnings.warned_caught >= floors.warned * warnings.warned_expected
    assert warnings.false_warnings <= floors.false_warnings
    assert evaluation.by_class()["phishing"].false_positive <= floors.phishing_listed


def test_every_held_out_reason_quotes_whole_sentences(scored: tuple[Floors, Evaluation]) -> None:
    floors, evaluation = scored
    # a count only: the texts of held-out reasons are not shown, even when this fails
    assert evaluation.reason_problems(quote_problem) <= floors.reason_problems
