"""The fake Slack against the real slack_sdk and bolt clients.

These tests pin down how the real clients behave against Slack-shaped answers, so the Slack
adapter's tests can trust the fake: what a 429 looks like to the caller, which error a DM
with the Messages tab off gives, that a Socket Mode client's ack comes back, and that the
payload builders carry everything bolt needs to route and answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from fake_slack import (
    FakeSlack,
    FakeSlackError,
    events_json,
    interactive_form,
    sign_request,
    slash_command_form,
)
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

TEAM = "T0TEAM"
BOT_TOKEN = "xoxb-team-token"
APP_TOKEN = "xapp-1-app-token"
USER = "U0SAM"
QUIET = logging.getLogger("tests.fake_slack.quiet")
QUIET.addHandler(logging.NullHandler())
QUIET.propagate = False


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        fake.add_workspace(TEAM, bot_token=BOT_TOKEN, app_token=APP_TOKEN)
        fake.add_user(TEAM, USER, tz="Europe/Berlin", name="sam")
        yield fake


def web(slack: FakeSlack, token: str | None = BOT_TOKEN, **kwargs: Any) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=slack.api_url, **kwargs)


async def close_socket_client(client: SocketModeClient) -> None:
    """SocketModeClient.close() cancels its tasks without awaiting them; await them so the
    test leaves no pending tasks behind."""
    await client.close()
    tasks = [t for t in (client.message_processor, client.message_receiver,
                         client.current_session_monitor) if t is not None]
    await asyncio.gather(*tasks, return_exceptions=True)


# ---------------------------------------------------------------- Web API


async def test_auth_test_names_the_workspace_and_bot(slack: FakeSlack) -> None:
    response = await web(slack).auth_test()
    assert response["team_id"] == TEAM
    assert response["user_id"] == "UBOT"
    assert response["bot_id"]
    assert response["url"].startswith("https://")
    assert slack.calls_to("auth.test")[0].team_id == TEAM
    assert slack.api_url.endswith("/api/")


async def test_bad_or_missing_token_is_refused_like_slack(slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as bad:
        await web(slack, "xoxb-wrong").auth_test()
    assert bad.value.response.status_code == 200
    assert bad.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as missing:
        await web(slack, None).auth_test()
    assert missing.value.response["error"] == "not_authed"
    # The token can also come as a form param (slack_sdk moves it to the header itself).
    assert (await web(slack, None).auth_test(token=BOT_TOKEN))["team_id"] == TEAM
    # An app-level token is for apps.connections.open only, and a bot token is not for it.
    with pytest.raises(SlackApiError) as app_token:
        await web(slack, APP_TOKEN).auth_test()
    assert app_token.value.response["error"] == "not_allowed_token_type"
    assert [c.team_id for c in slack.calls] == [None, None, TEAM, TEAM]
    assert [c.error for c in slack.calls] == ["invalid_auth", "not_authed", None,
                                              "not_allowed_token_type"]


async def test_form_encoded_body_with_token_param(slack: FakeSlack) -> None:
    """Form bodies work too (slack_sdk sends `data=` as a form), token as a form field, and
    JSON-string params such as blocks are recorded decoded."""
    blocks = [{"type": "divider"}]
    response = await web(slack, None).api_call("chat.postMessage", data={
        "token": BOT_TOKEN, "channel": USER, "text": "form", "blocks": json.dumps(blocks)})
    assert response["ok"]
    [call] = slack.calls_to("chat.postMessage")
    assert call.team_id == TEAM and call.params["blocks"] == blocks
    assert "token" not in call.params
    assert slack.messages(slack.dm_channel(TEAM, USER))[0].blocks == blocks
    slack.clear_calls()
    assert slack.calls == []


async def test_unknown_method_fails_loudly(slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as exc:
        await web(slack).api_call("conversations.history")
    assert exc.value.response["error"] == "unknown_method"


async def test_users_info_carries_timezone(slack: FakeSlack) -> None:
    user = (await web(slack).users_info(user=USER))["user"]
    assert user["tz"] == "Europe/Berlin"
    assert user["tz_offset"] in (3600, 7200)
    assert user["deleted"] is False and user["is_bot"] is False
    assert user["profile"]["display_name"] == "sam"
    with pytest.raises(SlackApiError) as exc:
        await web(slack).users_info(user="UNOBODY")
    assert exc.value.response["error"] == "user_not_found"


async def test_dm_post_and_update_round_trip(slack: FakeSlack) -> None:
    client = web(slack)
    channel = (await client.conversations_open(users=USER))["channel"]["id"]
    assert channel == slack.dm_channel(TEAM, USER)
    assert channel.startswith("D")
    assert (await client.conversations_open(users=[USER]))["channel"]["id"] == channel

    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    first = await client.chat_postMessage(channel=channel, text="hi", blocks=blocks)
    second = await client.chat_postMessage(channel=channel, text="again", thread_ts=first["ts"])
    assert first["channel"] == channel
    assert float(second["ts"]) > float(first["ts"])
    assert first["message"]["blocks"] == blocks
    assert slack.calls_to("chat.postMessage")[0].params["blocks"] == blocks

    updated = await client.chat_update(channel=channel, ts=first["ts"], text="edited")
    assert updated["ts"] == first["ts"]
    stored = slack.messages(channel)
    assert [(m.text, m.thread_ts, m.edits) for m in stored] == [
        ("edited", None, 1), ("again", first["ts"], 0)]

    with pytest.raises(SlackApiError) as missing:
        await client.chat_update(channel=channel, ts="1.000000", text="x")
    assert missing.value.response["error"] == "message_not_found"
    with pytest.raises(SlackApiError) as unknown:
        await client.chat_postMessage(channel="C0NOPE", text="x")
    assert unknown.value.response["error"] == "channel_not_found"
    # Posting to a user id lands in their bot DM, as in Slack.
    assert (await client.chat_postMessage(channel=USER, text="u"))["channel"] == channel


async def test_archived_channel_and_ephemeral(slack: FakeSlack) -> None:
    slack.add_channel(TEAM, "C0OLD", name="old", is_archived=True)
    slack.add_channel(TEAM, "C0GEN", name="general", members={USER})
    client = web(slack)
    with pytest.raises(SlackApiError) as exc:
        await client.chat_postMessage(channel="C0OLD", text="x")
    assert exc.value.response["error"] == "is_archived"
    answer = await client.chat_postEphemeral(channel="C0GEN", user=USER, text="psst")
    assert answer["message_ts"]
    assert [e.text for e in slack.ephemeral_messages("C0GEN", USER)] == ["psst"]
    assert slack.messages("C0GEN") == []


async def test_rate_limit_surfaces_as_slack_api_error_with_retry_after(slack: FakeSlack) -> None:
    """By default AsyncWebClient does NOT retry a 429: its only default retry handler is for
    connection errors. The 429 raises SlackApiError; the status and Retry-After header are on
    `e.response` (headers are aiohttp's case-insensitive CIMultiDictProxy of str)."""
    slack.fail_next("chat.postMessage", retry_after=7)
    client = web(slack)
    with pytest.raises(SlackApiError) as exc:
        await client.chat_postMessage(channel=USER, text="x")
    response = exc.value.response
    assert response.status_code == 429
    assert response["error"] == "ratelimited"
    assert response.headers["Retry-After"] == "7"
    assert response.headers["retry-after"] == "7"
    assert slack.calls_to("chat.postMessage")[0].status == 429
    # Only the next call failed.
    assert (await client.chat_postMessage(channel=USER, text="x"))["ok"]


async def test_rate_limit_retry_handler_retries_after_the_header(
        slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    """With AsyncRateLimitErrorRetryHandler the client sleeps Retry-After (+ up to 1 s of
    jitter, removed here) and retries once by default, transparently."""
    monkeypatch.setattr("slack_sdk.http_retry.builtin_async_handlers.random.random", lambda: 0.0)
    slack.fail_next("chat.postMessage", retry_after=0)
    client = web(slack, retry_handlers=[AsyncRateLimitErrorRetryHandler()])
    assert (await client.chat_postMessage(channel=USER, text="x"))["ok"]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 200]


async def test_injected_errors_and_server_errors(slack: FakeSlack) -> None:
    client = web(slack)
    slack.fail_next("chat.postMessage", error="is_archived")
    slack.fail_next("chat.postMessage", status=500, times=2)
    with pytest.raises(SlackApiError) as archived:
        await client.chat_postMessage(channel=USER, text="x")
    assert (archived.value.response.status_code, archived.value.response["error"]) == (
        200, "is_archived")
    for _ in range(2):
        with pytest.raises(SlackApiError) as server:
            await client.chat_postMessage(channel=USER, text="x")
        assert server.value.response.status_code == 500
        assert server.value.response["error"] == "internal_error"
    assert (await client.chat_postMessage(channel=USER, text="x"))["ok"]


async def test_messages_tab_off_is_messages_tab_disabled(slack: FakeSlack) -> None:
    slack.add_user(TEAM, "U0TABOFF", messages_tab=False)
    client = web(slack)
    channel = (await client.conversations_open(users="U0TABOFF"))["channel"]["id"]
    with pytest.raises(SlackApiError) as exc:
        await client.chat_postMessage(channel=channel, text="nudge")
    assert exc.value.response["error"] == "messages_tab_disabled"
    # In real Slack it is the app's setting: off, every bot DM fails the same way.
    slack.workspaces[TEAM].messages_tab = False
    with pytest.raises(SlackApiError) as all_off:
        await client.chat_postMessage(channel=USER, text="nudge")
    assert all_off.value.response["error"] == "messages_tab_disabled"
    assert slack.messages(channel) == []


async def test_deactivated_user(slack: FakeSlack) -> None:
    """conversations.open refuses a deactivated user (user_disabled), but a post to a DM
    channel already known still succeeds: Slack keeps the DM and answers ok (slack-sdk
    issue 1156, confirmed by Slack staff). Only users.info's `deleted` tells."""
    client = web(slack)
    channel = (await client.conversations_open(users=USER))["channel"]["id"]
    slack.users[(TEAM, USER)].deleted = True
    with pytest.raises(SlackApiError) as exc:
        await client.conversations_open(users=USER)
    assert exc.value.response["error"] == "user_disabled"
    assert (await client.chat_postMessage(channel=channel, text="still ok"))["ok"]
    assert (await client.users_info(user=USER))["user"]["deleted"] is True
    with pytest.raises(SlackApiError) as unknown:
        await client.conversations_open(users="U0GHOST")
    assert unknown.value.response["error"] == "user_not_found"


async def test_views_publish_open_update(slack: FakeSlack) -> None:
    client = web(slack)
    home = {"type": "home", "blocks": [{"type": "section",
                                        "text": {"type": "mrkdwn", "text": "Home"}}]}
    assert slack.home_view(TEAM, USER) is None
    published = await client.views_publish(user_id=USER, view=home)
    assert (slack.home_view(TEAM, USER) or {})["blocks"] == home["blocks"]
    again = await client.views_publish(user_id=USER, view={**home, "blocks": []})
    assert again["view"]["id"] == published["view"]["id"]
    assert (slack.home_view(TEAM, USER) or {})["blocks"] == []

    trigger = slack.new_trigger_id(TEAM, USER)
    modal = {"type": "modal", "callback_id": "log", "title": {"type": "plain_text",
                                                               "text": "Log a rejection"},
             "blocks": [], "private_metadata": "m"}
    opened = (await client.views_open(trigger_id=trigger, view=modal))["view"]
    assert opened["id"].startswith("V") and opened["callback_id"] == "log"
    with pytest.raises(SlackApiError) as reused:
        await client.views_open(trigger_id=trigger, view=modal)
    assert reused.value.response["error"] == "exchanged_trigger_id"
    with pytest.raises(SlackApiError) as bad_trigger:
        await client.views_open(trigger_id="123.456.abc", view=modal)
    assert bad_trigger.value.response["error"] == "invalid_trigger_id"
    long_title = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
    with pytest.raises(SlackApiError) as too_long:
        await client.views_open(trigger_id=slack.new_trigger_id(TEAM, USER), view=long_title)
    assert too_long.value.response["error"] == "invalid_arguments"
    assert "title" in too_long.value.response["response_metadata"]["messages"][0]

    updated = await client.views_update(view_id=opened["id"], view={**modal, "blocks": [
        {"type": "divider"}]}, hash=opened["hash"])
    assert slack.views[opened["id"]]["blocks"] == [{"type": "divider"}]
    with pytest.raises(SlackApiError) as stale:
        await client.views_update(view_id=opened["id"], view=modal, hash=opened["hash"])
    assert stale.value.response["error"] == "hash_conflict"
    assert updated["view"]["hash"] != opened["hash"]


async def test_files_upload_v2_end_to_end(slack: FakeSlack) -> None:
    channel = slack.dm_channel(TEAM, USER)
    result = await web(slack).files_upload_v2(
        channel=channel, filename="follow-up.md", content="# Thanks\n", title="Follow-up",
        initial_comment="Here's your draft")
    assert result["file"]["name"] == "follow-up.md"
    [upload] = slack.uploads
    assert (upload.filename, upload.content, upload.title) == (
        "follow-up.md", b"# Thanks\n", "Follow-up")
    assert upload.completed and upload.channel == channel
    [message] = slack.messages(channel)
    assert message.text == "Here's your draft" and message.files[0]["id"] == upload.file_id
    assert [c.method for c in slack.calls] == ["files.getUploadURLExternal",
                                               "files.completeUploadExternal"]


async def test_response_url_posts_are_recorded(slack: FakeSlack) -> None:
    """bolt's respond() posts JSON to the response_url with its webhook client."""
    url = slack.new_response_url(TEAM, USER, slack.dm_channel(TEAM, USER))
    assert url.startswith(f"{slack.base_url}/response/")
    answer = await AsyncRespond(response_url=url)(text="Logged.", response_type="ephemeral")
    assert answer.status_code == 200 and json.loads(answer.body) == {"ok": True}
    [(rid, payload)] = slack.responses
    assert url.endswith(rid)
    assert payload["text"] == "Logged." and payload["response_type"] == "ephemeral"
    assert [e.text for e in slack.ephemeral_messages(user=USER)] == ["Logged."]


def test_sign_request_matches_slack_sdk_verifier() -> None:
    body = slash_command_form({"command": "/coach", "text": "help"})
    now = int(time.time())
    headers = sign_request("s3cret", body, now)
    verifier = SignatureVerifier("s3cret")
    assert verifier.is_valid_request(body, headers)
    assert not SignatureVerifier("other").is_valid_request(body, headers)
    assert not verifier.is_valid_request(body, sign_request("s3cret", body, now - 600))


# ---------------------------------------------------------------- Socket Mode


async def test_socket_mode_client_receives_envelope_and_acks(slack: FakeSlack) -> None:
    received: list[SocketModeRequest] = []
    raw: list[dict[str, Any]] = []

    async def on_message(client: AsyncBaseSocketModeClient, message: dict[str, Any],
                         raw_message: str | None) -> None:
        raw.append(message)

    async def on_request(client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        received.append(req)
        await client.send_socket_mode_response(
            SocketModeResponse(envelope_id=req.envelope_id, payload={"text": "got it"}))

    client = SocketModeClient(app_token=APP_TOKEN, web_client=web(slack, None), logger=QUIET)
    client.message_listeners.append(on_message)
    client.socket_mode_request_listeners.append(on_request)
    try:
        await client.connect()
        await slack.wait_socket_connected(timeout=5)
        body = slack.slash_command_body(TEAM, USER, None, "help")
        ack = await slack.socket_send("slash_commands", body)
        assert ack == {"envelope_id": received[0].envelope_id, "payload": {"text": "got it"}}
        assert received[0].type == "slash_commands" and received[0].payload == body
        assert received[0].accepts_response_payload is True
        event = slack.dm_message_event(TEAM, USER, None, "hello")
        ack = await slack.socket_send("events_api", event, retry_attempt=1,
                                      retry_reason="timeout")
        assert (received[1].retry_attempt, received[1].retry_reason) == (1, "timeout")
        assert "payload" in ack  # this listener answers every envelope with a payload
        assert raw[0]["type"] == "hello"
        assert raw[0]["connection_info"] == {"app_id": slack.app_id}
        assert slack.calls_to("apps.connections.open")[0].team_id == TEAM
    finally:
        await close_socket_client(client)
    await slack.wait_until(lambda: not slack.socket_connected, 5, "the client to go away")
    with pytest.raises(FakeSlackError, match="no Socket Mode client"):
        await slack.socket_send("events_api", {})


async def test_socket_send_times_out_without_ack(slack: FakeSlack) -> None:
    client = SocketModeClient(app_token=APP_TOKEN, web_client=web(slack, None), logger=QUIET)
    try:
        await client.connect()
        await slack.wait_socket_connected()
        with pytest.raises(FakeSlackError, match="no ack"):
            await slack.socket_send("events_api", slack.app_home_opened_event(TEAM, USER),
                                    timeout=0.2)
    finally:
        await close_socket_client(client)


async def test_socket_disconnect_makes_the_client_reconnect(slack: FakeSlack) -> None:
    client = SocketModeClient(app_token=APP_TOKEN, web_client=web(slack, None), logger=QUIET)
    try:
        await client.connect()
        await slack.wait_socket_connected()
        await slack.socket_disconnect()
        await slack.wait_socket_connected(connections=2)
        assert len(slack.calls_to("apps.connections.open")) == 2
    finally:
        await close_socket_client(client)


async def test_socket_mode_with_a_bad_app_token_retries_forever(slack: FakeSlack) -> None:
    """SocketModeClient.connect() never raises on a refused token: it logs and retries every
    ping_interval until closed. An app must check apps.connections.open itself (or bound
    connect() with a timeout) to fail fast on a bad xapp- token."""
    client = SocketModeClient(app_token="xapp-wrong", web_client=web(slack, None),
                              logger=QUIET, ping_interval=0.05)
    try:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(client.connect(), 0.3)
    finally:
        await close_socket_client(client)
    errors = {c.error for c in slack.calls_to("apps.connections.open")}
    assert errors == {"invalid_auth"}
    assert len(slack.calls_to("apps.connections.open")) >= 2


# ---------------------------------------------------------------- bolt over the fake


def bolt_app(slack: FakeSlack) -> AsyncApp:
    """A bolt app like the adapter's: multi-workspace `authorize`, client on the fake."""

    async def authorize(team_id: str | None, enterprise_id: str | None) -> AuthorizeResult:
        workspace = slack.workspaces[team_id or ""]
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=workspace.team_id,
                               bot_token=workspace.bot_token,
                               bot_user_id=workspace.bot_user_id, bot_id=workspace.bot_id)

    app = AsyncApp(client=web(slack, None), authorize=authorize, signing_secret="s3cret",
                   logger=QUIET)

    @app.command("/coach")
    async def coach(ack: Any, respond: Any, command: dict[str, Any]) -> None:
        await ack()
        await respond(f"You said {command['text']}")

    @app.message("")
    async def dm(message: dict[str, Any], say: Any) -> None:
        await say(text=f"echo {message['text']}")

    @app.action("done")
    async def done(ack: Any, respond: Any, body: dict[str, Any]) -> None:
        await ack()
        await respond(text=f"Done: {body['actions'][0]['value']}", replace_original=True)

    @app.view("log")
    async def log_view(ack: Any, view: dict[str, Any]) -> None:
        company = view["state"]["values"]["company"]["value"]["value"]
        if not company:
            await ack(response_action="errors", errors={"company": "Required"})
        else:
            await ack()

    return app


async def test_bolt_socket_mode_end_to_end(slack: FakeSlack) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    app = bolt_app(slack)
    handler = AsyncSocketModeHandler(app, APP_TOKEN, web_client=web(slack, None), logger=QUIET)
    try:
        await handler.connect_async()
        await slack.wait_socket_connected()

        ack = await slack.socket_send("slash_commands",
                                      slack.slash_command_body(TEAM, USER, None, "hi"))
        assert "payload" not in ack  # ack() with nothing: an empty ack
        [(_, payload)] = await slack.wait_for_responses(1)
        assert payload["text"] == "You said hi"

        await slack.socket_send("events_api", slack.dm_message_event(TEAM, USER, None, "yo"))
        [post] = await slack.wait_for_calls("chat.postMessage", 1)
        # bolt's per-request client sends the request's team_id along with every call.
        assert post.params == {"channel": slack.dm_channel(TEAM, USER), "text": "echo yo",
                               "team_id": TEAM}
        assert post.team_id == TEAM

        posted = slack.bot_messages(slack.dm_channel(TEAM, USER))[0]
        await slack.socket_send("interactive", slack.block_action_body(
            TEAM, USER, None, "done", "draft-1", message_ts=posted.ts))
        await slack.wait_for_responses(2)
        assert posted.text == "Done: draft-1" and posted.edits == 1

        refused = await slack.socket_send("interactive", slack.view_submission_body(
            TEAM, USER, "log", {"company": {"value": {"type": "plain_text_input",
                                                      "value": ""}}}))
        assert refused["payload"] == {"response_action": "errors",
                                      "errors": {"company": "Required"}}
        accepted = await slack.socket_send("interactive", slack.view_submission_body(
            TEAM, USER, "log", {"company": {"value": {"type": "plain_text_input",
                                                      "value": "Acme"}}}))
        assert "payload" not in accepted
    finally:
        await handler.close_async()
        client = handler.client
        tasks = [t for t in (client.message_processor, client.message_receiver,
                             client.current_session_monitor) if t is not None]
        await asyncio.gather(*tasks, return_exceptions=True)


def signed(secret: str, body: bytes, now: int, **extra: str) -> dict[str, str | Sequence[str]]:
    return {**sign_request(secret, body, now), **extra}


async def test_bolt_http_mode_accepts_signed_bodies(slack: FakeSlack) -> None:
    """The same builders, encoded and signed as Slack posts them to an HTTP endpoint."""
    app = bolt_app(slack)
    now = int(time.time())

    form = slash_command_form(slack.slash_command_body(TEAM, USER, None, "hey"))
    response = await app.async_dispatch(AsyncBoltRequest(
        body=form.decode(), headers=signed("s3cret", form, now)))
    assert response.status == 200
    await slack.wait_for_responses(1)

    event = events_json(slack.dm_message_event(TEAM, USER, None, "yo"))
    headers = signed("s3cret", event, now, **{"Content-Type": "application/json"})
    assert (await app.async_dispatch(AsyncBoltRequest(body=event.decode(),
                                                      headers=headers))).status == 200
    await slack.wait_for_calls("chat.postMessage", 1)

    submission = interactive_form(slack.view_submission_body(
        TEAM, USER, "log", {"company": {"value": {"type": "plain_text_input", "value": ""}}}))
    refused = await app.async_dispatch(AsyncBoltRequest(
        body=submission.decode(), headers=signed("s3cret", submission, now)))
    assert json.loads(refused.body)["response_action"] == "errors"

    forged = await app.async_dispatch(AsyncBoltRequest(
        body=form.decode(), headers=signed("wrong", form, now)))
    assert forged.status == 401
