"""Reply, reply-all, a new message and a Gmail draft from the conversation, into the sandbox."""

from __future__ import annotations

from conversation.conftest import THREAD_SUBJECT, Conv
from nyte_tui.store.queries import worklist


def test_reply_lands_in_the_thread_with_computed_recipients(
    conv: Conv, reply_item: tuple[int, str]
) -> None:
    """To is Dana's Reply-To, Cc her Cc minus the user; threading headers and subject kept."""
    item_id, thread_id = reply_item
    view = conv.preview("reply that I'll sign tomorrow morning", item_id)
    assert view.status == "awaiting_approval" and view.proposal is not None
    payload = view.proposal.payload
    assert payload["to"] == ["Dana Contracts <contracts@lex.example>"]
    assert payload["cc"] == ["Priya Nair <priya@lex.example>"]
    assert "I'll sign tomorrow morning." in view.proposal.preview
    assert view.proposal.preview.startswith("From: Alex Morgan <alex@northwind.example>")
    assert conv.env.sends() == 0  # a preview sends nothing

    done = conv.confirm(view.run_id)
    assert done.status == "completed" and done.result is not None
    assert done.result["thread_id"] == thread_id and done.result["in_thread"] is True
    message = conv.raw(str(done.result["gmail_id"]))
    assert message["Subject"] == f"Re: {THREAD_SUBJECT}"
    assert message["In-Reply-To"] == "<q3-1@lex.example>"
    assert message["References"].split()[-1] == "<q3-1@lex.example>"
    assert [a.addr_spec for a in message["To"].addresses] == ["contracts@lex.example"]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["priya@lex.example"]
    assert "mallory@evil.example" not in message.as_string()
    assert message["Message-ID"] == payload["message_id"]
    item = worklist.get_item(conv.env.h.store, item_id)
    assert item is not None and item.status == "done"

    again = conv.confirm(view.run_id)
    assert again.result == done.result and conv.env.sends() == 1


def test_reply_all_adds_the_original_to(conv: Conv, reply_item: tuple[int, str]) -> None:
    """Reply-all also writes to the others Dana addressed, never to the user."""
    item_id, _thread = reply_item
    view = conv.preview("reply all that Thursday works for everyone", item_id)
    assert view.proposal is not None, view
    cc = view.proposal.payload["cc"]
    assert "Sam Ortiz <sam@partner.example>" in cc
    assert all("alex@northwind.example" not in c for c in cc)


def test_a_new_message_goes_only_to_the_person_typed(conv: Conv) -> None:
    """The recipient comes from the user's words; the subject is derived; one send."""
    view = conv.preview("email sam@partner.example about the launch date: we slip a week")
    assert view.proposal is not None, view
    assert view.proposal.kind == "gmail.send"
    assert view.proposal.payload["to"] == ["sam@partner.example"]
    assert view.proposal.payload["cc"] == [] and view.proposal.payload["bcc"] == []
    done = conv.confirm(view.run_id)
    message = conv.raw(str(done.result["gmail_id"] if done.result else ""))
    assert [a.addr_spec for a in message["To"].addresses] == ["sam@partner.example"]
    assert "We slip a week." in message.get_content()
    assert conv.env.in_sent(str(view.proposal.payload["message_id"]))


def test_a_draft_is_saved_in_gmail_with_the_same_bytes(
    conv: Conv, reply_item: tuple[int, str]
) -> None:
    """drafts.create, in the thread, keeping the Message-ID fixed at preview; nothing sent."""
    item_id, thread_id = reply_item
    view = conv.preview("draft a reply saying I will review it tonight", item_id)
    assert view.proposal is not None and view.proposal.kind == "gmail.draft", view
    done = conv.confirm(view.run_id)
    assert done.status == "completed", done
    drafts = conv.env.h.server.state.drafts()
    mine = [d for d in drafts if d["rfc822_message_id"] == view.proposal.payload["message_id"]]
    assert len(mine) == 1 and mine[0]["thread_id"] == thread_id
    assert conv.env.sends() == 0
