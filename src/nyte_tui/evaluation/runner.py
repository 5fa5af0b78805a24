"""Run the real triage pass over each labelled mailbox, in a fresh store, at its own `now`."""

from __future__ import annotations

import tempfile
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nyte_tui.config.settings import Settings
from nyte_tui.evaluation.dataset import Mailbox
from nyte_tui.evaluation.loader import load_mailbox
from nyte_tui.evaluation.metrics import Evaluation, Outcome, Prediction
from nyte_tui.services.triage.run import run_triage_pass
from nyte_tui.store.db import open_store
from nyte_tui.store.queries import triage as q
from nyte_tui.store.queries import worklist as ql

if TYPE_CHECKING:
    from nyte_tui.llm.client import JsonModel


def eval_settings(mailbox: Mailbox, **overrides: Any) -> Settings:
    """Default settings in the owner's time zone, offline unless a model is given."""
    values: dict[str, Any] = {"model": None, "time_zone": mailbox.owner.time_zone}
    values.update(overrides)
    return Settings(**values)


def run_mailbox(
    mailbox: Mailbox,
    *,
    llm: JsonModel | None = None,
    settings: Settings | None = None,
    stats: dict[str, int] | None = None,
) -> tuple[list[Outcome], int]:
    """Score one mailbox; its outcomes and how many items it puts on the Important list."""
    chosen = settings or eval_settings(mailbox)
    with tempfile.TemporaryDirectory(prefix="nyte-eval-") as tmp:
        store = open_store(Path(tmp) / "nyte.db")
        try:
            loaded = load_mailbox(store, mailbox)
            now = mailbox.now.astimezone(UTC)
            summary = run_triage_pass(
                store,
                chosen,
                loaded.account_id,
                changed_threads=set(loaded.thread_ids.values()),
                changed_events={key.split("/", 1)[1] for key in loaded.event_keys.values()},
                fetch_bodies=loaded.fetch_bodies,
                now=now,
                llm=llm,
                actor="eval",
            )
            if stats is not None:
                for name in ("model_calls", "model_cached", "model_failed", "model_skipped"):
                    stats[name] = stats.get(name, 0) + int(summary.get(name, 0))
            threshold = chosen.triage.important_threshold
            threads = q.items_by_keys(store, loaded.account_id, "gmail", loaded.thread_ids.values())
            events = q.items_by_keys(
                store, loaded.account_id, "calendar", loaded.event_keys.values()
            )
            outcomes = []
            for conversation in mailbox.conversations:
                key = loaded.thread_ids.get(conversation.id) or loaded.event_keys[conversation.id]
                item = threads.get(key) or events.get(key)
                prediction = (
                    Prediction(False, "none", None, 0, "")
                    if item is None
                    else Prediction(
                        important=item.score >= threshold and item.status == "open",
                        kind=item.kind,
                        warning=getattr(item, "warning", None),
                        score=item.score,
                        reason=item.reason,
                    )
                )
                outcomes.append(Outcome(mailbox.name, conversation, prediction))
            listed = ql.count_important(store, loaded.account_id, threshold, now)
        finally:
            store.close()
    return outcomes, listed


def evaluate(
    mailboxes: list[Mailbox],
    *,
    llm: JsonModel | None = None,
    stats: dict[str, int] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Evaluation:
    """Score every mailbox of one split and gather the outcomes."""
    splits = {m.split for m in mailboxes}
    if len(splits) != 1:
        raise ValueError("evaluate one split at a time")
    outcomes: list[Outcome] = []
    on_list: dict[str, int] = {}
    for mailbox in mailboxes:
        settings = eval_settings(mailbox, **(overrides or {}))
        found, listed = run_mailbox(mailbox, llm=llm, settings=settings, stats=stats)
        outcomes += found
        on_list[mailbox.name] = listed
    return Evaluation(splits.pop(), outcomes, on_list)
