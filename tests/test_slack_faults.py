"""kill -9 during a burst of Slack requests, as real processes, over HTTP and Socket Mode.

Users log rejections by DM, many at once; the process is killed at random points and
started again; requests it never acknowledged are sent again (Slack does), and so are some it
did (Slack's retries). In the end every acknowledged request was handled exactly once (one
rejection row per `log`) and answered, and an answer was repeated only where its delivery
was in flight at a kill: at most once per conversation per kill.
"""

from __future__ import annotations

import asyncio
import random
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fake_slack import FakeSlack
from slack_process import APP_TOKEN, BOT_TOKEN, TEAM, Mode, SlackProcess

USERS = 12
REQUESTS = 120
KILLS = 3
LOGGED = re.compile(r"Logged: (C\d+) ")


def user_id(index: int) -> str:
    return f"U{index:09d}"


def log_event(fake: FakeSlack, index: int) -> dict[str, Any]:
    user = user_id(index % USERS)
    return fake.dm_message_event(
        TEAM, user, None, f"log company: C{index}; role: Designer; interviewer: Jane Smith; "
        f"rejected: today; memory: the demo", event_id=f"Ev{index:06d}")


async def burst(process: SlackProcess, bodies: dict[int, dict[str, Any]], *,
                kill_after: int | None, rng: random.Random) -> set[int]:
    """Send every body (a few at a time, like Slack); kill the process once `kill_after`
    of them were acknowledged. Returns the indexes acknowledged."""
    acked: set[int] = set()
    killed = asyncio.Event()
    gate = asyncio.Semaphore(8)

    async def send(index: int) -> None:
        async with gate:
            if killed.is_set():
                return
            if await process.event(bodies[index]):
                acked.add(index)
                if kill_after is not None and len(acked) >= kill_after and not killed.is_set():
                    killed.set()
                    await process.kill()

    order = list(bodies)
    rng.shuffle(order)
    order.sort(key=lambda index: index % USERS)  # each user's messages stay in order...
    order.sort(key=lambda index: index // USERS)  # ...and users interleave
    await asyncio.gather(*(send(index) for index in order))
    return acked


def answers(fake: FakeSlack) -> Counter[str]:
    """How many times each company's "Logged" answer reached its user."""
    seen: Counter[str] = Counter()
    for index in range(USERS):
        for message in fake.bot_messages(fake.dm_channel(TEAM, user_id(index))):
            seen.update(LOGGED.findall(message.text))
    return seen


def repeats_by_user(fake: FakeSlack) -> dict[str, int]:
    repeats: dict[str, int] = {}
    for index in range(USERS):
        seen: Counter[str] = Counter()
        for message in fake.bot_messages(fake.dm_channel(TEAM, user_id(index))):
            seen.update(LOGGED.findall(message.text))
        repeats[user_id(index)] = sum(count - 1 for count in seen.values())
    return repeats


@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_kill_9_during_a_burst_loses_and_doubles_nothing(tmp_path: Path,
                                                              mode: Mode) -> None:
    rng = random.Random(20260302)  # the kill points: varied, and the same every run
    async with FakeSlack() as fake:
        fake.add_workspace(TEAM, bot_token=BOT_TOKEN, app_token=APP_TOKEN)
        for index in range(USERS):
            fake.add_user(TEAM, user_id(index), tz="Europe/Berlin")
        fake.latency["chat.postMessage"] = 0.01  # answers in flight at the kills
        process = SlackProcess(fake, tmp_path / "rebound.db", mode=mode,
                               log=tmp_path / "rebound.log")
        bodies = {index: log_event(fake, index) for index in range(REQUESTS)}
        acked: set[int] = set()
        try:
            for kill in range(KILLS + 1):
                await process.start()
                waiting = {i: bodies[i] for i in bodies if i not in acked}
                # Slack also retries a few it got an ack for (a slow ack, say).
                retries = {i: bodies[i] for i in rng.sample(sorted(acked), min(5, len(acked)))}
                last = kill == KILLS
                acked |= await burst(process, {**waiting, **retries}, rng=rng,
                                     kill_after=None if last else rng.randint(5, 30))
            assert acked == set(bodies)
            await fake.wait_until(lambda: len(answers(fake)) == REQUESTS, timeout=60,
                                  what="an answer to every request")
            took = await process.stop()
        finally:
            await process.close()
        assert took < 10
        logged = answers(fake)
        assert set(logged) == {f"C{i}" for i in range(REQUESTS)}
        assert all(count <= KILLS for count in repeats_by_user(fake).values()), \
            repeats_by_user(fake)

    with sqlite3.connect(tmp_path / "rebound.db") as db:
        companies = Counter(row[0] for row in db.execute("SELECT company FROM rejections"))
        states = Counter(db.execute(
            "SELECT status, reply IS NULL, lease_owner IS NULL FROM inbox").fetchall())
    assert companies == Counter({f"C{i}": 1 for i in range(REQUESTS)})  # each handled once
    assert states == Counter({("handled", 1, 1): REQUESTS})  # all answered, nothing held


async def test_sigterm_with_slack_hanging_exits_in_time_and_keeps_the_answers(
        tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        fake.add_workspace(TEAM, bot_token=BOT_TOKEN)
        for index in range(USERS):
            fake.add_user(TEAM, user_id(index), tz="Europe/Berlin")
        fake.latency["chat.postMessage"] = 60  # every answer hangs
        fake.latency["views.publish"] = 60  # and so does every App Home refresh
        process = SlackProcess(fake, tmp_path / "rebound.db", mode="http",
                               log=tmp_path / "rebound.log")
        count = 3 * USERS
        bodies = {index: log_event(fake, index) for index in range(count)}
        try:
            await process.start()
            assert await burst(process, bodies, kill_after=None,
                               rng=random.Random(1)) == set(bodies)
            await fake.wait_for_calls("chat.postMessage", USERS, timeout=30)
            took = await process.stop()
            assert took < 10
            with sqlite3.connect(tmp_path / "rebound.db") as db:
                held = db.execute("SELECT COUNT(*) FROM inbox WHERE lease_owner IS NOT NULL")
                assert held.fetchone() == (0,)  # everything handed back
            fake.latency.clear()
            await process.start()
            await fake.wait_until(lambda: len(answers(fake)) == count, timeout=60,
                                  what="an answer to every request")
            await process.stop()
        finally:
            await process.close()
    with sqlite3.connect(tmp_path / "rebound.db") as db:
        companies = Counter(row[0] for row in db.execute("SELECT company FROM rejections"))
    assert companies == Counter({f"C{i}": 1 for i in range(count)})
