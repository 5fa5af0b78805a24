"""The evaluation as text: aggregates for both splits, per-item misses for tuning only."""

from __future__ import annotations

from nyte_tui.evaluation.metrics import Counts, Evaluation, HeldOutError


def _ratio(value: float | None) -> str:
    """A share with two decimals ("-" when undefined)."""
    return "   -" if value is None else f"{value:4.2f}"


def _row(name: str, c: Counts) -> str:
    """One table row of counts."""
    return (
        f"  {name:<24} {c.total:>4} {c.positives:>4} {c.predicted:>5} {c.true_positive:>4} "
        f"{c.false_positive:>4}  {_ratio(c.precision)}  {_ratio(c.recall)}  "
        f"{_ratio(c.kind_agreement)}  {_ratio(c.kind_agreement_grouped)}"
    )


HEADER = "  {:<24} {:>4} {:>4} {:>5} {:>4} {:>4}  {:>4}  {:>4}  {:>4}  {:>4}".format(
    "", "n", "pos", "listd", "tp", "fp", "prec", "rec", "kind", "kgrp"
)


def render(evaluation: Evaluation, label: str = "rules only", extra: str = "") -> str:
    """The report of one split."""
    overall = evaluation.overall()
    warnings = evaluation.warnings()
    lines = [
        f"split {evaluation.split}: {overall.total} conversations, {label}{extra}",
        f"  precision {_ratio(overall.precision)} ({overall.true_positive}/{overall.predicted})"
        f"  recall {_ratio(overall.recall)} ({overall.true_positive}/{overall.positives})"
        f"  kind agreement {_ratio(overall.kind_agreement)}"
        f" (needs_reply = deadline: {_ratio(overall.kind_agreement_grouped)})",
        f"  warnings: accuracy {warnings.accuracy:.2f}; warned {warnings.warned_caught}"
        f"/{warnings.warned_expected} (right type {warnings.exact_type}); "
        f"false warnings {warnings.false_warnings}",
        "  items on the Important list: "
        + ", ".join(f"{name} {count}" for name, count in sorted(evaluation.on_list.items())),
        "",
        "per class" + HEADER[9:],
        *(_row(name, c) for name, c in evaluation.by_class().items()),
        "",
        "per language" + HEADER[12:],
        *(_row(name, c) for name, c in evaluation.by_language().items()),
        "",
        "per mailbox" + HEADER[11:],
        *(_row(name, c) for name, c in evaluation.by_mailbox().items()),
    ]
    return "\n".join(lines)


def render_misses(evaluation: Evaluation) -> str:
    """Each tuning conversation the pass got wrong; refused for the held-out split."""
    if evaluation.split != "tuning":
        raise HeldOutError("per-item detail is only shown for the tuning split")
    lines = ["misses (tuning):"]
    for o in evaluation.misses():
        e, p = o.conversation.expect, o.prediction
        want = f"{'IMP' if e.important else 'not'} {e.kind}{' ' + e.warning if e.warning else ''}"
        got = f"{p.score:>3} {p.kind}{' ' + p.warning if p.warning else ''}"
        lines.append(f"  {o.conversation.id:<12} want {want:<26} got {got:<22} {p.reason[:160]}")
    return "\n".join(lines)
