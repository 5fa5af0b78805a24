"""The app's side of the command conversation: runs, the undo window, triage's proposals.

Every call runs in a worker thread and answers with a frozen `RunView` (or `ActionView`); the
same services as `nyte command` do the work, so the app and scripts cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from nyte_tui.services.run_views import ActionView, RunView

if TYPE_CHECKING:
    from nyte_tui.config.paths import Paths
    from nyte_tui.config.settings import Settings
    from nyte_tui.store.records import AccountRef

MAIL_KINDS = ("gmail.reply", "gmail.send", "gmail.draft")


class ConversationMixin:
    """Command-conversation calls for the app backend (mixed into `AppBackend`)."""

    paths: Paths
    credentials_for: Callable[[AccountRef], Any] | None

    @property
    def settings(self) -> Settings:
        """The settings (the backend reads them on first use)."""
        raise NotImplementedError

    def _creds(self) -> Callable[[str], Any] | None:
        """Credentials by account address (the demo's sandbox tokens, or None for the keyring)."""
        if self.credentials_for is None:
            return None
        from nyte_tui.store.records import AccountRef

        credentials_for = self.credentials_for
        return lambda email: credentials_for(AccountRef(0, email, None, "active"))

    def command(self, text: str, item_id: int | None) -> RunView:
        """Preview an instruction about the selected item (or none)."""
        from nyte_tui.services.commands.runs import preview

        return preview(
            self.paths,
            self.settings,
            text,
            item_id=item_id,
            trigger="app",
            credentials=self._creds(),
        )

    def respond(self, run_id: int, text: str) -> RunView:
        """Answer the run's question or edit its proposal."""
        from nyte_tui.services.commands.runs import respond

        return respond(self.paths, self.settings, run_id, text, credentials=self._creds())

    def confirm(self, run_id: int, expect: str | None) -> RunView:
        """Confirm what was shown; a message is held for the undo window first."""
        from nyte_tui.services.commands.execute import confirm

        return confirm(
            self.paths,
            self.settings,
            run_id,
            expect=expect,
            credentials=self._creds(),
            delay=float(self.settings.send.undo_seconds),
        )

    def send_held(self, run_id: int) -> RunView:
        """Send a held message whose undo window is over."""
        from nyte_tui.services.commands.execute import send_scheduled

        return send_scheduled(self.paths, self.settings, run_id, credentials=self._creds())

    def undo(self, run_id: int) -> RunView:
        """Stop a held message; the proposal stands again."""
        from nyte_tui.services.commands.execute import undo

        return undo(self.paths, self.settings, run_id)

    def cancel(self, run_id: int) -> RunView:
        """End a run."""
        from nyte_tui.services.commands.runs import cancel

        return cancel(self.paths, self.settings, run_id)

    def approve(self, action_id: int) -> RunView:
        """Start (or return) the run for one of triage's proposals."""
        from nyte_tui.services.commands.actions import approve

        return approve(self.paths, self.settings, action_id, credentials=self._creds())

    def dismiss_action(self, action_id: int) -> ActionView:
        """Dismiss one of triage's proposals."""
        from nyte_tui.services.commands.actions import dismiss

        return dismiss(self.paths, self.settings, action_id)
