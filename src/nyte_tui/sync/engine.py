"""One sync pass over every active account: Gmail then Calendar, one writer at a time."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from nyte_tui.config.paths import Paths
from nyte_tui.config.settings import Settings, user_zone
from nyte_tui.errors import ExitCode, NyteError, ReauthRequired, UsageError
from nyte_tui.store.db import Store
from nyte_tui.store.errors import StoreError
from nyte_tui.store.lock import writer_lock
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import ingestion as qi
from nyte_tui.store.queries import mirror as q
from nyte_tui.store.queries import runs as qr
from nyte_tui.store.records import AccountRef
from nyte_tui.sync.calendar import CalendarSync
from nyte_tui.sync.gmail import GmailSync
from nyte_tui.sync.google_api import build_calendar, build_gmail
from nyte_tui.sync.limiter import QuotaLimiter, RetryPolicy, WaitBudget, describe_error
from nyte_tui.sync.progress import NullReporter, SyncReporter
from nyte_tui.sync.report import SourceReport, skipped_line

CredentialsFactory = Callable[[AccountRef], Any]


@dataclass
class AccountChanges:
    """What one account's sync changed, handed to the triage pass that follows it."""

    account: AccountRef
    changed_threads: set[str]
    changed_events: set[str]  # "calendar_id/event_id"
    run_id: int
    full: bool
    fetch_bodies: Callable[[Sequence[str]], dict[str, str | None]]


AfterAccount = Callable[[AccountChanges], dict[str, Any] | None]


@dataclass
class AccountReport:
    """What a pass did for one account."""

    account: str
    gmail: SourceReport | None = None
    calendar: SourceReport | None = None
    needs_reauth: bool = False
    error: str | None = None
    triage: dict[str, Any] | None = None

    @property
    def failed(self) -> bool:
        """Whether anything went wrong for this account."""
        return bool(
            self.error
            or (self.gmail and (self.gmail.error or self.gmail.partial))
            or (self.calendar and (self.calendar.error or self.calendar.partial))
        )

    def as_json(self) -> dict[str, Any]:
        """The per-account JSON shape of `nyte sync --json`."""
        return {
            "account": self.account,
            "status": "needs_reauth" if self.needs_reauth else ("error" if self.failed else "ok"),
            "gmail": self.gmail.as_json() if self.gmail else None,
            "calendar": self.calendar.as_json() if self.calendar else None,
            "error": self.error,
            "triage": self.triage,
        }


@dataclass
class SyncResult:
    """The outcome of one pass over all accounts."""

    accounts: list[AccountReport] = field(default_factory=list)
    run_ids: list[int] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        """0 ok, 3 when an account needs re-authentication, 4 when anything else failed."""
        if any(a.needs_reauth for a in self.accounts):
            return ExitCode.REAUTH
        if any(a.failed for a in self.accounts):
            return ExitCode.PARTIAL
        return ExitCode.OK

    def as_json(self) -> dict[str, Any]:
        """The JSON shape of `nyte sync --json`."""
        return {
            "ok": self.exit_code == ExitCode.OK,
            "accounts": [a.as_json() for a in self.accounts],
            "exit_code": int(self.exit_code),
        }


def _needs_the_user(exc: BaseException) -> bool:
    """Whether a failure is the machine's, not the account's (an unusable secret store)."""
    from nyte_tui.auth.secrets import SecretStoreError

    return isinstance(exc, SecretStoreError)


def _is_invalid_grant(exc: BaseException) -> bool:
    """Whether an exception says the refresh token is dead."""
    return "invalid_grant" in str(exc)


class SyncEngine:
    """Runs sync passes; used by `nyte sync`, cron and the app's worker thread."""

    def __init__(
        self,
        *,
        paths: Paths,
        settings: Settings,
        store: Store,
        credentials_for: CredentialsFactory,
        reporter: SyncReporter | None = None,
        trigger: str = "cli",
        after_account: AfterAccount | None = None,
        lock_timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """Wire the engine; nothing runs until run_once()."""
        self.paths = paths
        self.settings = settings
        self.store = store
        self.credentials_for = credentials_for
        self.reporter = reporter or NullReporter()
        self.trigger = trigger
        self.after_account = after_account
        self.lock_timeout = lock_timeout
        self.sleep = sleep
        self.now = now

    def run_once(self, *, full: bool = False, account_email: str | None = None) -> SyncResult:
        """Sync every active account (or the one named) under the writer lock."""
        with writer_lock(self.paths, self.lock_timeout):
            # Holding the lock means no other pass is running: any "running" row was cut short.
            qr.close_interrupted_runs(self.store, "sync")
            accounts = qa.sync_accounts(self.store, account_email)
            if account_email and not accounts:
                raise UsageError(f"no connected account {account_email}; see `nyte auth status`")
            if account_email and accounts[0].status == "disabled":
                raise UsageError(
                    f"{accounts[0].email} is logged out; run `nyte auth login` to reconnect it"
                )
            if not accounts:
                raise ReauthRequired("no connected account; run `nyte auth login` (or `nyte demo`)")
            result = SyncResult()
            for account in accounts:
                if account.status == "needs_reauth":
                    result.accounts.append(
                        AccountReport(
                            account=account.email,
                            needs_reauth=True,
                            error="needs re-authentication: run `nyte auth login`",
                        )
                    )
                    continue
                report, run_id = self._sync_account(account, full=full)
                result.accounts.append(report)
                result.run_ids.append(run_id)
            return result

    def _sync_account(self, account: AccountRef, *, full: bool) -> tuple[AccountReport, int]:
        """One account's pass, recorded as a workflow run; failures stay inside the report."""
        run_id = qr.start_workflow_run(self.store, "sync", self.trigger, account.account_id)
        report = AccountReport(account=account.email)

        def event(kind: str, message: str, data: dict[str, Any]) -> None:
            qr.add_workflow_event(self.store, run_id, kind, message, data, account.account_id)
            self.reporter.note(account.email, message)

        sync_settings = self.settings.sync
        budget = WaitBudget(float(sync_settings.max_wait), sleep=self.sleep)
        retry = RetryPolicy(budget=budget)
        gmail_sync: GmailSync | None = None
        try:
            credentials = self.credentials_for(account)
            gmail_sync = GmailSync(
                service=build_gmail(self.settings, credentials),
                store=self.store,
                account=account,
                window_days=sync_settings.window_days,
                batch_size=sync_settings.batch_size,
                message_get_units=sync_settings.message_get_units,
                page_size=sync_settings.page_size,
                now=self.now,
                limiter=QuotaLimiter(sync_settings.quota_units_per_minute, budget),
                retry=retry,
                reporter=self.reporter,
                event=event,
            )
            report.gmail = self._run_source(
                account, "gmail", lambda: gmail_sync.run(full=full), event, full
            )
            calendar = CalendarSync(
                service=build_calendar(self.settings, credentials),
                store=self.store,
                account=account,
                calendar_days=sync_settings.calendar_days,
                chosen_calendars=list(sync_settings.calendars),
                limiter=QuotaLimiter(sync_settings.calendar_requests_per_minute, budget),
                retry=retry,
                reporter=self.reporter,
                event=event,
                zone=user_zone(self.settings),
                **({"now": self.now} if self.now is not None else {}),
            )
            report.calendar = self._run_source(
                account, "calendar", lambda: calendar.run(full=full), event, full
            )
        except ReauthRequired as exc:
            report.needs_reauth = True
            report.error = str(exc)
        except StoreError:
            raise  # the store itself is unusable: one line, exit 1, nothing more written
        except NyteError as exc:
            if not _needs_the_user(exc):
                report.error = str(exc)
            else:  # e.g. no usable keyring: every account fails alike, so stop with exit 1
                qr.finish_workflow_run(self.store, run_id, "failed", {}, str(exc))
                raise
        except Exception as exc:
            if _is_invalid_grant(exc):
                report.needs_reauth = True
                report.error = (
                    "Google refused the refresh token (invalid_grant); run `nyte auth login` "
                    "again (apps left in 'Testing' lose tokens after 7 days)"
                )
            else:
                report.error = describe_error(exc)
        if report.needs_reauth:
            qa.mark_account_needs_reauth(self.store, account.account_id, report.error or "")
            event("auth.needs_reauth", report.error or "needs re-authentication", {})
        elif self.after_account is not None:
            changes = AccountChanges(
                account=account,
                changed_threads=report.gmail.changed_keys if report.gmail else set(),
                changed_events=report.calendar.changed_keys if report.calendar else set(),
                run_id=run_id,
                full=full,
                fetch_bodies=lambda ids: self._fetch_bodies(gmail_sync, account, ids),
            )
            try:
                report.triage = self.after_account(changes)
            except Exception as exc:
                report.error = f"triage failed: {describe_error(exc)}"
        summary = report.as_json()
        summary["retries"] = retry.retries
        summary["waited_seconds"] = round(budget.spent, 3)
        status = (
            "failed"
            if report.needs_reauth or (report.error and not report.gmail)
            else ("partial" if report.failed else "ok")
        )
        qr.finish_workflow_run(self.store, run_id, status, summary, report.error)
        return report, run_id

    def _fetch_bodies(
        self, gmail_sync: GmailSync | None, account: AccountRef, gmail_ids: Sequence[str]
    ) -> dict[str, str | None]:
        """Fetch, cache and return the body text of these messages."""
        if gmail_sync is None or not gmail_ids:
            return {}
        texts = gmail_sync.fetch_bodies(gmail_ids)
        for gmail_id, text in texts.items():
            q.store_body(self.store, account.account_id, gmail_id, text)
        return texts

    def _run_source(
        self,
        account: AccountRef,
        source: str,
        work: Callable[[], SourceReport],
        event: Callable[[str, str, dict[str, Any]], None],
        full: bool = False,
    ) -> SourceReport:
        """Run one source, recording success or failure (with backoff) in ingestion_state."""
        state = qi.source_state(self.store, account.account_id, source)
        now = datetime.now(UTC)
        if not full and state.backoff_until is not None and state.backoff_until > now:
            message = (
                f"{source}: backing off until {state.backoff_until:%H:%M} UTC after "
                f"{state.consecutive_failures} failures ({state.last_error}); `--full` retries now"
            )
            event(f"{source}.skipped", message, {"backoff_until": state.backoff_until.isoformat()})
            return SourceReport(mode="skipped", error=message, partial=True)
        try:
            report = work()
        except Exception as exc:
            if isinstance(exc, ReauthRequired | StoreError) or _is_invalid_grant(exc):
                raise
            failures = qi.source_state(self.store, account.account_id, source).consecutive_failures
            backoff = datetime.now(UTC) + timedelta(minutes=min(60, 2 ** min(failures, 6)))
            message = describe_error(exc)
            qi.record_source_result(
                self.store, account.account_id, source, error=message, backoff_until=backoff
            )
            event(f"{source}.failed", f"{source} sync failed: {message}", {"error": message})
            return SourceReport(mode="failed", error=message)
        qi.record_source_result(self.store, account.account_id, source, error=report.error)
        if report.skipped:
            event(
                f"{source}.skipped_messages",
                skipped_line(source, report.skipped),
                {"messages": report.as_json()["skipped_messages"]},
            )
        event(
            f"{source}.done",
            f"{source}: {report.mode}, fetched {report.fetched}, changed {report.changed}, "
            f"deleted {report.deleted}, {report.api_calls} calls",
            report.as_json(),
        )
        return report
