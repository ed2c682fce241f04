"""`rebound run`: every configured platform in one process, its settings checked at start, and
a SIGTERM that loses and repeats nothing."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import discord
import pytest
import yarl
from fake_slack import FakeSlack
from nudge_support import RawNudge, eventually, insert_nudges, nudge_rows
from prometheus_client.parser import text_string_to_metric_families

from bot.errors import DatabaseUnavailable
from bot.models import Preferences, UserKey
from bot.store import Store
from rebound import run
from rebound.bootstrap import open_store
from rebound.cli import main
from rebound.config import load_settings
from tests.fake_discord import FakeDiscord

T1 = "T0000000001"
SLACK_TOKEN = "xoxb-1111-team-one"
DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.token"
PLATFORM_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
                      "DISCORD_TOKEN", "DISCORD_GUILD_ID", "REBOUND_DB", "REBOUND_TIMEZONE")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    for name in PLATFORM_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_run_without_credentials_points_to_the_chat_and_the_setup_guides(
        clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--db", str(clean_env / "r.db")]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    for hint in ("SLACK_BOT_TOKEN", "DISCORD_TOKEN", "Run it on Slack", "rebound chat"):
        assert hint in error


@pytest.mark.parametrize(("env", "named", "code"), [
    ({"REBOUND_TIMEZONE": "Mars/Olympus"}, "REBOUND_TIMEZONE", 2),
    ({"REBOUND_DB": "{tmp}/a-file/r.db"}, "REBOUND_DB", 5),
    ({"SLACK_BOT_TOKEN": "xoxp-user-token", "SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN", 2),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN", 2),
    ({"DISCORD_TOKEN": "not-a-bot-token"}, "DISCORD_TOKEN", 2),
    ({"DISCORD_TOKEN": DISCORD_TOKEN, "DISCORD_GUILD_ID": "my-server"}, "DISCORD_GUILD_ID", 2),
    ({"DISCORD_TOKEN": DISCORD_TOKEN, "SLACK_SEND_RATE": "fast"}, "SLACK_SEND_RATE", 2),
    ({"DISCORD_TOKEN": DISCORD_TOKEN, "REBOUND_HEALTH_PORT": "99999"}, "REBOUND_HEALTH_PORT", 2),
    ({"DISCORD_TOKEN": DISCORD_TOKEN, "REBOUND_LOG_FORMAT": "xml"}, "REBOUND_LOG_FORMAT", 2),
])
def test_a_bad_setting_stops_start_up_with_one_line_naming_it(
        env: dict[str, str], named: str, code: int, clean_env: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (clean_env / "a-file").write_text("not a folder", encoding="utf-8")
    for name, value in env.items():
        monkeypatch.setenv(name, value.replace("{tmp}", str(clean_env)))
    args = ["run"] if "REBOUND_DB" in env else ["run", "--db", str(clean_env / "r.db")]
    assert main(args) == code
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and named in error, error
    assert not (clean_env / "r.db").exists()


def test_in_json_mode_a_start_up_error_is_one_json_object_with_its_exit_code(
        clean_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-bot-token")
    monkeypatch.setenv("REBOUND_LOG_LEVEL", "INFO")
    assert main(["--log-format", "json", "run", "--db", str(clean_env / "r.db")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    entry = json.loads(line)
    assert entry["level"] == "CRITICAL" and entry["exit_code"] == 2
    assert "DISCORD_TOKEN" in entry["message"]
    # A bad level is reported in the format asked for, too.
    monkeypatch.setenv("REBOUND_LOG_LEVEL", "LOUD")
    assert main(["--log-format", "json", "run", "--db", str(clean_env / "r.db")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "REBOUND_LOG_LEVEL" in json.loads(line)["message"]


def test_a_folder_given_as_the_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="is a folder"):
        load_settings({"DISCORD_TOKEN": DISCORD_TOKEN}, db=str(tmp_path))


def test_settings_come_from_a_dotenv_file_under_the_environment(
        clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean_env / ".env").write_text(f"DISCORD_TOKEN={DISCORD_TOKEN}\nREBOUND_TIMEZONE=Asia/Tokyo\n"
                                    "REBOUND_HEALTH_PORT=9100\n", encoding="utf-8")
    monkeypatch.setenv("REBOUND_TIMEZONE", "Europe/Berlin")
    from rebound.settings import with_dotenv

    settings = load_settings(with_dotenv(os.environ), db=str(clean_env / "r.db"))
    assert settings.platforms == ["discord"]
    assert settings.default_timezone == "Europe/Berlin"
    assert settings.health_port == 9100


async def add_user(store: Store, key: UserKey, *, timezone: str = "UTC") -> int:
    user = await store.get_or_create_user(key, now=datetime.now(UTC),
                                          preferences=Preferences(timezone=timezone))
    return user.id


async def test_one_process_serves_slack_and_discord_each_nudge_on_its_platform(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeSlack() as slack, FakeDiscord() as fake_discord:
        monkeypatch.setattr(discord.http.Route, "BASE", fake_discord.base)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                            yarl.URL(fake_discord.gateway))
        slack.add_workspace(T1, bot_token=SLACK_TOKEN, app_token="xapp-1-app")
        slack.add_user(T1, "U0000000A1")
        db = tmp_path / "rebound.db"
        now = datetime.now(UTC)
        async with await open_store(db) as store:
            slack_user = await add_user(store, UserKey("slack", T1, "U0000000A1"))
            discord_user = await add_user(store, UserKey("discord", "global",
                                                         "222222222222222222"))
            await insert_nudges(store, [
                RawNudge("c:slack", slack_user, now - timedelta(minutes=1)),
                RawNudge("c:discord", discord_user, now - timedelta(minutes=1))], now=now)
        settings = load_settings({"SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_APP_TOKEN": "xapp-1-app",
                                  "SLACK_API_URL": slack.api_url,
                                  "DISCORD_TOKEN": DISCORD_TOKEN}, db=str(db))
        assert settings.platforms == ["slack", "discord"]
        stop = asyncio.Event()
        serving = asyncio.create_task(run.serve(settings, stop=stop))
        try:
            [post] = await slack.wait_for_calls("chat.postMessage")
            assert post.params["channel"] == slack.dm_channel(T1, "U0000000A1")
            await eventually(lambda: bool(fake_discord.made("POST", "/messages")), within=10)
            [dm] = fake_discord.made("POST", "/users/@me/channels")
            assert dm.body["recipient_id"] in ("222222222222222222", 222222222222222222)
            assert len(fake_discord.made("POST", "/messages")) == 1
        finally:
            stop.set()
            await asyncio.wait_for(serving, 10)
        assert len(slack.calls_to("chat.postMessage")) == 1
        async with await open_store(db) as store:
            assert {row["idempotency_key"]: row["status"] for row in await nudge_rows(store)} \
                == {"c:slack": "sent", "c:discord": "sent"}


USERS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def scrape(port: int, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        for _ in range(100):  # the server may still be starting
            try:
                async with session.get(f"http://127.0.0.1:{port}{path}") as response:
                    return response.status, await response.text()
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    raise AssertionError(f"nothing answered on port {port}")


async def start_bot(db: Path, slack: FakeSlack, *,
                    health_port: int | None = None) -> asyncio.subprocess.Process:
    env = {**os.environ, "SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": "s3cret",
           "SLACK_API_URL": slack.api_url, "REBOUND_DB": str(db), "SLACK_SEND_RATE": "1000"}
    for name in ("SLACK_APP_TOKEN", "DISCORD_TOKEN"):
        env.pop(name, None)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--slack-http", "--slack-port", "0",
        "--host", "127.0.0.1",
        *(["--health-port", str(health_port)] if health_port else []), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def sigterm(process: asyncio.subprocess.Process) -> tuple[float, bytes]:
    """Send SIGTERM; return how long the process took to exit, and what it logged."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _out, err = await asyncio.wait_for(process.communicate(), 15)
    return time.monotonic() - started, err


async def test_sigterm_during_a_burst_loses_and_repeats_nothing(tmp_path: Path) -> None:
    async with FakeSlack() as slack:
        slack.add_workspace(T1, bot_token=SLACK_TOKEN)
        slack.latency["chat.postMessage"] = 0.03  # a burst of ~4 s
        db = tmp_path / "rebound.db"
        now = datetime.now(UTC)
        async with await open_store(db) as store:
            nudges = []
            for index in range(USERS):
                user_id = f"U{index:09d}"
                slack.add_user(T1, user_id)
                uid = await add_user(store, UserKey("slack", T1, user_id))
                nudges.append(RawNudge(f"c:{index}", uid, now - timedelta(minutes=2)))
            await insert_nudges(store, nudges, now=now)

        port = free_port()
        first = await start_bot(db, slack, health_port=port)
        await slack.wait_for_calls("chat.postMessage", 20, timeout=30)
        assert await scrape(port, "/healthz") == (200, "ok\n")
        assert (await scrape(port, "/readyz"))[0] == 200
        # A send is counted once its outcome is recorded, a moment after Slack received it.
        sent_counted = 0.0
        async with asyncio.timeout(10):
            while sent_counted < 20:
                status, text = await scrape(port, "/metrics")
                families = {f.name: f for f in text_string_to_metric_families(text)}
                [sent] = families["rebound_nudges_sent"].samples[:1]
                assert status == 200 and sent.labels == {"platform": "slack"}
                sent_counted = sent.value
        took, err = await sigterm(first)
        assert first.returncode == 0, err.decode()
        assert took < 10
        sent_before = len(slack.calls_to("chat.postMessage"))
        assert sent_before < USERS, "the burst ended before SIGTERM; make it longer"
        async with await open_store(db) as store:
            statuses = [row["status"] for row in await nudge_rows(store)]
        assert "claimed" not in statuses  # every claim was finished or handed back
        assert statuses.count("sent") == sent_before

        second = await start_bot(db, slack)
        await slack.wait_for_calls("chat.postMessage", USERS, timeout=30)
        _took, err = await sigterm(second)
        assert second.returncode == 0, err.decode()
        channels = [call.params["channel"] for call in slack.calls_to("chat.postMessage")]
        assert sorted(channels) == sorted(slack.dm_channel(T1, f"U{i:09d}") for i in
                                          range(USERS))  # each exactly once
        async with await open_store(db) as store:
            assert {row["status"] for row in await nudge_rows(store)} == {"sent"}
