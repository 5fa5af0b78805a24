"""First end-to-end: a reply through the command conversation lands in the right thread."""

from __future__ import annotations

from conversation.conftest import SendEnv
from nyte_tui.services.commands.execute import confirm
from nyte_tui.services.commands.runs import preview


def test_reply_preview_then_confirm(env: SendEnv, reply_item: tuple[int, str]) -> None:
    item_id, thread_id = reply_item
    view = preview(
        env.h.paths, env.settings, "reply that I'll sign tomorrow morning", item_id=item_id
    )
    print(view)
    assert view.status == "awaiting_approval", view
    assert view.proposal is not None
    done = confirm(env.h.paths, env.settings, view.run_id, credentials=env.creds())
    print(done)
    assert done.status == "completed"
    assert env.in_sent(str(view.proposal.payload["message_id"]))
