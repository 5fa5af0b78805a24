"""Every corpus message goes through the sandbox and the real sync: stored or skipped, no crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mail.corpus import Case, committed_cases, generated_cases, insert_all, one_line, python_view
from nyte_tui.config.settings import load_settings
from nyte_tui.sandbox.server import SandboxServer
from nyte_tui.sync.engine import SyncEngine
from nyte_tui.sync.gmail import GmailSync
from nyte_tui.sync.google_api import build_gmail
from nyte_tui.sync.limiter import QuotaLimiter, RetryPolicy, WaitBudget
from nyte_tui.sync.progress import NullReporter
from sandbox_fixtures import build_gmail as sandbox_gmail_service
from sandbox_fixtures import make_creds
from sync.conftest import SyncHarness, control, sandbox_now

BODY_CONTROLS = set(range(0x20)) - {0x09, 0x0A}


@pytest.fixture
def empty_harness(monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> Iterator[SyncHarness]:
    """A sandbox with an empty mailbox, a store with one account, generous quota."""
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.store.db import open_store
    from nyte_tui.store.queries import accounts as qa

    server = SandboxServer(seed=1, threads=0, events=0, now=sandbox_now()).start()
    control(server, "quota", {"units_per_minute": 100_000_000})
    monkeypatch.setenv("NYTE_GOOGLE_API_ROOT", server.url)
    monkeypatch.setenv("NYTE_GOOGLE_TOKEN_URI", server.token_uri)
    monkeypatch.setenv("NYTE_SYNC_QUOTA_UNITS_PER_MINUTE", "1000000")
    monkeypatch.setenv("NYTE_SYNC_MAX_WAIT", "60")
    paths = resolve_paths().ensure()
    store = open_store(paths.database)
    account = qa.ensure_account(store, server.state.gmail.user_email)
    harness = SyncHarness(server, paths, store, account, server.issue_tokens())
    yield harness
    store.close()
    server.stop()


def fetch_all_bodies(harness: SyncHarness, gmail_ids: list[str]) -> dict[str, str | None]:
    """Fetch and store the body of every message, as opening each thread would."""
    settings = load_settings(harness.paths)
    budget = WaitBudget(60)
    gmail = GmailSync(
        service=build_gmail(settings, harness.credentials()),
        store=harness.store,
        account=harness.account,
        window_days=30,
        batch_size=20,
        message_get_units=20,
        limiter=QuotaLimiter(100_000_000, budget),
        retry=RetryPolicy(budget=budget),
        reporter=NullReporter(),
        event=lambda *_: None,
    )
    engine = SyncEngine(
        paths=harness.paths,
        settings=settings,
        store=harness.store,
        credentials_for=harness.credentials,
    )
    return engine._fetch_bodies(gmail, harness.account, gmail_ids)


def check_decoding(stored: dict[str, Any], case: Case, problems: list[str]) -> None:
    """Subject and sender as Python's email (policy.default) reads them, unless documented."""
    view = python_view(case.raw())
    assert set(view.errors) <= set(case.python_header_error), (case.name, view.errors)
    nyte = {
        "subject": stored["subject"],
        "from_name": stored["from_name"] or "",
        "from_email": stored["from_email"] or "",
    }
    python = {"subject": view.subject, "from_name": view.from_name, "from_email": view.from_email}
    for key, value in nyte.items():
        if key in case.differs_from_python:
            expected: str | None = case.differs_from_python[key]
        elif key.startswith("from") and ("from" in view.errors or view.from_email is None):
            continue  # no single mailbox Python could read: nothing to compare
        elif "parse" in view.errors:
            continue  # Python could not parse the message at all
        else:
            expected = python[key]
        if value != expected:
            problems.append(f"{case.name} {key}: nyte {value!r}, expected {expected!r}")
    body = stored["body_text"] or ""
    problems.extend(f"{case.name} body lacks {s!r}" for s in case.body_contains if s not in body)
    problems.extend(f"{case.name} body shows {s!r}" for s in case.body_lacks if s in body)


def run_corpus(harness: SyncHarness, cases: list[Case]) -> tuple[dict[str, Case], dict[str, Any]]:
    """Insert the cases, run one full sync, fetch every body; (inserted, stored by gmail id)."""
    gmail = sandbox_gmail_service(harness.server, make_creds(harness.server))
    inserted, refused = insert_all(gmail, cases)
    for name, error in refused.items():
        case = next(c for c in cases if c.name == name)
        assert case.expect == "skip_ok", f"the sandbox refused {name}: {error}"
    result = harness.sync(full=True)
    assert result.exit_code == 0, result.as_json()
    stored = {m["gmail_id"]: m for m in harness.dump()["messages"]}
    texts = fetch_all_bodies(harness, sorted(set(stored) & set(inserted)))
    for gmail_id, text in texts.items():
        assert text is not None, inserted[gmail_id].name
        assert isinstance(text, str) and not {ord(c) for c in text} & BODY_CONTROLS
        text.encode("utf-8")  # storable: no lone surrogates
    stored = {m["gmail_id"]: m for m in harness.dump()["messages"]}
    return inserted, stored


def skipped_by_runs(harness: SyncHarness) -> dict[str, str]:
    """gmail id → reason, from `nyte runs --json` (the real CLI reading the store)."""
    env = dict(os.environ)
    answer = subprocess.run(
        [sys.executable, "-m", "nyte_tui", "runs", "--json", "--kind", "sync"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr
    runs = json.loads(answer.stdout)["runs"]
    skipped: dict[str, str] = {}
    for run in runs:
        gmail = (run["summary"] or {}).get("gmail") or {}
        for item in gmail.get("skipped_messages", []):
            skipped[item["gmail_id"]] = item["reason"]
    return skipped


@pytest.mark.slow
def test_every_corpus_message_is_stored_or_skipped_and_decodes_like_a_client(
    empty_harness: SyncHarness, tmp_path: Path
) -> None:
    cases = committed_cases() + generated_cases(tmp_path / "generated", huge=False)
    assert len(cases) >= 100
    inserted, stored = run_corpus(empty_harness, cases)
    skipped = skipped_by_runs(empty_harness)
    problems: list[str] = []
    for gmail_id, case in inserted.items():
        if gmail_id in stored:
            check_decoding(stored[gmail_id], case, problems)
        elif gmail_id in skipped:
            assert case.expect == "skip_ok", f"{case.name} skipped: {skipped[gmail_id]}"
        else:
            problems.append(f"{case.name}: neither stored nor skipped with a reason")
    assert not problems, "\n".join(problems)


def test_a_message_gmail_refuses_is_skipped_with_its_reason_in_nyte_runs(
    empty_harness: SyncHarness,
) -> None:
    cases = [c for c in committed_cases() if c.name.startswith("crafted/intl-")]
    gmail = sandbox_gmail_service(empty_harness.server, make_creds(empty_harness.server))
    inserted, _refused = insert_all(gmail, cases)
    poisoned = sorted(inserted)[0]
    control(
        empty_harness.server,
        "faults",
        {"match": f"/gmail/v1/users/me/messages/{poisoned}", "status": 400, "count": 1000},
    )
    result = empty_harness.sync(full=True)
    assert result.exit_code == 0, result.as_json()
    stored = {m["gmail_id"] for m in empty_harness.dump()["messages"]}
    assert stored == set(inserted) - {poisoned}
    skipped = skipped_by_runs(empty_harness)
    assert set(skipped) == {poisoned} and "400" in skipped[poisoned]
    listing = subprocess.run(
        [sys.executable, "-m", "nyte_tui", "runs"],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "1 message skipped" in listing.stdout and poisoned in listing.stdout, listing.stdout


@pytest.mark.slow
def test_a_20_mib_body_is_stored(empty_harness: SyncHarness, tmp_path: Path) -> None:
    cases = generated_cases(tmp_path / "huge", huge=True)
    inserted, stored = run_corpus(empty_harness, cases)
    (gmail_id,) = inserted
    assert stored[gmail_id]["subject"] == "20 MiB body"
    body = stored[gmail_id]["body_text"]
    assert body.startswith("The quick brown fox") and len(body) > 19 * 2**20
    assert one_line(stored[gmail_id]["subject"]) == stored[gmail_id]["subject"]


def test_when_gmail_refuses_every_message_the_pass_fails_instead_of_skipping_them(
    empty_harness: SyncHarness,
) -> None:
    cases = [c for c in committed_cases() if c.name.startswith("crafted/intl-")]
    gmail = sandbox_gmail_service(empty_harness.server, make_creds(empty_harness.server))
    insert_all(gmail, cases)
    control(
        empty_harness.server,
        "faults",
        {"match": "gmail.users.messages.get", "status": 400, "count": 1000},
    )
    result = empty_harness.sync(full=True)
    assert result.exit_code == 4
    report = result.accounts[0].gmail
    assert report is not None and report.mode == "failed" and "400" in (report.error or "")
    assert empty_harness.dump()["messages"] == []
    assert skipped_by_runs(empty_harness) == {}
