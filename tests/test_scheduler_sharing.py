"""Scheduler processes sharing one database: a fair split of the due work at one shared rate,
and SIGTERM handing the unsent claims back at once.

Workers are `tests/nudge_worker.py` processes on one SQLite file (see `tests/worker_support.py`).
"""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from pathlib import Path

from worker_support import (
    ROOT,
    busiest_second,
    read_log,
    rows,
    run_together,
    run_worker,
    seed,
    statuses,
    wait_until,
    worker_args,
)


def test_two_processes_split_a_thousand_nudges_fairly_at_one_shared_rate(
        tmp_path: Path, db_target: Path | str) -> None:
    db, log = db_target, tmp_path / "sent.log"
    keys = seed(db, 1000, users=100)
    rate = 200
    for returncode, _, err in run_together(db, log, ("a", "b"), "--until-empty",
                                           "--rate", str(rate)):
        assert returncode == 0, err
    lines = read_log(log)
    assert sorted(line.key for line in lines) == keys  # each exactly once across both
    shares = Counter(line.owner for line in lines)
    assert min(shares.values()) >= 300, shares  # neither hoarded the work
    # One rate between them: 1,000 sends at 200/s take about 5 s (two separate limits would
    # allow 2.5 s), and no second holds much more than 200 (plus the burst).
    times = sorted(line.at for line in lines)
    assert times[-1] - times[0] >= (1000 - 10) / rate * 0.95
    assert busiest_second(times) <= rate * 1.25 + 5
    assert statuses(db) == Counter(sent=1000)


def test_two_processes_share_five_thousand_nudges_grouped_for_a_deduplicating_platform(
        tmp_path: Path, db_target: Path | str) -> None:
    db, log = db_target, tmp_path / "sent.log"
    keys = seed(db, 5_000, users=200)
    for returncode, _, err in run_together(db, log, ("a", "b"), "--until-empty",
                                           "--batch-size", "250", "--deduplicates"):
        assert returncode == 0, err
    lines = read_log(log)
    assert sorted(line.key for line in lines) == keys  # each exactly once across both
    assert set(Counter(line.owner for line in lines)) == {"a", "b"}  # both did some work
    assert statuses(db) == Counter(sent=5_000)


def test_sigterm_hands_the_unsent_claims_back_at_once(
        tmp_path: Path, db_target: Path | str) -> None:
    db, log = db_target, tmp_path / "sent.log"
    keys = seed(db, 60)
    worker = subprocess.Popen(
        worker_args(db, log, "--serve", "--owner", "first", "--rate", "20"),
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: len(read_log(log)) >= 8, within=30)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, err
    sent = [line.key for line in read_log(log)]
    assert out.split() == ["first", str(len(sent))]
    stopped = rows(db)
    assert {k for k, r in stopped.items() if r["status"] == "sent"} == set(sent)
    unsent = {k: r for k, r in stopped.items() if r["status"] != "sent"}
    assert unsent and {r["status"] for r in unsent.values()} == {"pending"}
    assert {r["lease_owner"] for r in unsent.values()} == {None}  # handed back, not leased

    restarted = run_worker(db, log, "--until-empty", "--owner", "second", "--rate", "100")
    assert restarted.returncode == 0, restarted.stderr
    lines = read_log(log)
    assert sorted(line.key for line in lines) == keys  # a clean stop repeats nothing
    assert {line.key for line in lines if line.owner == "second"} == set(unsent)
