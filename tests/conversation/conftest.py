"""Fixtures for the command conversation: the send sandbox, items to act on, a model stub."""

from __future__ import annotations

import base64
import email
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import policy
from typing import Any

import pytest
from sqlmodel import select

from conversation.model_stub import ModelStub, model_stub
from nyte_tui.services.commands import execute, runs
from nyte_tui.services.run_views import RunView
from nyte_tui.store.work_models import WorkItem
from send.conftest import THREAD_SUBJECT, SendEnv, env, harness, reply_item

__all__ = ["THREAD_SUBJECT", "Conv", "SendEnv", "conv", "env", "harness", "reply_item"]
ORGANIZER = "ruth.calloway@partner.example"
COLLEAGUE = "sam.ortiz@northwind.example"


@dataclass
class Conv:
    """Drive the conversation against the sandbox and read back what Google holds."""

    env: SendEnv

    def preview(self, text: str, item: int | None = None) -> RunView:
        """Start a run."""
        return runs.preview(
            self.env.h.paths, self.env.settings, text, item_id=item, credentials=self.env.creds()
        )

    def respond(self, run_id: int, text: str) -> RunView:
        """Answer or edit a run."""
        return runs.respond(
            self.env.h.paths, self.env.settings, run_id, text, credentials=self.env.creds()
        )

    def confirm(self, run_id: int, expect: str | None = None) -> RunView:
        """Confirm a run with the sandbox user's credentials."""
        return execute.confirm(
            self.env.h.paths, self.env.settings, run_id, expect=expect, credentials=self.env.creds()
        )

    def raw(self, gmail_id: str) -> email.message.EmailMessage:
        """The exact message Gmail holds, parsed."""
        found = self.env.api("GET", f"messages/{gmail_id}", format="raw")
        data = base64.urlsafe_b64decode(found["raw"] + "=" * (-len(found["raw"]) % 4))
        parsed = email.message_from_bytes(data, policy=policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed

    def cal(self, method: str, path: str, body: Any = None, **params: str) -> Any:
        """Call the sandbox's Calendar API as the user."""
        query = ("?" + urllib.parse.urlencode(params)) if params else ""
        request = urllib.request.Request(
            f"{self.env.h.server.url}calendar/v3/{path}{query}",
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.env.h.tokens['access_token']}",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")

    def event(self, event_id: str) -> dict[str, Any]:
        """One event of the primary calendar, as Google has it now."""
        found: dict[str, Any] = self.cal("GET", f"calendars/primary/events/{event_id}")
        return found

    def add_event(
        self,
        title: str,
        start: datetime,
        minutes: int = 60,
        *,
        organizer: str | None = None,
        attendees: tuple[str, ...] = (),
        response: str = "needsAction",
    ) -> tuple[str, int | None]:
        """Put an event in the calendar (someone else's invite when organizer is given), sync,
        and return its id and work item id."""
        me = {"email": self.env.h.account.email, "self": True, "responseStatus": response}
        people = [{"email": a, "responseStatus": "accepted"} for a in attendees]
        body: dict[str, Any] = {
            "summary": title,
            "start": {"dateTime": start.isoformat()},
            "end": {"dateTime": (start + timedelta(minutes=minutes)).isoformat()},
            "attendees": [me, *people],
        }
        if organizer:
            body["organizer"] = {"email": organizer}
            body["attendees"].append({"email": organizer, "responseStatus": "accepted"})
        created = self.cal("POST", "calendars/primary/events", body, sendUpdates="none")
        self.env.h.sync()
        with self.env.h.store.session() as session:
            item = session.exec(select(WorkItem).where(WorkItem.event_id == created["id"])).first()
        return str(created["id"]), (item.id if item else None)

    def notifications(self) -> list[dict[str, Any]]:
        """What the sandbox told organisers and attendees."""
        found: list[dict[str, Any]] = self.env.h.server.state.notifications()
        return found


@pytest.fixture
def conv(env: SendEnv) -> Conv:
    """The conversation driver."""
    return Conv(env)


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModelStub]:
    """A model stub that nyte is configured to use (through the real litellm path)."""
    with model_stub() as served:
        monkeypatch.setenv("NYTE_MODEL", "openai/stub-model")
        monkeypatch.setenv("NYTE_LLM_API_BASE", served.url)
        monkeypatch.setenv("NYTE_LLM_API_KEY", "stub-key")
        monkeypatch.setenv("NYTE_LLM_TIMEOUT", "3")
        yield served


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    """Tomorrow at a clock time in the test zone (Europe/London), skipping weekends."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/London")
    day = datetime.now(UTC).astimezone(zone).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


from sync.test_cli_sync import cli_env  # noqa: E402  (the real executable's environment)

__all__ += ["cli_env"]
