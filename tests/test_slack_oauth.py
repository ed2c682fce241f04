"""Installing the Slack app into workspaces through OAuth, end to end: a browser through
`/slack/install`, the fake Slack's consent screen and `/slack/oauth_redirect` (bolt's OAuth
flow behind our HTTP server), then requests and nudges in each workspace with its own token,
uninstalls, the grace period and token rotation. Nothing of ours is mocked; time is the rig's
FakeClock.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fake_slack import Call, FakeSlack
from fake_slack_oauth import FakeOAuth
from slack_harness import ALEX, BLAIR, T1, T2, SlackRig
from slack_oauth_harness import (
    CLIENT_ID,
    CLIENT_SECRET,
    GRACE,
    STATE_COOKIE,
    Browser,
    OAuthRig,
    query_of,
)
from slack_process import SlackProcess

from adapters.slack.installations import REMOVED
from adapters.slack.messenger import SLACK_PLATFORM
from bot.models import UserKey
from tests.nudge_support import eventually

EXPIRED_PAGE = "This install link has expired"


def log_line(company: str) -> str:
    first = "jane"
    return (f"log company: {company}; role: Designer; interviewer: Jane Smith; "
            f"email: {first}@{company.lower()}.com; rejected: today; memory: the demo")


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[OAuthRig]:
    async with OAuthRig(tmp_path) as started:
        yield started


async def user_row(rig: OAuthRig, team: str, user: str) -> sqlite3.Row | None:
    return await rig.store.database.read_one(
        "SELECT id, unreachable FROM users WHERE platform = ? AND workspace = ? AND"
        " external_id = ?", (SLACK_PLATFORM, team, user))


async def held(rig: SlackRig, team: str, user: str) -> str | None:
    """Why the user's nudges are held (their `unreachable` mark), None if they aren't."""
    found = await rig.store.get_user(UserKey(SLACK_PLATFORM, team, user))
    assert found is not None
    return found.unreachable


async def reach_out(rig: OAuthRig, team: str, user: str) -> sqlite3.Row:
    found = await rig.store.get_user(UserKey(SLACK_PLATFORM, team, user))
    assert found is not None
    [row] = await rig.store.database.read(
        "SELECT * FROM nudges WHERE user_id = ? AND kind = 'reach-out'", (found.id,))
    return row


def due(row: sqlite3.Row) -> datetime:
    return datetime.fromisoformat(row["due_at"])


def posts_since(rig: OAuthRig, mark: int) -> list[Call]:
    return [c for c in rig.fake.calls[mark:] if c.method == "chat.postMessage"]


def answered(fake: FakeSlack, channel: str) -> Callable[[], bool]:
    return lambda: bool(fake.bot_messages(channel))


async def count(rig: OAuthRig, sql: str, *params: object) -> int:
    row = await rig.store.database.read_one(sql, params)
    assert row is not None
    return int(row[0])


# -- installing ------------------------------------------------------------------------------


async def test_two_workspaces_install_and_each_is_served_with_its_own_token(
        rig: OAuthRig) -> None:
    for team, name in ((T1, "Team One"), (T2, "Team Two")):
        page = await rig.install(team)
        assert page.status == 200
        assert "Rebound is installed" in page.text and name in page.text
    tokens = {team: rig.fake.workspaces[team].bot_token for team in (T1, T2)}
    assert all(tokens.values()) and tokens[T1] != tokens[T2]
    assert {team: await rig.token_in_store(team) for team in (T1, T2)} == tokens
    [exchange_one, exchange_two] = rig.fake.calls_to("oauth.v2.access")
    assert exchange_one.ok and exchange_two.ok and exchange_one.token is None

    # A rejection logged in each: a slash command in T1, a DM in T2, each signed as its team.
    await rig.slash(T1, ALEX, log_line("Acme"))
    await rig.dm(T2, ALEX, log_line("Globex"))
    assert "Globex" in rig.last_dm(T2, ALEX)
    web_calls = [c for c in rig.fake.calls if c.token is not None and c.method != "auth.test"]
    assert web_calls and all(c.ok and c.token == tokens[c.team_id] for c in web_calls)

    # The nudges: each goes out with its own workspace's token, to its own user.
    rows = {team: await reach_out(rig, team, ALEX) for team in (T1, T2)}
    rig.clock.set(max(due(row) for row in rows.values()))
    mark = len(rig.fake.calls)
    await rig.service.scheduler.run_due()
    sent = [c for c in posts_since(rig, mark) if c.ok]
    assert {(c.team_id, c.token) for c in sent} == {(T1, tokens[T1]), (T2, tokens[T2])}
    assert "Acme" in rig.last_dm(T1, ALEX) and "Globex" in rig.last_dm(T2, ALEX)
    for team in (T1, T2):
        assert (await reach_out(rig, team, ALEX))["status"] == "sent"


async def test_a_request_from_a_workspace_that_never_installed_is_ignored(
        rig: OAuthRig) -> None:
    await rig.install(T1)
    mark = len(rig.fake.calls)
    status = await rig.slash(T2, ALEX, "help", wait=False)
    assert status == 200  # acknowledged, so Slack doesn't retry; nothing done
    await rig.inbox_idle()
    assert rig.fake.calls[mark:] == [] and await user_row(rig, T2, ALEX) is None


async def test_a_state_used_twice_forged_expired_or_from_another_browser_is_refused(
        rig: OAuthRig) -> None:
    browser = Browser()
    start = await browser.get(f"{rig.app_url}/slack/install?team={T1}")
    assert start.status == 302 and start.location is not None
    assert start.location.startswith(rig.oauth.authorize_url)
    sent = query_of(start.location)
    state = sent["state"]
    assert browser.cookies[STATE_COOKIE] == state and sent["client_id"] == rig.oauth.client_id
    assert "chat:write" in sent["scope"].split(",")
    consent = await browser.get(start.location)
    assert consent.location is not None
    assert (await browser.get(consent.location)).status == 200

    replayed = await browser.get(consent.location, cookies={STATE_COOKIE: state})
    assert replayed.status == 401 and EXPIRED_PAGE in replayed.text
    assert 'href="/slack/install"' in replayed.text
    forged = await browser.get(f"{rig.app_url}/slack/oauth_redirect?code=code-9&state=made-up",
                               cookies={STATE_COOKIE: "made-up"})
    assert forged.status == 401 and EXPIRED_PAGE in forged.text

    other = Browser()
    start = await other.get(f"{rig.app_url}/slack/install?team={T2}")
    assert start.location is not None
    consent = await other.get(start.location)
    assert consent.location is not None
    elsewhere = await Browser().get(consent.location)  # no state cookie
    assert elsewhere.status == 400 and EXPIRED_PAGE in elsewhere.text
    rig.clock.advance(timedelta(minutes=11))
    late = await other.get(consent.location)
    assert late.status == 401 and EXPIRED_PAGE in late.text
    assert late.cookies.get(STATE_COOKIE) == "deleted"  # the cookie is cleared

    assert len(rig.fake.calls_to("oauth.v2.access")) == 1  # only the one good code
    assert await rig.token_in_store(T2) is None
    assert await count(rig, "SELECT count(*) FROM slack_oauth_states") <= 1


async def test_a_cancelled_install_says_so_and_changes_nothing(rig: OAuthRig) -> None:
    rig.oauth.deny = True
    page = await rig.install(T1)
    assert page.status == 200 and "Rebound wasn't installed" in page.text
    assert rig.fake.calls_to("oauth.v2.access") == [] and await rig.token_in_store(T1) is None


# -- uninstalling ----------------------------------------------------------------------------


async def test_an_uninstall_stops_nudges_at_once_and_the_data_goes_after_the_grace_period(
        rig: OAuthRig) -> None:
    for team in (T1, T2):
        await rig.install(team)
    await rig.slash(T1, ALEX, log_line("Acme"))
    await rig.slash(T1, BLAIR, log_line("Initech"))
    await rig.slash(T2, ALEX, log_line("Globex"))
    rows = {team: await reach_out(rig, team, ALEX) for team in (T1, T2)}

    rig.oauth.uninstall(T1)
    assert await rig.event(rig.fake.app_uninstalled_event(T1)) == 200
    await rig.inbox_idle()
    for user in (ALEX, BLAIR):
        assert await held(rig, T1, user) == REMOVED
    assert await held(rig, T2, ALEX) is None

    rig.clock.set(max(due(row) for row in rows.values()))
    mark = len(rig.fake.calls)
    await rig.service.scheduler.run_due()
    assert [c.team_id for c in posts_since(rig, mark)] == [T2]
    assert (await reach_out(rig, T1, ALEX))["status"] == "pending"  # held, not lost

    removed_at = rig.clock.now()
    rig.clock.advance(GRACE - timedelta(hours=2))
    await rig.inbox_idle()
    assert await user_row(rig, T1, ALEX) is not None  # still within the grace period
    rig.clock.advance(timedelta(hours=3))

    async def gone() -> bool:
        return await count(rig, "SELECT count(*) FROM users WHERE workspace = ?", T1) == 0 \
            and await rig.token_in_store(T1) is None

    await eventually(gone)
    assert rig.clock.now() - removed_at > GRACE
    assert await count(rig, "SELECT count(*) FROM rejections") == 1  # T2's Globex only
    assert await count(rig, "SELECT count(*) FROM nudges n JOIN users u ON u.id = n.user_id"
                            " WHERE u.workspace = ?", T1) == 0
    assert await count(rig, "SELECT count(*) FROM inbox WHERE lane LIKE ?", f"{T1}:%") == 0
    assert await user_row(rig, T2, ALEX) is not None
    assert await rig.token_in_store(T2) == rig.fake.workspaces[T2].bot_token


async def test_revoked_tokens_hold_nudges_and_a_reinstall_within_the_grace_period_resumes(
        rig: OAuthRig) -> None:
    await rig.install(T1)
    await rig.slash(T1, ALEX, log_line("Acme"))
    row = await reach_out(rig, T1, ALEX)

    # A user's own token revoked is nothing to the bot (it asks for none).
    await rig.event(rig.fake.tokens_revoked_event(T1, oauth=[ALEX]))
    await rig.inbox_idle()
    assert await held(rig, T1, ALEX) is None

    rig.oauth.uninstall(T1)
    await rig.event(rig.fake.tokens_revoked_event(T1, bot=["UBOT"]))
    await rig.inbox_idle()
    assert await held(rig, T1, ALEX) == REMOVED
    rig.clock.set(due(row))
    mark = len(rig.fake.calls)
    assert await rig.service.scheduler.run_due() == 0
    assert posts_since(rig, mark) == []

    rig.clock.advance(timedelta(days=10))
    page = await rig.install(T1)
    assert page.status == 200
    token = rig.fake.workspaces[T1].bot_token
    assert await rig.token_in_store(T1) == token
    assert await held(rig, T1, ALEX) is None
    await rig.service.scheduler.run_due()
    [post] = [c for c in posts_since(rig, mark) if c.ok]
    assert (post.team_id, post.token) == (T1, token)
    assert "Acme" in rig.last_dm(T1, ALEX)
    rig.clock.advance(GRACE)
    await rig.inbox_idle()
    assert rig.app.departures is not None
    assert await rig.app.departures.sweep() == 0
    assert await count(rig, "SELECT count(*) FROM rejections") == 1


async def test_a_nudge_finding_the_token_dead_holds_the_workspace(rig: OAuthRig) -> None:
    """The uninstall event may come late (or never): Slack's token_revoked on a nudge is
    enough to hold the whole workspace, and the nudge is kept for a reinstall."""
    await rig.install(T1)
    await rig.slash(T1, ALEX, log_line("Acme"))
    await rig.slash(T1, BLAIR, log_line("Initech"))
    row = await reach_out(rig, T1, ALEX)
    rig.fake.fail_next("chat.postMessage", error="token_revoked")
    rig.clock.set(due(row))
    await rig.service.scheduler.run_due()
    for user in (ALEX, BLAIR):
        assert await held(rig, T1, user) == REMOVED
    assert (await reach_out(rig, T1, ALEX))["status"] == "pending"


# -- token rotation --------------------------------------------------------------------------


async def test_an_expiring_token_is_refreshed_for_requests_and_nudges_and_stored(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with OAuthRig(tmp_path, rotation=True, lifetime=60) as rig:
        await rig.install(T1)
        first = await rig.token_in_store(T1)
        assert first == rig.fake.workspaces[T1].bot_token
        refresh = await rig.store.database.read_one(
            "SELECT bot_refresh_token, bot_token_expires_at FROM slack_installations")
        assert refresh is not None and refresh[0] in rig.oauth.refresh_tokens
        assert refresh[1] is not None

        await rig.dm(T1, ALEX, log_line("Acme"))  # bolt's authorize refreshes it
        assert rig.oauth.refreshes >= 1 and await rig.token_in_store(T1) != first
        assert all(c.ok for c in rig.fake.calls if c.token is not None)

        row = await reach_out(rig, T1, ALEX)
        rig.clock.set(due(row))
        before, mark = rig.oauth.refreshes, len(rig.fake.calls)
        await rig.service.scheduler.run_due()
        assert rig.oauth.refreshes > before  # the nudge's own refresh
        [post] = posts_since(rig, mark)
        current = rig.fake.workspaces[T1].bot_token
        assert post.ok and post.token == current == await rig.token_in_store(T1)
    assert "xoxb-" not in caplog.text and "xoxe-" not in caplog.text


async def test_a_refresh_slack_refuses_sends_nothing(tmp_path: Path) -> None:
    async with OAuthRig(tmp_path, rotation=True, lifetime=60) as rig:
        await rig.install(T1)
        await rig.slash(T1, ALEX, log_line("Acme"))
        row = await reach_out(rig, T1, ALEX)
        rig.oauth.refresh_tokens.clear()  # Slack no longer knows the refresh token
        rig.clock.set(due(row))
        mark = len(rig.fake.calls)
        await rig.service.scheduler.run_due()
        assert posts_since(rig, mark) == []
        assert (await reach_out(rig, T1, ALEX))["status"] == "pending"


# -- a workspace of the settings -------------------------------------------------------------


async def test_a_settings_workspace_removing_the_app_is_held_until_its_token_connects_again(
        tmp_path: Path) -> None:
    """Socket Mode with tokens in .env, no OAuth: the uninstall holds that workspace's
    nudges (its token is dead); the next start with a working token lets them go."""
    async with SlackRig(tmp_path, mode="socket") as rig:
        await rig.slash(T2, ALEX, log_line("Globex"))
        await rig.slash(T1, ALEX, log_line("Acme"))
        await rig.event(rig.fake.app_uninstalled_event(T2))
        await rig.inbox_idle()
        assert await held(rig, T2, ALEX) == REMOVED
        assert await held(rig, T1, ALEX) is None
        await rig.stop()
        await rig.start()
        assert await held(rig, T2, ALEX) is None


# -- as a new user would: the real process ---------------------------------------------------


async def test_rebound_slack_over_http_installs_into_two_workspaces_and_answers_each(
        tmp_path: Path) -> None:
    """`rebound slack --http` with SLACK_CLIENT_ID and no SLACK_BOT_TOKEN, as a process:
    two workspaces install it from a browser, and a DM in each is answered with that
    workspace's own token."""
    fake = FakeSlack()
    oauth = FakeOAuth(fake, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    async with fake:
        for team in (T1, T2):
            fake.add_workspace(team, bot_token="")
            fake.add_user(team, ALEX, tz="Europe/Berlin", name="alex")
        process = SlackProcess(fake, tmp_path / "rebound.db", mode="http",
                               log=tmp_path / "rebound.log",
                               environ={"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": CLIENT_ID,
                                        "SLACK_CLIENT_SECRET": CLIENT_SECRET})
        app = f"http://127.0.0.1:{process.port}"
        oauth.redirect_uri = f"{app}/slack/oauth_redirect"
        try:
            await process.start()
            for team in (T1, T2):
                browser = Browser()
                start = await browser.get(f"{app}/slack/install?team={team}")
                assert start.location is not None
                consent = await browser.get(start.location)
                assert consent.location is not None
                done = await browser.get(consent.location)
                assert done.status == 200 and "Rebound is installed" in done.text
            tokens = {team: fake.workspaces[team].bot_token for team in (T1, T2)}
            for team in (T1, T2):
                channel = fake.dm_channel(team, ALEX)
                assert await process.event(fake.dm_message_event(team, ALEX, channel, "help"))
                await fake.wait_until(answered(fake, channel), what=f"the answer in {team}")
            posts = [c for c in fake.calls_to("chat.postMessage") if c.ok]
            assert {(c.team_id, c.token) for c in posts} == {(T1, tokens[T1]),
                                                              (T2, tokens[T2])}
            await process.stop()
        finally:
            await process.close()
        log_text = (tmp_path / "rebound.log").read_text(errors="replace")
        assert "xoxb-" not in log_text and CLIENT_SECRET not in log_text
