"""The durable scheduler across real processes killed with SIGKILL at any point, and restarts.

Workers are `tests/nudge_worker.py` processes on one SQLite file (see `tests/worker_support.py`).
A crash may repeat only the send in flight: each send is recorded before the next starts.
"""

from __future__ import annotations

import random
import subprocess
import time
from collections import Counter
from pathlib import Path

from worker_support import (
    KILLED,
    ROOT,
    logged_or_exited,
    read_log,
    rows,
    run_worker,
    seed,
    statuses,
    wait_until,
    worker_args,
)

from bot.store.codec import parse_utc


def test_kill_after_claim_then_restart_delivers_each_nudge_exactly_once(
        tmp_path: Path, db_target: Path | str) -> None:
    db, log = db_target, tmp_path / "sent.log"
    keys = seed(db, 30)

    crashed = run_worker(db, log, "--crash-after-claim", "--owner", "first",
                         "--batch-size", "10", "--lease-seconds", "2")
    assert crashed.returncode == KILLED, crashed.stderr
    assert read_log(log) == []
    after_crash = rows(db)
    held = {k for k, r in after_crash.items() if r["status"] == "claimed"}
    assert len(held) == 10 and {after_crash[k]["lease_owner"] for k in held} == {"first"}

    # The restart's own lease is long: on a loaded machine a 2 s lease could lapse mid-batch and
    # its own claims would be counted as come-backs.
    restarted = run_worker(db, log, "--until-empty", "--owner", "second",
                           "--batch-size", "10", "--lease-seconds", "30")
    assert restarted.returncode == 0, restarted.stderr
    lines = read_log(log)
    assert sorted(line.key for line in lines) == sorted(keys)  # all there, none twice
    assert {line.owner for line in lines} == {"second"}
    final = rows(db)
    assert {r["status"] for r in final.values()} == {"sent"}
    # The dead worker's claims came back through the lease: claimed twice, sent once.
    assert {k for k, r in final.items() if r["attempts"] == 2} == held


def test_a_restart_never_resends_a_nudge_already_sent(
        tmp_path: Path, db_target: Path | str) -> None:
    db, log = db_target, tmp_path / "sent.log"
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


def test_kill_after_a_send_repeats_only_that_send_after_the_lease(
        tmp_path: Path, db_target: Path | str) -> None:
    db, log = db_target, tmp_path / "sent.log"
    keys = seed(db, 12)
    # Claims of 4: the first claim is sent and recorded; the process dies right after the 2nd
    # send of the second claim, before recording it: 1 nudge sent but not recorded, 2 claimed
    # and unsent. Each send was recorded before the next one started.
    crashed = run_worker(db, log, "--crash-after-send", "6", "--owner", "first",
                         "--batch-size", "4", "--lease-seconds", "2")
    assert crashed.returncode == KILLED, crashed.stderr
    restart_started = time.time()
    after_crash = rows(db)
    acked = {k for k, r in after_crash.items() if r["status"] == "sent"}
    held = {k for k, r in after_crash.items() if r["status"] == "claimed"}
    sent_before_crash = [line.key for line in read_log(log)]
    assert len(sent_before_crash) == 6 and len(acked) == 5 and len(held) == 3
    [in_flight] = set(sent_before_crash) - acked
    assert in_flight in held
    lease_end = max(parse_utc(after_crash[k]["lease_expires_at"]) for k in held).timestamp()
    assert restart_started < lease_end  # the restart really began while the lease held

    restarted = run_worker(db, log, "--until-empty", "--owner", "second",
                           "--batch-size", "4", "--lease-seconds", "30")
    assert restarted.returncode == 0, restarted.stderr
    lines = read_log(log)
    per_key = Counter(line.key for line in lines)
    assert set(per_key) == set(keys)  # nothing lost
    assert [k for k, n in per_key.items() if n > 1] == [in_flight]  # only the send in flight
    assert per_key[in_flight] == 2
    resent = [line for line in lines if line.owner == "second" and line.key in held]
    assert {line.key for line in resent} == held
    assert all(line.at >= lease_end for line in resent), (lease_end, resent)
    assert {r["status"] for r in rows(db).values()} == {"sent"}


def test_kill_at_random_points_of_a_burst_repeats_at_most_one_send_per_crash(
        tmp_path: Path, db_target: Path | str) -> None:
    db, log = db_target, tmp_path / "sent.log"
    keys = seed(db, 150, users=15)
    rng = random.Random(11)
    crashes = 0
    for attempt in range(6):
        target = len(read_log(log)) + rng.randint(1, 25)
        worker = subprocess.Popen(
            worker_args(db, log, "--until-empty", "--owner", f"w{attempt}", "--batch-size",
                        "10", "--lease-seconds", "1.5"),
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_until(logged_or_exited(log, target, worker), within=60)
        finally:
            worker.kill()  # SIGKILL at whatever point it has reached
            _, err = worker.communicate(timeout=30)
        if worker.returncode == KILLED:
            crashes += 1
        else:
            assert worker.returncode == 0, err
    assert crashes >= 3

    final = run_worker(db, log, "--until-empty", "--owner", "last", "--lease-seconds", "1.5",
                       timeout=60)
    assert final.returncode == 0, final.stderr
    per_key = Counter(line.key for line in read_log(log))
    assert set(per_key) == set(keys)  # none lost
    assert max(per_key.values()) <= 2
    assert sum(per_key.values()) - len(keys) <= crashes  # at most one repeat per crash
    assert statuses(db) == Counter(sent=150)


def test_a_crashed_workers_unsent_claims_go_out_from_another_within_seconds(
        tmp_path: Path, db_target: Path | str) -> None:
    db, log = db_target, tmp_path / "sent.log"
    keys = seed(db, 40)
    crashed = run_worker(db, log, "--crash-after-send", "3", "--owner", "first",
                         "--batch-size", "40", "--lease-seconds", "3")
    assert crashed.returncode == KILLED, crashed.stderr
    killed_at = time.time()
    held = {k for k, r in rows(db).items() if r["status"] == "claimed"}
    assert len(held) == 38  # the send in flight and 37 never tried

    other = run_worker(db, log, "--until-empty", "--owner", "second", "--lease-seconds", "3",
                       timeout=60)
    assert other.returncode == 0, other.stderr
    lines = read_log(log)
    assert sorted({line.key for line in lines}) == keys
    taken_over = [line.at for line in lines if line.owner == "second" and line.key in held]
    assert len(taken_over) == 38
    # Within one short lease of the crash (plus a generous allowance for a busy machine),
    # not after minutes.
    assert max(taken_over) - killed_at < 3 + 20
