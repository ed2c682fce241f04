"""APScheduler 3.x against Rebound's nudge queue, like for like: reminders added, then fired.

Both stores are SQLite files with the same durability: WAL journal and `synchronous=FULL`
(APScheduler's engine gets both pragmas on every connection; each side's settings are read
back and printed). Both sides follow the same commit rules:

- add: one commit per reminder. APScheduler has no other way (`add_job` runs its own
  transaction); Rebound calls `NudgeQueue.sync_user` once per reminder (one user each).
- fire: one commit per reminder. APScheduler removes each fired `date` job in its own
  transaction; Rebound delivers to a messenger whose platform can't drop repeats, so every
  send's outcome is committed before the next send.

For reference, not like for like: Rebound's batch add (`sync_users`, one transaction for all)
and grouped commits (a platform that drops repeats), and APScheduler's in-memory job store,
which keeps nothing over a restart.

APScheduler: an `AsyncIOScheduler` with the asyncio executor (coroutine jobs run on the loop;
misfire grace one hour, no coalescing), started paused so firing cannot overlap adding; the
reminders are `date` jobs due a few seconds later; it is resumed at that due time (or at once,
if adding took longer) and the fire time runs until every job callable has run. The time limit
bounds each phase where it can: adding stops at it, but APScheduler fires all due jobs in one
blocking call that nothing can interrupt. Rebound: reminders for real users (one rejection
each), delivered by `Scheduler.run_due()` to a messenger that sends nothing, after a fake
clock is moved past their due time. A 1 ms ticker task measures the longest event-loop stall.
The ratios are printed as they come out (per reminder, so a phase cut short still compares).

Run: .venv/bin/python benchmarks/apscheduler_compare.py [--reminders N] [--lead S] [--limit S]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.jobstores.base import BaseJobStore
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from benchlib.nudges import NullMessenger, StallMeter, load_population, plan, populate
from sqlalchemy import create_engine, event

from bot.clock import FakeClock
from rebound.bootstrap import bootstrap, open_store

START = datetime(2026, 6, 1, 9, tzinfo=UTC)


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


def durable_sqlite_store(path: Path) -> tuple[SQLAlchemyJobStore, str]:
    """APScheduler's SQLAlchemy job store on `path` with WAL and `synchronous=FULL`, and
    those settings as read back from a connection."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _durable(connection: sqlite3.Connection, record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        settings = _settings(raw)
    return SQLAlchemyJobStore(engine=engine), settings


def _settings(connection: sqlite3.Connection) -> str:
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    sync = connection.execute("PRAGMA synchronous").fetchone()[0]
    return f"journal_mode={mode}, synchronous={ {0: 'OFF', 1: 'NORMAL', 2: 'FULL'}.get(sync, sync)}"


async def apscheduler_side(store: BaseJobStore, *, reminders: int, lead: float,
                           limit: float) -> tuple[Phase, Phase]:
    _Fired.count, _Fired.goal, _Fired.all_ran = 0, reminders, asyncio.Event()
    scheduler = AsyncIOScheduler(
        jobstores={"default": store}, executors={"default": AsyncIOExecutor()},
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


async def rebound_side(path: Path, *, reminders: int,
                       batch: bool) -> tuple[Phase, Phase, str]:
    """Add one reminder per user (a commit each, or all in one `sync_users`), then fire them
    (a commit per send, or grouped commits)."""
    clock = FakeClock(START)
    async with await open_store(path) as store:
        plans = plan(await load_population(store, reminders), per_user=1,
                     first_due=START + timedelta(seconds=5), spread=timedelta(seconds=1))
        meter = StallMeter()
        await meter.start()
        started = time.perf_counter()
        if batch:
            await store.nudges.sync_users(plans, now=clock.now())
        else:
            for user_id, wanted in plans.items():
                await store.nudges.sync_user(user_id, wanted, now=clock.now())
        add = Phase(len(plans), time.perf_counter() - started, await meter.stop())
        del plans
        gc.collect()

        clock.advance(timedelta(seconds=10))
        messenger = NullMessenger(deduplicates=batch)
        scheduler = bootstrap(store=store, clock=clock, messengers=[messenger]).scheduler
        await meter.start()
        started = time.perf_counter()
        await scheduler.run_due()
        fire = Phase(len(messenger.keys), time.perf_counter() - started, await meter.stop())
        counts = await store.nudges.counts()
        row = await store.database.read_one("PRAGMA journal_mode")
        sync = await store.database.read_one("PRAGMA synchronous")
    if counts != {"sent": add.done} or not len(messenger.keys) == messenger.calls == add.done:
        raise SystemExit(f"Rebound did not deliver every reminder once: {counts}")
    assert row is not None and sync is not None
    names = {0: "OFF", 1: "NORMAL", 2: "FULL"}
    return add, fire, f"journal_mode={row[0]}, synchronous={names.get(sync[0], sync[0])}"


def report(name: str, phase: Phase, *, of: int) -> str:
    partial = "" if phase.done == of else f" (only {phase.done:,} of {of:,}: time limit)"
    per = phase.seconds / max(phase.done, 1) * 1e6
    return (f"{name:<44} {phase.seconds * 1000:8.0f} ms {per:9.1f} us/reminder"
            f"  longest loop stall {phase.stall * 1000:7.1f} ms{partial}")


def versus(ours: Phase, theirs: Phase) -> str:
    """`ours` against `theirs` per reminder: `2.5x faster` or `1.3x slower`."""
    factor = (theirs.seconds / max(theirs.done, 1)) / (ours.seconds / max(ours.done, 1))
    return f"{factor:,.1f}x faster" if factor >= 1 else f"{1 / factor:,.1f}x slower"


async def run(*, reminders: int, lead: float, limit: float, folder: Path) -> None:
    template = folder / "users.db"
    async with await open_store(template) as store:
        await populate(store, users=reminders, rejections_per_user=1, now=START)
    shutil.copyfile(template, folder / "batch.db")
    ours_add, ours_fire, ours_settings = await rebound_side(template, reminders=reminders,
                                                          batch=False)
    batch_add, batch_fire, _ = await rebound_side(folder / "batch.db", reminders=reminders,
                                                 batch=True)
    durable, aps_settings = durable_sqlite_store(folder / "aps.db")
    aps_add, aps_fire = await apscheduler_side(durable, reminders=reminders, lead=lead,
                                               limit=limit)
    mem_add, mem_fire = await apscheduler_side(MemoryJobStore(), reminders=reminders,
                                               lead=lead, limit=limit)
    print(f"durability: APScheduler SQLite {aps_settings}; Rebound {ours_settings}")
    for label, aps, ours, mem, batch, ours_rule, batch_rule in (
            ("add", aps_add, ours_add, mem_add, batch_add, "a commit per reminder",
             "one transaction for all"),
            ("fire", aps_fire, ours_fire, mem_fire, batch_fire, "a commit per send",
             "grouped commits")):
        print(f"{label} {reminders:,} reminders:")
        print("  " + report("APScheduler, SQLite (a commit per job)", aps, of=reminders))
        print("  " + report(f"Rebound ({ours_rule})", ours, of=reminders))
        print("  " + report("APScheduler, in memory (not durable)", mem, of=reminders))
        print("  " + report(f"Rebound ({batch_rule})", batch, of=reminders))
        print(f"  like for like, Rebound ({ours_rule}) is {versus(ours, aps)} than APScheduler "
              "on SQLite")
        print(f"  for reference: Rebound ({batch_rule}) is {versus(batch, aps)} than "
              "APScheduler on SQLite (not the same commits)")
        print(f"  for reference: against APScheduler in memory, Rebound ({ours_rule}) is "
              f"{versus(ours, mem)}, Rebound ({batch_rule}) {versus(batch, mem)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=1_000,
                        help="reminders per side (default 1,000: every commit is an fsync)")
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
