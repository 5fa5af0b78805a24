"""`nyte command`, `nyte actions` and `nyte audit` through the real executable."""

from __future__ import annotations

import json

from conversation.conftest import COLLEAGUE, Conv
from send.conftest import nyte

RUN_KEYS = {"run_id", "status", "question", "proposal", "result"}
PROPOSAL_KEYS = {"kind", "payload", "preview", "risk", "flags"}


def test_preview_and_confirm_print_the_documented_json(
    cli_env: dict[str, str], conv: Conv, reply_item: tuple[int, str]
) -> None:
    """preview → confirm with --json: the product's shape, exit 0, one send."""
    shown = nyte(
        cli_env, "command", "reply that I'll sign it today", "--item", str(reply_item[0]), "--json"
    )
    assert shown.returncode == 0, shown.stderr
    run = json.loads(shown.stdout)
    assert run.keys() >= RUN_KEYS and run["status"] == "awaiting_approval"
    assert run["proposal"].keys() >= PROPOSAL_KEYS
    assert {"to", "cc", "bcc"} <= run["proposal"]["payload"].keys()
    assert run["question"] is None and run["result"] is None
    assert conv.env.sends() == 0
    text = nyte(cli_env, "command", "show", str(run["run_id"]))
    assert "reply that I'll sign it today" in text.stdout
    done = nyte(cli_env, "command", "confirm", str(run["run_id"]), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "completed" and result["result"]["state"] == "sent"
    assert conv.env.sends() == 1
    listed = json.loads(nyte(cli_env, "command", "list", "--json").stdout)
    assert [r["run_id"] for r in listed["runs"]] == [run["run_id"]]


def test_a_question_exits_2_and_an_early_confirm_is_refused(
    cli_env: dict[str, str], conv: Conv
) -> None:
    """Exit 2 while an answer is needed; the refusal repeats the question; then it works."""
    asked = nyte(cli_env, "command", f"schedule a meeting with {COLLEAGUE}", "--json")
    assert asked.returncode == 2, asked.stderr
    run = json.loads(asked.stdout)
    assert run["status"] == "awaiting_follow_up" and run["question"]
    early = nyte(cli_env, "command", "confirm", str(run["run_id"]))
    assert early.returncode == 2
    assert run["question"] in early.stderr and "Traceback" not in early.stderr
    answered = nyte(cli_env, "command", "respond", str(run["run_id"]), "tomorrow at 3pm", "--json")
    assert answered.returncode == 0, answered.stderr
    assert json.loads(answered.stdout)["proposal"]["kind"] == "calendar.create_event"
    done = nyte(cli_env, "command", "confirm", str(run["run_id"]), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["status"] == "completed"
    cancelled = nyte(cli_env, "command", "cancel", str(run["run_id"]))
    assert cancelled.returncode == 1 and "completed" in cancelled.stderr


def test_triage_proposals_are_approved_through_a_run(
    cli_env: dict[str, str], conv: Conv, reply_item: tuple[int, str]
) -> None:
    """actions list → approve starts a run (repeatable) → confirm executes the proposal."""
    listed = json.loads(nyte(cli_env, "actions", "list", "--json").stdout)
    nudges = [a for a in listed["actions"] if a["payload"].get("nudge")]
    replies = [a for a in listed["actions"] if a["payload"].get("reply")]
    assert nudges or replies, listed
    action = (nudges or replies)[0]
    approved = nyte(cli_env, "actions", "approve", str(action["id"]), "--json")
    run = json.loads(approved.stdout)
    if run["status"] == "awaiting_follow_up":
        assert approved.returncode == 2
        run = json.loads(
            nyte(
                cli_env, "command", "respond", str(run["run_id"]), "that I'm on it", "--json"
            ).stdout
        )
    assert run["status"] == "awaiting_approval", run
    again = json.loads(nyte(cli_env, "actions", "approve", str(action["id"]), "--json").stdout)
    assert again["run_id"] == run["run_id"]
    done = nyte(cli_env, "command", "confirm", str(run["run_id"]), "--json")
    assert json.loads(done.stdout)["status"] == "completed", done.stdout
    everything = json.loads(nyte(cli_env, "actions", "list", "--all", "--json").stdout)
    assert next(a for a in everything["actions"] if a["id"] == action["id"])["status"] == "executed"
    rated = nyte(cli_env, "actions", "feedback", str(action["id"]), "good", "--json")
    assert rated.returncode == 0, rated.stderr
    others = [a for a in listed["actions"] if a["id"] != action["id"]]
    if others:
        first = nyte(cli_env, "actions", "dismiss", str(others[0]["id"]), "--json")
        second = nyte(cli_env, "actions", "dismiss", str(others[0]["id"]), "--json")
        assert json.loads(first.stdout) == json.loads(second.stdout)
        assert json.loads(second.stdout)["status"] == "dismissed"


def test_the_audit_log_shows_every_step(
    cli_env: dict[str, str], conv: Conv, reply_item: tuple[int, str]
) -> None:
    """`nyte audit` lists the run's steps, newest first."""
    view = conv.preview("reply that Monday is fine", reply_item[0])
    conv.confirm(view.run_id)
    audit = json.loads(nyte(cli_env, "audit", "--entity", "command_run", "--json").stdout)
    actions = [e["action"] for e in audit["entries"] if e["entity_id"] == str(view.run_id)]
    assert actions[0] == "command.completed" and actions[-1] == "command.previewed"
