"""The real Discord app, in this process, against `tests.fake_discord` on loopback: discord.py
logs in, connects to the fake gateway and sends real HTTP requests.

`wire` yields a `Wire`: the fake, the running app and its service (coach and scheduler on a
fake clock), and `Sleeps`, the clock the app's retries wait on, which records each wait and
returns at once, so a test sees how long the bot would have waited without waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest
import yarl

from adapters.discord.app import DiscordApp
from adapters.discord.messenger import DiscordMessenger
from adapters.discord.shards import ShardPlan
from bot.clock import FakeClock
from rebound.bootstrap import open_store
from rebound.service import Service
from tests.fake_discord import FakeDiscord

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.token"
START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@dataclass
class Sleeps:
    """A clock for the app's retry waits: records each one and returns at once."""

    clock: FakeClock
    waits: list[float] = field(default_factory=list)

    def now(self) -> datetime:
        return self.clock.now()

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@dataclass
class Wire:
    fake: FakeDiscord
    app: DiscordApp
    service: Service
    sleeps: Sleeps
    task: asyncio.Task[None]
    messenger: DiscordMessenger
    """A messenger on the app's client and send pacing, as the scheduler's own is built."""


def point_at(monkeypatch: pytest.MonkeyPatch, fake: FakeDiscord) -> None:
    """discord.py's API root and gateway, for this test only."""
    monkeypatch.setattr(discord.http.Route, "BASE", fake.base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL(fake.gateway))


@asynccontextmanager
async def wire(tmp_path: Path, fake: FakeDiscord, *, guild: int | None = None,
               shards: ShardPlan | None = None) -> AsyncIterator[Wire]:
    """The app logged in to the fake and connected (every shard ready); stopped and its
    store closed after."""
    clock = FakeClock(START)
    store = await open_store(tmp_path / "r.db")
    sleeps = Sleeps(clock)
    app = DiscordApp(TOKEN, sync_guild=guild, shards=shards, clock=sleeps,
                     guild_ready_timeout=0)
    service = Service(store, [app], clock=clock)
    task = asyncio.create_task(app.run())
    assert app.client is not None
    ready = asyncio.ensure_future(app.client.wait_until_ready())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=10,
                                     return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # the app stopped: show why
        assert ready in done, "the client never became ready"
        yield Wire(fake, app, service, sleeps, task,
                   DiscordMessenger(app.client, app.outbound))
    finally:
        ready.cancel()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()
