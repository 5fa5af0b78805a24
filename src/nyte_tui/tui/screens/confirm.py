"""The confirm step: the exact message or calendar change, its risk, and y / n."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from nyte_tui.tui.backend import CommandProposalView
from nyte_tui.tui.widgets.command_pane import CONFIRM_WORDS, RISK_STYLES


class ConfirmScreen(ModalScreen[bool]):
    """Shows what leaves and asks; with a high risk the focus starts on Cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "Cancel", show=False),
    ]

    def __init__(self, proposal: CommandProposalView) -> None:
        """Hold the proposal to show."""
        super().__init__()
        self.proposal = proposal

    def compose(self) -> Any:
        """The preview, the risk and its reasons, and two buttons."""
        proposal = self.proposal
        word = CONFIRM_WORDS.get(proposal.kind, "confirm")
        with Vertical(id="confirm-box"):
            title = Text(f"{word.capitalize()}? ", style="bold")
            title.append(proposal.summary)
            yield Static(title, id="confirm-title")
            risk = Text("Risk: ", style="bold")
            risk.append(proposal.risk, style=RISK_STYLES.get(proposal.risk, ""))
            if proposal.flags:
                risk.append("  —  " + "; ".join(proposal.flags), style="italic")
            yield Static(risk, id="confirm-risk")
            with VerticalScroll(id="confirm-preview"):
                yield Static(Text(proposal.preview))
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{word.capitalize()} (y)", id="confirm-yes", variant="primary")
                yield Button("Cancel (n)", id="confirm-no")

    def on_mount(self) -> None:
        """Focus the safe choice when the risk is high."""
        target = "#confirm-no" if self.proposal.risk == "high" else "#confirm-yes"
        self.query_one(target, Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        """y / n answer."""
        self.dismiss(yes)
