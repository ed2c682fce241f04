"""`rebound doctor` against real SQLite files, a fake Slack and a fake Discord on loopback:
a good setup is all `ok`; each broken piece is one FAIL line that says what to fix."""

from __future__ import annotations

import asyncio
import io
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web
from fake_discord import FakeDiscord
from fake_slack import FakeSlack

from bot.store import LATEST_VERSION, Database
from rebound.bootstrap import open_store
from rebound.doctor import run_doctor

BOT_TOKEN = "xoxb-1-good"
APP_TOKEN = "xapp-1-good"
DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.token"
SECRETS = (BOT_TOKEN, APP_TOKEN, DISCORD_TOKEN, "xoxb-wrong", "xapp-wrong", "wrong.token")


@dataclass
class Report:
    code: int
    lines: list[str]

    def starting(self, status: str) -> list[str]:
        return [line for line in self.lines[:-1] if line.split()[0] == status]

    @property
    def summary(self) -> str:
        return self.lines[-1]


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        fake.add_workspace("T1", bot_token=BOT_TOKEN, app_token=APP_TOKEN, name="Acme")
        yield fake


@pytest.fixture
async def discord() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=DISCORD_TOKEN) as fake:
        yield fake


@pytest.fixture
async def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "rebound.db"
    store = await open_store(path)
    await store.close()
    return path


def good_env(slack: FakeSlack, discord: FakeDiscord) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_API_URL": slack.api_url, "DISCORD_TOKEN": DISCORD_TOKEN,
            "DISCORD_API_URL": discord.base}


async def doctor(db: Path, environ: dict[str, str], *, answer_within: float = 10.0) -> Report:
    out = io.StringIO()
    code = await run_doctor(db=str(db), environ=environ, out=out, answer_within=answer_within)
    text = out.getvalue()
    for secret in SECRETS:
        assert secret not in text
    return Report(code, text.splitlines())


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/"


async def test_a_good_setup_is_all_ok(db: Path, slack: FakeSlack,
                                      discord: FakeDiscord) -> None:
    report = await doctor(db, good_env(slack, discord))
    assert report.code == 0
    assert report.lines[:-1] == report.starting("ok")
    assert report.lines[0] == f"ok    database  {db} (schema v{LATEST_VERSION}, current)"
    assert "ok    slack     SLACK_BOT_TOKEN works: bot @rebound in Acme (T1)" in report.lines
    assert "ok    slack     SLACK_APP_TOKEN works: Slack offers a Socket Mode connection" \
        in report.lines
    assert "ok    discord   DISCORD_TOKEN works: bot Rebound (id 123456789012345678)" \
        in report.lines
    assert report.summary == "No problems found: 4 ok, 0 warnings."
    assert [c.method for c in slack.calls] in (["auth.test", "apps.connections.open"],
                                               ["apps.connections.open", "auth.test"])
    assert [(r.method, r.path) for r in discord.requests] == [("GET", "/users/@me")]


async def test_each_workspace_token_is_checked(db: Path, slack: FakeSlack) -> None:
    slack.add_workspace("T2", bot_token="xoxb-2-good", name="Beta")
    report = await doctor(db, {"SLACK_BOT_TOKEN": f"{BOT_TOKEN}, xoxb-2-good",
                               "SLACK_SIGNING_SECRET": "s3cret", "SLACK_API_URL": slack.api_url})
    assert report.code == 0
    assert report.lines[1:-1] == [
        "ok    slack     SLACK_BOT_TOKEN (token 1 of 2) works: bot @rebound in Acme (T1)",
        "ok    slack     SLACK_BOT_TOKEN (token 2 of 2) works: bot @rebound in Beta (T2)",
        "ok    slack     SLACK_SIGNING_SECRET is set, for `rebound slack --http` (Slack checks "
        "it with its first request)"]


async def test_a_wrong_slack_bot_token_is_refused(db: Path, slack: FakeSlack,
                                                  discord: FakeDiscord) -> None:
    report = await doctor(db, {**good_env(slack, discord), "SLACK_BOT_TOKEN": "xoxb-wrong"})
    assert report.code == 1
    assert report.starting("FAIL") == [
        "FAIL  slack     SLACK_BOT_TOKEN refused by Slack (invalid_auth): copy it again from "
        "api.slack.com/apps > your app > OAuth & Permissions > Bot User OAuth Token (it starts "
        "with xoxb-)."]
    assert len(report.starting("ok")) == 3
    assert report.summary == "1 problem to fix (the FAIL lines above), 0 warnings, 3 ok."


async def test_a_wrong_app_token_is_refused(db: Path, slack: FakeSlack,
                                            discord: FakeDiscord) -> None:
    report = await doctor(db, {**good_env(slack, discord), "SLACK_APP_TOKEN": "xapp-wrong"})
    assert report.code == 1
    [fail] = report.starting("FAIL")
    assert fail.startswith("FAIL  slack     SLACK_APP_TOKEN refused by Slack (invalid_auth): "
                           "copy it again from api.slack.com/apps > your app > Basic "
                           "Information > App-Level Tokens")


async def test_tokens_of_the_wrong_kind_are_named_without_asking_slack(
        db: Path, slack: FakeSlack) -> None:
    report = await doctor(db, {"SLACK_BOT_TOKEN": APP_TOKEN, "SLACK_API_URL": slack.api_url})
    assert report.code == 1
    assert [line[:60] for line in report.starting("FAIL")] == [
        "FAIL  slack     SLACK_BOT_TOKEN doesn't look right: it shoul",
        "FAIL  slack     SLACK_APP_TOKEN is not set, so `rebound slac"]
    assert slack.calls == []


async def test_a_wrong_discord_token_is_refused(db: Path, slack: FakeSlack,
                                                discord: FakeDiscord) -> None:
    report = await doctor(db, {**good_env(slack, discord), "DISCORD_TOKEN": "wrong.token"})
    assert report.code == 1
    assert report.starting("FAIL") == [
        "FAIL  discord   DISCORD_TOKEN refused by Discord (401 Unauthorized): get a new one at "
        "https://discord.com/developers/applications -> your application -> Bot -> Reset "
        "Token."]


async def test_unreachable_apis_fail_without_hanging(db: Path) -> None:
    url = closed_port_url()
    report = await doctor(db, {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN,
                               "SLACK_API_URL": url, "DISCORD_TOKEN": DISCORD_TOKEN,
                               "DISCORD_API_URL": url})
    assert report.code == 1
    fails = report.starting("FAIL")
    assert len(fails) == 3
    for line, area in zip(fails, ("slack", "slack", "discord"), strict=True):
        assert line.startswith(f"FAIL  {area:<10}can't reach {area.title()} at {url} (")
        assert line.endswith(f"Check the network connection (and {area.upper()}_API_URL, if "
                             "you set it).")


async def test_an_api_that_never_answers_is_a_fail_after_the_wait(db: Path) -> None:
    async def hang(request: web.Request) -> web.Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", hang)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        report = await doctor(db, {"DISCORD_TOKEN": DISCORD_TOKEN,
                                   "DISCORD_API_URL": f"http://127.0.0.1:{port}/api/v10"},
                              answer_within=0.2)
    finally:
        await runner.cleanup()
    assert report.code == 1
    [fail] = report.starting("FAIL")
    assert "can't reach Discord at" in fail
    assert "(no answer within 0.2 s)" in fail


async def test_no_platform_configured_is_a_warning_that_points_to_the_readme(db: Path) -> None:
    report = await doctor(db, {})
    assert report.code == 0
    assert report.starting("warn") == [
        "warn  platform  no chat platform configured (SLACK_BOT_TOKEN and DISCORD_TOKEN are not "
        "set): `rebound chat` works without one; to run on Slack or Discord, see README.md's "
        "\"Run it on Slack\" and \"Run it on Discord\"."]
    assert report.summary == "No problems found: 1 ok, 1 warning."


async def test_a_missing_database_is_fine_if_it_can_be_created_and_is_not_created(
        tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "rebound.db"
    report = await doctor(path, {})
    assert report.code == 0
    assert report.lines[0] == (f"ok    database  no database yet at {path}; it will be "
                               "created on first start")
    assert not (tmp_path / "new").exists()


async def test_a_database_in_a_folder_that_cannot_exist_is_a_fail(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    path = tmp_path / "notes.txt" / "rebound.db"
    report = await doctor(path, {})
    assert report.code == 1
    assert report.starting("FAIL") == [
        f"FAIL  database  no database at {path}, and it can't be created there: "
        f"{tmp_path / 'notes.txt'} is not a folder. Set REBOUND_DB (or --db PATH) to a file in "
        "a folder you can write to."]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any folder")
async def test_a_database_in_a_read_only_folder_is_a_fail(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    try:
        report = await doctor(folder / "rebound.db", {})
    finally:
        folder.chmod(0o700)
    assert report.code == 1
    [fail] = report.starting("FAIL")
    assert f"{folder} is not writable by this user" in fail
    assert "REBOUND_DB" in fail


async def test_a_file_that_is_not_sqlite_is_a_fail(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear diary,\n" * 10)
    path.chmod(0o600)
    report = await doctor(path, {})
    assert report.code == 1
    assert report.starting("FAIL") == [
        f"FAIL  database  {path} is not a SQLite database (did --db or REBOUND_DB name the "
        "wrong file?): choose another file with --db PATH or the REBOUND_DB variable."]
    assert path.read_text() == "Dear diary,\n" * 10


def scribble_over_all_but_the_first_page(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\xab" * (len(data) - 4096))


async def test_a_damaged_database_is_a_fail(db: Path) -> None:
    scribble_over_all_but_the_first_page(db)
    report = await doctor(db, {})
    assert report.code == 1
    [fail] = report.starting("FAIL")
    assert fail.startswith(f"FAIL  database  {db} is damaged (")
    assert "restore a backup" in fail


async def test_a_database_from_a_newer_rebound_is_a_fail(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    report = await doctor(db, {})
    assert report.code == 1
    assert report.starting("FAIL") == [
        f"FAIL  database  {db} has schema v{LATEST_VERSION + 1}, but this Rebound knows only up "
        f"to v{LATEST_VERSION}: a newer Rebound wrote it. Upgrade Rebound (or restore a "
        "backup)."]


async def test_an_older_database_will_migrate_and_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = await Database.open(path, target=2)
    await old.close()
    report = await doctor(path, {})
    assert report.code == 0
    assert report.lines[0] == (f"ok    database  {path} (schema v2; it will migrate to "
                               f"v{LATEST_VERSION} on next start)")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2


async def test_a_database_others_can_read_is_a_warning(db: Path) -> None:
    await asyncio.to_thread(db.chmod, 0o644)
    report = await doctor(db, {})
    assert report.code == 0
    assert report.starting("warn")[0] == (
        f"warn  database  other users can read {db} (mode 0644); keep users' notes private "
        f"with: chmod 600 {db}")


def test_the_rebound_command_reports_a_bad_path_and_no_platform(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    path = tmp_path / "notes.txt" / "rebound.db"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "DISCORD_", "REBOUND_"))}
    result = subprocess.run([sys.executable, "-m", "bot", "doctor", "--db", str(path)],
                            text=True, capture_output=True, env=env, cwd=tmp_path,  # no .env
                            timeout=60, check=False)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert [line[:16] for line in lines[:-1]] == ["FAIL  database  ", "warn  platform  "]
    assert f"no database at {path}, and it can't be created there" in lines[0]
    assert "REBOUND_DB" in lines[0]
    assert "`rebound chat`" in lines[1]
    assert lines[-1] == "1 problem to fix (the FAIL lines above), 1 warning, 0 ok."
