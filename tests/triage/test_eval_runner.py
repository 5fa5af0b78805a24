"""The evaluation runner: a real store, history through the real pass, held-out kept unseen."""

from __future__ import annotations

import pytest

from nyte_tui.evaluation.__main__ import main
from nyte_tui.evaluation.dataset import default_data_dir, load_mailboxes
from nyte_tui.evaluation.loader import load_mailbox
from nyte_tui.evaluation.metrics import Evaluation, HeldOutError
from nyte_tui.evaluation.report import render, render_misses
from nyte_tui.evaluation.runner import eval_settings
from nyte_tui.services.triage.run import run_triage_pass
from nyte_tui.store.db import open_store
from nyte_tui.store.queries import contacts as qc


def test_a_split_loads_only_its_own_conversations() -> None:
    for mailbox in load_mailboxes(default_data_dir(), "tuning"):
        assert mailbox.conversations
        assert {c.split for c in mailbox.conversations} == {"tuning"}


def test_relationship_history_comes_from_mail_through_the_real_pass(tmp_path) -> None:
    mailbox = next(m for m in load_mailboxes(default_data_dir(), "tuning") if m.contacts)
    store = open_store(tmp_path / "nyte.db")
    try:
        loaded = load_mailbox(store, mailbox)
        talked = [c for c in mailbox.contacts if c.owner_sent >= 3]
        assert talked
        before = qc.contact_stats(store, loaded.account_id, {c.email for c in talked})
        assert all(s.sent_to_count == 0 for s in before.values())  # nothing written by hand
        run_triage_pass(
            store,
            eval_settings(mailbox),
            loaded.account_id,
            changed_threads=set(loaded.thread_ids.values()),
            fetch_bodies=loaded.fetch_bodies,
            now=mailbox.now,
        )
        after = qc.contact_stats(store, loaded.account_id, {c.email for c in talked})
        seen = [after[c.email] for c in talked if c.email in after]
        assert seen and all(s.sent_to_count >= 3 and s.replied_count >= 1 for s in seen)
    finally:
        store.close()


def test_held_out_detail_is_refused_in_code() -> None:
    evaluation = Evaluation("heldout", [], {})
    with pytest.raises(HeldOutError):
        evaluation.misses()
    with pytest.raises(HeldOutError):
        render_misses(evaluation)
    assert "split heldout" in render(evaluation)


def test_the_command_refuses_misses_on_the_held_out_split(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--split", "heldout", "--misses"]) == 2
    assert "only allowed on the tuning split" in capsys.readouterr().err


def test_a_missing_data_directory_is_one_clear_line(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("nyte-eval: no mailbox_*.json") and "\n" not in err


@pytest.mark.parametrize(
    "folder",
    [
        "triage_eval",
        "triage_eval_second",
        "triage_eval_third",
        "triage_eval_fourth",
        "triage_eval_fifth",
        "triage_eval_sixth",
    ],
)
def test_every_reason_on_the_tuning_data_quotes_whole_sentences(folder: str) -> None:
    from nyte_tui.evaluation.reasons import quote_problem
    from nyte_tui.evaluation.runner import evaluate

    evaluation = evaluate(load_mailboxes(default_data_dir().parent / folder, "tuning"))
    problems = [(o.conversation.id, quote_problem(o)) for o in evaluation.outcomes()]
    assert [p for p in problems if p[1]] == []


def test_the_held_out_report_names_no_conversation() -> None:
    from nyte_tui.evaluation.dataset import Conversation, Expect
    from nyte_tui.evaluation.metrics import Outcome, Prediction

    secret = Conversation(
        "box-999",
        "heldout",
        "thread",
        "de",
        ("deadline_forms",),
        Expect(True, "needs_reply", None, "Kannst du das bis morgen schicken?"),
        subject="Geheimer Betreff",
    )
    missed = Outcome("box", secret, Prediction(False, "fyi", None, 40, "Nothing here needs you"))
    text = render(Evaluation("heldout", [missed], {"box": 0}))
    assert "recall 0.00" in text
    assert "box-999" not in text and "Geheimer" not in text and "morgen" not in text


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # like `nyte-eval | head -1` once head has gone
    command = [sys.executable, "-m", "nyte_tui.evaluation", "--data", str(default_data_dir())]
    try:
        done = subprocess.run(
            command, check=False, stdout=write_end, stderr=subprocess.PIPE, timeout=120
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr.decode() and "Exception" not in done.stderr.decode()
    assert done.returncode == 0
