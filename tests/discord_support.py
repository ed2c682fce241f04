"""Drive the real Discord adapter through simcord (an offline Discord for discord.py).

`discord_world` opens a real SQLite store in tmp_path, builds the shared service (coach and
scheduler on a fake clock) around a `DiscordApp`, and runs its client in simcord with its
inbox worker beside it (as `DiscordApp.run` does). `restart` ends the worker and builds a
fresh app and service over a reopened store, as a new process would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import simcord

from adapters.discord.app import DiscordApp, ReboundClient
from bot.clock import FakeClock
from bot.models import UserKey
from rebound.bootstrap import open_store
from rebound.service import Service

# A Monday afternoon.
START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@dataclass
class World:
    """The simulated Discord, the service behind the bot, and the fake clock."""

    env: simcord.Env
    service: Service
    clock: FakeClock
    db_path: Path
    worker: asyncio.Task[None]

    @property
    def client(self) -> ReboundClient:
        client = self.env.bot
        assert isinstance(client, ReboundClient)
        return client

    async def deliver_due(self) -> int:
        """Run the scheduler once (nudges due now go out as DMs) and let the bot settle."""
        sent = await self.service.scheduler.run_due()
        await self.env.settle()
        return sent

    async def restart(self) -> None:
        """A new process: new store connection, coach, scheduler and client; same Discord."""
        await stop_worker(self.worker)
        await self.service.store.close()
        store = await open_store(self.db_path)
        app = DiscordApp("unused-token")
        self.service = Service(store, [app], clock=self.clock)
        assert app.client is not None
        await self.env.restart_bot(app.client)
        self.worker = start_worker(app.client)


def start_worker(client: ReboundClient) -> asyncio.Task[None]:
    return asyncio.create_task(client.inbox.run(), name="discord-inbox")


async def stop_worker(worker: asyncio.Task[None]) -> None:
    """End the worker the way a process ends: whatever it held goes back with its lease."""
    worker.cancel()
    await asyncio.gather(worker, return_exceptions=True)


def key(user: Any) -> UserKey:
    return UserKey("discord", "global", str(user.id))


@asynccontextmanager
async def discord_world(db_path: Path, *, start: datetime = START) -> AsyncIterator[World]:
    clock = FakeClock(start)
    store = await open_store(db_path)
    app = DiscordApp("unused-token")
    service = Service(store, [app], clock=clock)
    assert app.client is not None
    try:
        async with simcord.run(app.client, shard_count=1) as env:
            world = World(env, service, clock, db_path, start_worker(app.client))
            try:
                yield world
            finally:
                await stop_worker(world.worker)
    finally:
        await world.service.store.close() if "world" in locals() else await store.close()


def texts(message: Any) -> str:
    """Everything a user reads in a message: content, embed titles, descriptions, fields."""
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
        parts += [f"{f.name}: {f.value}" for f in embed.fields]
    return "\n".join(p for p in parts if p)


def button_labels(message: Any) -> list[str]:
    return [c.get("label", "") for row in message.components for c in row.get("components", [])]


def buttons(message: Any) -> list[dict[str, Any]]:
    rows = message.components if isinstance(message.components, list) else []
    found = []
    for row in rows:
        if isinstance(row, dict):
            found += row.get("components", [])
        else:
            found += [{"label": c.label, "custom_id": c.custom_id,
                       "disabled": c.disabled} for c in row.children
                      if isinstance(c, discord.Button)]
    return found
