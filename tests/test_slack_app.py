"""The Slack app end to end: real transport, inbox, listeners, coach and SQLite, fake Slack."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_slack import sign_request, slash_command_form
from slack_harness import (
    ALEX,
    APP_TOKEN,
    BLAIR,
    GENERAL,
    SECRET,
    T1,
    T2,
    TOKENS,
    SlackRig,
    block_text,
    buttons,
)

from bot.models import UserKey

LOG_ACME = ("log company: Acme; role: Product Designer; interviewer: Jane Smith; "
            "email: jane@acme.com; rejected: today; memory: the whiteboard session")


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path) as started:
        yield started


async def test_a_dm_conversation_logs_a_rejection_with_the_guided_form(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, "log")
    assert "Which company turned you down?" in rig.last_dm(T1, ALEX)
    for answer in ("Acme", "Product Designer", "Jane Smith", "jane@acme.com", "skip", "today",
                   "the whiteboard session", "skip"):
        await rig.dm(T1, ALEX, answer)
    assert "Logged: Acme" in rig.last_dm(T1, ALEX)
    await rig.dm(T1, ALEX, "list")
    assert "Acme" in rig.last_dm(T1, ALEX)


async def test_slash_command_in_a_channel_answers_privately(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, LOG_ACME)
    [answer] = rig.ephemeral_texts()
    assert "Logged: Acme" in answer
    assert rig.fake.bot_messages(GENERAL) == []
    assert rig.fake.calls_to("chat.postMessage") == []


def form_values(view: dict[str, object], **answers: str) -> dict[str, object]:
    """Slack's `state.values` for the log modal: every input block, typed answers filled in."""
    values: dict[str, object] = {}
    for block in view["blocks"]:  # type: ignore[attr-defined]
        if block["type"] == "input":
            action = block["element"]["action_id"]
            values[block["block_id"]] = {action: {"type": "plain_text_input",
                                                  "value": answers.get(block["block_id"])}}
    return values


async def open_log_modal(rig: SlackRig) -> dict[str, object]:
    await rig.slash(T1, ALEX, "log")
    [call] = rig.fake.calls_to("views.open")
    view = call.params["view"]
    assert isinstance(view, dict)
    return view


async def test_slash_log_opens_a_modal_with_the_forms_fields(rig: SlackRig) -> None:
    view = await open_log_modal(rig)
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}  # type: ignore
    assert list(inputs) == ["company", "role", "interviewer", "email", "linkedin", "rejected",
                            "memory", "compliment"]
    assert [k for k, b in inputs.items() if b["optional"]] == ["email", "linkedin", "rejected",
                                                               "compliment"]
    assert rig.ephemeral_texts() == []  # nothing else was said


async def test_modal_errors_show_on_their_fields_and_nothing_is_saved(rig: SlackRig) -> None:
    view = await open_log_modal(rig)
    payload = rig.fake.view_submission_body(
        T1, ALEX, "rebound_log", form_values(view, company="Acme", role="Designer",
                                             interviewer="1234", email="jane(at)acme",
                                             rejected="next month", memory="the demo"),
        private_metadata=str(view["private_metadata"]))
    status, body = await rig.interact(payload)
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"interviewer", "email", "rejected"}
    assert "letters" in answer["errors"]["interviewer"]
    await rig.dm(T1, ALEX, "list")
    assert "No rejections logged yet" in rig.last_dm(T1, ALEX)


async def test_a_valid_modal_is_saved_and_confirmed_where_it_was_opened(rig: SlackRig) -> None:
    view = await open_log_modal(rig)
    payload = rig.fake.view_submission_body(
        T1, ALEX, "rebound_log", form_values(view, company="Acme", role="Designer",
                                             interviewer="Jane Smith", memory="the demo",
                                             email="jane@acme.com"),
        private_metadata=str(view["private_metadata"]))
    status, body = await rig.interact(payload)
    assert status == 200 and json.loads(body or "{}").get("response_action") is None
    await rig.fake.wait_until(lambda: any("Logged: Acme" in t for t in rig.ephemeral_texts()),
                              what="the confirmation")
    assert rig.fake.bot_messages(GENERAL) == []
    await rig.app.settle()
    home = rig.fake.home_view(T1, ALEX)
    assert home is not None and "Acme" in block_text(home["blocks"])


async def test_slash_command_in_the_bots_dm_is_a_normal_message(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "help", channel=None)
    assert "Commands" in rig.last_dm(T1, ALEX)
    assert rig.ephemeral_texts() == []


async def test_bare_slash_command_shows_a_short_menu(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "")
    [menu] = rig.fake.ephemeral_messages()
    assert [b["value"] for b in buttons(menu.blocks or [])] == [
        "log", "list", "reminders", "settings", "help"]


async def test_an_unknown_command_gets_a_friendly_hint(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "drat thank-you")
    [answer] = rig.ephemeral_texts()
    assert "Did you mean draft?" in answer


async def test_a_draft_comes_copyable_with_a_mail_link(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, LOG_ACME.replace("rejected: today", "rejected: 20 days ago"))
    await rig.dm(T1, ALEX, "draft thank-you")
    [message] = rig.fake.bot_messages(rig.fake.dm_channel(T1, ALEX))[-1:]
    blocks = message.blocks or []
    pre = [e for b in blocks if b["type"] == "rich_text" for e in b["elements"]
           if e["type"] == "rich_text_preformatted"]
    assert pre and "Jane" in pre[0]["elements"][0]["text"]
    [mail] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]
              if e.get("url", "").startswith("mailto:")]
    assert mail["url"].startswith("mailto:jane@acme.com?subject=")
    assert "&body=Hi%20Jane" in mail["url"]


async def test_the_guided_form_buttons_answer_the_open_question(rig: SlackRig) -> None:
    for answer in ("log", "Acme", "Designer", "Jane Smith"):
        await rig.dm(T1, ALEX, answer)
    channel = rig.fake.dm_channel(T1, ALEX)
    question = rig.fake.bot_messages(channel)[-1]
    assert "email" in block_text(question.blocks or [])
    [skip] = [b for b in buttons(question.blocks or []) if b["value"] == "skip"]
    await rig.interact(rig.fake.block_action_body(T1, ALEX, channel, skip["action_id"], "skip",
                                                  message_ts=question.ts))
    await rig.fake.wait_until(lambda: "LinkedIn" in rig.last_dm(T1, ALEX), what="next question")
    edited = rig.fake.messages(channel)[[m.ts for m in rig.fake.messages(channel)]
                                        .index(question.ts)]
    assert buttons(edited.blocks or []) == [] and "Skip" in block_text(edited.blocks or [])


async def test_app_home_shows_the_pipeline_when_opened(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, LOG_ACME)
    await rig.event(rig.fake.app_home_opened_event(T1, BLAIR))
    await rig.fake.wait_until(lambda: rig.fake.home_view(T1, BLAIR) is not None,
                              what="Blair's home")
    blair_home = block_text(rig.fake.home_view(T1, BLAIR)["blocks"])  # type: ignore[index]
    assert "No rejections logged yet" in blair_home and "Acme" not in blair_home
    alex_home = block_text(rig.fake.home_view(T1, ALEX)["blocks"])  # type: ignore[index]
    assert "Acme" in alex_home and "Europe/Berlin" in alex_home


async def test_a_retried_event_is_handled_once(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, LOG_ACME, event_id="Ev0001")
    answers = len(rig.dm_texts(T1, ALEX))
    status = await rig.dm(T1, ALEX, LOG_ACME, event_id="Ev0001", retry_num=1, wait=False)
    assert status == 200
    await rig.dm(T1, ALEX, "list", event_id="Ev0002")
    assert len(rig.dm_texts(T1, ALEX)) == answers + 1
    user = await rig.store.get_user(UserKey("slack", T1, ALEX))
    assert user is not None and len(await rig.store.list_rejections(user.id)) == 1


async def test_forged_and_stale_requests_are_refused(rig: SlackRig) -> None:
    body = slash_command_form(rig.fake.slash_command_body(T1, ALEX, GENERAL, LOG_ACME))
    form = "application/x-www-form-urlencoded"
    assert (await rig.post(body, form, secret="not-the-secret"))[0] == 401
    assert (await rig.post(body, form, signed=False))[0] == 401
    assert (await rig.post(body, form, timestamp=int(time.time()) - 600))[0] == 401
    tampered = body.replace(b"Acme", b"Evil")
    headers = sign_request(SECRET, body, int(time.time()))
    assert (await rig.post(tampered, form, headers=headers, signed=False))[0] == 401
    user = await rig.store.get_user(UserKey("slack", T1, ALEX))
    assert user is None  # nothing reached the coach
    assert rig.fake.responses == []


async def test_users_and_workspaces_never_see_each_others_data(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, LOG_ACME)
    await rig.dm(T2, ALEX, LOG_ACME.replace("Acme", "Globex"))
    await rig.dm(T1, BLAIR, "list")
    assert "No rejections logged yet" in rig.last_dm(T1, BLAIR)
    await rig.dm(T1, ALEX, "list")
    assert "Acme" in rig.last_dm(T1, ALEX) and "Globex" not in rig.last_dm(T1, ALEX)
    await rig.dm(T2, ALEX, "list")
    assert "Globex" in rig.last_dm(T2, ALEX) and "Acme" not in rig.last_dm(T2, ALEX)
    # Each workspace's answers went out with its own token.
    teams = {c.team_id for c in rig.fake.calls_to("chat.postMessage")
             if c.params.get("channel") == rig.fake.dm_channel(T2, ALEX)}
    assert teams == {T2}


async def test_the_time_zone_comes_from_the_slack_profile_until_set(rig: SlackRig) -> None:
    await rig.dm(T1, BLAIR, "settings")
    assert "America/Chicago" in rig.last_dm(T1, BLAIR)
    await rig.dm(T1, BLAIR, "timezone Europe/Paris")
    await rig.dm(T1, BLAIR, "settings")
    assert "Europe/Paris" in rig.last_dm(T1, BLAIR)


async def test_export_arrives_as_a_json_file(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, LOG_ACME)
    await rig.slash(T1, ALEX, "export")
    await rig.fake.wait_until(lambda: any(u.completed for u in rig.fake.uploads), what="upload")
    [upload] = rig.fake.uploads
    assert upload.filename.endswith(".json") and upload.content is not None
    assert json.loads(upload.content)["rejections"][0]["company"] == "Acme"
    assert upload.channel == rig.fake.dm_channel(T1, ALEX)
    assert any("attached" in t for t in rig.ephemeral_texts())


async def test_user_text_is_never_markup(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, "log company: <!channel> *Acme* <https://evil.example|click>; "
                           "role: Designer; interviewer: Jane Smith; memory: the demo")
    message = rig.fake.bot_messages(rig.fake.dm_channel(T1, ALEX))[-1]
    for block in message.blocks or []:
        assert block["type"] != "section" or block["text"]["type"] == "plain_text"
        for item in block.get("elements", []):
            assert item.get("type") != "mrkdwn"
    assert "click" in block_text(message.blocks or [])


@pytest.fixture
async def socket_rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path, mode="socket") as started:
        yield started


async def test_socket_mode_round_trip(socket_rig: SlackRig) -> None:
    rig = socket_rig
    assert await rig.slash(T1, ALEX, "hello") == 200
    assert any("Rebound" in t for t in rig.ephemeral_texts())
    await rig.dm(T1, ALEX, LOG_ACME, event_id="EvS1")
    assert "Logged: Acme" in rig.last_dm(T1, ALEX)
    await rig.dm(T1, ALEX, LOG_ACME, event_id="EvS1", retry_num=2, wait=False)
    await rig.dm(T1, ALEX, "list")
    assert "Acme" in rig.last_dm(T1, ALEX)
    user = await rig.store.get_user(UserKey("slack", T1, ALEX))
    assert user is not None and len(await rig.store.list_rejections(user.id)) == 1


async def test_socket_mode_modal_errors_come_back_in_the_ack(socket_rig: SlackRig) -> None:
    view = await open_log_modal(socket_rig)
    payload = socket_rig.fake.view_submission_body(
        T1, ALEX, "rebound_log", form_values(view, company="Acme", role="", memory="x"),
        private_metadata=str(view["private_metadata"]))
    _status, body = await socket_rig.interact(payload)
    errors = json.loads(body)["errors"]
    assert set(errors) == {"role", "interviewer"}


async def test_logs_hold_no_tokens_and_nothing_users_wrote(
        rig: SlackRig, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await rig.dm(T1, ALEX, LOG_ACME)
    await rig.slash(T1, ALEX, "draft thank-you acme")
    body = slash_command_form(rig.fake.slash_command_body(T1, ALEX, GENERAL, "whiteboard"))
    await rig.post(body, "application/x-www-form-urlencoded", secret="forged")
    rig.fake.fail_next("chat.postMessage", error="internal_error", status=500)
    await rig.slash(T1, ALEX, "list", channel=None, wait=False)
    await rig.fake.wait_for_calls("chat.postMessage", 2)  # the answer to the DM, the failure
    assert caplog.records  # logging was on
    logged = caplog.text
    for secret in (*TOKENS.values(), APP_TOKEN, SECRET, "whiteboard", "Jane", "jane@acme.com"):
        assert secret not in logged
