"""Every call that answers a user survives a 429 and a transient 5xx: a short Retry-After is
waited out in place, a long or absurd one sends the answer back to the outbox for a capped
while, and a 500/503 is tried again. Each test makes the fake Slack refuse, then accept."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from slack_harness import ALEX, GENERAL, T1, SlackRig, buttons
from test_slack_app import LOG_ACME, form_values, open_log_modal

from adapters.slack.retry import DEFAULT_RETRY_AFTER, RETRY_AFTER_CAP, retry_after


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path) as started:
        yield started


async def dm_answer(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, "help")
    assert "Commands" in rig.last_dm(T1, ALEX)


async def channel_answer(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "help")
    assert any("Commands" in text for text in rig.ephemeral_texts())


async def modal_opens(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "log")
    await rig.fake.wait_until(lambda: any(c.ok for c in rig.fake.calls_to("views.open")),
                              what="the modal")


async def home_published(rig: SlackRig) -> None:
    await rig.event(rig.fake.app_home_opened_event(T1, ALEX))
    await rig.fake.wait_until(lambda: rig.fake.home_view(T1, ALEX) is not None,
                              what="the App Home view")


async def export_uploaded(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "export")
    await rig.fake.wait_until(lambda: any(u.completed for u in rig.fake.uploads),
                              what="the upload")


async def buttons_retired(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, "log")
    question = rig.fake.bot_messages(rig.fake.dm_channel(T1, ALEX))[-1]
    [cancel] = [b for b in buttons(question.blocks or []) if b["value"] == "cancel"]
    await rig.interact(rig.fake.block_action_body(T1, ALEX, None, cancel["action_id"], "cancel",
                                                  message_ts=question.ts))
    await rig.fake.wait_until(lambda: any(c.ok for c in rig.fake.calls_to("chat.update")),
                              what="the pressed message's edit")


@dataclass(frozen=True)
class Case:
    method: str
    action: Callable[[SlackRig], Awaitable[None]]


CASES = {
    "chat.postMessage": Case("chat.postMessage", dm_answer),
    "response_url": Case("response_url", channel_answer),
    "views.open": Case("views.open", modal_opens),
    "views.publish": Case("views.publish", home_published),
    "files.getUploadURLExternal": Case("files.getUploadURLExternal", export_uploaded),
    "chat.update": Case("chat.update", buttons_retired),
}


def statuses(rig: SlackRig, method: str) -> list[int]:
    return [call.status for call in rig.fake.calls_to(method)]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_a_rate_limit_is_waited_out_and_the_call_made_again(rig: SlackRig,
                                                                  case: Case) -> None:
    rig.fake.fail_next(case.method, status=429, retry_after=1)
    await case.action(rig)
    refused, accepted = rig.fake.calls_to(case.method)[:2]
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.at - refused.at >= 1.0  # Retry-After, waited on the monotonic clock


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_a_server_error_is_tried_again(rig: SlackRig, case: Case) -> None:
    rig.fake.fail_next(case.method, status=503)
    await case.action(rig)
    assert statuses(rig, case.method)[:2] == [503, 200]


async def test_a_long_retry_after_returns_the_answer_to_the_outbox_for_a_capped_while(
        rig: SlackRig) -> None:
    rig.fake.fail_next("chat.postMessage", status=429, retry_after="1e12")
    await rig.dm(T1, ALEX, "help", wait=False)
    await rig.fake.wait_for_calls("chat.postMessage")
    await rig.inbox_idle()
    assert rig.dm_texts(T1, ALEX) == []  # not waited out inside the call
    [row] = await rig.store.database.read("SELECT * FROM inbox")
    assert row["reply"] is not None and row["last_error"] == "Slack rate limit"
    rig.inbox_clock.advance(timedelta(seconds=RETRY_AFTER_CAP - 1))
    await rig.inbox_idle()
    assert rig.dm_texts(T1, ALEX) == []
    rig.inbox_clock.advance(timedelta(seconds=1))  # a minute at most, not 1e12 seconds
    await rig.fake.wait_until(lambda: bool(rig.dm_texts(T1, ALEX)), what="the answer")
    assert "Commands" in rig.last_dm(T1, ALEX)
    assert [c.ok for c in rig.fake.calls_to("chat.postMessage")] == [False, True]


async def test_an_answer_slack_refuses_for_good_is_dropped_not_retried(rig: SlackRig) -> None:
    rig.fake.fail_next("chat.postMessage", error="is_archived")
    await rig.dm(T1, ALEX, "help", wait=False)
    await rig.fake.wait_for_calls("chat.postMessage")
    await rig.inbox_idle()
    rig.inbox_clock.advance(timedelta(minutes=10))
    await rig.inbox_idle()
    assert len(rig.fake.calls_to("chat.postMessage")) == 1
    [row] = await rig.store.database.read("SELECT * FROM inbox")
    assert row["reply"] is None and "is_archived" in row["last_error"]


@pytest.mark.parametrize(("header", "seconds"), [
    ("7", 7.0), ("0.5", 0.5), ("1e12", RETRY_AFTER_CAP), ("inf", RETRY_AFTER_CAP),
    ("-3", 0.0), ("nan", DEFAULT_RETRY_AFTER), ("soon", DEFAULT_RETRY_AFTER),
    (None, DEFAULT_RETRY_AFTER)])
def test_retry_after_is_read_within_bounds(header: str | None, seconds: float) -> None:
    headers = {"retry-after": [header]} if header is not None else {}
    assert retry_after(headers) == seconds


async def test_an_ephemeral_answer_falls_back_to_the_dm_when_the_response_url_is_spent(
        rig: SlackRig) -> None:
    rig.fake.fail_next("response_url", status=404, error="used_url", times=3)
    await rig.slash(T1, ALEX, LOG_ACME, channel=GENERAL, wait=False)
    await rig.fake.wait_until(lambda: bool(rig.dm_texts(T1, ALEX)), what="the answer in the DM")
    assert "Logged: Acme" in rig.last_dm(T1, ALEX)


async def test_a_modal_confirmation_survives_a_rate_limit(rig: SlackRig) -> None:
    view = await open_log_modal(rig)
    rig.fake.fail_next("response_url", status=429, retry_after=1)
    payload = rig.fake.view_submission_body(
        T1, ALEX, "rebound_log", form_values(view, company="Acme", role="Designer",
                                             interviewer="Jane Smith", memory="the demo"),
        private_metadata=str(view["private_metadata"]))
    status, body = await rig.interact(payload)
    assert status == 200 and json.loads(body or "{}") == {}
    await rig.fake.wait_until(lambda: any("Logged: Acme" in t for t in rig.ephemeral_texts()),
                              what="the confirmation")
