"""The /coach commands through the real discord.py tree, in a server and in the bot's DM."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.discord_support import World, discord_world, key, texts

LOG = {"company": "Acme", "role": "Product Designer", "interviewer": "Jane Smith",
       "rejected": "today", "memory": "the whiteboard session on checkout"}


def everything(result: Any) -> str:
    """The text of the response and every follow-up."""
    messages = [result.response, *result.followups]
    return "\n".join(texts(m) for m in messages if m is not None)


# (subcommand, options, something the answer must say)
SUBCOMMANDS: list[tuple[str, dict[str, Any], str]] = [
    ("list", {}, "Acme"),
    ("edit", {"company": "acme", "email": "jane@acme.com", "new_company": "Acme Labs"},
     "Updated: Acme Labs (Product Designer)"),
    ("plan", {"company": "Acme"}, "Timeline"),
    ("draft", {"kind": "thank-you"}, "Subject: Thank you for the interview at Acme"),
    ("draft", {"kind": "linkedin", "company": "acme"}, "LinkedIn connection note"),
    ("draft", {"kind": "alternate-roles", "company": "acme", "details": "data: analytics roles"},
     "especially for data: analytics roles."),
    ("draft", {"kind": "thank-you-for-feedback"}, "Subject: Thank you for the feedback"),
    ("sent", {}, "Has your thank-you to Acme already gone out?"),
    ("feedback", {"text": "more SQL: joins, windows", "company": "Acme"},
     "Saved the feedback from Acme"),
    ("skill", {"text": "finished a course: research methods"}, "Nice work, saved"),
    ("snooze", {"duration": "1w"}, "Snoozed"),
    ("snooze", {"duration": "until 3 April", "company": "Acme"}, "moves to Fri 3 Apr"),
    ("unsnooze", {}, "isn't snoozed"),
    ("undo", {}, "nothing to undo"),
    ("settings", {"date_order": "mdy"}, "month/day/year"),
    ("reminders", {}, "Reach out"),
    ("timezone", {"zone": "Europe/Berlin"}, "Time zone set to Europe/Berlin"),
    ("hours", {"time": "10:15"}, "Nudges will come at 10:15"),
    ("quiet", {"start": "21:00", "end": "07:00"}, "Quiet hours set to 21:00-07:00"),
    ("settings", {}, "Your settings"),
    ("settings", {"linkedin_limit": 300}, "LinkedIn notes will fit 300 characters"),
    ("stats", {}, "Rejections logged"),
    ("profile", {"name": "Sam Lee", "email": "sam@example.com"}, "Sam Lee"),
    ("help", {}, "Commands"),
    ("help", {"command": "draft"}, "A ready-to-send message, checked against the playbook"),
    ("stop", {"company": "Acme"}, "Acme"),
    ("resume", {"company": "Acme"}, "Acme"),
    ("forget", {"company": "Acme"}, "Press “Yes, delete it” to go ahead"),
]


async def _setup(world: World) -> tuple[Any, Any, Any]:
    env = world.env
    guild = env.create_guild()
    channel = guild.create_text_channel("general")
    member = guild.add_member(env.create_user("alice"))
    logged = await member.slash(channel, "coach log", **LOG)
    assert "Logged: Acme (Product Designer)" in everything(logged)
    return guild, channel, member


@pytest.mark.parametrize(("name", "options", "expected"), SUBCOMMANDS,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(SUBCOMMANDS)])
async def test_subcommand_in_a_server_is_ephemeral(tmp_path: Path, name: str,
                                                   options: dict[str, Any],
                                                   expected: str) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        _guild, channel, alice = await _setup(world)
        result = await alice.slash(channel, f"coach {name}", **options)
        assert result.ephemeral
        assert all(m.ephemeral for m in result.followups)
        assert expected in everything(result)
        assert channel.history() == []  # nothing was posted in the channel for all to see


@pytest.mark.parametrize(("name", "options", "expected"), SUBCOMMANDS,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(SUBCOMMANDS)])
async def test_subcommand_in_a_dm_stays_in_the_conversation(tmp_path: Path, name: str,
                                                            options: dict[str, Any],
                                                            expected: str) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        await user.slash("coach log", **LOG)
        result = await user.slash(f"coach {name}", **options)
        assert not result.ephemeral
        assert expected in everything(result)


async def test_replied_choices_follow_the_playbook(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        _guild, channel, alice = await _setup(world)
        early = await alice.slash(channel, "coach replied", how="brief")
        assert "haven't marked the thank-you email to Acme as sent" in everything(early)
        asked = await alice.slash(channel, "coach sent")
        confirmed = await alice.click(asked.response, label="Yes, it's sent")
        assert "done for Acme" in everything(confirmed)
        result = await alice.slash(channel, "coach replied", how="conversation", company="Acme",
                                   message="Thanks! I'd encourage you to apply again.")
        assert result.ephemeral
        assert "They opened a conversation" in everything(result)
        assert "your reply draft picks up on it" in everything(result)
        drafted = await alice.slash(channel, "coach draft", kind="reply")
        assert "Thank you for your encouragement to apply again" in everything(drafted)


async def test_forget_asks_first_and_the_button_confirms(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        _guild, channel, alice = await _setup(world)
        asked = await alice.slash(channel, "coach forget", company="Acme")
        confirmed = await alice.click(asked.response, label="Yes, delete it")
        assert "Deleted Acme (Product Designer)" in everything(confirmed)
        assert await world.service.coach.companies(key(alice)) == []


async def test_an_old_confirm_button_never_confirms_a_later_question(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        _guild, channel, alice = await _setup(world)
        first = await alice.slash(channel, "coach forget", company="Acme")
        later = await alice.slash(channel, "coach forget", company="me")
        stale = await alice.click(first.response, label="Yes, delete it")
        assert "expired" in everything(stale)
        assert await world.service.coach.companies(key(alice)) == ["Acme"]
        confirmed = await alice.click(later.response, label="Yes, delete it")
        assert "Everything I kept about you is gone" in everything(confirmed)
        assert await world.service.coach.companies(key(alice)) == []


async def test_export_is_a_json_attachment(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        _guild, channel, alice = await _setup(world)
        result = await alice.slash(channel, "coach export")
        assert result.ephemeral
        files = [a for m in (result.response, *result.followups) for a in m.attachments]
        assert [f.filename for f in files] == ["rebound-export.json"]
        data = json.loads(await files[0].read())
        assert data["rejections"][0]["company"] == "Acme"
        assert data["user"]["user_id"] == str(alice.id)


async def test_autocomplete_offers_own_companies_and_time_zones(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        _guild, channel, alice = await _setup(world)
        await alice.slash(channel, "coach log", **{**LOG, "company": "Globex"})
        companies = await alice.autocomplete(channel, "coach draft", "company", "",
                                             kind="thank-you")
        assert [c["value"] for c in companies] == ["Globex", "Acme"]
        narrowed = await alice.autocomplete(channel, "coach plan", "company", "glo")
        assert [c["value"] for c in narrowed] == ["Globex"]
        zones = await alice.autocomplete(channel, "coach timezone", "zone", "berl")
        assert zones[0]["value"] == "Europe/Berlin"
        assert len(await alice.autocomplete(channel, "coach timezone", "zone", "")) == 25


async def test_two_users_never_see_each_others_data(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        guild, channel, _alice = await _setup(world)
        bob = guild.add_member(world.env.create_user("bob"))
        listed = await bob.slash(channel, "coach list")
        assert "No rejections logged yet" in everything(listed)
        assert await bob.autocomplete(channel, "coach plan", "company", "") == []
        drafted = await bob.slash(channel, "coach draft", kind="thank-you", company="Acme")
        assert "Jane" not in everything(drafted)
        exported = await bob.slash(channel, "coach export")
        data = json.loads(await exported.response.attachments[0].read())
        assert data["rejections"] == []


async def test_user_text_cannot_ping_or_format(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        _guild, channel, alice = await _setup(world)
        result = await alice.slash(channel, "coach log", **{
            **LOG, "company": "@everyone **Bold** Inc", "memory": "the <@123456789012345678> chat"})
        shown = everything(result)
        assert "@everyone" not in shown.replace("@\u200beveryone", "")
        assert "<@123456789012345678>" not in shown
        assert "**Bold**" not in shown
        request = next(r for r in reversed(world.env.http_requests) if r.json
                       and "allowed_mentions" in r.json)
        assert request.json["allowed_mentions"] == {"parse": []}
