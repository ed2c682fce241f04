"""Every call back to Discord rides out a 429 or a passing 5xx: interaction responses,
follow-ups, DM answers, message edits and files, each against the fake Discord over real
HTTP, with Retry-After honoured but capped, and the retries bounded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.discord.inbox import DELIVERY, EARLIER, RETRY_LATER
from adapters.discord.outbound import FIRST_RESPONSE, retry_after
from bot.models import UserKey
from bot.store.codec import utc_text
from tests import fake_discord_events as events
from tests.discord_wire_support import Wire, point_at, wire
from tests.fake_discord import PATIENCE, FakeDiscord, dm_channel_id

DORA = "222222222222222222"
LOG = {"company": "Acme", "role": "Product Designer", "interviewer": "Jane Smith",
       "rejected": "today", "memory": "the whiteboard session"}


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        point_at(monkeypatch, server)
        yield server


@pytest.fixture
async def bot(tmp_path: Path, fake: FakeDiscord) -> AsyncIterator[Wire]:
    async with wire(tmp_path, fake) as running:
        yield running


async def slash(fake: FakeDiscord, subcommand: str, *, answers: int = 1,
                **options: str) -> str:
    """Run `/coach <subcommand>` from Dora's DM; wait for its answer; return its id."""
    interaction = events.slash(DORA, subcommand, **options)
    await fake.dispatch("INTERACTION_CREATE", interaction)
    interaction_id = str(interaction["id"])
    await fake.wait_for(lambda: len(fake.followups(interaction_id)) >= answers)
    return interaction_id


def attempts(fake: FakeDiscord, prefix: str) -> int:
    return len([r for r in fake.requests if r.path.startswith(prefix)])


async def test_the_first_response_and_the_follow_up_ride_out_429_and_5xx(
        fake: FakeDiscord, bot: Wire) -> None:
    fake.rate_limit("POST", "/interactions/*", retry_after=0.5)
    fake.fail("POST", "/interactions/*", 500)
    fake.rate_limit("POST", "/webhooks/*", retry_after=3)
    fake.fail("POST", "/webhooks/*", 502)
    interaction = await slash(fake, "log", **LOG)
    [answer] = fake.followups(interaction)
    assert "Logged: Acme (Product Designer)" in answer.text
    assert len(fake.responses[interaction]) == 1
    assert attempts(fake, "/interactions/") == 3
    assert attempts(fake, "/webhooks/") == 3
    assert bot.sleeps.waits[0] == 0.5
    assert bot.sleeps.waits[2] == 3.0
    assert await bot.service.coach.companies(UserKey("discord", "global", DORA)) == ["Acme"]


async def test_a_huge_retry_after_is_capped(fake: FakeDiscord, bot: Wire) -> None:
    fake.rate_limit("POST", "/webhooks/*", retry_after=1e12)
    await slash(fake, "list")
    assert bot.sleeps.waits == [DELIVERY.longest_wait]


async def test_a_dm_answer_rides_out_errors_and_shows_once(fake: FakeDiscord,
                                                           bot: Wire) -> None:
    channel = dm_channel_id(DORA)
    fake.rate_limit("POST", "/channels/*/messages", retry_after=2)
    fake.fail("POST", "/channels/*/messages", 503)
    await fake.dispatch("MESSAGE_CREATE", events.direct_message(DORA, "help"))
    await fake.wait_for(lambda: len(fake.in_channel(channel)) == 1)
    sends = fake.made("POST", f"/channels/{channel}/messages")
    assert len(sends) == 3
    assert len({s.body["nonce"] for s in sends}) == 1
    assert bot.sleeps.waits[0] == 2.0


async def test_a_button_edit_and_a_file_ride_out_server_errors(fake: FakeDiscord,
                                                               bot: Wire) -> None:
    await slash(fake, "log", **LOG)
    fake.fail("POST", "/interactions/*", 503)
    press = events.button(DORA, "rebound:export")
    await fake.dispatch("INTERACTION_CREATE", press)
    fake.fail("POST", "/webhooks/*", 500)
    await fake.wait_for(lambda: len(fake.followups(str(press["id"]))) == 1)
    [edit] = fake.responses[str(press["id"])]
    assert edit["type"] == 7  # the message's buttons, disabled, with the pressed one marked
    [export] = fake.followups(str(press["id"]))
    assert export.body["files"] == ["rebound-export.json"]
    assert attempts(fake, "/webhooks/") == 3  # log's answer, then the export twice


async def test_an_answer_discord_wont_take_waits_in_the_outbox(fake: FakeDiscord,
                                                                 bot: Wire) -> None:
    fake.fail("POST", "/webhooks/*", 500, times=DELIVERY.attempts)
    interaction = events.slash(DORA, "list")
    await fake.dispatch("INTERACTION_CREATE", interaction)
    await waiting_in_outbox(bot)  # after its attempts within bounds
    assert attempts(fake, "/webhooks/") == DELIVERY.attempts
    assert len(bot.sleeps.waits) == DELIVERY.attempts - 1
    assert sum(bot.sleeps.waits) <= DELIVERY.budget
    bot.service.clock.advance(timedelta(seconds=RETRY_LATER))
    assert bot.app.client is not None
    bot.app.client.inbox.wake()
    await fake.wait_for(lambda: len(fake.followups(str(interaction["id"]))) == 1)
    assert "No rejections logged yet" in fake.followups(str(interaction["id"]))[0].text


async def waiting_in_outbox(bot: Wire) -> None:
    """Until an answer waits in the outbox for a later try (each check a database read)."""
    async with asyncio.timeout(PATIENCE):
        while (await bot.service.store.database.read_one(
                "SELECT count(*) FROM inbox WHERE reply IS NOT NULL AND lease_owner IS NULL"
                " AND available_at > ?", (utc_text(bot.service.clock.now()),)))[0] == 0:
            pass


async def test_a_first_response_gives_up_in_time_and_the_answer_comes_by_dm(
        fake: FakeDiscord, bot: Wire) -> None:
    fake.rate_limit("POST", "/interactions/*", retry_after=60,
                    times=FIRST_RESPONSE.attempts)
    await fake.dispatch("INTERACTION_CREATE", events.slash(DORA, "list"))
    channel = dm_channel_id(DORA)
    await fake.wait_for(lambda: len(fake.in_channel(channel)) == 2)
    assert attempts(fake, "/interactions/") == FIRST_RESPONSE.attempts
    assert bot.sleeps.waits == [FIRST_RESPONSE.longest_wait] * (FIRST_RESPONSE.attempts - 1)
    assert sum(bot.sleeps.waits) <= FIRST_RESPONSE.budget
    earlier, answer = fake.in_channel(channel)
    assert earlier.content == EARLIER
    assert "No rejections logged yet" in answer.text


def test_retry_after_takes_only_sane_numbers() -> None:
    assert retry_after({"retry_after": 1.5}, {}) == 1.5
    assert retry_after({}, {"Retry-After": "4"}) == 4.0
    assert retry_after({"retry_after": "inf"}, {"Retry-After": "2"}) == 2.0
    assert retry_after({"retry_after": float("nan")}, {}) is None
    assert retry_after({"retry_after": -3}, {"X-RateLimit-Reset-After": "abc"}) is None
