"""Forms outlive the process: a modal opened before a restart is taken after it, and the
answers a "Fix it" button refills a form with are kept in the database, for a day."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.discord_support import buttons, discord_world, key, texts

MAIN = {"field:company": "Acme", "field:role": "Product Designer",
        "field:interviewer": "Jane Smith", "field:rejected": "yesterday",
        "field:memory": "the whiteboard session"}
BAD = {**MAIN, "field:interviewer": "1234", "field:rejected": "next tuesday"}
FIX_IT = "Fix it (your answers are kept)"


def everything(result: Any) -> str:
    return "\n".join(texts(m) for m in (result.response, *result.followups) if m is not None)


def last_message(result: Any) -> Any:
    return [*([result.response] if result.response else []), *result.followups][-1]


def defaults(result: Any) -> dict[str, str]:
    assert result.modal is not None
    found = {}
    for row in result.modal["components"]:
        for control in row.get("components", [row.get("component", {})]):
            if control.get("custom_id"):
                found[control["custom_id"]] = control.get("value") or ""
    return found


def kept_rows(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        return int(db.execute("SELECT count(*) FROM kept_forms").fetchone()[0])


async def test_a_log_form_opened_before_a_restart_is_saved_after_it(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        env = world.env
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        shown = await alice.slash(channel, "coach log")
        await world.restart()
        saved = await alice.submit_modal(shown, MAIN)
        assert saved.ephemeral
        assert "Logged: Acme (Product Designer)" in everything(saved)
        details = await alice.click(last_message(saved),
                                    label="Add email, LinkedIn, compliment")
        await world.restart()
        added = await alice.submit_modal(details, {"field:email": "jane@acme.com"})
        assert "jane@acme.com" in everything(added)
        assert await world.service.coach.companies(key(alice)) == ["Acme"]


async def test_a_long_pasted_review_survives_a_restart(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        shown = await user.slash("coach review", kind="thank-you")
        await world.restart()
        draft = "Hi Jane,\n\nThank you: it was a pleasure.\n" + "x" * 3700 + "\n\nSam"
        assert len(draft) <= 3800
        answered = await user.submit_modal(shown, {"review:text": draft})
        assert "Reviewed as a thank-you email" in everything(answered)


async def test_fix_it_values_are_kept_in_the_database_across_restarts(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        shown = await user.slash("coach log")
        failed = await user.submit_modal(shown, BAD)
        assert "Nothing was saved" in everything(failed)
        assert kept_rows(world.db_path) == 1
        await world.restart()
        again = await user.click(last_message(failed), label=FIX_IT)
        assert defaults(again)["field:interviewer"] == "1234"
        assert defaults(again)["field:memory"] == MAIN["field:memory"]
        await world.restart()
        fixed = await user.submit_modal(again, {**BAD, "field:interviewer": "Jane Smith",
                                                "field:rejected": "today"})
        assert "Logged: Acme (Product Designer)" in everything(fixed)
        assert kept_rows(world.db_path) == 0  # used: gone
        # The button now opens an empty form instead of stale answers.
        empty = await user.click(last_message(failed), label=FIX_IT)
        assert defaults(empty)["field:interviewer"] == ""


async def test_kept_values_last_a_day_and_only_for_their_owner(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        env = world.env
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        bob = guild.add_member(env.create_user("bob"))
        failed = await alice.submit_modal(await alice.slash(channel, "coach log"), BAD)
        message = last_message(failed)
        [fix] = [b for b in buttons(message) if b["label"] == FIX_IT]
        token = int(fix["custom_id"].rsplit(":", 1)[1])
        assert await world.service.coach.kept_form(key(alice), token) is not None
        assert await world.service.coach.kept_form(key(bob), token) is None
        world.clock.advance(timedelta(days=1, minutes=1))
        stale = await alice.click(message, label=FIX_IT)
        assert defaults(stale)["field:interviewer"] == ""


async def test_forget_me_removes_kept_answers(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        await user.submit_modal(await user.slash("coach log"), BAD)
        assert kept_rows(world.db_path) == 1
        await user.send_dm("forget me")
        await user.send_dm("yes")
        assert kept_rows(world.db_path) == 0


async def test_a_form_from_an_older_version_is_answered_not_dropped(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = world.env.create_user("dora")
        shown = await user.slash("coach log")
        assert shown.modal is not None
        # What discord.py's own modals used: a random id, known only to the old process.
        shown._interaction.modal["custom_id"] = "3f1c0a9b2e4d"
        answered = await user.submit_modal(shown, MAIN)
        assert "opened before I was updated" in everything(answered)
