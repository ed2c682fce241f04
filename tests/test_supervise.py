"""Each platform supervised on its own: retried with backoff and jitter, one log line per
attempt, a fatal start-up problem ending the run, and a bounded stop however slow an app is.

Real `Service` and `Supervisor` over a real SQLite store, the fake clock and a seeded rng;
the apps are tests/platform_support.py's `FakeApp`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.errors import CredentialsRefused, FatalStartup
from bot.models import UserKey
from bot.nudges.model import Delivery
from bot.nudges.scheduler import SchedulerPolicy
from rebound import service as service_module
from rebound.service import Service
from rebound.supervise import Backoff, State, Supervisor, Unavailable
from tests.nudge_support import (
    MONDAY,
    Hang,
    RawNudge,
    eventually,
    insert_nudges,
    make_user,
    nudge_rows,
    open_store,
)
from tests.platform_support import FakeApp

SEED = 11


def backing_off(supervisor: Supervisor, clock: FakeClock, failures: int) -> bool:
    """The supervisor has counted `failures` failures in a row and sleeps before the next
    attempt (the count moves first, so an older sleep can't be mistaken for this one)."""
    return supervisor.status().failures == failures and clock.sleepers == 1


def delays(count: int) -> list[float]:
    """The backoff the supervisor will pick with the seeded rng, failure after failure."""
    rng = random.Random(SEED)
    return [Backoff().delay(n, rng) for n in range(1, count + 1)]


def test_backoff_doubles_from_one_second_to_a_minute_with_jitter() -> None:
    rng = random.Random(SEED)
    backoff = Backoff()
    for failures, ceiling in [(1, 1), (2, 2), (3, 4), (4, 8), (7, 60), (8, 60), (500, 60)]:
        for _ in range(20):
            assert ceiling / 2 <= backoff.delay(failures, rng) <= ceiling


async def test_a_platform_that_keeps_failing_is_retried_with_backoff_one_line_each(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="rebound.supervise")
    clock = FakeClock(MONDAY)
    app = FakeApp(clock, "alpha")
    app.fail_at_start = [ConnectionRefusedError(111, "Connection refused"),
                         TimeoutError(), Unavailable("Slack answered internal_error")]
    supervisor = Supervisor(app, clock=clock, rng=random.Random(SEED))
    running = asyncio.create_task(supervisor.run())
    waits = delays(3)
    for attempt, wait in enumerate(waits, start=1):
        await eventually(lambda a=attempt: backing_off(supervisor, clock, a))
        status = supervisor.status()
        assert status.state is State.RETRYING and status.failures == attempt
        assert status.since == MONDAY  # when the outage began
        clock.advance(timedelta(seconds=wait * 0.99))
        await asyncio.sleep(0)
        assert app.runs == attempt  # not yet
        clock.advance(timedelta(seconds=wait * 0.01 + 0.001))
    await eventually(lambda: app.ready)
    assert supervisor.status().state is State.UP and supervisor.status().restarts == 3
    lines = [r for r in caplog.records if r.name == "rebound.supervise"]
    assert [r.getMessage() for r in lines] == [
        f"alpha is down (ConnectionRefusedError: Connection refused); trying again in "
        f"{waits[0]:.1f}s (attempt 2)",
        f"alpha is down (TimeoutError); trying again in {waits[1]:.1f}s (attempt 3)",
        f"alpha is down (Slack answered internal_error); trying again in {waits[2]:.1f}s "
        "(attempt 4)",
        "alpha is up again after 3 failed attempts"]
    assert not any(r.exc_info for r in lines)  # expected network errors: no traceback
    await stop(supervisor)
    await asyncio.wait_for(running, 1)


async def test_an_unexpected_error_is_logged_with_its_traceback_and_retried(
        caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(MONDAY)
    app = FakeApp(clock, "alpha")
    app.fail_at_start = [KeyError("surprise")]
    supervisor = Supervisor(app, clock=clock, rng=random.Random(SEED))
    running = asyncio.create_task(supervisor.run())
    await eventually(lambda: backing_off(supervisor, clock, 1))
    [record] = [r for r in caplog.records if r.name == "rebound.supervise"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    clock.advance(timedelta(seconds=1))
    await eventually(lambda: app.ready)
    await stop(supervisor)
    await asyncio.wait_for(running, 1)


async def test_a_long_healthy_run_resets_the_backoff() -> None:
    clock = FakeClock(MONDAY)
    app = FakeApp(clock, "alpha")
    supervisor = Supervisor(app, clock=clock, rng=random.Random(SEED))
    running = asyncio.create_task(supervisor.run())
    for failures in range(1, 5):  # four quick failures: the backoff grows to 8 s
        await eventually(lambda: app.ready)
        app.fail(ConnectionResetError(104, "Connection reset by peer"))
        await eventually(lambda f=failures: backing_off(supervisor, clock, f))
        clock.advance(timedelta(seconds=60))
    await eventually(lambda: app.ready)
    clock.advance(timedelta(minutes=5))  # up for a while
    app.fail(ConnectionResetError(104, "Connection reset by peer"))
    await eventually(lambda: backing_off(supervisor, clock, 1))  # starts over: at most 1 s
    clock.advance(timedelta(seconds=1))
    await eventually(lambda: app.ready)
    await stop(supervisor)
    await asyncio.wait_for(running, 1)


async def test_a_fatal_problem_before_the_platform_was_ever_up_ends_its_run() -> None:
    clock = FakeClock(MONDAY)
    app = FakeApp(clock, "alpha")
    app.fail_at_start = [OSError(101, "Network is unreachable"),
                         CredentialsRefused("Slack refused SLACK_BOT_TOKEN (invalid_auth).")]
    supervisor = Supervisor(app, clock=clock, rng=random.Random(SEED))
    running = asyncio.create_task(supervisor.run())
    await eventually(lambda: backing_off(supervisor, clock, 1))
    clock.advance(timedelta(seconds=1))
    with pytest.raises(CredentialsRefused):
        await asyncio.wait_for(running, 5)
    assert supervisor.status().state is State.FAILED


async def test_a_fatal_problem_after_being_up_marks_only_that_platform_failed(
        caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(MONDAY)
    app = FakeApp(clock, "alpha")
    supervisor = Supervisor(app, clock=clock, rng=random.Random(SEED))
    running = asyncio.create_task(supervisor.run())
    await eventually(lambda: app.ready)
    await eventually(lambda: supervisor.status().up)
    app.fail(CredentialsRefused("Slack refused SLACK_BOT_TOKEN (token_revoked)."))
    await asyncio.wait_for(running, 5)  # returns: nothing more to do for this platform
    status = supervisor.status()
    assert status.state is State.FAILED and status.describe() == (
        "alpha: failed at 2026-03-02T10:00:00Z; see the log")
    assert "token_revoked" in caplog.text


async def test_shutdown_during_a_backoff_returns_at_once() -> None:
    clock = FakeClock(MONDAY)
    app = FakeApp(clock, "alpha")
    app.fail_at_start = [OSError(101, "Network is unreachable")]
    supervisor = Supervisor(app, clock=clock, rng=random.Random(SEED))
    running = asyncio.create_task(supervisor.run())
    await eventually(lambda: backing_off(supervisor, clock, 1))
    await stop(supervisor, seconds=5)
    await asyncio.wait_for(running, 1)
    assert app.runs == 1 and app.deadlines == []  # nothing was running to shut down


@asynccontextmanager
async def running_service(tmp_path: Path, *apps: FakeApp, clock: FakeClock,
                          stop: asyncio.Event) -> AsyncIterator[tuple[Service,
                                                                       asyncio.Task[None]]]:
    async with await open_store(tmp_path) as store:
        service = Service(store, list(apps), clock=clock, rng=random.Random(SEED),
                          policy=SchedulerPolicy(max_sleep=30.0))
        task = asyncio.create_task(service.run(stop=stop))
        try:
            yield service, task
        finally:
            stop.set()
            await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), 15)


async def test_one_platform_down_leaves_the_other_and_the_scheduler_working(
        tmp_path: Path) -> None:
    clock = FakeClock(MONDAY)
    slack, discord = FakeApp(clock, "slack"), FakeApp(clock, "discord")
    stop = asyncio.Event()
    async with running_service(tmp_path, slack, discord, clock=clock, stop=stop) as (service, _):
        store = service.store
        await eventually(lambda: all(s.up for s in service.platforms()))
        slack.fail(TimeoutError())  # e.g. a Socket Mode connect that timed out
        await eventually(lambda: service.platforms()[0].state is State.RETRYING)

        dora = await make_user(store, key=UserKey("discord", "global", "dora"))
        await insert_nudges(store, [RawNudge("d-1", dora.id, MONDAY)])
        discord.messenger.script(Delivery.sent())
        service.scheduler.wake()
        await eventually(lambda: len(discord.messenger.attempts) == 1)
        assert service.platforms()[1].up

        clock.advance(timedelta(seconds=1))
        await eventually(lambda: slack.runs == 2 and service.platforms()[0].up)
        assert [s.restarts for s in service.platforms()] == [1, 0]


async def test_a_platform_that_cannot_start_stops_the_service_cleanly_with_its_error(
        tmp_path: Path) -> None:
    clock = FakeClock(MONDAY)
    slack, discord = FakeApp(clock, "slack"), FakeApp(clock, "discord")
    slack.fail_at_start = [CredentialsRefused("Slack refused SLACK_BOT_TOKEN (invalid_auth).")]
    stop = asyncio.Event()
    async with running_service(tmp_path, slack, discord, clock=clock, stop=stop) as (_, task):
        with pytest.raises(CredentialsRefused) as caught:
            await asyncio.wait_for(task, 10)
        assert isinstance(caught.value, FatalStartup) and caught.value.exit_code == 3
        assert len(discord.deadlines) == 1 and not discord.running  # stopped, not abandoned


async def test_stop_is_bounded_however_slow_an_app_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_module, "SHUTDOWN_GRACE", 0.2)
    clock = FakeClock(MONDAY)
    slow, quick = FakeApp(clock, "slow"), FakeApp(clock, "quick")
    slow.hold_shutdown = asyncio.Event()  # never set: a platform that hangs
    stop = asyncio.Event()
    async with running_service(tmp_path, slow, quick, clock=clock, stop=stop) as (service, task):
        await eventually(lambda: all(s.up for s in service.platforms()))
        started = time.monotonic()
        stop.set()
        await asyncio.wait_for(task, 5)
        took = time.monotonic() - started
    assert took < 0.2 + 3 * service_module.FINAL_WAIT
    assert not slow.running and not quick.running  # cancelled, not left behind
    assert slow.deadlines == quick.deadlines and slow.deadlines[0] <= started + 0.3


async def test_claims_of_a_scheduler_cancelled_mid_send_are_handed_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_module, "SHUTDOWN_GRACE", 0.2)
    clock = FakeClock(MONDAY)
    app = FakeApp(clock, "alpha")
    stop = asyncio.Event()
    async with running_service(tmp_path, app, clock=clock, stop=stop) as (service, task):
        store = service.store
        await eventually(lambda: all(s.up for s in service.platforms()))
        users = [await make_user(store, key=UserKey("alpha", "T1", f"U{i}")) for i in range(3)]
        hang = Hang()
        app.messenger.script(Delivery.sent(), hang)  # the second send never answers
        await insert_nudges(store, [RawNudge(f"n-{u.id}", u.id, MONDAY) for u in users])
        service.scheduler.wake()
        await asyncio.wait_for(hang.entered.wait(), 5)
        stop.set()
        await asyncio.wait_for(task, 5)
        statuses = {row["idempotency_key"]: row["status"] for row in await nudge_rows(store)}
    # The one in flight and the one never tried are due again at once; the one sent before
    # is "sent" once the scheduler records each send as it goes (until then, "pending").
    assert statuses[f"n-{users[1].id}"] == statuses[f"n-{users[2].id}"] == "pending"
    assert statuses[f"n-{users[0].id}"] in ("sent", "pending")


async def stop(supervisor: Supervisor, *, seconds: float = 1) -> None:
    """As the service stops a platform: its shutdown (no new work), then its run ends."""
    deadline = time.monotonic() + seconds
    await supervisor.shutdown(deadline=deadline)
    await supervisor.cancel(deadline=deadline)
