"""Checking an HTTP request from Slack before anything reads it, and reading it after.

The signature check touches only the raw bytes and two headers, and can't raise: an unsigned,
stale or malformed request costs one HMAC and a counter, never a parse or a traceback.
Refusals are counted and summed up in one log line a minute at most.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

log = logging.getLogger(__name__)

TIMESTAMP_WINDOW = 300
"""Slack's five minutes: a signed request older (or newer) than this is refused."""
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


def refusal(secret: str, *, timestamp: str | None, signature: str | None, body: bytes,
            now: float) -> str | None:
    """Why the request isn't Slack's (unsigned, stale, forged), or None if it is."""
    if not timestamp or not signature:
        return "unsigned"
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return "malformed signature"
    if abs(now - int(timestamp)) > TIMESTAMP_WINDOW:
        return "stale"
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return None if hmac.compare_digest(expected, signature) else "bad signature"


def parse_body(content_type: str, body: bytes) -> dict[str, Any] | None:
    """A signed body as a payload: JSON (events), form fields (slash commands) or the JSON in
    a form's `payload` field (interactions). None if it is none of those."""
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
