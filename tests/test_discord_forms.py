"""The log form as two modals, the review modal, and the plain-text DM conversation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.discord_support import discord_world, key, texts


def everything(result: Any) -> str:
    return "\n".join(texts(m) for m in (result.response, *result.followups) if m is not None)


def last_message(result: Any) -> Any:
    return [*([result.response] if result.response else []), *result.followups][-1]


def modal_defaults(result: Any) -> dict[str, str]:
    shown = result.modal
    assert shown is not None
    found = {}
    for row in shown["components"]:
        for control in row.get("components", [row.get("component", {})]):
            if control.get("custom_id"):
                found[control["custom_id"]] = control.get("value") or ""
    return found


MAIN = {"field:company": "Acme", "field:role": "Product Designer",
        "field:interviewer": "Jane Smith", "field:rejected": "yesterday",
        "field:memory": "the whiteboard session: checkout; payments"}


async def test_log_without_options_opens_the_modal_and_saves_it(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        env = world.env
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        shown = await alice.slash(channel, "coach log")
        assert shown.modal is not None
        assert set(modal_defaults(shown)) == set(MAIN)
        saved = await alice.submit_modal(shown, MAIN)
        assert saved.ephemeral
        assert "Logged: Acme (Product Designer)" in everything(saved)
        assert "the whiteboard session: checkout; payments" in everything(saved)
        # The second page: email, LinkedIn and compliment for the same rejection.
        details = await alice.click(last_message(saved),
                                    label="Add email, LinkedIn, compliment")
        assert set(modal_defaults(details)) == {"field:email", "field:linkedin",
                                                "field:compliment"}
        added = await alice.submit_modal(details, {"field:email": "jane@acme.com",
                                                   "field:compliment": "the team's care"})
        assert "jane@acme.com" in everything(added)
        plan = await alice.slash(channel, "coach draft", kind="thank-you")
        assert "jane@acme.com" in everything(plan)


async def test_modal_errors_are_listed_per_field_and_the_form_reopens_filled(
        tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        shown = await user.slash("coach log")
        bad = {**MAIN, "field:interviewer": "1234", "field:rejected": "next tuesday"}
        answered = await user.submit_modal(shown, bad)
        text = everything(answered)
        assert "Nothing was saved" in text
        assert "Interviewer's full name: Give the interviewer's name in letters" in text
        assert "Rejected on:" in text
        assert await world.service.coach.companies(key(user)) == []
        again = await user.click(last_message(answered),
                                 label="Fix it (your answers are kept)")
        defaults = modal_defaults(again)
        assert defaults["field:memory"] == MAIN["field:memory"]
        assert defaults["field:interviewer"] == "1234"
        fixed = await user.submit_modal(again, {**bad, "field:interviewer": "Jane Smith",
                                                "field:rejected": "today"})
        assert "Logged: Acme (Product Designer)" in everything(fixed)


async def test_log_options_with_a_missing_field_say_which(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        result = await user.slash("coach log", company="Acme", role="Designer")
        text = everything(result)
        assert "Interviewer's full name: This one is needed." in text
        assert "A moment from the interview: This one is needed." in text
        reopened = await user.click(last_message(result),
                                    label="Fix it (your answers are kept)")
        assert modal_defaults(reopened)["field:company"] == "Acme"


async def test_review_opens_a_modal_and_reads_colons_as_text(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        env = world.env
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        shown = await alice.slash(channel, "coach review", kind="thank-you")
        assert shown.modal is not None
        draft = ("Hi Jane,\n\nWhy wasn't I chosen? I think it was unfair: please "
                 "reconsider.\n\nSam")
        answered = await alice.submit_modal(shown, {"review:text": draft})
        text = everything(answered)
        assert answered.ephemeral
        assert "Reviewed as a thank-you email" in text
        assert "⚠️" in text


async def test_dm_conversation_runs_the_guided_log_form(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        channel = user.dm_channel
        answers = ["log", "Acme", "Product Designer", "Jane Smith", "skip", "skip", "today",
                   "the whiteboard session", "skip"]
        for answer in answers:
            await user.send_dm(answer)
        last = channel.last_message
        assert last is not None
        assert "Logged: Acme (Product Designer)" in "\n".join(
            texts(m) for m in channel.history()[-3:])
        await user.send_dm("list")
        assert "Acme" in texts(channel.last_message)


async def test_slash_command_leaves_an_open_dm_form_alone(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        await user.send_dm("log")
        await user.send_dm("Acme")
        listed = await user.slash("coach list")
        assert "No rejections logged yet" in everything(listed)
        await user.send_dm("Product Designer")
        assert "Who interviewed you?" in texts(user.dm_channel.last_message)
