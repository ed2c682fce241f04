"""Nudges as Discord DMs: persistent buttons (also after restarts), one press each, 50007."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import simcord

from tests.discord_support import World, discord_world, key, texts

LOG = {"company": "Acme", "role": "Product Designer", "interviewer": "Jane Smith",
       "rejected": "today", "memory": "the whiteboard session"}


def everything(result: Any) -> str:
    return "\n".join(texts(m) for m in (result.response, *result.followups) if m is not None)


def buttons(message: Any) -> list[dict[str, Any]]:
    return [c for row in message.components for c in row["components"]]


async def _logged(world: World) -> Any:
    user = world.env.create_user("dora")
    await user.slash("coach log", **LOG)
    return user


async def _reach_out_nudge(world: World, user: Any) -> Any:
    world.clock.advance(timedelta(days=15))
    assert await world.deliver_due() == 1
    nudge = user.dm_channel.last_message
    assert nudge is not None
    assert "Reach out to Acme" in texts(nudge)
    return nudge


async def test_a_nudge_arrives_as_a_dm_with_persistent_buttons(tmp_path: Path) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = await _logged(world)
        nudge = await _reach_out_nudge(world, user)
        stored = world.env.backend.get_message(nudge.channel.id, nudge.id)
        labels = [b["label"] for b in buttons(stored)]
        assert labels == ["Show the draft", "Mark as sent", "Snooze a week",
                          "Stop reminders for this one"]
        assert all(b["custom_id"].startswith("rebound:") for b in buttons(stored))
        request = next(r for r in world.env.http_requests
                       if r.method == "POST" and r.path.endswith("/messages"))
        assert request.json is not None and len(request.json["nonce"]) == 25


REACH_OUT_BUTTONS = [
    ("Show the draft", "Subject: Thank you for the interview at Acme"),
    ("Mark as sent", "done for Acme"),
    ("Snooze a week", "Snoozed"),
    ("Stop reminders for this one", "Acme"),
]


@pytest.mark.parametrize(("label", "expected"), REACH_OUT_BUTTONS)
async def test_each_reach_out_button_works_after_a_restart(tmp_path: Path, label: str,
                                                          expected: str) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = await _logged(world)
        nudge = await _reach_out_nudge(world, user)
        await world.restart()
        await world.restart()
        result = await user.click(nudge, label=label)
        assert not result.ephemeral
        assert expected in everything(result)
        pressed = world.env.backend.get_message(nudge.channel.id, nudge.id)
        assert all(b["disabled"] for b in buttons(pressed))
        assert f"✓ {label}" in [b["label"] for b in buttons(pressed)]
        with pytest.raises(simcord.SetupError):
            await user.click(nudge, label=f"✓ {label}")


@pytest.mark.parametrize(("label", "expected"), [
    ("Brief reply", "no contact for about three weeks"),
    ("A conversation", "They opened a conversation"),
    ("No reply", "Don't chase them"),
])
async def test_did_they_reply_buttons_months_later(tmp_path: Path, label: str,
                                                   expected: str) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        user = await _logged(world)
        nudge = await _reach_out_nudge(world, user)
        await user.click(nudge, label="Mark as sent")
        world.clock.advance(timedelta(days=8))
        assert await world.deliver_due() == 1
        check = user.dm_channel.last_message
        assert "Did Acme reply?" in texts(check)
        world.clock.advance(timedelta(days=120))
        await world.restart()
        result = await user.click(check, label=label)
        assert expected in everything(result)


@pytest.mark.parametrize("code", [50007, 50278])
async def test_a_user_who_cannot_be_messaged_is_told_next_time(tmp_path: Path,
                                                               code: int) -> None:
    async with discord_world(tmp_path / "r.db") as world:
        env = world.env
        guild = env.create_guild()
        channel = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        await alice.slash(channel, "coach log", **LOG)
        env.inject_error("POST", "/channels/*/messages", status=403, code=code,
                         message="Cannot send messages to this user", times=None)
        world.clock.advance(timedelta(days=15))
        assert await world.deliver_due() == 1
        user = await world.service.store.get_user(key(alice))
        assert user is not None and user.unreachable is not None
        assert str(code) in user.unreachable
        with sqlite3.connect(world.db_path) as db:
            rows = db.execute("SELECT kind, status, last_error FROM nudges "
                              "WHERE status = 'dead'").fetchall()
        assert [(kind, status) for kind, status, _ in rows] == [("reach-out", "dead")]
        assert str(code) in rows[0][2]
        # No further attempts while they are unreachable.
        world.clock.advance(timedelta(days=30))
        attempts = len([r for r in env.http_requests if r.path.endswith("/messages")])
        await world.deliver_due()
        assert len([r for r in env.http_requests if r.path.endswith("/messages")]) == attempts
        env.backend.faults.clear()
        told = await alice.slash(channel, "coach list")
        assert "couldn't send you a reminder" in everything(told)
        assert told.ephemeral
