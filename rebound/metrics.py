"""Prometheus metrics: the core's `Observer` as counters and histograms, and the nudge backlog.

Everything lives in the `CollectorRegistry` it is given, never the process-wide default, so two
services (or two tests) in one process never share counts. Label values are bounded: platform
names, known command names (or `other` / `form`), never anything a user typed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from bot.observe import DEAD, EXPIRED, RETRIED, SENT
from rebound.supervise import PlatformStatus

COMMANDS_HANDLED = "rebound_commands_handled"
COMMAND_SECONDS = "rebound_command_duration_seconds"
NUDGES_SENT = "rebound_nudges_sent"
NUDGES_RETRIED = "rebound_nudges_retried"
NUDGES_DEAD = "rebound_nudges_dead"
NUDGES_EXPIRED = "rebound_nudges_expired"
NUDGES_DUE = "rebound_nudges_due"
OLDEST_DUE_AGE = "rebound_oldest_due_nudge_age_seconds"
PLATFORM_UP = "rebound_platform_up"
PLATFORM_RESTARTS = "rebound_platform_restarts"

# A chat answer takes milliseconds; drafts and big exports take longer, a locked database seconds.
_COMMAND_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class PrometheusObserver:
    """The core's `Observer`, counting into Prometheus metrics in `registry`."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.commands = Counter(
            COMMANDS_HANDLED, "Messages and forms answered, by platform and command.",
            ("platform", "command"), registry=registry)
        self.command_seconds = Histogram(
            COMMAND_SECONDS, "Time to answer a message or form, by platform and command.",
            ("platform", "command"), buckets=_COMMAND_BUCKETS, registry=registry)
        self.nudges = {
            SENT: Counter(NUDGES_SENT, "Nudges delivered.", ("platform",), registry=registry),
            RETRIED: Counter(NUDGES_RETRIED, "Nudge deliveries that failed and will be retried "
                             "(rate limits, transient errors).", ("platform",), registry=registry),
            DEAD: Counter(NUDGES_DEAD, "Nudges given up on (user unreachable, too many "
                          "attempts, unreadable).", ("platform",), registry=registry),
            EXPIRED: Counter(NUDGES_EXPIRED, "Nudges expired for being later than the lateness "
                             "limit (summarised to the user instead).", ("platform",),
                             registry=registry),
        }

    def command_handled(self, platform: str, command: str, seconds: float) -> None:
        self.commands.labels(platform, command).inc()
        self.command_seconds.labels(platform, command).observe(seconds)

    def nudge_outcome(self, platform: str, outcome: str, count: int = 1) -> None:
        counter = self.nudges.get(outcome)
        if counter is not None and count > 0:
            counter.labels(platform).inc(count)


class BacklogGauges:
    """The nudge backlog, set from the database just before each scrape."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.due = Gauge(NUDGES_DUE, "Pending nudges whose time to go out has come.",
                         registry=registry)
        self.oldest_age = Gauge(OLDEST_DUE_AGE, "Seconds since the oldest of those was due "
                                "(0 when none is waiting).", registry=registry)

    def set(self, due: int, oldest_age: float) -> None:
        self.due.set(due)
        self.oldest_age.set(max(0.0, oldest_age))

    def unknown(self) -> None:
        """The database didn't answer: report NaN rather than a stale number."""
        self.due.set(math.nan)
        self.oldest_age.set(math.nan)


class PlatformCollector:
    """Each platform's supervision as metrics, read at scrape time: `rebound_platform_up`
    (1 while connected, else 0) and `rebound_platform_restarts_total`."""

    def __init__(self, statuses: Callable[[], Sequence[PlatformStatus]]) -> None:
        self._statuses = statuses

    def describe(self) -> Iterable[Metric]:
        return self._families(())

    def collect(self) -> Iterable[Metric]:
        return self._families(self._statuses())

    @staticmethod
    def _families(statuses: Sequence[PlatformStatus]) -> list[Metric]:
        up = GaugeMetricFamily(PLATFORM_UP, "1 while the platform is connected (or listening), "
                               "else 0.", labels=("platform",))
        restarts = CounterMetricFamily(PLATFORM_RESTARTS, "Times the platform was started "
                                       "again after it failed or lost its connection.",
                                       labels=("platform",))
        for status in statuses:
            up.add_metric((status.platform,), 1.0 if status.up else 0.0)
            restarts.add_metric((status.platform,), float(status.restarts))
        return [up, restarts]
