"""One question when something is missing, early confirms refused, edits, cancel, audit trail."""

from __future__ import annotations

import pytest

from conversation.conftest import COLLEAGUE, Conv
from nyte_tui.errors import NeedsAnswer, NyteError
from nyte_tui.services.audit import audit_log
from nyte_tui.services.sending.send import confirm_send
from nyte_tui.store.queries import outbox as qo
from nyte_tui.store.queries import runs as qr


def test_a_missing_time_is_asked_once_and_the_answer_completes_the_proposal(conv: Conv) -> None:
    """No time → one question; confirm before answering is refused with it; then it works."""
    view = conv.preview(f"schedule a meeting with {COLLEAGUE}")
    assert view.status == "awaiting_follow_up" and view.proposal is None
    assert view.question and "when" in view.question.lower()
    with pytest.raises(NeedsAnswer) as refused:
        conv.confirm(view.run_id)
    assert view.question in str(refused.value)
    assert conv.env.h.count("calendar.events.insert") == 0
    answered = conv.respond(view.run_id, "tomorrow at 2pm")
    assert answered.status == "awaiting_approval" and answered.proposal is not None, answered
    assert answered.proposal.kind == "calendar.create_event"
    done = conv.confirm(answered.run_id)
    assert done.status == "completed"
    assert conv.env.h.count("calendar.events.insert") == 1


def test_a_proposal_changed_since_it_was_shown_is_refused(
    conv: Conv, reply_item: tuple[int, str]
) -> None:
    """An edit makes a new revision: confirming the old hash is refused, the old bytes die."""
    item_id, _thread = reply_item
    first = conv.preview("reply that the numbers look right", item_id)
    assert first.proposal is not None
    old_outbox = int(first.proposal.payload["outbox_id"])
    edited = conv.respond(first.run_id, "say thanks too")
    assert edited.proposal is not None and edited.changed
    assert edited.proposal.hash != first.proposal.hash
    with pytest.raises(NeedsAnswer, match="changed since you saw it"):
        conv.confirm(first.run_id, expect=first.proposal.hash)
    assert conv.env.sends() == 0
    row = qo.get_outbox(conv.env.h.store, old_outbox)
    assert row is not None and row.state == "cancelled"
    stale = confirm_send(
        conv.env.h.paths, conv.env.settings, old_outbox, credentials=conv.env.creds()
    )
    assert stale.state == "cancelled" and conv.env.sends() == 0
    done = conv.confirm(edited.run_id, expect=edited.proposal.hash)
    assert done.status == "completed" and conv.env.sends() == 1
    sent = conv.raw(str(done.result["gmail_id"] if done.result else ""))
    assert "thank" in sent.get_content().lower()


def test_cancel_ends_the_run_and_nothing_is_sent(conv: Conv, reply_item: tuple[int, str]) -> None:
    """A cancelled run cannot be confirmed; its prepared message is cancelled in the outbox."""
    item_id, _thread = reply_item
    view = conv.preview("reply that I am on it", item_id)
    assert view.proposal is not None
    cancelled = conv.env.h  # keep the harness alive for the assertions below
    from nyte_tui.services.commands.runs import cancel

    gone = cancel(cancelled.paths, conv.env.settings, view.run_id)
    assert gone.status == "cancelled" and gone.proposal is None
    with pytest.raises(NyteError, match="cancelled"):
        conv.confirm(view.run_id)
    row = qo.get_outbox(conv.env.h.store, int(view.proposal.payload["outbox_id"]))
    assert row is not None and row.state == "cancelled"
    assert conv.env.sends() == 0


def test_every_step_is_audited_and_in_the_run_timeline(
    conv: Conv, reply_item: tuple[int, str]
) -> None:
    """preview, respond, confirm and the result each leave an audit entry and a timeline event."""
    item_id, _thread = reply_item
    view = conv.preview("reply that Tuesday works", item_id)
    edited = conv.respond(view.run_id, "Wednesday instead")
    conv.confirm(edited.run_id)
    entries = audit_log(conv.env.h.paths, limit=200, entity_type="command_run").entries
    mine = [e.action for e in entries if e.entity_id == str(view.run_id)]
    for action in (
        "command.previewed",
        "command.responded",
        "command.confirmed",
        "command.completed",
    ):
        assert action in mine, mine
    runs = qr.recent_runs(conv.env.h.store, kind="command")
    events = [e["kind"] for e in runs[0]["events"]]
    assert {"command.previewed", "command.responded", "command.confirmed"} <= set(events)
