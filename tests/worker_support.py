"""Running `tests/nudge_worker.py` processes against one database (a SQLite file, or a
PostgreSQL schema: a `db_target`), and reading what they did.

Not a test module. Each worker is the real `Scheduler` on the real clock, with a messenger that
appends `<key>\\t<owner>\\t<unix time>` to a shared log. Nudges are seeded through the
store's database, due a minute ago. Waiting helpers poll for the exact condition (a line count
in the log, a process exiting) under a generous limit, never for a fixed time.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store.backends import Target
from bot.store.codec import utc_text
from bot.store.port import Row
from rebound.bootstrap import open_store

ROOT = Path(__file__).resolve().parent.parent
WORKER = "tests/nudge_worker.py"
KILLED = -signal.SIGKILL


@dataclass(frozen=True)
class Line:
    """One delivery in the shared log."""

    key: str
    owner: str
    at: float


def seed(db: Target, count: int, *, users: int = 10) -> list[str]:
    """`count` pending check-in nudges due a minute ago, spread over `users` test users."""
    now = datetime.now(UTC)
    due, stamp = utc_text(now - timedelta(minutes=1)), utc_text(now)
    keys = [f"seed:{i:05d}" for i in range(count)]

    async def insert() -> None:
        async with await open_store(db) as store, store.database.write() as tx:
            await tx.executemany(
                "INSERT INTO users (platform, workspace, external_id, created_at)"
                " VALUES ('test', 'w', ?, ?)", [(f"u{i}", stamp) for i in range(users)])
            ids = [row[0] for row in await tx.fetchall(
                "SELECT id FROM users WHERE platform = 'test' ORDER BY id")]
            await tx.executemany(
                "INSERT INTO nudges (idempotency_key, user_id, kind, due_at, timezone, run_at,"
                " created_at, updated_at)"
                " VALUES (?, ?, 'check-in', ?, 'Europe/Berlin', ?, ?, ?)",
                [(key, ids[i % len(ids)], due, due, stamp, stamp)
                 for i, key in enumerate(keys)])

    asyncio.run(insert())
    return keys


def rows(db: Target) -> dict[str, Row]:
    async def read() -> dict[str, Row]:
        async with await open_store(db) as store:
            return {row["idempotency_key"]: row for row in await store.database.read(
                "SELECT idempotency_key, status, attempts, lease_owner, lease_expires_at"
                " FROM nudges")}

    return asyncio.run(read())


def statuses(db: Target) -> Counter[str]:
    return Counter(row["status"] for row in rows(db).values())


def read_log(log: Path) -> list[Line]:
    if not log.exists():
        return []
    lines = []
    for text in log.read_text(encoding="utf-8").splitlines():
        key, owner, at = text.split("\t")
        lines.append(Line(key, owner, float(at)))
    return lines


def worker_args(db: Target, log: Path, *flags: str) -> list[str]:
    return [sys.executable, WORKER, "--db", str(db), "--log", str(log), *flags]


def run_worker(db: Target, log: Path, *flags: str,
               timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(worker_args(db, log, *flags), cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, check=False)


def wait_until(condition: Callable[[], bool], *, within: float) -> None:
    """Poll `condition` (say, a file another process writes) until it holds; fail after
    `within` seconds."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.005)


def logged_or_exited(log: Path, lines: int,
                     worker: subprocess.Popen[str]) -> Callable[[], bool]:
    """A condition: the log holds `lines` sends, or the worker has exited."""
    return lambda: len(read_log(log)) >= lines or worker.poll() is not None


def busiest_second(times: Sequence[float]) -> int:
    """The most sends within any one second (a sliding window) of sorted send times."""
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


def run_together(db: Target, log: Path, owners: Sequence[str],
                 *flags: str) -> list[tuple[int, str, str]]:
    """One worker per owner at once; each opens the database first, then all start at the
    same moment, so none gets the whole queue merely by starting faster."""
    start_at = f"{time.time() + 2.0:.3f}"
    workers = [subprocess.Popen(
        worker_args(db, log, *flags, "--owner", owner, "--start-at", start_at),
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for owner in owners]
    results = []
    try:
        for worker in workers:
            out, err = worker.communicate(timeout=120)
            results.append((worker.returncode, out, err))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return results
