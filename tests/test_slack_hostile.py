"""Hostile and careless traffic costs nothing: junk is refused before it is read, with one log
line a minute at most and never a traceback; a replayed command runs once; what users type
never becomes a mention or a link; a failing profile look-up isn't repeated per message."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from fake_slack import sign_request, slash_command_form
from slack_harness import ALEX, GENERAL, SECRET, T1, SlackRig

from adapters.slack.signing import Refusals
from adapters.slack.transport import HttpServer
from bot.models import UserKey

FORM = "application/x-www-form-urlencoded"
LOG_ACME = ("log company: Acme; role: Designer; interviewer: Jane Smith; rejected: today; "
            "memory: the demo")


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path) as started:
        yield started


def signed(body: bytes) -> Callable[[], dict[str, str]]:
    """Headers signed when the test runs, not when it is collected: Slack's window is 5 min."""
    return lambda: sign_request(SECRET, body, int(time.time()))


def now_stamped(**headers: str) -> Callable[[], dict[str, str]]:
    """Fixed headers plus a timestamp taken when the test runs."""
    return lambda: {"X-Slack-Request-Timestamp": str(int(time.time())), **headers}


JUNK: dict[str, tuple[bytes, str, Callable[[], dict[str, str]], int]] = {
    "unsigned json": (b"{x", "application/json", dict, 401),
    "unsigned form": (b"payload=%7Bx", FORM, dict, 401),
    "a timestamp that is no number": (b"{x", "application/json",
                                      lambda: {"X-Slack-Request-Timestamp": "abc",
                                               "X-Slack-Signature": "v0=" + "0" * 64}, 401),
    "a signature that is no signature": (b"{}", "application/json",
                                         now_stamped(**{"X-Slack-Signature": "sha1=zz"}), 401),
    "signed broken json": (b"{x", "application/json", signed(b"{x"), 400),
    "signed broken payload": (b"payload=%7Bx", FORM, signed(b"payload=%7Bx"), 400),
    "signed bytes that are no text": (b"\xff\xfe{", "application/json",
                                      signed(b"\xff\xfe{"), 400),
    "signed json that is a list": (b"[1, 2]", "application/json", signed(b"[1, 2]"), 400),
}


@pytest.mark.parametrize(("body", "content_type", "headers", "status"), JUNK.values(),
                         ids=JUNK.keys())
async def test_junk_is_refused_with_one_quiet_log_line(
        rig: SlackRig, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str,
        headers: Callable[[], dict[str, str]], status: int) -> None:
    caplog.set_level(logging.INFO)
    for _ in range(20):
        assert (await rig.post(body, content_type, headers=headers(), signed=False))[0] == status
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and lines[0].exc_info is None, caplog.text
    assert "Traceback" not in caplog.text
    assert await rig.store.database.read("SELECT * FROM inbox") == []


async def test_requests_that_are_not_http_are_refused_with_one_quiet_line(
        rig: SlackRig, caplog: pytest.LogCaptureFixture) -> None:
    transport = rig.app.transport
    assert isinstance(transport, HttpServer)
    caplog.set_level(logging.INFO)
    for junk in (b"GARBAGE\r\n\r\n", b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"
                 b"Content-Length: abc\r\n\r\n", b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"
                 b"X-Slack-Request-Timestamp: \x01\r\n\r\n") * 5:
        reader, writer = await asyncio.open_connection("127.0.0.1", transport.bound_port)
        writer.write(junk)
        assert (await reader.read())[:12] == b"HTTP/1.0 400"
        writer.close()
        await writer.wait_closed()
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) <= 1 and "Traceback" not in caplog.text, caplog.text


async def test_a_huge_body_is_refused_unread(rig: SlackRig) -> None:
    body = b"x" * (2 * 1024 * 1024)
    assert (await rig.post(body, FORM, signed=False))[0] == 413


def test_refusals_are_summed_up_once_a_minute(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    refusals = Refusals(clock=lambda: now[0])
    with caplog.at_level(logging.WARNING):
        for second in range(120):
            now[0] = float(second)
            refusals.note("unsigned" if second % 2 else "stale")
    assert [r.getMessage() for r in caplog.records] == [
        "refused requests not from Slack (1 stale); at most one such line a minute",
        "refused requests not from Slack (30 stale, 30 unsigned); at most one such line a "
        "minute"]


async def test_a_replayed_slash_command_runs_once(rig: SlackRig) -> None:
    body = slash_command_form(rig.fake.slash_command_body(T1, ALEX, GENERAL, LOG_ACME))
    headers = signed(body)()  # captured on the wire, sent again within Slack's five minutes
    assert (await rig.post(body, FORM, headers=headers, signed=False))[0] == 200
    await rig.fake.wait_until(lambda: bool(rig.ephemeral_texts()), what="the answer")
    assert (await rig.post(body, FORM, headers=headers, signed=False))[0] == 200
    await rig.dm(T1, ALEX, "help")  # handled after anything the replay could have queued
    user = await rig.store.get_user(UserKey("slack", T1, ALEX))
    assert user is not None and len(await rig.store.list_rejections(user.id)) == 1
    assert len(rig.ephemeral_texts()) == 1


async def test_user_text_never_becomes_a_mention_or_link_in_the_fallback_text(
        rig: SlackRig) -> None:
    # What Slack sends when a user types `<!channel> & <https://evil.example|click>`.
    typed = "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;"
    await rig.dm(T1, ALEX, f"log company: {typed}; role: Designer; interviewer: Jane Smith; "
                           "memory: the demo")
    await rig.slash(T1, ALEX, "list")
    [post] = rig.fake.calls_to("chat.postMessage")
    [response] = rig.fake.calls_to("response_url")
    for params in (post.params, response.params):
        text = str(params["text"])
        assert typed in text  # shown as typed, escaped for Slack
        assert "<" not in text and ">" not in text
    assert post.params["mrkdwn"] in (False, "false", "0")
    assert "<!channel> & <https://evil.example|click>" in rig.last_dm(T1, ALEX)  # blocks


async def test_a_failing_profile_look_up_is_not_repeated_for_every_message(
        rig: SlackRig) -> None:
    rig.fake.fail_next("users.info", status=500, times=10)
    for text in ("help", "settings", "list"):
        await rig.dm(T1, ALEX, text)
    assert len(rig.fake.calls_to("users.info")) == 1
    assert "UTC" in rig.dm_texts(T1, ALEX)[1]  # settings: the default zone meanwhile


async def test_a_request_from_a_workspace_without_a_token_here_is_acknowledged_and_dropped(
        rig: SlackRig, caplog: pytest.LogCaptureFixture) -> None:
    other = "T0000000009"
    rig.fake.add_workspace(other, bot_token="xoxb-9999-not-ours")
    rig.fake.add_user(other, ALEX)
    caplog.set_level(logging.INFO)
    for text in ("help", "list"):
        assert await rig.dm(other, ALEX, text, wait=False) == 200  # Slack stops retrying
    assert await rig.store.database.read("SELECT * FROM inbox") == []
    assert await rig.store.get_user(UserKey("slack", other, ALEX)) is None
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
