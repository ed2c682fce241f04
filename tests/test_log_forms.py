"""Every way of asking to log a rejection opens the log form where the platform has forms.

The core answers with a structured request for the form (`Reply.form`, `Button.form`); the
adapters open it from that, never from the command's text. Through the real Slack path (bolt,
inbox, listeners, coach, SQLite, a local fake Web API) and the real Discord path (simcord).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_harness import ALEX, GENERAL, T1, SlackRig, block_text, buttons
from test_slack_app import form_values

from adapters.discord.render import render
from bot.quick_actions import log_button
from bot.replies import Button, FormRequest, Reply
from tests.discord_support import button_labels, discord_world, key, texts


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path) as started:
        yield started


def opened(rig: SlackRig) -> list[dict[str, Any]]:
    """The views the bot opened, in order."""
    return [call.params["view"] for call in rig.fake.calls_to("views.open") if call.ok]


def filled(view: dict[str, Any]) -> dict[str, str]:
    """The log modal's fields that come filled in."""
    return {b["block_id"]: b["element"]["initial_value"] for b in view["blocks"]
            if b["type"] == "input" and "initial_value" in b["element"]}


@pytest.mark.parametrize("text", ["log", "add", "new", "LOG"])
async def test_log_and_its_aliases_open_the_modal_on_slack(rig: SlackRig, text: str) -> None:
    await rig.slash(T1, ALEX, text, modal=True)
    [view] = opened(rig)
    assert view["callback_id"] == "rebound_log" and filled(view) == {}
    assert rig.ephemeral_texts() == []  # the form is the whole answer
    await rig.dm(T1, ALEX, "help")  # no chat form was left open behind the modal
    assert "Commands" in rig.last_dm(T1, ALEX)


async def test_log_with_some_fields_opens_the_modal_filled_in(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "log company: Acme; role: Designer; rejected: 2026-02-27; "
                    "email: jane(at)acme", modal=True)
    [view] = opened(rig)
    # What was valid is filled in as read; what wasn't, as typed, for the form to flag.
    assert filled(view) == {"company": "Acme", "role": "Designer", "rejected": "2026-02-27",
                            "email": "jane(at)acme"}
    assert rig.ephemeral_texts() == []


async def test_a_plain_sentence_opens_the_modal_with_what_it_said(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "I got rejected from Google yesterday", modal=True)
    [view] = opened(rig)
    yesterday = (rig.service.coach.clock.now() - timedelta(days=1)).date().isoformat()
    assert filled(view) == {"company": "Google", "rejected": yesterday}
    payload = rig.fake.view_submission_body(
        T1, ALEX, "rebound_log", form_values(view, **filled(view), role="Engineer",
                                             interviewer="Jane Smith", memory="the demo"),
        private_metadata=str(view["private_metadata"]))
    status, body = await rig.interact(payload)
    assert status == 200 and json.loads(body or "{}").get("response_action") is None
    await rig.fake.wait_until(lambda: any("Logged: Google" in t for t in rig.ephemeral_texts()),
                              what="the confirmation")


async def test_a_complete_log_is_saved_at_once_without_a_form(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "add company: Acme; role: Designer; interviewer: Jane Smith; "
                    "memory: the demo")
    assert opened(rig) == []
    assert "Logged: Acme" in rig.ephemeral_texts()[-1]


async def test_a_log_button_in_a_dm_opens_the_modal(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, "list")
    message = rig.fake.bot_messages(rig.fake.dm_channel(T1, ALEX))[-1]
    [log] = [b for b in buttons(message.blocks or []) if b["value"] == "log"]
    await rig.interact(rig.fake.block_action_body(
        T1, ALEX, message.channel, log["action_id"], "log", message_ts=message.ts))
    await rig.fake.wait_until(lambda: bool(opened(rig)), what="the log modal")
    await rig.app.settle()
    assert filled(opened(rig)[0]) == {}
    assert len(rig.fake.bot_messages(rig.fake.dm_channel(T1, ALEX))) == 1  # nothing else said


async def test_when_the_modal_cant_open_the_answer_offers_a_button_for_it(
        rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, "log company: Acme", trigger_id="1.2.expired")
    assert opened(rig) == []
    [answer] = rig.fake.ephemeral_messages()
    assert "Open the form" in block_text(answer.blocks or [])
    [again] = [b for b in buttons(answer.blocks or []) if b["text"]["text"] == "Open the form"]
    assert again["value"] == "log company: Acme"
    await rig.interact(rig.fake.block_action_body(T1, ALEX, GENERAL, again["action_id"],
                                                  again["value"]))
    await rig.fake.wait_until(lambda: bool(opened(rig)), what="the log modal")
    assert filled(opened(rig)[0]) == {"company": "Acme"}


# -- Discord --------------------------------------------------------------------------------

async def test_a_log_button_opens_the_modal_on_discord(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        guild = world.env.create_guild()
        channel = guild.create_text_channel("general")
        alice = guild.add_member(world.env.create_user("alice"))
        listed = await alice.slash(channel, "coach list")
        message = [m for m in (listed.response, *listed.followups) if m is not None][-1]
        assert "Log a rejection" in button_labels(message)
        shown = await alice.click(message, label="Log a rejection")
        assert shown.modal is not None and shown.modal["title"] == "Log a rejection"


async def test_a_log_button_in_a_discord_dm_opens_the_modal_too(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        dora = world.env.create_user("dora")
        listed = await dora.slash("coach list")
        message = [m for m in (listed.response, *listed.followups) if m is not None][-1]
        shown = await dora.click(message, label="Log a rejection")
        assert shown.modal is not None
        saved = await dora.submit_modal(shown, {
            "field:company": "Acme", "field:role": "Designer",
            "field:interviewer": "Jane Smith", "field:rejected": "today",
            "field:memory": "the demo"})
        assert "Logged: Acme" in "\n".join(
            texts(m) for m in (saved.response, *saved.followups) if m is not None)
        assert await world.service.coach.companies(key(dora)) == ["Acme"]


def test_discord_renders_a_log_button_as_a_form_button() -> None:
    blank = render(Reply.text("Nothing yet.", buttons=(log_button(), Button("List", "list"))))
    assert [(f.action, f.arg, f.label) for f in blank[-1].forms] == [
        ("log", "new", "Log a rejection")]
    assert [b.command for b in blank[-1].buttons] == ["list"]
    kept = FormRequest(values=(("company", "Acme"),), kept=42)
    refill = render(Reply.text("Fill it in.", buttons=(
        log_button("Open the form", "log company: Acme", kept),)))
    assert [(f.action, f.arg) for f in refill[-1].forms] == [("retry", "42")]
    assert refill[-1].buttons == []
