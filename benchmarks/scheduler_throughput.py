"""Throughput of the durable scheduler: 100,000 nudges scheduled at once, then all due at once.

Creates 1,000 users with three rejections each through the store and plans 100 nudges per
user (every kind the composer knows, each action nudge naming one of the user's real
rejections). Schedules them all with one `NudgeQueue.sync_users` call (one transaction),
moves a fake clock past the last due time and lets the real `Scheduler.run_due()` deliver
everything, with the default policy, to a messenger that sends nothing. That messenger says its
platform drops repeated sends (as Discord's nonce does), so outcomes share commits; with
`--per-send` it says it doesn't (as Slack), and every send gets its own commit (fsync) before
the next, which is what a platform without idempotency needs. By default due times
interleave users, so every batch spans as many users as nudges (the worst case for the
per-batch loads and for page locality); `--order by-user` puts each user's nudges together.
A task sleeping 1 ms in a loop measures the longest event-loop stall in each phase. At the
end every row must be `sent` and the messenger must have seen every idempotency key once.
Targets: at least 10,000 nudges delivered per second; no event-loop stall over 50 ms.

Run: .venv/bin/python benchmarks/scheduler_throughput.py [--users N] [--per-user N]
     [--order interleaved|by-user] [--batch-size N] [--per-send] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchlib import report_target
from benchlib.nudges import NullMessenger, StallMeter, plan, populate

from bot.clock import FakeClock
from bot.nudges.scheduler import SchedulerPolicy
from rebound.bootstrap import bootstrap, open_store

START = datetime(2026, 6, 1, 9, tzinfo=UTC)
MIN_RATE = 10_000.0
MAX_STALL = 0.050


async def run(*, users: int, per_user: int, interleave: bool, batch_size: int,
              per_send: bool, db_path: Path) -> bool:
    clock = FakeClock(START)
    async with await open_store(db_path) as store:
        started = time.perf_counter()
        population = await populate(store, users=users, rejections_per_user=3, now=clock.now())
        plans = plan(population, per_user=per_user, first_due=START + timedelta(hours=1),
                     spread=timedelta(hours=2), interleave=interleave)
        total = sum(len(wanted) for wanted in plans.values())
        print(f"set-up: {users:,} users, {users * 3:,} rejections in "
              f"{time.perf_counter() - started:.1f} s (not measured)")

        meter = StallMeter()
        await meter.start()
        started = time.perf_counter()
        await store.nudges.sync_users(plans, now=clock.now())
        scheduling = time.perf_counter() - started
        schedule_stall = await meter.stop()
        print(f"schedule {total:,} nudges (one sync_users call): {scheduling * 1000:.0f} ms, "
              f"{total / scheduling:,.0f} nudges/s, longest loop stall "
              f"{schedule_stall * 1000:.1f} ms")

        del plans, population  # the benchmark's own objects would only slow the GC down
        gc.collect()
        clock.set(START + timedelta(hours=3, minutes=1))
        messenger = NullMessenger(deduplicates=not per_send)
        # The users live in four zones, so some are in their quiet hours whatever the time;
        # deliver everything now, since holding late nudges back is not what this measures.
        scheduler = bootstrap(store=store, clock=clock, messengers=[messenger],
                              policy=SchedulerPolicy(batch_size=batch_size,
                                                     late_waits_for_quiet_hours=False)).scheduler
        await meter.start()
        started = time.perf_counter()
        attempted = await scheduler.run_due()
        delivering = time.perf_counter() - started
        deliver_stall = await meter.stop()
        rate = attempted / delivering
        commits = "a commit per send" if per_send else "grouped commits"
        print(f"deliver {attempted:,} due nudges (run_due, claims of {batch_size}, "
              f"{commits}): {delivering:.2f} s, {rate:,.0f} nudges/s, "
              f"longest loop stall {deliver_stall * 1000:.1f} ms")

        counts = await store.nudges.counts()
    print(f"rows by status: {counts}; messenger calls {messenger.calls:,}, "
          f"distinct keys {len(messenger.keys):,}")
    correct = counts == {"sent": total} and len(messenger.keys) == messenger.calls == total
    stall = max(schedule_stall, deliver_stall)
    print(f"check all {total:,} rows sent, each key delivered once: "
          f"{'ok' if correct else 'FAILED'}")
    if not per_send:  # one fsync per send can't reach it; its figure is for comparison
        report_target(f"delivery >= {MIN_RATE:,.0f} nudges/s", rate >= MIN_RATE,
                      f"{rate:,.0f}")
    report_target(f"loop stall <= {MAX_STALL * 1000:.0f} ms", stall <= MAX_STALL,
                  f"{stall * 1000:.1f} ms")
    return correct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1_000)
    parser.add_argument("--per-user", type=int, default=100)
    parser.add_argument("--order", choices=("interleaved", "by-user"), default="interleaved",
                        help="how due times are spread over users (default: interleaved)")
    parser.add_argument("--batch-size", type=int, default=SchedulerPolicy().batch_size,
                        help="the scheduler's claim batch (default: the policy's)")
    parser.add_argument("--per-send", action="store_true",
                        help="a messenger whose platform can't drop repeats: one commit per "
                        "send (the 10,000/s target is for grouped commits)")
    parser.add_argument("--db", type=Path,
                        help="a new database file to keep (default: a temporary one)")
    args = parser.parse_args()
    if args.db is not None and args.db.exists():
        parser.error(f"{args.db} exists; --db names a new file")
    with tempfile.TemporaryDirectory() as folder:
        correct = asyncio.run(run(users=args.users, per_user=args.per_user,
                                  interleave=args.order == "interleaved",
                                  batch_size=args.batch_size, per_send=args.per_send,
                                  db_path=args.db or Path(folder) / "bench.db"))
    if not correct:
        raise SystemExit("the scheduler did not deliver every nudge exactly once")


if __name__ == "__main__":
    main()
