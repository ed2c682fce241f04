"""On Discord, what the coach tells a user to type works where they are: `/coach` subcommands
with their options in a server, plain text in the bot's DM. Every `/coach …` shown in a
server is read back into a subcommand and options and invoked through simcord, which refuses
an unknown subcommand, option or choice."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from discord import app_commands
from test_syntax import examples_in

from adapters.discord.syntax import DiscordSyntax
from bot.syntax import SIGNATURES, CommandRef
from tests.discord_support import World, discord_world, key, texts

LOG = {"company": "Acme", "role": "Product Designer", "interviewer": "Jane Smith",
       "rejected": "20 days ago", "memory": "the whiteboard session on checkout"}
REFUSED = ("I don't know", "isn't a kind", "went wrong", "in a direct message to me")
# Where a value embedded in a sentence ends.
_VALUE_END = re.compile(r",\s|\s\(|\)|\.$|\.\s|\n")


def shown(result: Any) -> str:
    """What the user reads in the answer, markdown escapes undone."""
    messages = [result.response, *result.followups]
    text = "\n".join(texts(m) for m in messages if m is not None)
    return re.sub(r"\\(.)", r"\1", text)


def invocation(text: str, group: app_commands.Group) -> tuple[str, dict[str, Any]]:
    """`/coach draft kind: thank-you email company: acme, …` -> (`coach draft`,
    {kind: thank-you, company: acme}): options by the subcommand's own names, a choice by the
    name Discord lists it under."""
    name, _, rest = text.removeprefix(f"/{group.name} ").partition(" ")
    sub = group.get_command(name)
    assert isinstance(sub, app_commands.Command), text
    params = {p.name: p for p in sub.parameters}
    pieces = re.split(r"(?:^|\s)(" + "|".join(params) + r"): ", rest) if params else [rest]
    assert not pieces[0].strip() or not params, text
    options: dict[str, Any] = {}
    for option, raw in zip(pieces[1::2], pieces[2::2], strict=True):
        choices = params[option].choices
        if choices:
            [choice] = [c for c in choices if raw.startswith(c.name)]
            options[option] = choice.value
        else:
            options[option] = _VALUE_END.split(raw, maxsplit=1)[0]
    return f"{group.name} {sub.name}", options


def slash_commands(text: str) -> list[str]:
    """Every `/coach …` in a text, each up to the next one."""
    return ["/coach " + part for part in text.split("/coach ")[1:]]


async def _server(world: World) -> tuple[Any, Any]:
    guild = world.env.create_guild()
    channel = guild.create_text_channel("general")
    member = guild.add_member(world.env.create_user("alice"))
    logged = await member.slash(channel, "coach log", **LOG)
    assert "Logged: Acme (Product Designer)" in shown(logged)
    return channel, member


async def _works(world: World, member: Any, channel: Any, command: str) -> str:
    """Invoke a `/coach …` shown to the user; what it answered (a form counts as working)."""
    name, options = invocation(command, world.client.group)
    result = await member.slash(channel, name, **options)
    if result.modal is not None:
        return "(a form opened)"
    answer = shown(result)
    for refused in REFUSED:
        assert refused not in answer, (command, answer)
    return answer


async def test_every_command_has_a_slash_form_with_its_arguments(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        syntax = DiscordSyntax(world.client.group)
        for name, params in SIGNATURES.items():
            ref = CommandRef(name, tuple((p.name, "x") for p in params))
            written = syntax.command(ref)
            if name in ("quit", "hello"):  # nothing to do on a server: the DM has them
                assert written.endswith("(in a direct message to me)")
            else:
                assert written.startswith("/coach ") and "direct message" not in written, name


async def test_help_in_a_server_lists_subcommands_with_their_options(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _server(world)
        listed = shown(await alice.slash(channel, "coach help"))
        usages = re.findall(r"^\*\*(/coach [^*]+)\*\*$", listed, re.MULTILINE)
        offered = alice.available_commands(channel)
        assert len(usages) == len(offered) + 2  # every subcommand, settings' options apart
        assert "/coach draft kind [company] [details]" in usages
        assert "/coach settings date_order" in usages
        assert "/coach log [company] [role] [interviewer] [rejected] [memory] [email] " \
               "[linkedin] [compliment] (on its own, opens a form)" in usages
        group = world.client.group
        for usage in usages:
            words = usage.split(" (")[0].split()
            sub = group.get_command(words[1])
            assert f"coach {words[1]}" in offered
            assert isinstance(sub, app_commands.Command)
            names = [w.strip("[]") for w in words[2:]]
            assert names == [p.name for p in sub.parameters if p.name in names]
        assert "For details and examples: /coach help command: <command>." in listed


async def test_every_help_example_in_a_server_is_a_working_slash_command(tmp_path: Path
                                                                         ) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _server(world)
        names = [c["value"] for c in _help_choices(world)]
        helps = [shown(await alice.slash(channel, "coach help", command=name))
                 for name in names]
        examples = examples_in("\n\n".join(helps))
        assert len(examples) >= len(names)
        assert all(example.startswith("/coach ") for example in examples)
        answers = [await _works(world, alice, channel, example) for example in examples]
        assert "(a form opened)" in answers  # /coach log and /coach review


async def test_help_in_the_bots_dm_lists_what_to_type_there(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        dora = world.env.create_user("dora")
        answer = shown(await dora.slash("coach help", command="draft"))
        assert "draft <kind> [company]" in answer and "  draft linkedin acme" in answer
        assert "/coach" not in answer


async def test_tips_errors_and_settings_in_a_server_name_working_commands(tmp_path: Path
                                                                          ) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _server(world)
        tips = shown(await alice.slash(channel, "coach draft", kind="thank-you"))
        assert "Add it with /coach edit company: Acme email: name@example.com" in tips
        assert "Tip: set your name (/coach profile name: Sam Lee)" in tips
        settings = shown(await alice.slash(channel, "coach settings"))
        problem = shown(await alice.slash(channel, "coach quiet", start="20:00", end="20:00"))
        assert "like /coach quiet start: 20:00 end: 08:00." in problem
        shown_commands = [*slash_commands(tips), *slash_commands(settings),
                          *slash_commands(problem)]
        assert len(shown_commands) == 8
        answers = [await _works(world, alice, channel, c) for c in shown_commands]
        assert "Updated: Acme (Product Designer)" in answers[0]
        assert "LinkedIn notes will fit 300 characters" in "".join(answers)


async def test_questions_in_a_server_say_how_to_answer(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _server(world)
        asked = shown(await alice.slash(channel, "coach forget", company="Acme"))
        assert "Press “Yes, delete it” to go ahead, or “Cancel”." in asked
        progress = shown(await alice.slash(channel, "coach draft", kind="stay-in-touch"))
        [answer] = slash_commands(progress)
        assert answer.startswith("/coach draft kind: stay-in-touch email company: Acme "
                                 "details: finished a course on research methods")
        drafted = await _works(world, alice, channel, answer)
        assert "Saved that as a skill, and used it below." in drafted
        found = await world.service.store.get_user(key(alice))
        assert found is not None
        assert await world.service.store.get_conversation(found.id) is None  # settled


async def test_what_they_wrote_is_asked_for_in_the_dm(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        guild = world.env.create_guild()
        channel = guild.create_text_channel("general")
        user = world.env.create_user("alice")
        alice = guild.add_member(user)
        await alice.slash(channel, "coach log", **LOG)
        assert "done for Acme" in shown(await alice.slash(channel, "coach sent"))
        asked = shown(await alice.slash(channel, "coach replied", how="conversation"))
        assert "Paste it in a direct message to me, or press Skip." in asked
        await user.send_dm("Thanks Sam! The checkout work was great; apply again in spring.")
        assert "Saved what they wrote" in texts(user.dm_channel.last_message)


def _help_choices(world: World) -> list[dict[str, Any]]:
    sub = world.client.group.get_command("help")
    assert isinstance(sub, app_commands.Command)
    return [{"name": c.name, "value": c.value} for c in sub.parameters[0].choices]
