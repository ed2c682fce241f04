"""The Discord app against a fake Discord on loopback: login, command sync, the gateway,
nonces and rate limits as discord.py really sends and receives them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest
import yarl

from adapters.discord.app import DiscordApp
from adapters.discord.messenger import DiscordMessenger, nonce_for
from bot.clock import FakeClock
from bot.models import UserKey
from bot.nudges.model import DeliveryStatus, OutgoingNudge
from bot.replies import Button, Reply
from bot.store import Store
from rebound.service import Service
from tests.fake_discord import FakeDiscord

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.token"
DORA = UserKey("discord", "global", "222222222222222222")


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        monkeypatch.setattr(discord.http.Route, "BASE", server.base)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                            yarl.URL(server.gateway))
        yield server


def nudge(key: str = "reach-out:1:0") -> OutgoingNudge:
    return OutgoingNudge(user=DORA, idempotency_key=key,
                         due_local=datetime(2026, 3, 16, 9, 30, tzinfo=UTC), late=False,
                         title="Reach out to Acme",
                         reply=Reply.text("Time for a thank-you.",
                                          buttons=(Button("Mark as sent", "sent #1"),)))


async def _running(tmp_path: Path, fake: FakeDiscord, *, guild: int | None = None
                   ) -> tuple[DiscordApp, DiscordMessenger, asyncio.Task[None], Store]:
    store = await Store.open(tmp_path / "r.db")
    app = DiscordApp(TOKEN, sync_guild=guild, guild_ready_timeout=0)
    service = Service(store, [app], clock=FakeClock(datetime(2026, 3, 2, tzinfo=UTC)))
    messenger = next(iter(service.scheduler._messengers.values()))
    assert isinstance(messenger, DiscordMessenger)
    task = asyncio.create_task(app.run())
    assert app.client is not None
    ready = asyncio.ensure_future(app.client.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=10,
                                 return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # the app stopped: show why
    assert ready in done, "the client never became ready"
    return app, messenger, task, store


async def _stop(task: asyncio.Task[None], store: Store) -> None:
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await store.close()


async def test_run_logs_in_syncs_globally_and_connects(tmp_path: Path,
                                                      fake: FakeDiscord) -> None:
    _app, _messenger, task, store = await _running(tmp_path, fake)
    try:
        synced = fake.made("PUT", "/applications/123456789012345678/commands")
        assert len(synced) == 1
        assert [c["name"] for c in synced[0].body] == ["coach"]
        assert synced[0].body[0]["integration_types"] == [0, 1]
        assert synced[0].body[0]["contexts"] == [0, 1, 2]
    finally:
        await _stop(task, store)


async def test_a_development_server_gets_the_commands_at_once(tmp_path: Path,
                                                             fake: FakeDiscord) -> None:
    _app, _messenger, task, store = await _running(tmp_path, fake, guild=42)
    try:
        assert fake.made("PUT", "/guilds/42/commands")
        assert not fake.made("PUT", "/applications/123456789012345678/commands")
    finally:
        await _stop(task, store)


async def test_nonce_is_derived_from_the_idempotency_key_and_dms_open_once(
        tmp_path: Path, fake: FakeDiscord) -> None:
    _app, messenger, task, store = await _running(tmp_path, fake)
    try:
        assert (await messenger.deliver(nudge())).status is DeliveryStatus.SENT
        assert (await messenger.deliver(nudge())).status is DeliveryStatus.SENT
        sends = fake.made("POST", "/messages")
        assert [s.body["nonce"] for s in sends] == [nonce_for("reach-out:1:0")] * 2
        assert all(s.body["enforce_nonce"] is True for s in sends)
        assert len(nonce_for("x" * 500)) <= 25
        assert nonce_for("a") != nonce_for("b")
        assert len(fake.made("POST", "/users/@me/channels")) == 1
        assert sends[0].body["components"][0]["components"][0]["custom_id"] == "rebound:sent #1"
    finally:
        await _stop(task, store)


async def test_a_long_rate_limit_goes_back_to_the_scheduler(tmp_path: Path,
                                                            fake: FakeDiscord) -> None:
    _app, messenger, task, store = await _running(tmp_path, fake)
    try:
        fake.script(429, {"message": "You are being rate limited.", "retry_after": 120.0,
                          "global": False}, {"Via": "1.1 google", "Retry-After": "120"})
        delivery = await messenger.deliver(nudge())
        assert delivery.status is DeliveryStatus.RETRY_AFTER
        assert delivery.retry_after == 120.0
        fake.script(503, {"message": "Service Unavailable", "code": 0})
        assert (await messenger.deliver(nudge())).status is DeliveryStatus.TRANSIENT
        fake.script(403, {"message": "Cannot send messages to this user", "code": 50007})
        blocked = await messenger.deliver(nudge())
        assert blocked.status is DeliveryStatus.PERMANENT
        assert "50007" in blocked.reason
    finally:
        await _stop(task, store)
