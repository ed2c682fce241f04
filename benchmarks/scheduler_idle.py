"""What an idle scheduler costs: SQL statements and memory over an hour with 100,000 nudges.

A child process seeds a database with 1,000 users (3 rejections each) and 100,000 nudges, none
due within the next hour, so this process's memory is the scheduler's, not the seeding's.
This process then opens the database and runs the real `Scheduler.run()` loop on a fake clock
for one simulated hour, advancing it in 1 s steps and letting the scheduler run until it
sleeps again after each step, as it would on the real clock. Every SQL statement the
connection runs is counted (`Database.add_statement_listener`), from the scheduler's start.
Targets: at most one statement per 30 s, i.e. 120 in the hour plus 5 for starting up;
resident memory (RSS) under 100 MB after the hour, and the peak is printed too.

Run: .venv/bin/python benchmarks/scheduler_idle.py [--minutes N] [--step S] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
from benchlib import report_target
from benchlib.nudges import NullMessenger, plan, populate

from bot.clock import FakeClock
from rebound.bootstrap import bootstrap, open_store

START = datetime(2026, 6, 1, 9, tzinfo=UTC)
USERS = 1_000
PER_USER = 100
STARTUP_STATEMENTS = 5
MAX_RSS_MB = 100.0
MB = 1024 * 1024


async def seed(db_path: Path) -> None:
    """The 100,000 future nudges: due from two hours after START, over four weeks."""
    async with await open_store(db_path) as store:
        population = await populate(store, users=USERS, rejections_per_user=3, now=START)
        plans = plan(population, per_user=PER_USER, first_due=START + timedelta(hours=2),
                     spread=timedelta(days=28))
        await store.nudges.sync_users(plans, now=START)


async def until_idle(clock: FakeClock, task: asyncio.Task[None]) -> None:
    """Let the scheduler (and the database thread) run until it sleeps on the clock again."""
    async with asyncio.timeout(5):
        while True:
            await asyncio.sleep(0)
            if clock.sleepers or task.done():
                return


async def run(*, db_path: Path, minutes: int, step: float) -> bool:
    process = psutil.Process()
    clock = FakeClock(START)
    statements: Counter[str] = Counter()

    def count(sql: str) -> None:
        statements[" ".join(sql.split()[:2])] += 1

    async with await open_store(db_path) as store:
        counts = await store.nudges.counts()
        rss_start = process.memory_info().rss
        peak = rss_start
        await store.database.add_statement_listener(count)
        scheduler = bootstrap(store=store, clock=clock, messengers=[NullMessenger()]).scheduler
        cpu, wall = time.process_time(), time.perf_counter()
        task = asyncio.get_running_loop().create_task(scheduler.run())
        await until_idle(clock, task)
        startup = sum(statements.values())
        steps = round(minutes * 60 / step)
        for _ in range(steps):
            clock.advance(timedelta(seconds=step))
            await until_idle(clock, task)
            peak = max(peak, process.memory_info().rss)
        scheduler.stop()
        await task
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        removed = store.database.remove_statement_listener(count)
        if inspect.isawaitable(removed):
            await removed
        after = await store.nudges.counts()
    rss = process.memory_info().rss
    peak = max(peak, rss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    total = sum(statements.values())
    allowed = minutes * 2 + STARTUP_STATEMENTS

    print(f"database: {counts.get('pending', 0):,} pending nudges, none due within the hour")
    print(f"simulated {minutes} min in {steps:,} steps of {step:g} s: {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU")
    print(f"SQL statements: {total} ({startup} at start-up, {total - startup} in the hour); "
          f"by kind: {dict(statements.most_common())}")
    print(f"resident memory: {rss_start / MB:.1f} MB before, {rss / MB:.1f} MB after, "
          f"peak {peak / MB:.1f} MB")
    untouched = after == counts
    print(f"check nothing was sent or changed: {'ok' if untouched else 'FAILED'} ({after})")
    report_target(f"SQL statements <= {allowed} (one per 30 s + {STARTUP_STATEMENTS})",
                  total <= allowed, str(total))
    report_target(f"RSS after {minutes} simulated min < {MAX_RSS_MB:.0f} MB",
                  rss / MB < MAX_RSS_MB, f"{rss / MB:.1f} MB")
    return untouched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=int, default=60, help="simulated minutes")
    parser.add_argument("--step", type=float, default=1.0, help="fake-clock step in seconds")
    parser.add_argument("--db", type=Path,
                        help="a new database file to seed and keep (default: a temporary one)")
    parser.add_argument("--seed-only", action="store_true",
                        help="only create the database (what the child process does)")
    args = parser.parse_args()
    if args.seed_only:
        asyncio.run(seed(args.db))
        return
    if args.db is not None and args.db.exists():
        parser.error(f"{args.db} exists; --db names a new file for the seeded database")
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db or Path(folder) / "idle.db"
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--seed-only", "--db", str(db_path)],
                       check=True)
        print(f"seeded in a child process in {time.perf_counter() - started:.1f} s "
              "(not measured)")
        untouched = asyncio.run(run(db_path=db_path, minutes=args.minutes, step=args.step))
    if not untouched:
        raise SystemExit("the idle scheduler changed the queue")


if __name__ == "__main__":
    main()
