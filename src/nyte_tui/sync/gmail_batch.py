"""messages.get for many ids through Gmail batch requests, halving the batch on trouble."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nyte_tui.sync.limiter import (
    GarbledAnswer,
    QuotaLimiter,
    RetryPolicy,
    describe_error,
    error_status,
    is_retryable,
)
from nyte_tui.sync.report import SourceReport

MAX_BATCH_ROUNDS = 8
# Statuses that condemn one message of a batch, not the pass: it is recorded as skipped.
REFUSED_ONE = {400, 422}


def batch_get(
    service: Any,
    gmail_ids: Sequence[str],
    params: dict[str, Any],
    *,
    batch_size: int,
    units_each: int,
    limiter: QuotaLimiter,
    retry: RetryPolicy,
    report: SourceReport,
    on_batch: Callable[[list[dict[str, Any]]], None] | None = None,
) -> tuple[list[dict[str, Any]], set[str]]:
    """messages.get for many ids through batch requests, halving the batch on trouble."""
    pending = list(dict.fromkeys(gmail_ids))
    results: list[dict[str, Any]] = []
    gone: set[str] = set()
    size = batch_size
    rounds_without_progress = 0
    attempt = 0
    while pending:
        chunk, rest = pending[:size], pending[size:]
        succeeded: dict[str, dict[str, Any]] = {}
        retry_ids: list[str] = []
        failures: list[BaseException] = []
        refused: list[BaseException] = []

        def callback(
            request_id: str,
            response: Any,
            exception: BaseException | None,
            *,
            _ok: dict[str, dict[str, Any]] = succeeded,
            _retry: list[str] = retry_ids,
            _failures: list[BaseException] = failures,
            _refused: list[BaseException] = refused,
        ) -> None:
            gmail_id = request_id
            if exception is None and not isinstance(response, dict):
                exception = GarbledAnswer("an unreadable batch part")
            if exception is None:
                _ok[gmail_id] = response
            elif error_status(exception) == 404:
                gone.add(gmail_id)
            elif error_status(exception) in REFUSED_ONE:
                _refused.append(exception)
                report.skip(gmail_id, f"Gmail refused to return it: {describe_error(exception)}")
            elif is_retryable(exception, read=True):
                _retry.append(gmail_id)
                _failures.append(exception)
            else:
                raise exception

        batch = service.new_batch_http_request(callback=callback)
        for gmail_id in chunk:
            batch.add(
                service.users().messages().get(userId="me", id=gmail_id, **params),
                request_id=gmail_id,
            )
        units = units_each * len(chunk)
        limiter.acquire(units)
        report.api_calls += len(chunk)
        report.quota_units += units
        try:
            batch.execute()
        except Exception as exc:
            if not is_retryable(exc, read=True):
                raise
            retry_ids = [i for i in chunk if i not in succeeded and i not in gone]
            failures.append(exc)
        if len(chunk) > 1 and len(refused) == len(chunk):
            raise refused[0]  # every message refused: the request is wrong, not the messages
        results.extend(succeeded.values())
        if on_batch is not None and succeeded:
            on_batch(list(succeeded.values()))
        if retry_ids:
            attempt += 1
            rounds_without_progress = 0 if succeeded else rounds_without_progress + 1
            if rounds_without_progress >= MAX_BATCH_ROUNDS:
                raise failures[-1]
            size = max(1, size // 2)
            retry.retries += 1
            retry.wait_after(attempt, failures[-1])
            pending = retry_ids + rest
        else:
            pending = rest
    return results, gone
