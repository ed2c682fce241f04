"""Slash options reach the core as typed values: whatever a user types into an option (colons,
semicolons, quotes, emoji, mention-like text, template braces) is stored and used exactly as
typed, never read again as command text.

Each test logs two rejections whose company names the text language can't tell apart ("Acme",
and one that starts "Acme:"), then runs one /coach subcommand naming the second, and checks
what the store holds afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.models import EventKind, Rejection
from tests.discord_support import World, discord_world, key, texts

AWKWARD = ("a; b: c, “curly” 'single' \"double\" 🚀 <@123456789012345678> {{ name }} "
           "{% if x %} #1 | role: x")
"""Everything the text language treats specially, in one value."""
COMPANY = "Acme: Labs; “R&D” 🚀 {{ x }}"
LOG = {"role": "Researcher", "interviewer": "Jane Smith", "rejected": "today",
       "memory": "the whiteboard session on checkout"}


def everything(result: Any) -> str:
    messages = [result.response, *result.followups]
    return "\n".join(texts(m) for m in messages if m is not None)


async def _setup(world: World) -> tuple[Any, Any]:
    """Alice in a server, with a rejection from Acme and one from `COMPANY`."""
    guild = world.env.create_guild()
    channel = guild.create_text_channel("general")
    alice = guild.add_member(world.env.create_user("alice"))
    for company, role in (("Acme", "Designer"), (COMPANY, "Researcher")):
        logged = await alice.slash(channel, "coach log", **{**LOG, "company": company,
                                                            "role": role})
        assert "Logged:" in everything(logged)
    return channel, alice


async def _rejections(world: World, alice: Any) -> dict[str, Rejection]:
    """Alice's rejections by role (Designer is Acme's, Researcher is `COMPANY`'s)."""
    user = await world.service.store.get_user(key(alice))
    assert user is not None
    return {r.role: r for r in await world.service.store.list_rejections(user.id)}


def _events(rejection: Rejection, kind: EventKind) -> list[Any]:
    return [e for e in rejection.events if e.kind is kind]


async def test_edit_stores_every_field_as_typed(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _setup(world)
        result = await alice.slash(channel, "coach edit", company=COMPANY, memory=AWKWARD,
                                   compliment=AWKWARD)
        assert "Updated" in everything(result)
        found = await _rejections(world, alice)
        assert (found["Researcher"].memory, found["Researcher"].compliment) == (AWKWARD,
                                                                                AWKWARD)
        assert found["Designer"].memory == LOG["memory"]
        assert found["Researcher"].role == "Researcher"  # `role: x` in a value is no field


async def test_edit_renames_a_company_to_an_awkward_name(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _setup(world)
        await alice.slash(channel, "coach edit", company="Acme", new_company=AWKWARD[:100])
        found = await _rejections(world, alice)
        assert found["Designer"].company == AWKWARD[:100]
        assert found["Researcher"].company == COMPANY


async def test_feedback_and_skill_keep_the_text(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _setup(world)
        saved = await alice.slash(channel, "coach feedback", company=COMPANY, text=AWKWARD)
        assert "Saved the feedback" in everything(saved)
        await alice.slash(channel, "coach skill", text=AWKWARD)
        found = await _rejections(world, alice)
        assert found["Researcher"].feedback == (AWKWARD,)
        assert found["Designer"].feedback == ()
        user = await world.service.store.get_user(key(alice))
        assert user is not None
        assert [s.text for s in await world.service.store.list_skills(user.id)] == [AWKWARD]


async def test_sent_then_replied_keeps_their_message(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _setup(world)
        asked = await alice.slash(channel, "coach sent", company=COMPANY)
        await alice.click(asked.response, label="Yes, it's sent")
        result = await alice.slash(channel, "coach replied", company=COMPANY,
                                   how="conversation", message=AWKWARD)
        assert "your reply draft picks up on it" in everything(result)
        found = await _rejections(world, alice)
        assert [e.message for e in _events(found["Researcher"], EventKind.REPLIED)] == [AWKWARD]
        assert _events(found["Designer"], EventKind.SENT) == []


@pytest.mark.parametrize("kind", ["alternate-roles", "stay-in-touch"])
async def test_draft_details_are_kept_as_typed(tmp_path: Path, kind: str) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _setup(world)
        result = await alice.slash(channel, "coach draft", kind=kind, company=COMPANY,
                                   details=AWKWARD)
        assert "Subject:" in everything(result)
        found = await _rejections(world, alice)
        user = await world.service.store.get_user(key(alice))
        assert user is not None
        if kind == "alternate-roles":
            wanted = _events(found["Researcher"], EventKind.WANTED_ROLES)
            assert [e.value for e in wanted] == [AWKWARD]
        else:
            skills = await world.service.store.list_skills(user.id)
            assert [s.text for s in skills] == [AWKWARD]


async def test_snooze_unsnooze_and_undo_name_the_awkward_company(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _setup(world)
        snoozed = await alice.slash(channel, "coach snooze", company=COMPANY,
                                    duration="for 2 weeks")
        assert "Snoozed" in everything(snoozed)
        await alice.slash(channel, "coach unsnooze", company=COMPANY)
        found = await _rejections(world, alice)
        assert len(_events(found["Researcher"], EventKind.SNOOZED)) == 1
        assert len(_events(found["Researcher"], EventKind.UNSNOOZED)) == 1
        assert [e.kind for e in found["Designer"].events] == [EventKind.LOGGED]
        await alice.slash(channel, "coach undo", company=COMPANY)
        found = await _rejections(world, alice)
        assert _events(found["Researcher"], EventKind.UNSNOOZED) == []


async def test_stop_resume_plan_and_forget_name_the_awkward_company(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _setup(world)
        await alice.slash(channel, "coach stop", company=COMPANY)
        await alice.slash(channel, "coach resume", company=COMPANY)
        found = await _rejections(world, alice)
        assert [e.kind for e in found["Researcher"].events] == [
            EventKind.LOGGED, EventKind.STOPPED, EventKind.RESUMED]
        planned = await alice.slash(channel, "coach plan", company=COMPANY)
        assert "Researcher" in everything(planned) and "Timeline" in everything(planned)
        asked = await alice.slash(channel, "coach forget", company=COMPANY)
        await alice.click(asked.response, label="Yes, delete it")
        assert list(await _rejections(world, alice)) == ["Designer"]


async def test_review_box_keeps_kind_company_and_draft(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _setup(world)
        shown = await alice.slash(channel, "coach review", kind="thank-you", company=COMPANY)
        draft = f"Hi Jane,\n\n{AWKWARD}\n\nThanks again: really.\nSam"
        answered = await alice.submit_modal(shown, {"review:text": draft})
        text = everything(answered)
        assert "Reviewed as a thank-you email for" in text
        assert "(Researcher)" in text


async def test_profile_takes_semicolons_and_colons(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        result = await user.slash("coach profile", name="Sam; phone: 1")
        assert "Saved." in everything(result)
        stored = await world.service.store.get_user(key(user))
        assert stored is not None
        assert (stored.profile.name, stored.profile.phone) == ("Sam; phone: 1", None)
        await user.slash("coach profile", name=AWKWARD)
        stored = await world.service.store.get_user(key(user))
        assert stored is not None and stored.profile.name == AWKWARD


@pytest.mark.parametrize(("name", "option"), [("hours", "time"), ("timezone", "zone"),
                                               ("snooze", "duration")])
async def test_a_wrong_value_is_quoted_back_whole(tmp_path: Path, name: str,
                                                  option: str) -> None:
    """A value that isn't valid is refused as a whole, not read in part as something else."""
    async with discord_world(tmp_path / "r.db") as world:
        channel, alice = await _setup(world)
        value = "9:30; quiet: 1 “x”"
        refused = everything(await alice.slash(channel, f"coach {name}", **{option: value}))
        assert f"“{value}”" in refused
