"""Bounded retries for the calls that answer users: a 429 waits out a short Retry-After in
place, a 500/502/503/504 or a dropped connection is tried again after a short backoff.

Waits are `asyncio.sleep`, measured on the event loop's monotonic clock. A Retry-After longer
than `MAX_WAIT_IN_CALL` (or absurd: `1e12`, `inf`, text) isn't waited out inside the call:
the answer goes back to the outbox, which tries again after `retry_after()` seconds, capped.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping
from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

MAX_WAIT_IN_CALL = 3.0
"""The longest Retry-After a call waits out before giving up to the outbox."""
RETRY_AFTER_CAP = 60.0
"""The longest any Retry-After is trusted for."""
DEFAULT_RETRY_AFTER = 5.0
SERVER_ERRORS = frozenset({500, 502, 503, 504})
_BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.5)


def retry_after(headers: Mapping[str, Any] | None) -> float:
    """Seconds from a Retry-After header: a finite number within [0, RETRY_AFTER_CAP];
    missing or unreadable means DEFAULT_RETRY_AFTER."""
    for name, raw in (headers or {}).items():
        if name.lower() != "retry-after":
            continue
        value = raw[0] if isinstance(raw, list | tuple) and raw else raw
        try:
            seconds = float(str(value).strip())
        except ValueError:
            return DEFAULT_RETRY_AFTER
        if math.isnan(seconds):
            return DEFAULT_RETRY_AFTER
        return min(RETRY_AFTER_CAP, max(0.0, seconds))
    return DEFAULT_RETRY_AFTER


class RateLimitRetry(AsyncRetryHandler):
    """A 429 with a short Retry-After: wait it out (once) and try again."""

    def __init__(self, *, max_retry_count: int = 1,
                 max_wait: float = MAX_WAIT_IN_CALL) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._max_wait = max_wait

    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None,
                               error: Exception | None = None) -> bool:
        return response is not None and response.status_code == 429 and \
            retry_after(response.headers) <= self._max_wait

    async def prepare_for_next_attempt_async(self, *, state: RetryState, request: HttpRequest,
                                             response: HttpResponse | None = None,
                                             error: Exception | None = None) -> None:
        state.next_attempt_requested = True
        await asyncio.sleep(retry_after(response.headers if response else None))
        state.increment_current_attempt()


class ServerErrorRetry(AsyncServerErrorRetryHandler):
    """A 5xx that may pass: try again after a short backoff."""

    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None,
                               error: Exception | None = None) -> bool:
        return response is not None and response.status_code in SERVER_ERRORS


def answering_retries() -> list[AsyncRetryHandler]:
    """The retry handlers of every client that answers users (Web API and response_url)."""
    return [AsyncConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=_BACKOFF),
            RateLimitRetry(),
            ServerErrorRetry(max_retry_count=2, interval_calculator=_BACKOFF)]
