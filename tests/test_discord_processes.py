"""`rebound discord` as a process against the fake Discord: it logs in and connects where
DISCORD_API_URL and DISCORD_GATEWAY_URL point, answers, and stops on SIGTERM within 10 s
however slow Discord is."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests import fake_discord_events as events
from tests.discord_process import TOKEN, BotProcess
from tests.fake_discord import FakeDiscord, dm_channel_id

DORA = "222222222222222222"
LOG = {"company": "Acme", "role": "Product Designer", "interviewer": "Jane Smith",
       "rejected": "today", "memory": "the whiteboard session"}


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(tmp_path: Path, fake: FakeDiscord) -> AsyncIterator[BotProcess]:
    process = BotProcess(fake, tmp_path / "r.db", tmp_path / "bot.log")
    try:
        yield process
    finally:
        if process.process is not None and process.process.returncode is None:
            await process.kill()


async def test_it_answers_where_the_urls_point_and_stops_on_sigterm(
        fake: FakeDiscord, bot: BotProcess) -> None:
    await bot.start()
    interaction = events.slash(DORA, "log", **LOG)
    await fake.dispatch("INTERACTION_CREATE", interaction)
    await fake.wait_for(lambda: len(fake.followups(str(interaction["id"]))) == 1)
    assert "Logged: Acme" in fake.followups(str(interaction["id"]))[0].text
    await fake.dispatch("MESSAGE_CREATE", events.direct_message(DORA, "list"))
    await fake.wait_for(lambda: len(fake.in_channel(dm_channel_id(DORA))) == 1)
    assert "Acme" in fake.in_channel(dm_channel_id(DORA))[0].text
    started = time.monotonic()
    assert await bot.stop() == 0
    assert time.monotonic() - started < 10


async def test_sigterm_with_a_hanging_discord_exits_within_ten_seconds_and_keeps_the_answer(
        fake: FakeDiscord, bot: BotProcess) -> None:
    await bot.start()
    fake.stall("POST", "/webhooks/*")
    interaction = events.slash(DORA, "log", **LOG)
    await fake.dispatch("INTERACTION_CREATE", interaction)
    await fake.wait_for(lambda: bool(fake.made("POST", f"/{interaction['token']}")))
    started = time.monotonic()
    assert await bot.stop() == 0
    assert time.monotonic() - started < 10
    # Saved once; its answer was kept and goes out after the next start.
    fake.release(drop=True)
    await bot.start()
    await fake.wait_for(lambda: len(fake.followups(str(interaction["id"]))) == 1)
    assert "Logged: Acme" in fake.followups(str(interaction["id"]))[0].text
    assert await bot.stop() == 0


async def test_a_modal_opened_before_a_kill_is_saved_after_the_restart(
        fake: FakeDiscord, bot: BotProcess) -> None:
    await bot.start()
    opened = events.slash(DORA, "log")
    await fake.dispatch("INTERACTION_CREATE", opened)
    await fake.wait_for(lambda: str(opened["id"]) in fake.responses)
    [modal] = fake.responses[str(opened["id"])]
    assert modal["type"] == 9
    await bot.kill()
    await bot.start()
    fields = {"field:company": "Acme", "field:role": "Designer",
              "field:interviewer": "Jane Smith", "field:rejected": "today",
              "field:memory": "the whiteboard session"}
    submitted = events.modal_submit(DORA, modal["data"]["custom_id"], fields)
    await fake.dispatch("INTERACTION_CREATE", submitted)
    await fake.wait_for(lambda: len(fake.followups(str(submitted["id"]))) == 1)
    assert "Logged: Acme (Designer)" in fake.followups(str(submitted["id"]))[0].text
