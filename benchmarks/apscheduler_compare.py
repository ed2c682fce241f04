"""APScheduler 3.x against Rebound's nudge table: 10,000 date reminders added, then fired.

APScheduler: an `AsyncIOScheduler` with a `SQLAlchemyJobStore` on a SQLite file and the asyncio
executor (coroutine jobs run on the loop; misfire grace one hour, no coalescing). It is
started paused, so firing cannot overlap adding; 10,000 `date` jobs are added one by one
(`add_job`, the only way), due a few seconds later; the scheduler is resumed at that due time
(or at once, if adding took longer) and the fire time runs from then until every job
callable has run. The time limit bounds each phase where it can: adding stops at it, but
APScheduler fires all due jobs in one blocking call that nothing can interrupt.
Rebound: the same 10,000 reminders for 1,000 real users (3 rejections each) written in one
transaction by `NudgeQueue.sync_users`, then delivered by `Scheduler.run_due()` to a
messenger that sends nothing, after a fake clock is moved past their due time.
A 1 ms ticker task measures the longest event-loop stall in each phase.
Targets: Rebound at least 50x faster than APScheduler at adding and at firing.

Run: .venv/bin/python benchmarks/apscheduler_compare.py [--reminders N] [--lead S] [--limit S]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from benchlib import report_target
from benchlib.nudges import NullMessenger, StallMeter, plan, populate

from bot.clock import FakeClock
from rebound.bootstrap import bootstrap, open_store

START = datetime(2026, 6, 1, 9, tzinfo=UTC)
USERS = 1_000
TARGET_RATIO = 50.0


@dataclass
class Phase:
    """One measured phase: how many reminders it covered, in how long, the longest stall."""

    done: int
    seconds: float
    stall: float


class _Fired:
    """Counts APScheduler job runs; the job function must be importable, so it is global."""

    count = 0
    goal = 0
    all_ran: asyncio.Event | None = None


async def remind(index: int) -> None:
    """The APScheduler job: count the run (a no-op reminder, like the null messenger)."""
    _Fired.count += 1
    if _Fired.count >= _Fired.goal and _Fired.all_ran is not None:
        _Fired.all_ran.set()


async def apscheduler_side(*, reminders: int, lead: float, limit: float,
                           folder: Path) -> tuple[Phase, Phase]:
    _Fired.count, _Fired.goal, _Fired.all_ran = 0, reminders, asyncio.Event()
    scheduler = AsyncIOScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{folder / 'aps.db'}")},
        executors={"default": AsyncIOExecutor()},
        job_defaults={"misfire_grace_time": 3600, "coalesce": False, "max_instances": 1},
        timezone=UTC)
    scheduler.start(paused=True)
    meter = StallMeter()
    try:
        due = datetime.now(UTC) + timedelta(seconds=lead)
        await meter.start()
        started = time.perf_counter()
        added = 0
        while added < reminders and time.perf_counter() - started < limit:
            scheduler.add_job(remind, "date", run_date=due, args=[added], id=f"r{added}")
            added += 1
        adding = time.perf_counter() - started
        await asyncio.sleep(0.01)  # let the queued wake-ups run (and be measured)
        add = Phase(added, adding, await meter.stop())
        _Fired.goal = added

        await asyncio.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()))
        await meter.start()
        started = time.perf_counter()
        scheduler.resume()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_Fired.all_ran.wait(), timeout=limit)
        fire = Phase(_Fired.count, time.perf_counter() - started, await meter.stop())
    finally:
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # the asyncio scheduler shuts down on the loop
    return add, fire


async def rebound_side(*, reminders: int, folder: Path) -> tuple[Phase, Phase]:
    clock = FakeClock(START)
    async with await open_store(folder / "rebound.db") as store:
        population = await populate(store, users=USERS, rejections_per_user=3, now=clock.now())
        plans = plan(population, per_user=max(1, reminders // USERS),
                     first_due=START + timedelta(seconds=5), spread=timedelta(seconds=1))
        total = sum(len(wanted) for wanted in plans.values())
        meter = StallMeter()
        await meter.start()
        started = time.perf_counter()
        await store.nudges.sync_users(plans, now=clock.now())
        add = Phase(total, time.perf_counter() - started, await meter.stop())
        del plans, population
        gc.collect()

        clock.advance(timedelta(seconds=10))
        messenger = NullMessenger()
        scheduler = bootstrap(store=store, clock=clock, messengers=[messenger]).scheduler
        await meter.start()
        started = time.perf_counter()
        await scheduler.run_due()
        fire = Phase(len(messenger.keys), time.perf_counter() - started, await meter.stop())
        counts = await store.nudges.counts()
    if counts != {"sent": total} or len(messenger.keys) != total:
        raise SystemExit(f"Rebound did not deliver every reminder once: {counts}")
    return add, fire


def report(name: str, phase: Phase, *, of: int) -> str:
    partial = "" if phase.done == of else f" (only {phase.done:,} of {of:,}: time limit)"
    return (f"{name:<12} {phase.seconds * 1000:9.0f} ms  {phase.done / phase.seconds:9,.0f}/s"
            f"  longest loop stall {phase.stall * 1000:7.1f} ms{partial}")


async def run(*, reminders: int, lead: float, limit: float, folder: Path) -> None:
    ours_add, ours_fire = await rebound_side(reminders=reminders, folder=folder)
    aps_add, aps_fire = await apscheduler_side(reminders=reminders, lead=lead, limit=limit,
                                               folder=folder)
    for label, aps, ours in (("add", aps_add, ours_add), ("fire", aps_fire, ours_fire)):
        # Per reminder, so a phase cut short by the time limit still compares like for like.
        ratio = (aps.seconds / max(aps.done, 1)) / (ours.seconds / ours.done)
        print(f"{label}:")
        print("  " + report("APScheduler", aps, of=reminders))
        print("  " + report("Rebound", ours, of=ours.done))
        print(f"  Rebound is {ratio:,.1f}x faster per reminder")
        report_target(f"{label} >= {TARGET_RATIO:.0f}x faster than APScheduler",
                      ratio >= TARGET_RATIO and bool(aps.done), f"{ratio:,.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--lead", type=float, default=3.0,
                        help="seconds from the start of adding to the APScheduler due time")
    parser.add_argument("--limit", type=float, default=45.0,
                        help="time limit in seconds for each APScheduler phase")
    args = parser.parse_args()
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(reminders=args.reminders, lead=args.lead, limit=args.limit,
                        folder=Path(folder)))


if __name__ == "__main__":
    main()
