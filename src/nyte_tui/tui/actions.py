"""The app's key actions that act on the selected item or the open command."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from nyte_tui.tui.conversation import Conversation
from nyte_tui.tui.widgets.command_pane import CommandPane
from nyte_tui.tui.widgets.detail_pane import DetailPane
from nyte_tui.tui.widgets.important_list import ImportantList

if TYPE_CHECKING:
    from textual.app import App

PALETTE = (
    ("Reply", "Start a reply to the selected item (r)", "reply"),
    ("Confirm or approve", "Confirm the shown proposal, or approve triage's (a)", "confirm"),
    ("Edit the proposal", "Answer the question or change the proposal (e)", "edit"),
    ("Cancel the command", "End the open command; nothing is sent (x)", "cancel_or_done"),
    ("Undo sending", "Stop a message still in its undo window (u)", "undo"),
    ("Mark done", "Mark the selected item done", "done"),
    ("Dismiss", "Dismiss the selected item, or the proposal shown in the detail (d)", "dismiss"),
    ("Snooze", "Snooze the selected item until tomorrow 9:00 (s)", "snooze"),
    ("Important", "Say the selected item is important (i)", "important"),
    ("Not important", "Say it is not important; offers a mute rule (I)", "not_important"),
    ("Sync now", "Sync Gmail and Calendar now (ctrl+r)", "sync"),
    ("Toggle all items", "Show every item or only the Important list", "toggle_all"),
    ("Agenda", "Events of the next two days", "agenda"),
    ("Light or dark", "Switch between the light and the dark theme (ctrl+t)", "toggle_theme"),
    ("Help", "Keys and slash commands (?)", "help"),
)
STATUS_WORDS = {"done": "done", "dismissed": "dismissed", "snoozed": "snoozed"}
VERDICT_WORDS = {"important": "important", "not_important": "not important"}
ITEM_SLASHES = {
    "done": "done",
    "dismiss": "dismissed",
    "snooze": "snoozed",
    "important": "important",
    "not-important": "not_important",
}


class AppActions:
    """Actions bound to keys (mixed into NyteApp, which provides the widgets and workers)."""

    talk: Conversation
    item_list: ImportantList
    detail: DetailPane
    command_pane: CommandPane

    def act_on_current(self, action: str, argument: str | None = None) -> None:
        """Run an action on the highlighted item (NyteApp does it)."""
        raise NotImplementedError

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        app = cast("App[None]", self)
        app.theme = "textual-light" if app.theme == "textual-dark" else "textual-dark"

    def action_set_status(self, status: str) -> None:
        """Mark the highlighted item done, dismissed or snoozed (until tomorrow 9:00)."""
        self.act_on_current(status)

    def action_done(self) -> None:
        """Mark the highlighted item done."""
        self.act_on_current("done")

    def action_snooze(self) -> None:
        """Snooze the highlighted item until tomorrow 9:00."""
        self.act_on_current("snoozed")

    def action_important(self) -> None:
        """Say the highlighted item is important."""
        self.act_on_current("important")

    def action_not_important(self) -> None:
        """Say the highlighted item is not important."""
        self.act_on_current("not_important")

    def action_cancel_or_done(self) -> None:
        """x: cancel the open command, or else mark the item done."""
        if not self.talk.cancel():
            self.act_on_current("done")

    def action_confirm(self) -> None:
        """a: confirm the shown proposal, or approve the selected item's."""
        self.talk.confirm()

    def action_edit(self) -> None:
        """e: answer or edit the open command."""
        self.talk.edit()

    def action_reply(self) -> None:
        """r: start a reply to the selected item."""
        self.talk.reply()

    def action_undo(self) -> None:
        """u: stop a message in its undo window."""
        self.talk.undo()

    def action_feedback(self, verdict: str) -> None:
        """Say the highlighted item is (not) important."""
        self.act_on_current(verdict)

    def action_toggle_earlier(self) -> None:
        """Expand or collapse earlier messages in the detail."""
        self.detail.toggle_earlier()

    def action_command(self, prefix: str) -> None:
        """Move to the command pane."""
        self.command_pane.begin(prefix)

    def action_to_list(self) -> None:
        """Back to the list."""
        self.item_list.focus()
