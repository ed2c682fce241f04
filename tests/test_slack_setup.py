"""Setting up the Slack app: the manifest matches the code, and bad credentials get one clear
line naming the variable and where to find it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fake_slack import FakeSlack

from adapters.slack.app import SLASH_COMMAND
from bot.clock import FakeClock
from bot.errors import CredentialsRefused, FatalStartup, UserError
from bot.models import UserKey
from bot.nudges.model import Delivery, OutgoingNudge
from bot.replies import Reply
from rebound.bootstrap import bootstrap, open_store
from rebound.cli import main
from rebound.settings import with_dotenv
from rebound.slack_app import (
    NOT_CONNECTED_PAUSE,
    SlackPlatform,
    build_slack_app,
    connect_slack,
    slack_settings,
)
from rebound.supervise import Unavailable
from tests.chat_harness import START

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "slack"
SCOPES = {"chat:write", "commands", "im:history", "im:write", "users:read", "files:write"}


@pytest.mark.parametrize("name", ["manifest.yml", "manifest-http.yml"])
def test_the_manifests_ask_for_what_the_app_uses(name: str) -> None:
    manifest = yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == SLASH_COMMAND
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == SCOPES
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened", "message.im"}
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    http = name == "manifest-http.yml"
    assert manifest["settings"]["socket_mode_enabled"] is (not http)
    if http:
        assert command["url"].endswith("/slack/events")
        assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/events")
        assert manifest["settings"]["event_subscriptions"]["request_url"].endswith(
            "/slack/events")


@pytest.mark.parametrize(("env", "args", "missing"), [
    ({}, [], "SLACK_BOT_TOKEN is not set"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, [], "SLACK_APP_TOKEN is not set"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, ["--http"], "SLACK_SIGNING_SECRET is not set"),
    ({"SLACK_BOT_TOKEN": "xapp-1", "SLACK_APP_TOKEN": "xapp-1"}, [],
     "SLACK_BOT_TOKEN doesn't look right"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-1"}, [],
     "SLACK_APP_TOKEN doesn't look right"),
])
def test_rebound_slack_names_the_missing_variable(
        env: dict[str, str], args: list[str], missing: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no .env here
    assert main(["slack", *args, "--db", str(tmp_path / "r.db")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("rebound: " + missing)
    assert "api.slack.com/apps" in error
    assert len(error.splitlines()) == 1
    assert not (tmp_path / "r.db").exists()  # nothing started


def test_a_dotenv_file_supplies_variables_the_environment_lacks(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_APP_TOKEN=xapp-from-file\n",
                        encoding="utf-8")
    merged = with_dotenv({"SLACK_APP_TOKEN": "xapp-from-env"}, env_file)
    settings = slack_settings(merged, http=False)
    assert settings.bot_tokens == ("xoxb-from-file",)
    assert settings.app_token == "xapp-from-env"


async def test_tokens_slack_refuses_stop_start_up_with_the_variable_named() -> None:
    async with FakeSlack() as fake:
        fake.add_workspace("T1", bot_token="xoxb-good", app_token="xapp-good")
        bad_bot = slack_settings({"SLACK_BOT_TOKEN": "xoxb-bad", "SLACK_APP_TOKEN": "xapp-good",
                                  "SLACK_API_URL": fake.api_url}, http=False)
        with pytest.raises(CredentialsRefused,
                           match=r"Slack refused SLACK_BOT_TOKEN \(invalid_auth\)"):
            await connect_slack(build_slack_app(bad_bot), bad_bot)
        bad_app = slack_settings({"SLACK_BOT_TOKEN": "xoxb-good", "SLACK_APP_TOKEN": "xapp-bad",
                                  "SLACK_API_URL": fake.api_url}, http=False)
        with pytest.raises(CredentialsRefused, match=r"Slack refused SLACK_APP_TOKEN"):
            await connect_slack(build_slack_app(bad_app), bad_app)
        good = slack_settings({"SLACK_BOT_TOKEN": "xoxb-good", "SLACK_APP_TOKEN": "xapp-good",
                               "SLACK_API_URL": fake.api_url}, http=False)
        app = build_slack_app(good)
        await connect_slack(app, good)
        assert [w.team_id for w in app.workspaces.teams] == ["T1"]


def test_an_api_url_must_be_http() -> None:
    with pytest.raises(UserError, match="SLACK_API_URL"):
        slack_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1",
                        "SLACK_API_URL": "slack.example"}, http=False)


async def test_a_slack_that_cannot_answer_at_start_is_retried_not_fatal() -> None:
    async with FakeSlack() as fake:
        fake.add_workspace("T1", bot_token="xoxb-good", app_token="xapp-good")
        settings = slack_settings({"SLACK_BOT_TOKEN": "xoxb-good", "SLACK_APP_TOKEN": "xapp-good",
                                   "SLACK_API_URL": fake.api_url}, http=False)
        platform = SlackPlatform(build_slack_app(settings), settings)
        fake.fail_next("apps.connections.open", status=500)
        with pytest.raises(Unavailable, match="Slack answered internal_error"):
            await platform.run()
        fake.fail_next("auth.test")  # a rate limit
        with pytest.raises(Unavailable, match="ratelimited"):
            await platform.run()
        assert not isinstance(Unavailable("x"), FatalStartup)


async def test_slack_nudges_wait_until_the_tokens_are_checked(tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        fake.add_workspace("T1", bot_token="xoxb-good")
        settings = slack_settings({"SLACK_BOT_TOKEN": "xoxb-good", "SLACK_SIGNING_SECRET": "s",
                                   "SLACK_API_URL": fake.api_url}, http=True, host="127.0.0.1",
                                  port=0)
        platform = SlackPlatform(build_slack_app(settings), settings)
        async with await open_store(tmp_path / "rebound.db") as store:
            coach = bootstrap(store=store, clock=FakeClock(START)).coach
            messenger = platform.bind(coach)
            nudge = OutgoingNudge(user=UserKey("slack", "T1", "U1"), idempotency_key="k",
                                  due_local=START, late=False, title="Reach out",
                                  reply=Reply.text("Time to write."))
            # A pause, not a failed attempt: waiting for Slack mustn't use up the nudge.
            assert await messenger.deliver(nudge) == Delivery.retry(
                NOT_CONNECTED_PAUSE, "Slack isn't connected yet")
            assert fake.calls == []
