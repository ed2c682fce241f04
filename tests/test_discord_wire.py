"""The Discord app against a fake Discord on loopback: login, command sync, the gateway,
nonces and nudge rate limits as discord.py really sends and receives them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.discord.app import DiscordApp
from adapters.discord.frontend import nonce_for
from adapters.discord.messenger import LONGEST_PAUSE
from bot.clock import FakeClock
from bot.errors import CredentialsRefused
from bot.models import UserKey
from bot.nudges.model import DeliveryStatus, OutgoingNudge
from bot.replies import Button, Reply
from rebound.bootstrap import open_store
from rebound.service import Service
from tests import fake_discord_events as events
from tests.discord_wire_support import START, TOKEN, Wire, point_at, wire
from tests.fake_discord import PATIENCE, FakeDiscord

DORA = UserKey("discord", "global", "222222222222222222")


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        point_at(monkeypatch, server)
        yield server


def nudge(key: str = "reach-out:1:0") -> OutgoingNudge:
    return OutgoingNudge(user=DORA, idempotency_key=key,
                         due_local=datetime(2026, 3, 16, 9, 30, tzinfo=UTC), late=False,
                         title="Reach out to Acme",
                         reply=Reply.text("Time for a thank-you.",
                                          buttons=(Button("Mark as sent", "sent #1"),)))


async def test_run_logs_in_syncs_globally_and_connects(tmp_path: Path,
                                                      fake: FakeDiscord) -> None:
    async with wire(tmp_path, fake):
        synced = fake.made("PUT", "/applications/123456789012345678/commands")
        assert len(synced) == 1
        assert [c["name"] for c in synced[0].body] == ["coach"]
        assert synced[0].body[0]["integration_types"] == [0, 1]
        assert synced[0].body[0]["contexts"] == [0, 1, 2]


async def test_a_development_server_gets_the_commands_at_once(tmp_path: Path,
                                                             fake: FakeDiscord) -> None:
    async with wire(tmp_path, fake, guild=42):
        assert fake.made("PUT", "/guilds/42/commands")
        assert not fake.made("PUT", "/applications/123456789012345678/commands")


async def test_nonce_is_derived_from_the_idempotency_key_and_dms_open_once(
        tmp_path: Path, fake: FakeDiscord) -> None:
    async with wire(tmp_path, fake) as bot:
        assert (await bot.messenger.deliver(nudge())).status is DeliveryStatus.SENT
        assert (await bot.messenger.deliver(nudge())).status is DeliveryStatus.SENT
        sends = fake.made("POST", "/messages")
        assert [s.body["nonce"] for s in sends] == [nonce_for("reach-out:1:0")] * 2
        assert all(s.body["enforce_nonce"] is True for s in sends)
        assert len(fake.posted) == 1  # Discord shows a repeated nonce once
        assert len(nonce_for("x" * 500)) <= 25
        assert nonce_for("a") != nonce_for("b")
        assert len(fake.made("POST", "/users/@me/channels")) == 1
        assert sends[0].body["components"][0]["components"][0]["custom_id"] == "rebound:sent #1"


@pytest.mark.parametrize(("retry_after", "paused"), [
    (2.5, 2.5), (30.0, 30.0), (120.0, 120.0), (1e12, LONGEST_PAUSE)])
async def test_any_rate_limit_goes_back_to_the_scheduler_at_once(
        tmp_path: Path, fake: FakeDiscord, retry_after: float, paused: float) -> None:
    async with wire(tmp_path, fake) as bot:
        fake.rate_limit("POST", "/channels/*/messages", retry_after=retry_after)
        delivery = await bot.messenger.deliver(nudge())
        assert delivery.status is DeliveryStatus.RETRY_AFTER
        assert delivery.retry_after == paused
        assert len(fake.made("POST", "/messages")) == 1  # discord.py didn't sleep and retry
        assert bot.sleeps.waits == []


async def test_a_rate_limited_dm_channel_open_is_handed_back_too(tmp_path: Path,
                                                                 fake: FakeDiscord) -> None:
    async with wire(tmp_path, fake) as bot:
        fake.rate_limit("POST", "/users/@me/channels", retry_after=7)
        delivery = await bot.messenger.deliver(nudge())
        assert (delivery.status, delivery.retry_after) == (DeliveryStatus.RETRY_AFTER, 7.0)
        assert (await bot.messenger.deliver(nudge())).status is DeliveryStatus.SENT


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_server_error_is_one_transient_failure(tmp_path: Path, fake: FakeDiscord,
                                                       status: int) -> None:
    async with wire(tmp_path, fake) as bot:
        fake.fail("POST", "/channels/*/messages", status)
        delivery = await bot.messenger.deliver(nudge())
        assert delivery.status is DeliveryStatus.TRANSIENT
        assert str(status) in delivery.reason
        assert len(fake.made("POST", "/messages")) == 1  # the scheduler owns the retries
        assert (await bot.messenger.deliver(nudge())).status is DeliveryStatus.SENT


async def test_a_user_who_blocks_dms_is_permanent(tmp_path: Path, fake: FakeDiscord) -> None:
    async with wire(tmp_path, fake) as bot:
        fake.fail("POST", "/channels/*/messages", 403,
                  {"message": "Cannot send messages to this user", "code": 50007})
        blocked = await bot.messenger.deliver(nudge())
        assert blocked.status is DeliveryStatus.PERMANENT
        assert "50007" in blocked.reason


async def test_a_refused_token_is_fatal_not_retried(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeDiscord(token="another.bot.token") as server:
        point_at(monkeypatch, server)
        async with await open_store(tmp_path / "r.db") as store:
            app = DiscordApp(TOKEN)
            Service(store, [app], clock=FakeClock(START))
            with pytest.raises(CredentialsRefused, match="Discord refused DISCORD_TOKEN"):
                await app.run()
        assert TOKEN not in str(server.requests)


async def test_kept_form_answers_are_deleted_after_a_day(tmp_path: Path,
                                                         fake: FakeDiscord) -> None:
    async with wire(tmp_path, fake) as bot:
        failed = events.modal_submit(DORA.user_id, "rebound-modal:log", {
            "field:company": "Acme", "field:role": "Designer", "field:interviewer": "1234",
            "field:rejected": "today", "field:memory": "the whiteboard session"})
        await fake.dispatch("INTERACTION_CREATE", failed)
        await fake.wait_for(lambda: len(fake.followups(str(failed["id"]))) == 1)
        assert "Fix it" in str(fake.followups(str(failed["id"]))[0].body["components"])
        assert await kept(bot) == 1
        bot.service.clock.advance(timedelta(days=1, hours=1))
        async with asyncio.timeout(PATIENCE):
            while await kept(bot):  # each check a database read
                pass


async def kept(bot: Wire) -> int:
    row = await bot.service.store.database.read_one("SELECT count(*) FROM kept_forms")
    return 0 if row is None else int(row[0])
