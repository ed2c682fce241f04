"""Cost of one chat command against the size of the user's history, through the terminal.

Runs `rebound chat` as a separate process on a temporary SQLite file, twice: once for a user
with 1,000 logged rejections and once for the same user with 10. Each run pipes the same mix of
commands (log, list, plan, draft, review, sent, undo, snooze, unsnooze, settings, reminders,
forget and its yes) and times each reply from writing the command to reading the whole answer.
(`stats`, `export` and `list all` are about the whole history by design, so not in the mix.)
Prints the mean and p99 per command for both sizes, and the ratio, from one run (the machine
is shared, so only figures from the same run compare).

Target: at 1,000 rejections, <= 3 ms mean and <= 5 ms p99 per command, within 1.5x of 10.

Run: .venv/bin/python benchmarks/history_cost.py [--rounds N] [--large 1000] [--small 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchlib import report_target

from bot.models import Event, EventKind, Preferences, RejectionInput, UserKey
from rebound.bootstrap import open_store

ZONE = "Europe/Berlin"
USER = "bench"
REBOUND = Path(sys.executable).with_name("rebound")
REVIEW = ("review: Hi Jane, thank you again for the conversation about the checkout redesign. "
          "I enjoyed meeting the team. Best, Sam")
QUIET = 0.002
"""Seconds of silence after a reply's closing blank line that end it."""


TARGETS = ("Acme", "Birchwood", "Cobalt", "Dunmore", "Elmstead", "Fairlight", "Glenrock",
           "Hollis")
"""The rejections the rounds work on, in turn, each waiting for its thank-you (the same eight
in both histories): a round's `sent`, `undo`, `snooze` and `unsnooze` are recorded events,
so one rejection worked on every round would read 160 more events by the last round than in
the first, which is not what a longer history of rejections means."""


def round_script(index: int) -> list[tuple[str, str]]:
    """One round of (label, command); state-changing commands are undone in the same round,
    so every round starts from the same rejections and steps (a target's timeline grows by
    four events each time its turn comes, five times in 40 rounds)."""
    company = f"Zenith{index}"
    target = TARGETS[index % len(TARGETS)].lower()
    return [
        ("log", f"log company: {company}; role: Analyst; interviewer: Ann Lee; rejected: "
                "3 days ago; memory: the case study on pricing"),
        ("list", "list"),
        ("plan", f"plan {target}"),
        ("draft", f"draft thank-you {target}"),
        ("review", REVIEW),
        ("sent", f"sent {target}"),
        ("undo", f"undo {target}"),
        ("snooze", f"snooze {target} 3d"),
        ("unsnooze", f"unsnooze {target}"),
        ("settings", "settings"),
        ("reminders", "reminders"),
        ("forget", f"forget {company}"),
        ("yes", "yes"),
    ]


async def seed(db: Path, count: int) -> None:
    """The chat's user with `count` rejections: the `TARGETS` waiting for their thank-you,
    the rest spread over two years at various steps."""
    async with await open_store(db) as store:
        key = UserKey("console", "local", USER)
        now = datetime.now(UTC)
        user = await store.get_or_create_user(key, now=now,
                                              preferences=Preferences(timezone=ZONE))
        today = date.today()
        async with store.unit():
            for i in range(count - len(TARGETS)):
                rejected = today - timedelta(days=3 + (i * 730) // max(count, 1))
                added = await store.add_rejection(user.id, RejectionInput(
                    company=f"Company{i:04d}", role="Designer", interviewer="Jane Smith",
                    rejected_on=rejected, memory="the whiteboard session"), now=now)
                if i % 3:
                    await store.add_event(user.id, added.id, Event(
                        EventKind.SENT, now, action="reach-out"))
            for target in TARGETS:
                await store.add_rejection(user.id, RejectionInput(
                    company=target, role="Product Designer", interviewer="Jane Smith",
                    rejected_on=today - timedelta(days=20), memory="the checkout flow"),
                    now=now)


class Chat:
    """A `rebound chat` process with piped input, answering one command at a time."""

    def __init__(self, db: Path) -> None:
        env = {**os.environ, "USER": USER, "LOGNAME": USER, "REBOUND_LOG_LEVEL": "ERROR"}
        self._process = subprocess.Popen(
            [str(REBOUND), "chat", "--db", str(db), "--tz", ZONE], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, bufsize=0)
        assert self._process.stdin is not None and self._process.stdout is not None
        self._in, self._out = self._process.stdin, self._process.stdout.fileno()

    def ask(self, command: str) -> tuple[float, str]:
        """Send one command; (seconds until the whole reply was read, the reply)."""
        started = time.perf_counter()
        self._in.write(command.encode() + b"\n")
        received = b""
        while True:
            ready, _, _ = select.select([self._out], [], [], 30)
            if not ready:
                raise SystemExit(f"no answer to {command[:30]!r} within 30 s")
            chunk = os.read(self._out, 1 << 20)
            if not chunk:
                raise SystemExit("the chat exited")
            received += chunk
            if received.endswith(b"\n\n"):
                elapsed = time.perf_counter() - started
                more, _, _ = select.select([self._out], [], [], QUIET)
                if not more:
                    return elapsed, received.decode()

    def close(self) -> None:
        self._in.close()
        self._process.wait(timeout=30)


def measure(db: Path, rounds: int) -> dict[str, list[float]]:
    chat = Chat(db)
    timings: dict[str, list[float]] = defaultdict(list)
    try:
        chat.ask("help")  # start-up: whatever fell due arrives first
        for index in range(rounds):
            for label, command in round_script(index):
                elapsed, reply = chat.ask(command)
                if "went wrong" in reply:
                    raise SystemExit(f"the chat failed on {command!r}: {reply}")
                if index >= 1:  # the first round warms up caches and the date parser
                    timings[label].append(elapsed)
    finally:
        chat.close()
    return timings


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=41)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--small", type=int, default=10)
    args = parser.parse_args()
    if min(args.small, args.large) < len(TARGETS):
        parser.error(f"each history needs at least {len(TARGETS)} rejections (the rounds' "
                     "targets)")
    if args.rounds < 2:
        parser.error("--rounds must be at least 2 (the first round only warms up)")
    results: dict[int, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in (args.small, args.large):
            db = Path(folder) / f"history-{size}.db"
            asyncio.run(seed(db, size))
            results[size] = measure(db, args.rounds)
    small, large = results[args.small], results[args.large]
    ms = 1000.0
    print(f"per-command reply time through `rebound chat` (ms), {args.rounds - 1} rounds; "
          f"{args.small} vs {args.large} rejections")
    print(f"{'command':<10} {'mean@' + str(args.small):>9} {'p99@' + str(args.small):>9} "
          f"{'mean@' + str(args.large):>10} {'p99@' + str(args.large):>10} {'ratio':>6}")
    for label in small:
        s, big = small[label], large[label]
        print(f"{label:<10} {statistics.mean(s) * ms:9.2f} {p99(s) * ms:9.2f} "
              f"{statistics.mean(big) * ms:10.2f} {p99(big) * ms:10.2f} "
              f"{statistics.mean(big) / statistics.mean(s):6.2f}")
    every_small = [t for values in small.values() for t in values]
    every_large = [t for values in large.values() for t in values]
    mean_s, mean_l = statistics.mean(every_small), statistics.mean(every_large)
    ratio = mean_l / mean_s
    print(f"{'all':<10} {mean_s * ms:9.2f} {p99(every_small) * ms:9.2f} {mean_l * ms:10.2f} "
          f"{p99(every_large) * ms:10.2f} {ratio:6.2f}")
    report_target(f"mean per command at {args.large} rejections <= 3 ms", mean_l * ms <= 3,
                  f"{mean_l * ms:.2f} ms")
    report_target(f"p99 per command at {args.large} rejections <= 5 ms",
                  p99(every_large) * ms <= 5, f"{p99(every_large) * ms:.2f} ms")
    report_target(f"{args.large} within 1.5x of {args.small}", ratio <= 1.5, f"{ratio:.2f}x")


if __name__ == "__main__":
    main()
