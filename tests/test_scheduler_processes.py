"""The durable scheduler across real processes: SIGKILL mid-batch, restarts, two workers.

Each worker is `tests/nudge_worker.py` (the real `Scheduler` on the real clock, with a messenger
that appends `<key>\\t<owner>\\t<unix time>` to a shared log), run as its own process against
one SQLite file in tmp_path. Nudges are seeded with plain `sqlite3`, due a minute ago.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import Store
from bot.store.codec import parse_utc, utc_text

ROOT = Path(__file__).resolve().parent.parent
WORKER = "tests/nudge_worker.py"
KILLED = -signal.SIGKILL


@dataclass(frozen=True)
class Line:
    """One delivery in the shared log."""

    key: str
    owner: str
    at: float


def create_schema(db: Path) -> None:
    async def open_and_close() -> None:
        async with await Store.open(db):
            pass

    asyncio.run(open_and_close())


def seed(db: Path, count: int, *, users: int = 10) -> list[str]:
    """`count` pending check-in nudges due a minute ago, spread over `users` test users."""
    create_schema(db)
    now = datetime.now(UTC)
    due, stamp = utc_text(now - timedelta(minutes=1)), utc_text(now)
    keys = [f"seed:{i:05d}" for i in range(count)]
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executemany(
            "INSERT INTO users (platform, workspace, external_id, created_at)"
            " VALUES ('test', 'w', ?, ?)", [(f"u{i}", stamp) for i in range(users)])
        ids = [row[0] for row in conn.execute(
            "SELECT id FROM users WHERE platform = 'test' ORDER BY id")]
        conn.executemany(
            "INSERT INTO nudges (idempotency_key, user_id, kind, due_at, timezone, run_at,"
            " created_at, updated_at) VALUES (?, ?, 'check-in', ?, 'Europe/Berlin', ?, ?, ?)",
            [(key, ids[i % len(ids)], due, due, stamp, stamp) for i, key in enumerate(keys)])
    return keys


def rows(db: Path) -> dict[str, sqlite3.Row]:
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        return {row["idempotency_key"]: row for row in conn.execute(
            "SELECT idempotency_key, status, attempts, lease_owner, lease_expires_at"
            " FROM nudges")}


def statuses(db: Path) -> Counter[str]:
    return Counter(row["status"] for row in rows(db).values())


def read_log(log: Path) -> list[Line]:
    if not log.exists():
        return []
    lines = []
    for text in log.read_text(encoding="utf-8").splitlines():
        key, owner, at = text.split("\t")
        lines.append(Line(key, owner, float(at)))
    return lines


def worker_args(db: Path, log: Path, *flags: str) -> list[str]:
    return [sys.executable, WORKER, "--db", str(db), "--log", str(log), *flags]


def run_worker(db: Path, log: Path, *flags: str,
               timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(worker_args(db, log, *flags), cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, check=False)


def test_kill_after_claim_then_restart_delivers_each_nudge_exactly_once(tmp_path: Path) -> None:
    db, log = tmp_path / "q.db", tmp_path / "sent.log"
    keys = seed(db, 30)

    crashed = run_worker(db, log, "--crash-after-claim", "--owner", "first",
                         "--batch-size", "10", "--lease-seconds", "2")
    assert crashed.returncode == KILLED, crashed.stderr
    assert read_log(log) == []
    after_crash = rows(db)
    held = {k for k, r in after_crash.items() if r["status"] == "claimed"}
    assert len(held) == 10 and {after_crash[k]["lease_owner"] for k in held} == {"first"}

    restarted = run_worker(db, log, "--until-empty", "--owner", "second",
                           "--batch-size", "10", "--lease-seconds", "2")
    assert restarted.returncode == 0, restarted.stderr
    lines = read_log(log)
    assert sorted(line.key for line in lines) == sorted(keys)  # all there, none twice
    assert {line.owner for line in lines} == {"second"}
    final = rows(db)
    assert {r["status"] for r in final.values()} == {"sent"}
    # The dead worker's claims came back through the lease: claimed twice, sent once.
    assert {k for k, r in final.items() if r["attempts"] == 2} == held


def test_kill_after_send_before_ack_resends_only_the_unacked_after_the_lease(
        tmp_path: Path) -> None:
    db, log = tmp_path / "q.db", tmp_path / "sent.log"
    keys = seed(db, 12)
    # Batch 1 (4 nudges) is sent and acked; the process dies right after the 2nd send of
    # batch 2, so 2 nudges are sent but not acked and 2 more are claimed but unsent.
    crashed = run_worker(db, log, "--crash-after-send", "6", "--owner", "first",
                         "--batch-size", "4", "--lease-seconds", "2")
    assert crashed.returncode == KILLED, crashed.stderr
    restart_started = time.time()
    after_crash = rows(db)
    acked = {k for k, r in after_crash.items() if r["status"] == "sent"}
    held = {k for k, r in after_crash.items() if r["status"] == "claimed"}
    sent_before_crash = [line.key for line in read_log(log)]
    assert len(acked) == 4 and len(held) == 4 and len(sent_before_crash) == 6
    unacked = set(sent_before_crash) - acked
    assert len(unacked) == 2 and unacked <= held
    lease_end = max(parse_utc(after_crash[k]["lease_expires_at"]) for k in held).timestamp()
    assert restart_started < lease_end  # the restart really began while the lease held

    restarted = run_worker(db, log, "--until-empty", "--owner", "second",
                           "--batch-size", "4", "--lease-seconds", "2")
    assert restarted.returncode == 0, restarted.stderr
    lines = read_log(log)
    per_key = Counter(line.key for line in lines)
    assert set(per_key) == set(keys)  # nothing lost
    assert all(per_key[k] == 1 for k in acked)  # an acked nudge is never sent again
    assert max(per_key.values()) <= 2  # at least once, at most twice
    assert {k for k, n in per_key.items() if n == 2} <= unacked
    resent = [line for line in lines if line.owner == "second" and line.key in held]
    assert {line.key for line in resent} == held
    assert all(line.at >= lease_end for line in resent), (lease_end, resent)
    assert {r["status"] for r in rows(db).values()} == {"sent"}


def test_two_processes_share_twenty_thousand_nudges_without_duplicates(tmp_path: Path) -> None:
    db, log = tmp_path / "q.db", tmp_path / "sent.log"
    keys = seed(db, 20_000, users=200)
    # Both open the database first, then start at the same moment, so neither gets the
    # whole queue merely by starting faster.
    start_at = f"{time.time() + 2.0:.3f}"
    workers = [subprocess.Popen(
        worker_args(db, log, "--until-empty", "--owner", owner, "--batch-size", "250",
                    "--start-at", start_at),
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for owner in ("a", "b")]
    results = []
    try:
        for worker in workers:
            out, err = worker.communicate(timeout=90)
            results.append((worker.returncode, out, err))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    for returncode, _, err in results:
        assert returncode == 0, err
    lines = read_log(log)
    assert len(lines) == 20_000
    assert sorted(line.key for line in lines) == keys  # each exactly once across both
    shares = Counter(line.owner for line in lines)
    assert set(shares) == {"a", "b"}, shares  # both did some of the work
    assert statuses(db) == Counter(sent=20_000)


def test_a_restart_never_resends_a_nudge_already_sent(tmp_path: Path) -> None:
    db, log = tmp_path / "q.db", tmp_path / "sent.log"
    keys = seed(db, 25)

    first = run_worker(db, log, "--until-empty", "--batch-size", "10")
    assert first.returncode == 0, first.stderr
    assert sorted(line.key for line in read_log(log)) == keys
    size = log.stat().st_size

    again = run_worker(db, log, "--until-empty", "--batch-size", "10")
    assert again.returncode == 0, again.stderr
    assert again.stdout.split()[-1] == "0"  # attempted nothing
    assert log.stat().st_size == size
    final = rows(db)
    assert {r["status"] for r in final.values()} == {"sent"}
    assert {r["attempts"] for r in final.values()} == {1}
