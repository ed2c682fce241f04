"""Sharding against the fake Discord: the client runs as many gateway shards as
`GET /gateway/bot` recommends (or as `REBOUND_DISCORD_SHARDS` says), paces their logins, still
answers DMs (on shard 0) and slash commands, and is ready only while every shard is connected.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.discord.app import CLOSE_WITHIN
from adapters.discord.shards import IDENTIFY_SPACING, ShardPlan, parse_shards
from bot.errors import ReboundError
from rebound.discord_app import discord_settings
from tests import fake_discord_events as events
from tests.discord_process import BotProcess
from tests.discord_wire_support import TOKEN, point_at, wire
from tests.fake_discord import FakeDiscord, dm_channel_id
from tests.nudge_support import eventually

DORA = "222222222222222222"
LOG = {"company": "Acme", "role": "Product Designer", "interviewer": "Jane Smith",
       "rejected": "today", "memory": "the whiteboard session"}
SLACK = 0.5
"""How far past `CLOSE_WITHIN` stopping may take (the event loop's own latency)."""


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        point_at(monkeypatch, server)
        yield server


async def test_two_recommended_shards_both_run_and_answer(tmp_path: Path,
                                                          fake: FakeDiscord) -> None:
    fake.recommended_shards = 2
    async with wire(tmp_path, fake) as bot:
        assert fake.made("GET", "/gateway/bot")
        assert fake.identified_shards == [(0, 2), (1, 2)]
        assert fake.connected_shards == [0, 1]
        assert bot.app.client is not None and sorted(bot.app.client.shards) == [0, 1]
        # One login at a time (max_concurrency 1): the second waited its turn.
        assert bot.sleeps.waits == [IDENTIFY_SPACING]
        assert bot.app.ready

        dm = events.direct_message(DORA, "list")
        assert fake.shard_for(dm) == 0
        await fake.dispatch("MESSAGE_CREATE", dm)
        await fake.wait_for(lambda: len(fake.in_channel(dm_channel_id(DORA))) == 1)
        assert "rejection" in fake.in_channel(dm_channel_id(DORA))[0].text.lower()

        logged = events.slash(DORA, "log", **LOG)
        await fake.dispatch("INTERACTION_CREATE", logged)
        await fake.wait_for(lambda: len(fake.followups(str(logged["id"]))) == 1)
        assert "Logged: Acme" in fake.followups(str(logged["id"]))[0].text


async def test_a_server_event_arrives_on_its_servers_shard(tmp_path: Path,
                                                           fake: FakeDiscord) -> None:
    fake.recommended_shards = 2
    guild = str(1 << 22)  # (id >> 22) % 2 == 1
    async with wire(tmp_path, fake):
        await fake.dispatch("GUILD_CREATE", {
            "id": guild, "name": "Career club", "icon": None, "owner_id": "1", "roles": [],
            "emojis": [], "stickers": [], "features": [], "member_count": 1, "members": [],
            "channels": [], "threads": [], "voice_states": [], "presences": [],
            "large": False, "unavailable": False}, shard=1)
        listed = events.slash(DORA, "list")
        member = {"user": listed.pop("user"), "roles": [], "flags": 0, "deaf": False,
                  "mute": False, "joined_at": "2026-01-05T10:00:00+00:00", "permissions": "0"}
        listed.update(guild_id=guild, member=member, context=0, channel_id="42", channel={
            "id": "42", "type": 0, "guild_id": guild, "name": "general", "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None})
        assert fake.shard_for(listed) == 1
        await fake.dispatch("INTERACTION_CREATE", listed)
        await fake.wait_for(lambda: str(listed["id"]) in fake.responses)


async def test_logins_within_discords_concurrency_go_together(tmp_path: Path,
                                                              fake: FakeDiscord) -> None:
    fake.recommended_shards, fake.max_concurrency = 4, 2
    async with wire(tmp_path, fake) as bot:
        assert fake.connected_shards == [0, 1, 2, 3]
        assert bot.sleeps.waits == [IDENTIFY_SPACING]  # before shard 2 only


async def test_ready_only_while_every_shard_is_connected(tmp_path: Path,
                                                        fake: FakeDiscord) -> None:
    fake.recommended_shards = 2
    async with wire(tmp_path, fake) as bot:
        assert bot.app.ready
        fake.hold_gateway()
        try:
            await fake.close_shard(1)
            await eventually(lambda: not bot.app.ready)
        finally:
            fake.open_gateway()
        await fake.wait_for(lambda: fake.connected_shards == [0, 1])
        await eventually(lambda: bot.app.ready)
        # Shard 0 never went away: a DM was answered all along.
        await fake.dispatch("MESSAGE_CREATE", events.direct_message(DORA, "help"))
        await fake.wait_for(lambda: len(fake.in_channel(dm_channel_id(DORA))) == 1)


async def test_stopping_while_a_shard_logs_in_again_ends_in_time(tmp_path: Path,
                                                                 fake: FakeDiscord) -> None:
    fake.recommended_shards = 2
    async with wire(tmp_path, fake) as bot:
        fake.hold_gateway()  # Discord takes the connection but never says hello
        await fake.close_shard(1)
        await eventually(lambda: not bot.app.ready)
        started = time.monotonic()
        bot.task.cancel()
        async with asyncio.timeout(CLOSE_WITHIN + SLACK):
            await asyncio.gather(bot.task, return_exceptions=True)
        assert time.monotonic() - started < CLOSE_WITHIN + SLACK
        assert bot.app.client is not None and bot.app.client.is_closed()


async def test_a_fixed_plan_runs_only_its_shards(tmp_path: Path, fake: FakeDiscord) -> None:
    fake.recommended_shards = 2
    async with wire(tmp_path, fake, shards=ShardPlan(ids=(1,), count=2)) as bot:
        assert fake.identified_shards == [(1, 2)]
        assert fake.connected_shards == [1]
        assert bot.sleeps.waits == []
        assert bot.app.ready


async def test_rebound_discord_runs_the_shards_the_setting_names(tmp_path: Path,
                                                                 fake: FakeDiscord) -> None:
    fake.recommended_shards = 2
    bot = BotProcess(fake, tmp_path / "r.db", tmp_path / "bot.log",
                     settings={"REBOUND_DISCORD_SHARDS": "1/2"})
    await bot.start()
    try:
        await fake.wait_for(lambda: fake.connected_shards == [1])
        assert fake.identified_shards == [(1, 2)]
        assert "running shards 1 of 2" in bot.log.read_text()
    finally:
        assert await bot.stop() == 0


@pytest.mark.parametrize(("text", "ids", "count"), [
    ("0-1/4", (0, 1), 4), ("3/4", (3,), 4), (" 0,2-3 / 4 ", (0, 2, 3), 4), ("0/1", (0,), 1),
    ("1,0-1/2", (0, 1), 2)])
def test_shard_plans_parse(text: str, ids: tuple[int, ...], count: int) -> None:
    assert parse_shards(text) == ShardPlan(ids=ids, count=count)


@pytest.mark.parametrize(("text", "says"), [
    ("4", "isn't a shard plan"), ("/4", "isn't a shard plan"), ("0-1/x", "isn't a shard plan"),
    ("0-4/4", "don't fit in 0-3"), ("2-1/4", "don't fit"), ("a/4", "isn't a shard id"),
    ("0/0", "from 1 to"), ("0-/4", "isn't a shard id")])
def test_a_bad_shard_plan_is_explained(text: str, says: str) -> None:
    with pytest.raises(ReboundError, match=says) as raised:
        parse_shards(text)
    assert "e.g. 0-1/4" in str(raised.value)


def test_the_setting_names_itself_when_wrong() -> None:
    assert discord_settings(environ={"DISCORD_TOKEN": TOKEN}).shards is None
    assert discord_settings(environ={"DISCORD_TOKEN": TOKEN, "REBOUND_DISCORD_SHARDS": "1/2"}
                            ).shards == ShardPlan(ids=(1,), count=2)
    with pytest.raises(ReboundError, match=r"^REBOUND_DISCORD_SHARDS: "):
        discord_settings(environ={"DISCORD_TOKEN": TOKEN, "REBOUND_DISCORD_SHARDS": "two"})
