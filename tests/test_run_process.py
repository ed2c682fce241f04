"""`rebound run` as a real process: what a service manager sees.

A start-up problem retrying can't fix is one line on stderr (JSON in JSON mode) and its own
exit code, never a traceback; SIGTERM stops within 10 s however slow Slack is, leaving the
database intact and no nudge claimed; a second SIGTERM ends it at once. Slack is
tests/fake_slack.py over HTTP (the signed requests Slack would send).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from fake_slack import FakeSlack, events_json, sign_request

from bot.models import Preferences, UserKey
from rebound.bootstrap import open_store
from tests.nudge_support import RawNudge, eventually, insert_nudges

T1 = "T0000000001"
TOKEN = "xoxb-1111-team-one"
SECRET = "s3cret-signing"
HANG = 3600.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(db: Path, slack: FakeSlack, **extra: str) -> dict[str, str]:
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": slack.api_url, "REBOUND_DB": str(db), "SLACK_SEND_RATE": "1000",
           **extra}
    for name in ("SLACK_APP_TOKEN", "DISCORD_TOKEN", "REBOUND_HEALTH_PORT",
                 "REBOUND_HEALTH_HOST", "REBOUND_LOG_FORMAT"):
        if name not in extra:
            env.pop(name, None)
    return env


async def start(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)


async def stderr_lines(process: asyncio.subprocess.Process) -> list[str]:
    _out, err = await asyncio.wait_for(process.communicate(), 30)
    return err.decode().splitlines()


async def wait_for_line(process: asyncio.subprocess.Process, text: str,
                        seen: list[str]) -> None:
    """Read stderr until a line containing `text` (every line read is kept in `seen`)."""
    assert process.stderr is not None
    async with asyncio.timeout(30):
        while True:
            line = (await process.stderr.readline()).decode()
            if not line:
                raise AssertionError(f"the bot ended before logging {text!r}: {seen}")
            seen.append(line.rstrip("\n"))
            if text in line:
                return


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        fake.add_workspace(T1, bot_token=TOKEN)
        yield fake


def run_args(slack_port: int, *more: str) -> list[str]:
    return ["--log-format", "json", "run", "--slack-http", "--slack-port", str(slack_port),
            "--slack-host", "127.0.0.1", *more]


async def test_a_health_port_in_use_is_one_json_line_and_exit_code_4(
        tmp_path: Path, slack: FakeSlack) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bot = await start(bot_env(tmp_path / "r.db", slack),
                          *run_args(free_port(), "--health-port", str(port)))
        lines = await stderr_lines(bot)
    assert bot.returncode == 4
    fatal = [json.loads(line) for line in lines if '"CRITICAL"' in line]
    assert len(fatal) == 1 and fatal[0]["exit_code"] == 4
    assert "--health-port" in fatal[0]["message"] and str(port) in fatal[0]["message"]
    assert all(json.loads(line) for line in lines)  # every line is a JSON object
    assert "Traceback" not in "\n".join(lines)


async def test_a_slack_port_in_use_is_one_line_and_exit_code_4(
        tmp_path: Path, slack: FakeSlack) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bot = await start(bot_env(tmp_path / "r.db", slack), "run", "--slack-http",
                          "--slack-port", str(port), "--slack-host", "127.0.0.1")
        lines = await stderr_lines(bot)
    assert bot.returncode == 4
    errors = [line for line in lines if line.startswith("rebound: ")]
    assert len(errors) == 1 and "--slack-port" in errors[0], lines
    # Start-up INFO lines (the database created, each migration applied) come and go with the
    # schema; what must stay short is everything else.
    problems = [line for line in lines if " INFO " not in line]
    assert "Traceback" not in "\n".join(lines) and len(problems) < 5, problems


async def test_a_refused_token_is_one_line_and_exit_code_3(
        tmp_path: Path, slack: FakeSlack) -> None:
    bot = await start(bot_env(tmp_path / "r.db", slack, SLACK_BOT_TOKEN="xoxb-not-known"),
                      "run", "--slack-http", "--slack-port", str(free_port()),
                      "--slack-host", "127.0.0.1")
    lines = await stderr_lines(bot)
    assert bot.returncode == 3
    [error] = [line for line in lines if line.startswith("rebound: ")]
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in error
    assert "xoxb-not-known" not in "\n".join(lines)


async def test_slack_unreachable_at_start_is_retried_in_the_process_not_fatal(
        tmp_path: Path, slack: FakeSlack) -> None:
    slack.fail_next("auth.test", status=503)
    port = free_port()
    bot = await start(bot_env(tmp_path / "r.db", slack),
                      *run_args(port, "--health-port", str(free_port())))
    seen: list[str] = []
    await wait_for_line(bot, "slack is up again after 1 failed attempt", seen)
    [retry] = [json.loads(line) for line in seen if "is down" in line]
    assert retry["level"] == "WARNING" and "exception" not in retry
    assert "Slack answered internal_error" in retry["message"]
    bot.send_signal(signal.SIGTERM)
    await stderr_lines(bot)
    assert bot.returncode == 0


async def calls(slack: FakeSlack, method: str, count: int) -> None:
    """Wait until `count` calls to `method` have arrived, answered or not (the fake's own
    waits return when a call is answered, and these hang)."""
    await eventually(lambda: len(slack.calls_to(method)) >= count, within=30)


async def add_users(db: Path, slack: FakeSlack, count: int) -> None:
    now = datetime.now(UTC)
    async with await open_store(db) as store:
        nudges = []
        for index in range(count):
            user_id = f"U{index:09d}"
            slack.add_user(T1, user_id)
            user = await store.get_or_create_user(UserKey("slack", T1, user_id), now=now,
                                                  preferences=Preferences(timezone="UTC"))
            nudges.append(RawNudge(f"c:{index}", user.id, now - timedelta(minutes=1)))
        await insert_nudges(store, nudges, now=now)


async def post_event(port: int, body: dict[str, object]) -> int:
    raw = events_json(body)
    headers = {**sign_request(SECRET, raw, int(time.time())), "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session, session.post(
            f"http://127.0.0.1:{port}/slack/events", data=raw, headers=headers) as response:
        return response.status


def database_state(db: Path) -> tuple[str, list[str]]:
    with sqlite3.connect(db) as conn:
        [[integrity]] = conn.execute("PRAGMA integrity_check").fetchall()
        statuses = [row[0] for row in conn.execute("SELECT status FROM nudges")]
    return str(integrity), statuses


async def test_sigterm_stops_within_10_seconds_while_slack_hangs(
        tmp_path: Path, slack: FakeSlack) -> None:
    db = tmp_path / "rebound.db"
    await add_users(db, slack, 5)
    slack.latency["chat.postMessage"] = HANG
    slack.latency["views.publish"] = HANG
    port = free_port()
    bot = await start(bot_env(db, slack), *run_args(port))
    seen: list[str] = []
    await wait_for_line(bot, "slack is up", seen)
    await calls(slack, "chat.postMessage", 1)  # a nudge, hanging
    user = "U000000001"
    assert await post_event(port, slack.app_home_opened_event(T1, user)) == 200
    assert await post_event(port, slack.dm_message_event(
        T1, user, None, "log company: Acme; role: Designer; interviewer: Jane Smith; "
        "rejected: today; memory: the whiteboard session")) == 200
    await calls(slack, "views.publish", 2)  # both App Home refreshes hang
    await calls(slack, "chat.postMessage", 2)  # and so does the DM's answer

    started = time.monotonic()
    bot.send_signal(signal.SIGTERM)
    rest = await stderr_lines(bot)
    took = time.monotonic() - started
    assert bot.returncode == 0, rest
    assert took <= 10, f"took {took:.1f}s"
    integrity, statuses = database_state(db)
    assert integrity == "ok"
    assert "claimed" not in statuses and len(statuses) >= 5
    assert not any('"ERROR"' in line or '"CRITICAL"' in line for line in seen + rest), \
        "\n".join(rest)


async def test_a_second_sigterm_ends_the_process_at_once(
        tmp_path: Path, slack: FakeSlack) -> None:
    db = tmp_path / "rebound.db"
    await add_users(db, slack, 2)
    slack.latency["chat.postMessage"] = HANG
    bot = await start(bot_env(db, slack), *run_args(free_port()))
    seen: list[str] = []
    await wait_for_line(bot, "slack is up", seen)
    await calls(slack, "chat.postMessage", 1)
    bot.send_signal(signal.SIGTERM)
    await wait_for_line(bot, "stopping", seen)
    started = time.monotonic()
    bot.send_signal(signal.SIGTERM)
    rest = await stderr_lines(bot)
    assert time.monotonic() - started < 3
    assert bot.returncode == 128 + signal.SIGTERM
    assert any("a second SIGTERM" in line for line in rest)
    assert database_state(db)[0] == "ok"
