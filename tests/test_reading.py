"""The text language's reader is the mirror of its writer: every command example, written out
as text (`bot.syntax.typed`), reads back as the same typed command (`bot.reading.read`)."""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS
from bot.errors import UserError
from bot.reading import read
from bot.syntax import CommandRef, cmd, typed

# `review` is read against the user's rejections (is `review acme` a company or a draft?);
# tests/test_chat_e2e.py covers it through the chat.
EXAMPLES = [example for command in COMMANDS if command.name != "review"
            for example in command.examples]


@pytest.mark.parametrize("example", EXAMPLES, ids=[typed(e) for e in EXAMPLES])
def test_every_example_reads_back_as_written(example: CommandRef) -> None:
    text = typed(example).removeprefix(example.name)
    assert dict(read(example.name, text).args) == dict(example.args)


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("snooze", " acme labs for 2 weeks", cmd("snooze", company="acme labs", duration="2 weeks")),
    ("snooze", " till friday", cmd("snooze", duration="till friday")),
    ("replied", " acme labs brief", cmd("replied", company="acme labs", how="brief")),
    ("edit", " acme email: a@b.co; company: Acme: Labs",
     cmd("edit", company="acme", email="a@b.co", new_company="Acme: Labs")),
    ("quiet", " 20:00 to 08:00", cmd("quiet", start="20:00", end="08:00")),
    ("skill", ": a course: research", cmd("skill", text="a course: research")),
    ("list", " all", cmd("list", which="all")),
    ("stats", " everything please", cmd("stats")),
])
def test_text_is_cut_into_arguments(name: str, text: str, expected: CommandRef) -> None:
    assert read(name, text) == expected


def test_text_that_cant_be_cut_says_how_to_write_it() -> None:
    with pytest.raises(UserError, match="how long to snooze"):
        read("snooze", " acme soon")
