"""A nudge scheduler in its own process, for tests where a process must really die.

Not a test module (pytest collects `test_*.py` only). `tests/test_scheduler_processes.py` runs

    python tests/nudge_worker.py --db PATH --log PATH [--crash-after-claim |
        --crash-after-send [N]] [--lease-seconds S] [--batch-size N] [--rate R]
        [--deduplicates] [--owner NAME] [--until-empty | --serve] [--start-at UNIX_TIME]

It serves the platform "test" with the real `Scheduler` on the real clock (`--rate`: sends per
second, shared through the database; `--deduplicates`: the messenger says the platform drops
repeats, so outcomes may be grouped). Its messenger appends
`<idempotency key>\\t<owner>\\t<unix time>` to the log, one `write` on an O_APPEND descriptor
per line (so several processes can share one log) followed by fsync. The crash switches SIGKILL
the process: `--crash-after-claim` once a claim returned a batch, before anything is sent;
`--crash-after-send N` right after the N-th delivery (default 1) reached the log, before its
outcome is recorded. Both hook in from outside the production code: a `Store` whose queue
dies after claiming, and the messenger itself.

Without `--until-empty` or `--serve` it runs `run_due()` once. With `--until-empty` it keeps
going until nothing in its scope is pending or claimed, waiting for the leases of dead workers
to expire. With `--serve` it runs the scheduler's own loop until SIGTERM, which stops it the way
`rebound run` does. On success it prints one line, `<owner> <attempted or sent>`, and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from bot.clock import SystemClock
from bot.nudges.model import Delivery, Nudge, OutgoingNudge
from bot.nudges.scheduler import SchedulerPolicy
from bot.store import Store
from bot.store.backends import parse_target
from bot.store.nudges import NudgeQueue, Scope
from bot.store.port import Storage
from rebound.bootstrap import bootstrap

PLATFORM = "test"
POLL_SECONDS = 0.1  # another live process may ack its claims any moment: look again soon


def die() -> None:
    """End this process the hard way: no finally blocks, no atexit, no rollback."""
    os.kill(os.getpid(), signal.SIGKILL)


class FileMessenger:
    """Delivers a nudge by appending one line to a log file shared by every worker."""

    def __init__(self, path: Path, *, owner: str, crash_after: int | None,
                 deduplicates: bool) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._owner = owner
        self._crash_after = crash_after
        self.deduplicates = deduplicates
        self.sent = 0

    @property
    def platform(self) -> str:
        return PLATFORM

    async def deliver(self, nudge: OutgoingNudge) -> Delivery:
        line = f"{nudge.idempotency_key}\t{self._owner}\t{time.time():.6f}\n"
        os.write(self._fd, line.encode())  # one unbuffered write: nothing left to flush
        os.fsync(self._fd)
        self.sent += 1
        if self._crash_after is not None and self.sent >= self._crash_after:
            die()  # sent, but the outcome is never recorded
        return Delivery.sent()

    def close(self) -> None:
        os.close(self._fd)


class CrashAfterClaimQueue(NudgeQueue):
    """The real queue, except that the process dies as soon as a claim returns a batch."""

    async def claim(self, *, scope: Scope, owner: str, now: datetime, lease: timedelta,
                    limit: int, expire_before: datetime, wording: str | None = None,
                    on_expired: Callable[[str, int], None] | None = None) -> list[Nudge]:
        batch = await super().claim(scope=scope, owner=owner, now=now, lease=lease,
                                    limit=limit, expire_before=expire_before, wording=wording,
                                    on_expired=on_expired)
        if batch:
            die()  # claimed (and committed), nothing sent
        return batch


class CrashAfterClaimStore(Store):
    """A store whose nudge queue dies after claiming; the scheduler reads `store.nudges`."""

    def __init__(self, db: Storage) -> None:
        super().__init__(db)
        self._crashing = CrashAfterClaimQueue(db)

    @property
    def nudges(self) -> NudgeQueue:
        return self._crashing


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="A nudge scheduler in its own process.")
    parser.add_argument("--db", type=parse_target, required=True)
    parser.add_argument("--log", type=Path, required=True)
    crash = parser.add_mutually_exclusive_group()
    crash.add_argument("--crash-after-claim", action="store_true")
    crash.add_argument("--crash-after-send", type=int, nargs="?", const=1, metavar="N")
    parser.add_argument("--lease-seconds", type=float,
                        default=SchedulerPolicy().lease.total_seconds())
    parser.add_argument("--batch-size", type=int, default=SchedulerPolicy().batch_size)
    parser.add_argument("--rate", type=float, help="sends per second (default: unlimited)")
    parser.add_argument("--deduplicates", action="store_true")
    parser.add_argument("--owner", default=f"worker-{os.getpid()}")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--until-empty", action="store_true")
    mode.add_argument("--serve", action="store_true")
    parser.add_argument("--start-at", type=float, metavar="UNIX_TIME",
                        help="open everything, then wait for this moment (a start line for "
                        "several workers)")
    return parser.parse_args(argv)


async def work(args: argparse.Namespace) -> int:
    clock = SystemClock()
    messenger = FileMessenger(args.log, owner=args.owner, crash_after=args.crash_after_send,
                              deduplicates=args.deduplicates)
    store_type = CrashAfterClaimStore if args.crash_after_claim else Store
    rates = {PLATFORM: args.rate} if args.rate is not None else {}
    try:
        async with await store_type.open(args.db) as store:
            scheduler = bootstrap(
                store=store, clock=clock, messengers=[messenger], owner=args.owner,
                policy=SchedulerPolicy(lease=timedelta(seconds=args.lease_seconds),
                                       batch_size=args.batch_size, rates=rates)).scheduler
            if args.start_at is not None:
                await clock.sleep(args.start_at - time.time())
            if args.serve:
                asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, scheduler.stop)
                await scheduler.run()
                done = messenger.sent
            else:
                done = await scheduler.run_due()
            while args.until_empty and (next_at := await scheduler.next_run_at()) is not None:
                await clock.sleep(min(POLL_SECONDS, (next_at - clock.now()).total_seconds()))
                done += await scheduler.run_due()
    finally:
        messenger.close()
    print(args.owner, done, flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(work(parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
