"""On Slack, what the coach tells a user to type works where they are: `/coach …` in a channel,
plain text in the bot's DM. Every example `help` shows in a channel is run there."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from chat_harness import LOG_ACME
from slack_harness import ALEX, T1, SlackRig
from test_syntax import examples_in

from bot.commands import COMMANDS

LOG_BETA = ("log company: Beta; role: QA; interviewer: Bo Lee; rejected: 20 days ago; "
            "memory: the test plan review")


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SlackRig]:
    async with SlackRig(tmp_path) as started:
        yield started


async def slash(rig: SlackRig, text: str) -> str:
    """`/coach text` in #general; the private answer it got."""
    before = len(rig.ephemeral_texts())
    await rig.slash(T1, ALEX, text)
    return "\n".join(rig.ephemeral_texts()[before:])


async def test_help_in_a_channel_lists_slash_commands(rig: SlackRig) -> None:
    listed = await slash(rig, "help")
    usages = [line for line in listed.splitlines()[2:] if not line.startswith("  ·")]
    assert "/coach draft <kind> [company]  |  /coach draft alternate-roles [company]: <roles>" \
        in usages
    assert all(line.startswith("/coach ") for line in usages[:-2])
    assert usages[-2:] == ["For details and examples: /coach help <command>.",
                           "In a direct message to me, you can also type commands as plain "
                           "text (help there lists them that way)."]


async def test_every_help_example_in_a_channel_runs_as_a_slash_command(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, LOG_ACME)
    shown = [await slash(rig, f"help {c.name}") for c in COMMANDS]
    examples = examples_in("\n\n".join(shown))
    assert len(examples) >= len(COMMANDS)
    assert all(example.startswith("/coach ") for example in examples)
    for example in examples:
        answer = await slash(rig, example.removeprefix("/coach "))
        for refused in ("I don't know", "isn't a kind", "went wrong"):
            assert refused not in answer, example
    assert rig.fake.calls_to("views.open")  # /coach log opened the form


async def test_help_in_the_bots_dm_lists_what_to_type_there(rig: SlackRig) -> None:
    await rig.dm(T1, ALEX, "help draft")
    answer = rig.last_dm(T1, ALEX)
    assert "draft <kind> [company]" in answer and "  draft linkedin acme" in answer
    assert "/coach" not in answer


async def test_tips_in_a_channel_name_slash_commands_that_work(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, LOG_BETA)
    tips = await slash(rig, "draft thank-you")
    assert "Add it with /coach edit Beta email: name@example.com" in tips
    assert "Tip: set your name (/coach profile name: Sam Lee)" in tips
    assert "Updated: Beta (QA)" in await slash(rig, "edit Beta email: name@example.com")
    changed = await slash(rig, "profile name: Sam Lee")
    assert "Change it with /coach profile name: Sam Lee; email: sam@example.com;" in changed


async def test_settings_and_errors_in_a_channel_name_slash_commands(rig: SlackRig) -> None:
    shown = await slash(rig, "settings")
    hints = re.findall(r"/coach ([a-z-]+ [\w/:-]+)", shown)
    assert hints == ["timezone Europe/Berlin", "hours 09:30", "quiet 20:00-08:00",
                     "linkedin-limit 300", "dates mdy"]
    for hint in hints:
        assert "⚠️" not in await slash(rig, hint), hint
    assert "like /coach quiet 20:00-08:00." in await slash(rig, "quiet 20:00")
    assert "Did you mean /coach snooze?" in await slash(rig, "snoze 1w")


async def test_questions_in_a_channel_say_how_to_answer(rig: SlackRig) -> None:
    await rig.slash(T1, ALEX, LOG_ACME)
    asked = await slash(rig, "forget acme")
    assert "Press “Yes, delete it” to go ahead, or “Cancel”." in asked
    assert "Type yes" not in asked
    paste = await slash(rig, "review linkedin")
    assert "with /coach review linkedin Acme: <your draft>." in paste
    checked = await slash(rig, "review linkedin Acme: Hi Jane, thanks for the chat about the "
                               "checkout redesign.")
    assert "Reviewed as a LinkedIn connection note" in checked


async def test_a_rejection_told_in_a_channel_opens_the_form_and_in_the_dm_the_questions(
        rig: SlackRig) -> None:
    # In a channel, where only /coach reaches me, the form takes the rest (issue 12: the
    # form opens however one asks to log); in the DM, the questions come one at a time.
    await rig.slash(T1, ALEX, "I got rejected from Google yesterday for the PM role",
                    modal=True)
    [call] = rig.fake.calls_to("views.open")
    view = call.params["view"]
    filled = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]
              if b["type"] == "input" and b["element"].get("initial_value")}
    assert set(filled) == {"company", "role", "rejected"} and filled["company"] == "Google"
    assert rig.ephemeral_texts() == []
    await rig.dm(T1, ALEX, "I got rejected from Google yesterday for the PM role")
    assert "(3/8) Who interviewed you?" in rig.last_dm(T1, ALEX)
    await rig.dm(T1, ALEX, "Jane Smith")
    assert "(4/8)" in rig.last_dm(T1, ALEX)
