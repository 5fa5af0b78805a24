"""Figures of an evaluation: precision, recall, kind and warning agreement, by class and language.

Per-item detail (which conversation was missed, its score and reason) is available only for
the tuning split; asking for it on the held-out split raises `HeldOutError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nyte_tui.evaluation.dataset import Conversation

GROUPED = {"deadline": "needs_reply"}  # the pair the labels call the most judgement-laden


class HeldOutError(Exception):
    """Per-item detail of the held-out split was asked for; only aggregates may be seen."""


@dataclass(frozen=True)
class Prediction:
    """What nyte made of one conversation."""

    important: bool
    kind: str
    warning: str | None
    score: int
    reason: str


@dataclass(frozen=True)
class Outcome:
    """A labelled conversation and nyte's prediction for it."""

    mailbox: str
    conversation: Conversation
    prediction: Prediction


@dataclass(frozen=True)
class Counts:
    """Confusion counts of `important` over a group of conversations."""

    total: int
    positives: int
    true_positive: int
    false_positive: int
    kind_agree: int
    kind_agree_grouped: int

    @property
    def predicted(self) -> int:
        """How many the pass put on the list."""
        return self.true_positive + self.false_positive

    @property
    def precision(self) -> float | None:
        """Share of listed conversations that belong on the list."""
        return self.true_positive / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        """Share of conversations that belong on the list and are on it."""
        return self.true_positive / self.positives if self.positives else None

    @property
    def kind_agreement(self) -> float | None:
        """Share of important conversations whose kind matches the label."""
        return self.kind_agree / self.positives if self.positives else None

    @property
    def kind_agreement_grouped(self) -> float | None:
        """The same, counting needs_reply and deadline as one kind."""
        return self.kind_agree_grouped / self.positives if self.positives else None


@dataclass(frozen=True)
class WarningFigures:
    """How the phishing and scam warnings agree with the labels."""

    total: int
    correct: int
    warned_expected: int
    warned_caught: int
    false_warnings: int
    exact_type: int

    @property
    def accuracy(self) -> float:
        """Share of conversations where warned or not matches the label."""
        return self.correct / self.total if self.total else 0.0


def _kind(kind: str) -> str:
    """A predicted kind on the labels' scale (fyi counts as none)."""
    return "none" if kind == "fyi" else kind


def counts(outcomes: Iterable[Outcome]) -> Counts:
    """Confusion counts over outcomes."""
    total = positives = tp = fp = agree = grouped = 0
    for o in outcomes:
        total += 1
        expect, got = o.conversation.expect, o.prediction
        if expect.important:
            positives += 1
            tp += got.important
            agree += _kind(got.kind) == expect.kind
            grouped += GROUPED.get(_kind(got.kind), _kind(got.kind)) == GROUPED.get(
                expect.kind, expect.kind
            )
        else:
            fp += got.important
    return Counts(total, positives, tp, fp, agree, grouped)


def warning_figures(outcomes: Iterable[Outcome]) -> WarningFigures:
    """Warning agreement over outcomes (any warning counts for a warned label)."""
    total = correct = expected = caught = false = exact = 0
    for o in outcomes:
        want, got = o.conversation.expect.warning, o.prediction.warning
        total += 1
        correct += (want is None) == (got is None)
        if want is not None:
            expected += 1
            caught += got is not None
            exact += got == want
        elif got is not None:
            false += 1
    return WarningFigures(total, correct, expected, caught, false, exact)


class Evaluation:
    """The outcomes of one split; per-item detail only for the tuning split."""

    def __init__(self, split: str, outcomes: list[Outcome], on_list: dict[str, int]) -> None:
        self.split = split
        self._outcomes = outcomes
        self.on_list = on_list  # mailbox -> open items on the Important list

    def overall(self) -> Counts:
        """Counts over every conversation."""
        return counts(self._outcomes)

    def warnings(self) -> WarningFigures:
        """Warning agreement over every conversation."""
        return warning_figures(self._outcomes)

    def by(self, key: Callable[[Outcome], Iterable[str]]) -> dict[str, Counts]:
        """Counts per group (a conversation may be in several groups)."""
        groups: dict[str, list[Outcome]] = {}
        for o in self._outcomes:
            for name in key(o):
                groups.setdefault(name, []).append(o)
        return {name: counts(group) for name, group in sorted(groups.items())}

    def by_class(self) -> dict[str, Counts]:
        """Counts per class tag."""
        return self.by(lambda o: o.conversation.classes)

    def by_language(self) -> dict[str, Counts]:
        """Counts per language."""
        return self.by(lambda o: (o.conversation.language,))

    def by_mailbox(self) -> dict[str, Counts]:
        """Counts per mailbox."""
        return self.by(lambda o: (o.mailbox,))

    def outcomes(self) -> list[Outcome]:
        """Every outcome with its text; refused for the held-out split."""
        if self.split != "tuning":
            raise HeldOutError("per-item detail is only shown for the tuning split")
        return list(self._outcomes)

    def misses(self) -> list[Outcome]:
        """Outcomes whose importance, kind or warning disagrees with the label (tuning only)."""
        wrong = []
        for o in self.outcomes():
            expect, got = o.conversation.expect, o.prediction
            kind_wrong = expect.important and _kind(got.kind) != expect.kind
            warn_wrong = (expect.warning is None) != (got.warning is None)
            if expect.important != got.important or kind_wrong or warn_wrong:
                wrong.append(o)
        return wrong

    def reason_problems(self, check: Callable[[Outcome], str | None]) -> int:
        """How many reasons fail a property check (a count, so held-out text stays unseen)."""
        return sum(1 for o in self._outcomes if check(o) is not None)
