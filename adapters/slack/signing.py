"""Checking an HTTP request from Slack before anything reads it, and reading it after.

The signature check touches only the raw bytes and two headers, and can't raise: an unsigned,
stale or malformed request costs one HMAC and a counter, never a parse or a traceback.
Refusals are counted and summed up in one log line a minute at most.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.signature import Clock as SdkClock
from slack_sdk.signature import SignatureVerifier

from bot.clock import Clock

log = logging.getLogger(__name__)

TIMESTAMP_WINDOW = 300
"""Slack's five minutes: a signed request older (or newer) than this is refused."""
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


class Verifier:
    """Slack's signature on a request: slack_sdk's `SignatureVerifier` (the one bolt uses),
    behind checks that keep from it what would make it raise: a timestamp that is no number,
    bytes that are no UTF-8."""

    def __init__(self, secret: str, *, clock: Clock) -> None:
        self._clock = clock
        self._verifier = SignatureVerifier(secret, clock=_WallClock(clock))

    def refusal(self, *, timestamp: str | None, signature: str | None,
                body: bytes) -> tuple[str, int] | None:
        """Why the request isn't Slack's (unsigned, stale, forged: 401) or can't be (not
        text: 400), with the status to answer; None if it is Slack's."""
        if not timestamp or not signature:
            return "unsigned", 401
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return "malformed signature", 401
        if abs(self._clock.now().timestamp() - int(timestamp)) > TIMESTAMP_WINDOW:
            return "stale", 401
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return "malformed", 400
        if not self._verifier.is_valid(text, timestamp, signature):
            return "bad signature", 401
        return None


class _WallClock(SdkClock):
    """The injected clock, as slack_sdk's verifier reads the time."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock.now().timestamp()


def parse_body(content_type: str, body: bytes) -> dict[str, Any] | None:
    """A signed body as a payload: JSON (events), form fields (slash commands) or the JSON in
    a form's `payload` field (interactions). None if it is none of those. (Bolt's own
    parser would raise on broken JSON and pass a JSON list on, so bolt gets this dict.)"""
    try:
        text = body.decode("utf-8")
        if content_type == "application/json" or text[:1] in ("{", "["):
            value = json.loads(text)
        else:
            fields = {key: values[0] for key, values in
                      parse_qs(text, keep_blank_values=True).items()}
            value = json.loads(fields["payload"]) if "payload" in fields else fields
    except (ValueError, KeyError):
        return None
    return value if isinstance(value, dict) and value else None


class Refusals:
    """Counts refused requests by reason; one summary log line a minute at most."""

    def __init__(self, *, what: str = "requests not from Slack", every: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._what = what
        self._every = every
        self._clock = clock
        self._counts: Counter[str] = Counter()
        self._last: float | None = None

    def note(self, reason: str) -> None:
        self._counts[reason] += 1
        now = self._clock()
        if self._last is not None and now - self._last < self._every:
            return
        self._last = now
        summary = ", ".join(f"{count} {reason}" for reason, count in sorted(self._counts.items()))
        self._counts.clear()
        log.warning("refused %s (%s); at most one such line a minute", self._what, summary)
