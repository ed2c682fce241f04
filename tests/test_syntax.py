"""Commands named once and written per surface; in the terminal, every one shown works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chat_harness import LOG_ACME, Chat

from bot.commands import COMMANDS
from bot.syntax import SIGNATURES, Surface, TextSyntax, cmd, say, typed

SLACK_CHANNEL = TextSyntax(Surface.SLACK_CHANNEL, prefix="/coach ")


def test_every_command_declares_its_arguments() -> None:
    assert sorted(SIGNATURES) == sorted(c.name for c in COMMANDS)


@pytest.mark.parametrize(("ref", "text"), [
    (cmd("list"), "list"),
    (cmd("edit", company="acme", email="jane@acme.com"), "edit acme email: jane@acme.com"),
    (cmd("edit", company="acme", new_company="Acme Labs", role="PM"),
     "edit acme role: PM; company: Acme Labs"),
    (cmd("log", memory="the demo", company="Acme"), "log company: Acme; memory: the demo"),
    (cmd("draft", details="data roles", company="acme", kind="alternate-roles"),
     "draft alternate-roles acme: data roles"),
    (cmd("replied", how="conversation", company="acme", message="Thanks!"),
     "replied acme conversation: Thanks!"),
    (cmd("skill", text="a course"), "skill: a course"),
    (cmd("review", text="Hi Jane"), "review: Hi Jane"),
    (cmd("quiet", start="20:00", end="08:00"), "quiet 20:00-08:00"),
    (cmd("linkedin-limit", linkedin_limit="300"), "linkedin-limit 300"),
])
def test_a_command_is_typed_in_the_text_language(ref: object, text: str) -> None:
    assert typed(ref) == text  # type: ignore[arg-type]


def test_a_slack_channel_puts_the_slash_command_first() -> None:
    said = say(SLACK_CHANNEL, "Add it with ", cmd("edit", company="Acme", email="a@b.co"), ".")
    assert said == "Add it with /coach edit Acme email: a@b.co."
    assert SLACK_CHANNEL.usage("snooze", "snooze <duration>  |  snooze until <day>") == (
        "/coach snooze <duration>  |  /coach snooze until <day>")


def test_an_argument_a_command_does_not_take_is_refused() -> None:
    with pytest.raises(ValueError, match="takes no zone"):
        cmd("hours", zone="Europe/Berlin")


def examples_in(help_text: str) -> list[str]:
    """The example lines of every `help <command>` answer in `help_text`."""
    return [example for block in help_text.split("Examples:\n")[1:]
            for example in re.findall(r"^ *(\S.*)$", block.split("\n\n", 1)[0].split(
                "Also works as", 1)[0], re.MULTILINE)]


async def test_every_help_example_works_in_the_terminal(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "r.db")
    await chat.say(LOG_ACME)
    shown = await chat.session(*(f"help {c.name}" for c in COMMANDS))
    examples = examples_in(shown)
    assert len(examples) >= len(COMMANDS)
    assert not any(e.startswith("/") for e in examples)
    runnable = [e for e in examples if e != "quit"]  # quit closes the terminal chat itself
    out = await chat.session(*(line for e in runnable for line in (e, "cancel")))
    for refused in ("I don't know", "isn't a kind", "went wrong"):
        assert refused not in out
    assert "Bye for now" in await chat.say("quit")


async def test_terminal_help_lists_the_text_commands(tmp_path: Path) -> None:
    out = await Chat(tmp_path / "r.db").say("help")
    assert "draft <kind> [company]" in out and "edit [company] field: value" in out
    assert "/coach" not in out
    assert "For details and examples: help <command>." in out


async def test_tips_and_errors_in_the_terminal_name_text_commands(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "r.db")
    await chat.say("log company: Beta; role: QA; interviewer: Bo Lee; rejected: 20 days ago; "
                   "memory: the test plan review")
    tips = await chat.say("draft thank-you")
    assert "Add it with edit Beta email: name@example.com" in tips
    assert "Tip: set your name (profile name: Sam Lee)" in tips
    assert "Updated: Beta (QA)" in await chat.say("edit Beta email: name@example.com")
    assert "like quiet 20:00-08:00" in await chat.say("quiet 20:00")
    asked = await chat.say("forget beta")
    assert "Type yes to confirm, or no to cancel." in asked
