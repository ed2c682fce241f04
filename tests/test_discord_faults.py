"""`kill -9` of `rebound discord` in the middle of a burst of slash commands and DMs, then a
restart: every interaction Discord saw acknowledged is handled exactly once and answered (by
follow-up, or by DM once its follow-up can't be used), nothing is saved twice, and only an
answer in flight when the process died (one per user's conversation at most) goes out twice.

The burst: several users, each logging rejections (one company each) with `/coach log` and
with its form, and sending DMs (`skill: ...`); the kill lands after a random number of
requests to the fake Discord (seeded, so a failure can be replayed).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests import fake_discord_events as events
from tests.discord_process import TOKEN, BotProcess
from tests.fake_discord import FakeDiscord, dm_channel_id

USERS = [f"3{n:017d}" for n in range(1, 6)]
LOGS_EACH = 4
DMS_EACH = 2
SKILL_SAVED = "Nice work, saved"


@dataclass
class Burst:
    """What was sent, and which of it reached Discord's side."""

    logs: dict[str, str] = field(default_factory=dict)
    """Interaction id -> the company it logs."""
    skills: list[str] = field(default_factory=list)
    users: dict[str, str] = field(default_factory=dict)
    """Interaction id or skill -> user id."""


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    # Quick heartbeats: the bot's own ticks re-check what the test waits for (the inbox
    # drained) between requests.
    async with FakeDiscord(token=TOKEN, heartbeat_ms=250) as server:
        yield server


@pytest.fixture
async def bot(tmp_path: Path, fake: FakeDiscord) -> AsyncIterator[BotProcess]:
    process = BotProcess(fake, tmp_path / "r.db", tmp_path / "bot.log")
    try:
        yield process
    finally:
        if process.process is not None and process.process.returncode is None:
            await process.kill()


def plan(seed: int) -> list[tuple[str, dict[str, Any], str]]:
    """The burst, interleaved across users: (event name, payload, what it saves)."""
    rng = random.Random(seed)
    sends = []
    for user in USERS:
        for n in range(LOGS_EACH):
            company = f"Co{user[-2:]}x{n}"
            answers = {"company": company, "role": "Designer", "interviewer": "Jane Smith",
                       "rejected": "today", "memory": "the whiteboard session"}
            # Half by the slash command's options, half by the form (a modal).
            sends.append(("INTERACTION_CREATE", events.slash(user, "log", **answers)
                          if n % 2 else events.modal_submit(
                              user, "rebound-modal:log",
                              {f"field:{k}": v for k, v in answers.items()}), company))
        for n in range(DMS_EACH):
            skill = f"course {user[-2:]}.{n}"
            sends.append(("MESSAGE_CREATE", events.direct_message(user, f"skill: {skill}"),
                          skill))
    rng.shuffle(sends)
    return sends


async def fire(fake: FakeDiscord, sends: list[tuple[str, dict[str, Any], str]],
               burst: Burst) -> None:
    """Send the burst until the connection goes (the process was killed)."""
    for event, payload, saves in sends:
        try:
            await fake.dispatch(event, payload)
        except (AssertionError, ConnectionError, RuntimeError):
            return
        user = str(payload["user"]["id"] if "user" in payload else payload["author"]["id"])
        if event == "INTERACTION_CREATE":
            burst.logs[str(payload["id"])] = saves
            burst.users[str(payload["id"])] = user
        else:
            burst.skills.append(saves)
            burst.users[saves] = user
        await asyncio.sleep(0)


def saved(db: Path) -> tuple[list[str], list[str]]:
    with closing(sqlite3.connect(db)) as conn:
        companies = [row[0] for row in conn.execute("SELECT company FROM rejections")]
        skills = [row[0] for row in conn.execute("SELECT text FROM skills")]
    return companies, skills


def drained(db: Path) -> bool:
    """Nothing left in the inbox to handle or answer."""
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(
            "SELECT count(*) FROM inbox WHERE status = 'pending'"
            " OR (status = 'handled' AND reply IS NOT NULL)").fetchone()[0]) == 0


def answers_for(fake: FakeDiscord, interaction: str, company: str, user: str) -> int:
    """How often the log of `company` was answered: follow-ups, or DMs after the restart."""
    logged = f"Logged: {company} (Designer)"
    return sum(logged in p.text for p in fake.followups(interaction)) + \
        sum(logged in p.text for p in fake.in_channel(dm_channel_id(user)))


@pytest.mark.parametrize("seed", [14, 1, 3, 7, 9, 10, 5, 6])
async def test_kill_nine_mid_burst_then_restart(fake: FakeDiscord, bot: BotProcess,
                                               seed: int) -> None:
    await bot.start()
    burst = Burst()
    before = len(fake.requests)
    kill_after = random.Random(seed).randint(1, 55)
    firing = asyncio.create_task(fire(fake, plan(seed), burst))
    await fake.wait_for(lambda: len(fake.requests) >= before + kill_after or firing.done())
    await bot.kill()
    await firing
    acknowledged = {i: c for i, c in burst.logs.items() if i in fake.responses}

    await bot.start()

    def all_answered() -> bool:
        return all(answers_for(fake, i, c, burst.users[i]) >= 1
                   for i, c in acknowledged.items()) and drained(bot.db)

    await fake.wait_for(all_answered)
    assert await bot.stop() == 0
    companies, skills = saved(bot.db)
    # Exactly once for every acknowledged interaction; never twice for anything.
    assert sorted(set(companies)) == sorted(companies)
    assert set(acknowledged.values()) <= set(companies)
    assert set(companies) <= set(burst.logs.values())
    assert sorted(set(skills)) == sorted(skills)
    assert set(skills) <= set(burst.skills)
    # Answered: only an answer in flight at the kill may have gone out twice, and each user's
    # conversation has one answer in flight at a time (a follow-up has no nonce).
    for user in USERS:
        repeats = sum(answers_for(fake, i, c, user) - 1 for i, c in acknowledged.items()
                      if burst.users[i] == user)
        assert repeats <= 1
    # Every saved DM got its answer, once (its nonce stops a second copy).
    for user in USERS:
        answered = [p for p in fake.in_channel(dm_channel_id(user)) if SKILL_SAVED in p.text]
        assert len(answered) == len([s for s in skills if burst.users[s] == user])
