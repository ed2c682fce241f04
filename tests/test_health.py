"""The health endpoint over real HTTP: /healthz, /readyz and /metrics of a real `Service`.

A real SQLite store in tmp_path, the fake clock, and fake platform apps whose nudge port is the
recording messenger; the server listens on a free local port and is scraped with aiohttp.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import aiohttp
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from bot.clock import FakeClock
from bot.coach import Coach
from bot.models import UserKey
from bot.nudges.model import Delivery
from bot.nudges.scheduler import SchedulerPolicy
from bot.session import Incoming
from rebound.health import HealthServer
from rebound.metrics import PrometheusObserver
from rebound.service import Service
from tests.nudge_support import (
    LOG_ACME,
    MONDAY,
    RawNudge,
    RecordingMessenger,
    idle,
    insert_nudges,
    make_user,
    open_store,
)

POLICY = SchedulerPolicy(max_sleep=30.0)
MARGIN = timedelta(seconds=60)


class FakeApp:
    """A `PlatformApp` that serves nobody: its nudge port records, `connected` is its state."""

    def __init__(self, clock: FakeClock, platform: str, *, connected: bool = True) -> None:
        self._platform = platform
        self.messenger = RecordingMessenger(clock, platform=platform)
        self.connected = connected
        self.coach: Coach | None = None

    @property
    def platform(self) -> str:
        return self._platform

    def bind(self, coach: Coach) -> RecordingMessenger:
        self.coach = coach
        return self.messenger

    async def run(self) -> None:
        await asyncio.Event().wait()

    def user_changed(self, user: UserKey) -> None:
        pass

    @property
    def ready(self) -> bool:
        return self.connected


@dataclass
class Rig:
    clock: FakeClock
    service: Service
    apps: dict[str, FakeApp]
    server: HealthServer
    http: aiohttp.ClientSession

    async def get(self, path: str) -> tuple[int, str]:
        async with self.http.get(f"http://127.0.0.1:{self.server.bound_port}{path}") as response:
            return response.status, await response.text()

    async def metrics(self) -> dict[str, dict[tuple[str, ...], float]]:
        """Every sample of /metrics: sample name -> (label values, sorted by label) -> value."""
        status, body = await self.get("/metrics")
        assert status == 200
        found: dict[str, dict[tuple[str, ...], float]] = {}
        for family in text_string_to_metric_families(body):
            for sample in family.samples:
                if "le" in sample.labels:
                    continue  # buckets: the count and sum say enough here
                labels = tuple(value for _, value in sorted(sample.labels.items()))
                found.setdefault(sample.name, {})[labels] = sample.value
        return found


@asynccontextmanager
async def rig(tmp_path: Path, platforms: Sequence[str] = ("alpha",), *,
              db_timeout: float = 3.0) -> AsyncIterator[Rig]:
    clock = FakeClock(MONDAY)
    apps = {p: FakeApp(clock, p) for p in platforms}
    registry = CollectorRegistry()
    async with await open_store(tmp_path) as store, aiohttp.ClientSession() as http:
        service = Service(store, list(apps.values()), clock=clock, policy=POLICY,
                          observer=PrometheusObserver(registry))
        server = HealthServer(service, port=0, host="127.0.0.1", registry=registry,
                              stale_margin=MARGIN, db_timeout=db_timeout)
        serving = asyncio.create_task(server.serve())
        try:
            await asyncio.wait_for(server.ready.wait(), 5)
            yield Rig(clock, service, apps, server, http)
        finally:
            serving.cancel()
            with suppress(asyncio.CancelledError):
                await serving


async def test_healthz_is_ok_while_the_scheduler_ticks_and_503_once_it_stops(
        tmp_path: Path) -> None:
    async with rig(tmp_path) as r:
        assert await r.get("/healthz") == (503, "scheduler: not started\n")

        scheduler = asyncio.create_task(r.service.scheduler.run())
        await idle(r.clock)
        assert await r.get("/healthz") == (200, "ok\n")
        # Hours pass: the capped sleep keeps waking the loop, so it stays alive.
        for _ in range(10):
            r.clock.advance(timedelta(minutes=30))
            await idle(r.clock)
        assert await r.get("/healthz") == (200, "ok\n")

        r.service.scheduler.stop()
        await asyncio.wait_for(scheduler, 5)
        r.clock.advance(timedelta(seconds=90))  # exactly max_sleep + margin: not yet stale
        assert await r.get("/healthz") == (200, "ok\n")
        r.clock.advance(timedelta(seconds=1))
        assert await r.get("/healthz") == (503, "scheduler: last ran 91s ago (limit 90s)\n")


async def test_readyz_lists_the_apps_not_connected_and_a_closed_database(
        tmp_path: Path) -> None:
    async with rig(tmp_path, ("alpha", "beta")) as r:
        r.apps["beta"].connected = False
        assert await r.get("/readyz") == (503, "beta: not connected\n")
        r.apps["alpha"].connected = False
        assert await r.get("/readyz") == (503, "alpha: not connected\nbeta: not connected\n")

        r.apps["alpha"].connected = r.apps["beta"].connected = True
        assert await r.get("/readyz") == (200, "ok\n")

        await r.service.store.close()
        assert await r.get("/readyz") == (503, "database: the database is closed\n")
        # The counters still render; only the backlog is unknown then.
        status, _ = await r.get("/metrics")
        assert status == 200


async def test_readyz_is_503_when_the_database_does_not_answer_in_time(tmp_path: Path) -> None:
    async with rig(tmp_path, db_timeout=0.05) as r:
        release = asyncio.Event()
        holding = asyncio.Event()

        async def long_write() -> None:
            async with r.service.store.atomic():
                holding.set()
                await release.wait()

        writer = asyncio.create_task(long_write())
        await holding.wait()
        assert await r.get("/readyz") == (503, "database: no answer within 0.05s\n")
        release.set()
        await writer
        assert await r.get("/readyz") == (200, "ok\n")


async def test_metrics_count_commands_by_name_and_platform_never_by_text(
        tmp_path: Path) -> None:
    async with rig(tmp_path, ("alpha", "beta")) as r:
        coach = r.service.coach
        sam = UserKey("alpha", "T1", "U-sam")
        kim = UserKey("beta", "G1", "U-kim")
        for text in ("help", "Help draft", "?", "list", "hello", LOG_ACME,
                     "my secret plans for Globex", ""):
            await coach.handle(Incoming(sam, text, "UTC"))
        await coach.handle(Incoming(kim, "ls", "UTC"))  # an alias counts as its command
        await coach.submit_form(sam, {"company": "Initech"})  # invalid: still answered
        await coach.submit_form(kim, {"company": "Initech", "role": "Designer",
                                      "interviewer": "Ann Lee", "rejected": "today",
                                      "memory": "the portfolio review"})

        expected = {("help", "alpha"): 3.0, ("list", "alpha"): 1.0, ("hello", "alpha"): 1.0,
                    ("log", "alpha"): 1.0, ("other", "alpha"): 2.0, ("form", "alpha"): 1.0,
                    ("list", "beta"): 1.0, ("form", "beta"): 1.0}
        metrics = await r.metrics()
        assert metrics["rebound_commands_handled_total"] == expected
        assert metrics["rebound_command_duration_seconds_count"] == expected
        assert all(seconds >= 0 for seconds
                   in metrics["rebound_command_duration_seconds_sum"].values())
        _, body = await r.get("/metrics")
        assert "Globex" not in body and "secret" not in body and "Initech" not in body


async def test_metrics_count_nudge_outcomes_and_show_the_due_backlog(tmp_path: Path) -> None:
    async with rig(tmp_path, ("alpha", "beta")) as r:
        store, clock = r.service.store, r.clock
        hour, week = timedelta(hours=1), timedelta(days=7)
        ann = await make_user(store, key=UserKey("alpha", "T1", "U-ann"))    # two sent
        bob = await make_user(store, key=UserKey("alpha", "T1", "U-bob"))    # dead
        cat = await make_user(store, key=UserKey("alpha", "T1", "U-cat"))    # expired
        dan = await make_user(store, key=UserKey("beta", "G1", "U-dan"))     # retried
        eve = await make_user(store, key=UserKey("alpha", "T1", "U-eve"))    # unreachable
        fay = await make_user(store, key=UserKey("gamma", "X", "U-fay"))     # not served
        await store.set_unreachable(eve.id, "messages tab off")
        await insert_nudges(store, [
            RawNudge("ann-1", ann.id, MONDAY - hour),
            RawNudge("ann-2", ann.id, MONDAY - hour),
            RawNudge("bob-1", bob.id, MONDAY - hour),
            RawNudge("cat-1", cat.id, MONDAY - week - timedelta(days=1)),
            RawNudge("dan-1", dan.id, MONDAY - hour),
            # Not due: later, waiting for a retry, held, or for a platform not served here.
            RawNudge("ann-later", ann.id, MONDAY + hour),
            RawNudge("ann-retry", ann.id, MONDAY - 2 * hour, run_at=MONDAY + hour),
            RawNudge("eve-1", eve.id, MONDAY - 3 * hour),
            RawNudge("fay-1", fay.id, MONDAY - 30 * hour),
        ])

        metrics = await r.metrics()
        assert metrics["rebound_nudges_due"] == {(): 5.0}
        assert metrics["rebound_oldest_due_nudge_age_seconds"] == {
            (): (week + timedelta(days=1)).total_seconds()}

        r.apps["alpha"].messenger.script(Delivery.sent(), Delivery.sent(),
                                         Delivery.permanent("messages tab off"))
        r.apps["beta"].messenger.script(Delivery.retry(60))
        await r.service.scheduler.run_due()

        # Cat's expired nudge is summarised in a `missed` nudge, which is sent too.
        assert [a.nudge.idempotency_key for a in r.apps["alpha"].messenger.attempts] == [
            "ann-1", "ann-2", "bob-1", f"u{cat.id}:missed:4"]
        metrics = await r.metrics()
        assert metrics["rebound_nudges_sent_total"] == {("alpha",): 3.0}
        assert metrics["rebound_nudges_dead_total"] == {("alpha",): 1.0}
        assert metrics["rebound_nudges_expired_total"] == {("alpha",): 1.0}
        assert metrics["rebound_nudges_retried_total"] == {("beta",): 1.0}
        assert metrics["rebound_nudges_due"] == {(): 0.0}
        assert metrics["rebound_oldest_due_nudge_age_seconds"] == {(): 0.0}

        clock.advance(timedelta(seconds=61))  # Dan's Retry-After has passed
        metrics = await r.metrics()
        assert metrics["rebound_nudges_due"] == {(): 1.0}
        assert metrics["rebound_oldest_due_nudge_age_seconds"] == {(): 3661.0}

        await r.service.scheduler.run_due()
        metrics = await r.metrics()
        assert metrics["rebound_nudges_sent_total"] == {("alpha",): 3.0, ("beta",): 1.0}
        assert metrics["rebound_nudges_retried_total"] == {("beta",): 1.0}
        assert metrics["rebound_nudges_due"] == {(): 0.0}


async def test_the_backlog_is_nan_when_the_database_is_gone(tmp_path: Path) -> None:
    async with rig(tmp_path) as r:
        await r.service.store.close()
        metrics = await r.metrics()
        due = metrics["rebound_nudges_due"][()]
        assert due != due  # NaN: unknown, not a stale number
