"""Slack's requests are durable before they are acknowledged: a crash or a stop between the
ack and the answer loses nothing and doubles nothing; a stop is bounded however slow Slack
is; a log form is answered within Slack's deadline and saved once."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from slack_harness import ALEX, BLAIR, GENERAL, T1, SlackRig
from test_slack_app import LOG_ACME, form_values, open_log_modal

from adapters.slack.listeners import NOT_SAVED
from adapters.slack.transport import HttpServer
from bot.models import UserKey


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path) as started:
        yield started


@pytest.fixture
async def socket_rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path, mode="socket") as started:
        yield started


async def rejections(rig: SlackRig, user: str = ALEX) -> int:
    found = await rig.store.get_user(UserKey("slack", T1, user))
    return 0 if found is None else len(await rig.store.list_rejections(found.id))


async def inbox_rows(rig: SlackRig) -> list[dict[str, object]]:
    return [dict(row) for row in await rig.store.database.read("SELECT * FROM inbox")]


async def crash(rig: SlackRig) -> None:
    """Like kill -9: the app's tasks die where they are, nothing is handed back."""
    assert rig._task is not None
    rig._task.cancel()
    await asyncio.gather(rig._task, return_exceptions=True)
    rig._task = None
    await rig.stop()


@pytest.mark.parametrize("mode", ["http", "socket"])
@pytest.mark.parametrize("ending", ["crash", "stop"])
async def test_an_acknowledged_message_is_answered_once_after_the_process_ends(
        tmp_path: Path, mode: str, ending: str) -> None:
    async with SlackRig(tmp_path, mode=mode) as rig:  # type: ignore[arg-type]
        rig.fake.latency["users.info"] = 30  # Slack is slow: the message waits after its ack
        assert await rig.dm(T1, ALEX, LOG_ACME, wait=False) == 200
        await rig.fake.wait_for_calls("users.info")
        [row] = await inbox_rows(rig)
        assert row["status"] == "pending"  # acknowledged, stored, not handled yet
        await (crash(rig) if ending == "crash" else rig.stop())
        rig.fake.latency.clear()
        await rig.start()
        await rig.fake.wait_until(lambda: bool(rig.dm_texts(T1, ALEX)), what="the answer")
        assert "Logged: Acme" in rig.last_dm(T1, ALEX)
        await rig.dm(T1, ALEX, "help")  # anything still queued would come first
        assert len(rig.dm_texts(T1, ALEX)) == 2
        assert await rejections(rig) == 1


async def test_an_answer_computed_before_a_stop_is_delivered_after_it(rig: SlackRig) -> None:
    rig.fake.fail_next("chat.postMessage", status=503, times=3)  # Slack down for a while
    await rig.dm(T1, ALEX, LOG_ACME, wait=False)
    await rig.fake.wait_for_calls("chat.postMessage", 3)
    await rig.inbox_idle()
    await rig.stop()
    await rig.start()
    rig.inbox_clock.advance(timedelta(seconds=5))  # the outbox's retry delay
    await rig.fake.wait_until(lambda: bool(rig.dm_texts(T1, ALEX)), what="the answer")
    assert "Logged: Acme" in rig.last_dm(T1, ALEX)
    assert [c.ok for c in rig.fake.calls_to("chat.postMessage")] == [False] * 3 + [True]
    assert await rejections(rig) == 1


async def test_a_stop_refuses_new_requests_and_is_bounded_however_slow_slack_is(
        rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, LOG_ACME)
    rig.fake.latency["views.publish"] = 60  # App Home refreshes hang
    rig.fake.latency["chat.postMessage"] = 60  # and so do answers
    await rig.dm(T1, ALEX, "timezone Europe/Paris", wait=False)  # a change: a refresh
    await rig.fake.wait_for_calls("views.publish", 2)
    await rig.fake.wait_for_calls("chat.postMessage", 2)
    transport = rig.app.transport
    assert isinstance(transport, HttpServer)
    deadline = time.monotonic() + 1.0
    stopping = asyncio.create_task(rig.app.shutdown(deadline=deadline))
    await asyncio.sleep(0)
    assert await rig.dm(T1, BLAIR, "help", wait=False) == 503  # Slack sends it again later
    assert not rig.app.ready
    await stopping
    assert time.monotonic() <= deadline + 0.25
    rows = await inbox_rows(rig)
    assert [r["lease_owner"] for r in rows] == [None, None]  # handed back
    assert rows[1]["reply"] is not None  # the computed answer waits for the next start


async def test_a_form_is_answered_without_waiting_for_slack_and_saved_once(
        rig: SlackRig) -> None:
    view = await open_log_modal(rig)  # Alex's modal, submitted by Blair, who never wrote
    rig.fake.latency["users.info"] = 30  # and Slack is slow to say Blair's zone
    payload = rig.fake.view_submission_body(
        T1, BLAIR, "rebound_log", form_values(view, company="Acme", role="Designer",
                                              interviewer="Jane Smith", memory="the demo"),
        private_metadata=json.dumps({"channel": "", "response_url": ""}))
    status, body = await rig.interact(payload)
    assert (status, body) == (200, "")  # saved and answered without Blair's profile
    assert rig.app.profiles.cached_zone(T1, BLAIR) is None
    for _ in range(2):  # Save pressed again (the first answer was too slow for Slack)
        status, body = await rig.interact(payload)
        assert (status, body) == (200, "")
    await rig.fake.wait_until(lambda: bool(rig.dm_texts(T1, BLAIR)), what="the confirmation")
    await rig.inbox_idle()
    assert await rejections(rig, BLAIR) == 1
    assert len(rig.dm_texts(T1, BLAIR)) == 1


async def test_a_form_that_cannot_be_saved_in_time_asks_for_save_again(
        rig: SlackRig) -> None:
    view = await open_log_modal(rig)
    payload = rig.fake.view_submission_body(
        T1, ALEX, "rebound_log", form_values(view, company="Acme", role="Designer",
                                             interviewer="Jane Smith", memory="the demo"),
        private_metadata=str(view["private_metadata"]))
    release = asyncio.Event()
    locked = asyncio.Event()

    async def long_unit_of_work() -> None:
        async with rig.store.atomic():
            locked.set()
            await release.wait()

    holder = asyncio.create_task(long_unit_of_work())
    await locked.wait()
    status, body = await rig.interact(payload)
    assert status == 200
    assert json.loads(body) == {"response_action": "errors", "errors": {"company": NOT_SAVED}}
    release.set()
    await holder
    assert await rejections(rig) == 0
    status, body = await rig.interact(payload)
    assert (status, body) == (200, "")
    await rig.fake.wait_until(lambda: any("Logged: Acme" in t for t in rig.ephemeral_texts()),
                              what="the confirmation")
    assert await rejections(rig) == 1


async def test_socket_mode_stops_acknowledging_when_the_app_stops(socket_rig: SlackRig) -> None:
    rig = socket_rig
    await rig.app.shutdown(deadline=time.monotonic() + 1)
    body = rig.fake.slash_command_body(T1, ALEX, GENERAL, "help")
    with pytest.raises(AssertionError, match="no ack"):
        await rig.fake.socket_send("slash_commands", body, timeout=0.5)
    assert await inbox_rows(rig) == []
