"""`nyte-eval` / `python -m nyte_tui.evaluation`: score the labelled set and print figures."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from nyte_tui.evaluation.dataset import SPLITS, DatasetError, default_data_dir, load_mailboxes
from nyte_tui.evaluation.report import render, render_misses


def main(argv: list[str] | None = None) -> int:
    """Run one split (default tuning) and print its figures; exit 2 on bad input."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the try: a closed reader fails here, not at exit
        return code
    except BrokenPipeError:
        # the reader stopped early (`nyte-eval | head`): not an error, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None) -> int:
    """The command itself."""
    parser = argparse.ArgumentParser(prog="nyte-eval", description=__doc__)
    parser.add_argument("--split", choices=SPLITS, default="tuning")
    parser.add_argument("--data", type=Path, default=None, help="directory of mailbox_*.json")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list each missed conversation (tuning split only; refused for heldout)",
    )
    parser.add_argument(
        "--model-stub",
        action="store_true",
        help="also adjudicate the 55–84 band through litellm against a local stub model",
    )
    args = parser.parse_args(argv)
    if args.misses and args.split != "tuning":
        print("nyte-eval: --misses is only allowed on the tuning split", file=sys.stderr)
        return 2
    try:
        mailboxes = load_mailboxes(args.data or default_data_dir(), args.split)
    except (DatasetError, OSError) as exc:
        print(f"nyte-eval: {exc}", file=sys.stderr)
        return 2
    from nyte_tui.evaluation.runner import evaluate

    evaluation = evaluate(mailboxes)
    print(render(evaluation))
    if args.model_stub:
        from nyte_tui.evaluation.stub_model import stub_model

        stats: dict[str, int] = {}
        with stub_model() as (url, calls):
            with_model = evaluate(
                mailboxes,
                stats=stats,
                overrides={
                    "model": "openai/eval-stub",
                    "llm": {"api_base": url, "api_key": "stub", "max_calls_per_pass": 200},
                },
            )
        print()
        extra = (
            f"; {calls[0]} model calls ({stats.get('model_calls', 0)} adjudicated, "
            f"{stats.get('model_failed', 0)} failed, {stats.get('model_skipped', 0)} over budget)"
        )
        print(render(with_model, "stub model on the 55–84 band", extra))
    if args.split == "tuning" and args.misses:
        print()
        print(render_misses(evaluation))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
