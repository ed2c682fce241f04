"""`DiscordApp.shutdown`: no new work at once, the work in flight finished and answered while
time allows, and back by the deadline however slow Discord is; the connections close within a
second when `run` is cancelled, however slow Discord is."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.discord.app import CLOSE_WITHIN
from adapters.discord.frontend import RESTARTING
from bot.models import UserKey
from tests import fake_discord_events as events
from tests.discord_wire_support import Wire, point_at, wire
from tests.fake_discord import FakeDiscord

DORA = "222222222222222222"
LOG = {"company": "Acme", "role": "Product Designer", "interviewer": "Jane Smith",
       "rejected": "today", "memory": "the whiteboard session"}
SLACK = 0.5
"""How far past its deadline a shutdown may return (the event loop's own latency)."""


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        point_at(monkeypatch, server)
        yield server


@pytest.fixture
async def bot(tmp_path: Path, fake: FakeDiscord) -> AsyncIterator[Wire]:
    async with wire(tmp_path, fake) as running:
        yield running


async def hanging_answer(fake: FakeDiscord) -> str:
    """A `/coach list` whose answer Discord doesn't take yet; its interaction id."""
    fake.stall("POST", "/webhooks/*")
    interaction = events.slash(DORA, "list")
    await fake.dispatch("INTERACTION_CREATE", interaction)
    await fake.wait_for(lambda: bool(fake.made("POST", f"/{interaction['token']}")))
    return str(interaction["id"])


async def test_work_in_flight_is_finished_and_answered(fake: FakeDiscord, bot: Wire) -> None:
    listed = await hanging_answer(fake)
    stopping = asyncio.create_task(bot.app.shutdown(deadline=time.monotonic() + 5))
    await asyncio.sleep(0)
    assert not stopping.done()
    fake.release()
    await stopping
    assert len(fake.followups(listed)) == 1
    assert not bot.app.ready


async def test_nothing_new_is_taken_once_stopping(fake: FakeDiscord, bot: Wire) -> None:
    await hanging_answer(fake)
    stopping = asyncio.create_task(bot.app.shutdown(deadline=time.monotonic() + 5))
    late = events.slash(DORA, "log", **LOG)
    await fake.dispatch("INTERACTION_CREATE", late)
    await fake.wait_for(lambda: str(late["id"]) in fake.responses)
    [told] = fake.responses[str(late["id"])]
    assert told["data"]["content"] == RESTARTING
    fake.release()
    await stopping
    assert await bot.service.coach.companies(UserKey("discord", "global", DORA)) == []


async def test_a_hanging_discord_cannot_hold_it_past_the_deadline(fake: FakeDiscord,
                                                                 bot: Wire) -> None:
    await hanging_answer(fake)
    deadline = time.monotonic() + 1.5
    await bot.app.shutdown(deadline=deadline)
    assert time.monotonic() < deadline + SLACK


async def test_the_connections_close_in_time_when_run_is_cancelled(fake: FakeDiscord,
                                                                  bot: Wire) -> None:
    await hanging_answer(fake)
    await bot.app.shutdown(deadline=time.monotonic() + 0.5)
    started = time.monotonic()
    bot.task.cancel()
    await asyncio.gather(bot.task, return_exceptions=True)
    assert time.monotonic() - started < CLOSE_WITHIN + SLACK
    assert bot.app.client is not None and bot.app.client.is_closed()
