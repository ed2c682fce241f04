"""Setting up a distributed Slack app: the manifest matches the code, and the OAuth settings
are read (and refused) with one clear line naming the variable."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from fake_slack import FakeSlack
from fake_slack_oauth import FakeOAuth

from adapters.slack.app import SLASH_COMMAND
from adapters.slack.oauth import DEFAULT_SCOPES, INSTALL_PATH, REDIRECT_PATH, authorize_url
from bot.errors import UserError
from rebound.config import load_settings
from rebound.doctor import run_doctor
from rebound.slack_app import slack_settings

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "slack"
OAUTH = {"SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "shh",
         "SLACK_SIGNING_SECRET": "signing"}


def test_the_distribution_manifest_asks_for_what_the_app_uses() -> None:
    manifest = yaml.safe_load((DEPLOY / "manifest-distributed.yml").read_text(encoding="utf-8"))
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == SLASH_COMMAND and command["url"].endswith("/slack/events")
    oauth = manifest["oauth_config"]
    assert set(oauth["scopes"]["bot"]) == set(DEFAULT_SCOPES)
    assert [url.rsplit("YOUR-HOST", 1)[1] for url in oauth["redirect_urls"]] == [REDIRECT_PATH]
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened", "message.im", "app_uninstalled", "tokens_revoked"}
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert settings["token_rotation_enabled"] is True
    assert settings["socket_mode_enabled"] is False and settings["org_deploy_enabled"] is False
    assert INSTALL_PATH == "/slack/install"


def test_oauth_settings_need_no_bot_token_and_turn_on_http(tmp_path: Path) -> None:
    settings = load_settings(OAUTH, db=str(tmp_path / "rebound.db"))
    assert settings.slack is not None and settings.slack.http
    assert settings.slack.bot_tokens == ()
    oauth = settings.slack.oauth
    assert oauth is not None and oauth.client_id == "123.456" and oauth.scopes == DEFAULT_SCOPES
    assert oauth.redirect_uri is None and oauth.rotate_before_minutes == 120
    assert settings.slack.uninstall_grace == timedelta(days=30)


def test_oauth_settings_read_every_option() -> None:
    settings = slack_settings({**OAUTH, "SLACK_BOT_TOKEN": "xoxb-1, xoxb-2",
                               "SLACK_SCOPES": "chat:write, commands",
                               "SLACK_REDIRECT_URI": "https://r.example/slack/oauth_redirect",
                               "SLACK_TOKEN_ROTATION_MINUTES": "30",
                               "REBOUND_SLACK_UNINSTALL_GRACE_DAYS": "7"}, http=True)
    assert settings.bot_tokens == ("xoxb-1", "xoxb-2")
    assert settings.oauth is not None and settings.oauth.scopes == ("chat:write", "commands")
    assert settings.oauth.redirect_uri == "https://r.example/slack/oauth_redirect"
    assert settings.oauth.rotate_before_minutes == 30
    assert settings.uninstall_grace == timedelta(days=7)
    assert slack_settings(OAUTH, http=True).oauth is not None


@pytest.mark.parametrize(("env", "http", "message"), [
    (OAUTH, False, "SLACK_CLIENT_ID is set, so workspaces install the app"),
    ({"SLACK_CLIENT_ID": "123.456", "SLACK_SIGNING_SECRET": "s"}, True,
     "SLACK_CLIENT_SECRET is not set"),
    ({"SLACK_CLIENT_SECRET": "shh", "SLACK_SIGNING_SECRET": "s"}, True,
     "SLACK_CLIENT_ID is not set"),
    ({**OAUTH, "REBOUND_SLACK_UNINSTALL_GRACE_DAYS": "a month"}, True,
     "REBOUND_SLACK_UNINSTALL_GRACE_DAYS must be a whole number of days"),
    ({**OAUTH, "SLACK_TOKEN_ROTATION_MINUTES": "0"}, True,
     "SLACK_TOKEN_ROTATION_MINUTES must be a whole number of minutes"),
    ({**OAUTH, "SLACK_REDIRECT_URI": "rebound.example"}, True,
     "SLACK_REDIRECT_URI must be the full public URL"),
    ({**OAUTH, "SLACK_SCOPES": "chat:write commands"}, True,
     "SLACK_SCOPES is a comma-separated list"),
])
def test_a_wrong_oauth_setting_is_named(env: dict[str, str], http: bool, message: str) -> None:
    with pytest.raises(UserError) as refused:
        slack_settings(env, http=http)
    assert str(refused.value).startswith(message)
    assert len(str(refused.value).splitlines()) == 1


def test_the_consent_screen_is_beside_the_web_api() -> None:
    assert authorize_url("https://slack.com/api/") == "https://slack.com/oauth/v2/authorize"
    assert authorize_url("http://127.0.0.1:8/api/") == "http://127.0.0.1:8/oauth/v2/authorize"


@pytest.mark.parametrize(("secret", "expected"), [
    ("shh", "ok    slack     SLACK_CLIENT_ID and SLACK_CLIENT_SECRET work: workspaces install "
            "the app at /slack/install (removed ones keep their data 30 days)"),
    ("wrong", "FAIL  slack     SLACK_CLIENT_SECRET refused by Slack (bad_client_secret): copy "
              "it again from api.slack.com/apps > your app > Basic Information > App "
              "Credentials > Client Secret."),
])
async def test_doctor_checks_the_client_credentials_with_slack(
        tmp_path: Path, secret: str, expected: str) -> None:
    async with FakeSlack() as slack:
        FakeOAuth(slack, client_id="123.456", client_secret="shh")
        out = io.StringIO()
        code = await run_doctor(db=str(tmp_path / "rebound.db"), out=out, answer_within=5.0,
                                environ={**OAUTH, "SLACK_CLIENT_SECRET": secret,
                                         "SLACK_API_URL": slack.api_url})
    lines = out.getvalue().splitlines()
    assert [line for line in lines if " slack " in line] == [expected]
    assert code == (0 if secret == "shh" else 1)
    assert secret not in out.getvalue()
    [call] = slack.calls
    assert call.method == "oauth.v2.access" and call.token is None
