"""Gmail mirroring: a resumable full sync, history-based incremental sync, bounded resync."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from nyte_tui.store.db import Store
from nyte_tui.store.queries import ingestion as qi
from nyte_tui.store.queries import mirror as q
from nyte_tui.store.records import AccountRef
from nyte_tui.sync.fetch_plan import Fetched, added_with_body, body_queries, fetch_messages
from nyte_tui.sync.gmail_batch import batch_get
from nyte_tui.sync.gmail_history import read_history_page
from nyte_tui.sync.gmail_parse import body_text, records_or_skip
from nyte_tui.sync.limiter import (
    QuotaLimiter,
    RetryPolicy,
    WaitBudgetExceeded,
    error_status,
)
from nyte_tui.sync.progress import SyncReporter
from nyte_tui.sync.report import HistoryExpired, SourceReport, count_saved, stop_early

HISTORY_TYPES = ["messageAdded", "messageDeleted", "labelAdded", "labelRemoved"]
UNRECONCILED_LABELS = {"SENT", "DRAFT", "SPAM", "TRASH", "CHAT"}
UNITS = {
    "getProfile": 1,
    "labels.list": 1,
    "messages.list": 5,
    "history.list": 2,
}
MAX_EMPTY_HISTORY_PAGES = 20


class GmailSync:
    """Mirror one account's Gmail into the store."""

    def __init__(
        self,
        *,
        service: Any,
        store: Store,
        account: AccountRef,
        window_days: int,
        batch_size: int,
        message_get_units: int,
        page_size: int = 500,
        limiter: QuotaLimiter,
        retry: RetryPolicy,
        reporter: SyncReporter,
        event: Callable[[str, str, dict[str, Any]], None],
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """Keep what one pass needs; nothing is fetched until run()."""
        self.service = service
        self.store = store
        self.account = account
        self.window_days = window_days
        self.batch_size = max(1, min(batch_size, 100))
        self.message_get_units = message_get_units
        self.page_size = page_size
        self.now = now or (lambda: datetime.now(UTC))
        self.limiter = limiter
        self.retry = retry
        self.reporter = reporter
        self.event = event
        self.report = SourceReport()
        self.user_emails = {account.email.lower()}

    # --- plumbing ---------------------------------------------------------------------------

    def _call(self, request: Any, units: int, *, read: bool = True) -> Any:
        """Execute one API request under the limiter and retry policy."""

        def attempt() -> Any:
            self.limiter.acquire(units)
            self.report.api_calls += 1
            self.report.quota_units += units
            return request.execute(num_retries=0)

        return self.retry.call_json(attempt, read=read)

    def _users(self) -> Any:
        """The users() collection."""
        return self.service.users()

    # --- entry point ------------------------------------------------------------------------

    def run(self, *, full: bool) -> SourceReport:
        """Run a full, resumed or incremental pass and report what changed."""
        started = time.monotonic()
        state = qi.source_state(self.store, self.account.account_id, "gmail")
        try:
            if full or state.cursor is None or state.resume:
                self._refresh_labels()
            if state.resume.get("mode") in ("full", "resync"):
                self.report.mode = str(state.resume["mode"])
                self._full(resume=state.resume)
            elif full or state.cursor is None:
                self.report.mode = "full"
                self._full(resume=None)
            else:
                try:
                    self._incremental(state.cursor)
                except HistoryExpired:
                    self.report.mode = "resync"
                    self._refresh_labels()
                    self.event(
                        "gmail.resync",
                        "history id expired: bounded resync of the window",
                        {"cursor": state.cursor, "window_days": self.window_days},
                    )
                    self._full(resume=None, mode="resync")
        except WaitBudgetExceeded as exc:
            stop_early(self.report, exc)
        finally:
            self.report.seconds = time.monotonic() - started
        return self.report

    def _refresh_labels(self) -> None:
        """Keep the label list current (one cheap call)."""
        response = self._call(self._users().labels().list(userId="me"), UNITS["labels.list"])
        labels = [
            (str(label["id"]), str(label.get("name", label["id"])), str(label.get("type", "user")))
            for label in response.get("labels", [])
        ]
        q.replace_labels(self.store, self.account.account_id, labels)

    # --- full sync and resync ---------------------------------------------------------------

    def _full(self, *, resume: dict[str, Any] | None, mode: str = "full") -> None:
        """List the window newest first, fetch what is new, then reconcile labels and deletions."""
        account_id = self.account.account_id
        if resume:
            history_id = str(resume["history_id"])
            page_token = resume.get("page_token")
            seen: list[str] = list(resume.get("seen", []))
            window_start_ms = int(resume["window_start_ms"])
            mode = str(resume.get("mode", mode))
            self.event("gmail.resume", f"resuming {mode} sync", {"listed": len(seen)})
            preexisting: set[str] = set(resume.get("preexisting", []))
        else:
            profile = self._call(self._users().getProfile(userId="me"), UNITS["getProfile"])
            history_id = str(profile["historyId"])
            page_token = None
            seen = []
            preexisting = set()
            # Only messages well inside the listed window can be judged gone from it.
            window_start = self.now() - timedelta(days=self.window_days) + timedelta(hours=1)
            window_start_ms = int(window_start.timestamp() * 1000)
            qi.save_resume(
                self.store,
                account_id,
                "gmail",
                self._resume(mode, history_id, None, seen, window_start_ms, set()),
            )
        # personal inbox mail and the user's own are fetched in full at once, so triage never
        # fetches them again
        full_ids: set[str] = set()
        for query in body_queries(self.window_days):
            full_ids |= self._list_ids(query)
        while True:
            response = self._call(
                self._users()
                .messages()
                .list(
                    userId="me",
                    q=f"newer_than:{self.window_days}d",
                    maxResults=self.page_size,
                    pageToken=page_token,
                ),
                UNITS["messages.list"],
            )
            ids = [str(m["id"]) for m in response.get("messages", []) or []]
            known = q.existing_message_ids(self.store, account_id, ids)
            preexisting.update(known)
            fetched = self._fetch(
                [i for i in ids if i not in known], full_ids, commit_each_batch=True
            )
            records, gone = fetched.records, fetched.gone
            seen.extend(i for i in ids if i not in gone)
            page_token = response.get("nextPageToken")
            page_touched = q.apply_gmail_changes(
                self.store,
                account_id,
                user_emails=self.user_emails,
                upserts=records,
                deleted_ids=list(gone),
                resume=self._resume(
                    mode, history_id, page_token, seen, window_start_ms, preexisting
                )
                if page_token
                else None,
            )
            self.report.changed_keys.update(page_touched)
            self.reporter.progress(self.account.email, "gmail", len(seen), None, f"{mode} sync")
            if not page_token:
                break
        label_sets = self._reconcile_labels([i for i in seen if i in preexisting])
        stale = q.message_ids_since(self.store, account_id, window_start_ms) - set(seen)
        touched = q.apply_gmail_changes(
            self.store,
            account_id,
            user_emails=self.user_emails,
            deleted_ids=sorted(stale),
            label_sets=label_sets,
            cursor=history_id,
            resume={},
        )
        self.report.deleted += len(stale)
        self.report.changed += len(label_sets)
        self.report.changed_keys.update(touched)

    def _resume(
        self,
        mode: str,
        history_id: str,
        page_token: str | None,
        seen: Sequence[str],
        window_start_ms: int,
        preexisting: set[str],
    ) -> dict[str, Any]:
        """The resume marker of an unfinished full sync."""
        return {
            "mode": mode,
            "history_id": history_id,
            "page_token": page_token,
            "seen": list(seen),
            "preexisting": sorted(preexisting),
            "window_start_ms": window_start_ms,
        }

    def _reconcile_labels(self, mirrored: Sequence[str]) -> dict[str, list[str]]:
        """Bring the labels of already-mirrored messages up to date by cheap per-label listing."""
        account_id = self.account.account_id
        current = q.message_labels(self.store, account_id, list(mirrored))
        if not current:
            return {}
        reconciled = sorted(
            (
                q.known_label_ids(self.store, account_id)
                | {label for ls in current.values() for label in ls}
            )
            - UNRECONCILED_LABELS
        )
        window = f"newer_than:{self.window_days}d"
        members = {label: self._list_ids(window, [label]) for label in reconciled}
        changes: dict[str, list[str]] = {}
        for gmail_id, labels in current.items():
            updated = set(labels) - set(reconciled)
            updated.update(label for label in reconciled if gmail_id in members[label])
            if sorted(updated) != sorted(labels):
                changes[gmail_id] = sorted(updated)
        return changes

    # --- incremental ------------------------------------------------------------------------

    def _incremental(self, cursor: str) -> None:
        """Apply history records since cursor, page by page, each page with its cursor."""
        account_id = self.account.account_id
        page_token = None
        empty_pages = 0
        while True:
            try:
                response = self._call(
                    self._users()
                    .history()
                    .list(
                        userId="me",
                        startHistoryId=cursor,
                        historyTypes=HISTORY_TYPES,
                        maxResults=self.page_size,
                        pageToken=page_token,
                    ),
                    UNITS["history.list"],
                )
            except Exception as exc:
                if error_status(exc) == 404:
                    raise HistoryExpired(str(exc)) from exc
                raise
            records = response.get("history", []) or []
            page_token = response.get("nextPageToken")
            if not records and page_token:
                empty_pages += 1
                if empty_pages > MAX_EMPTY_HISTORY_PAGES:
                    page_token = None
            page = read_history_page(records)
            added, deleted, deltas, page_cursor = page.added, page.deleted, page.deltas, page.cursor
            labels_seen = {label for _id, add, rem in deltas for label in (*add, *rem)}
            if labels_seen - q.known_label_ids(self.store, account_id):
                self._refresh_labels()
            known = q.existing_message_ids(self.store, account_id, added)
            fetched = self._fetch([i for i in added if i not in known], added_with_body(records))
            records_fetched = fetched.records
            fresh = {r.gmail_id for r in records_fetched}
            deleted |= fetched.gone
            deltas = [d for d in deltas if d[0] not in fresh and d[0] not in deleted]
            existing_deleted = q.existing_message_ids(self.store, account_id, sorted(deleted))
            new_cursor = (
                str(response.get("historyId"))
                if not page_token
                else (str(page_cursor) if page_cursor else None)
            )
            touched = q.apply_gmail_changes(
                self.store,
                account_id,
                user_emails=self.user_emails,
                upserts=records_fetched,
                bodies=fetched.bodies,
                deleted_ids=sorted(existing_deleted),
                label_deltas=deltas,
                cursor=new_cursor,
            )
            self.report.fetched += len(records_fetched)
            self.report.deleted += len(existing_deleted)
            self.report.changed += len(records_fetched) + len(deltas)
            self.report.changed_keys.update(touched)
            if not page_token:
                break

    def _list_ids(self, query: str, label_ids: list[str] | None = None) -> set[str]:
        """Every message id a messages.list query answers, page by page (5 units a page)."""
        ids: set[str] = set()
        token = None
        while True:
            response = self._call(
                self._users()
                .messages()
                .list(
                    userId="me",
                    q=query,
                    maxResults=self.page_size,
                    pageToken=token,
                    **({"labelIds": label_ids} if label_ids else {}),
                ),
                UNITS["messages.list"],
            )
            ids.update(str(m["id"]) for m in response.get("messages", []) or [])
            token = response.get("nextPageToken")
            if not token:
                return ids

    def _fetch(
        self, gmail_ids: Sequence[str], full_ids: set[str], *, commit_each_batch: bool = False
    ) -> Fetched:
        """One messages.get per id, `full` for full_ids; gone ids are reported, not stored.

        With commit_each_batch, each batch is stored as it arrives, so a pass stopped by rate
        limits or a crash keeps what it paid for.
        """

        def store_batch(batch: Fetched) -> None:
            if batch.records:
                touched = q.apply_gmail_changes(
                    self.store,
                    self.account.account_id,
                    user_emails=self.user_emails,
                    upserts=batch.records,
                    bodies=batch.bodies,
                )
                self.report.changed_keys.update(touched)
                count_saved(self.report, len(batch.records))

        return fetch_messages(
            self._batch_get,
            gmail_ids,
            full_ids,
            store_batch if commit_each_batch else None,
            parse=lambda resource: records_or_skip(resource, self.report),
        )

    def fetch_bodies(self, gmail_ids: Sequence[str]) -> dict[str, str | None]:
        """Fetch full messages and return their readable text (None when unreadable)."""
        resources, gone = self._batch_get(gmail_ids, {"format": "full"})
        texts: dict[str, str | None] = {str(r["id"]): body_text(r) for r in resources}
        for gmail_id in gone:
            texts[gmail_id] = None
        return texts

    def _batch_get(
        self,
        gmail_ids: Sequence[str],
        params: dict[str, Any],
        on_batch: Callable[[list[dict[str, Any]]], None] | None = None,
    ) -> tuple[list[dict[str, Any]], set[str]]:
        """messages.get for many ids under this pass's limiter, retry policy and report."""
        return batch_get(
            self.service,
            gmail_ids,
            params,
            batch_size=self.batch_size,
            units_each=self.message_get_units,
            limiter=self.limiter,
            retry=self.retry,
            report=self.report,
            on_batch=on_batch,
        )
