"""A step's quick actions are the same in the coach's replies and in the step's nudge.

A rejection is walked through every step of the playbook with the real coach over SQLite; at
each step, the buttons of `plan` are held against those of the nudge planned for that step,
composed as the scheduler composes it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.models import UserKey
from bot.nudges.composer import compose
from bot.playbook import ActionKey
from bot.replies import Button, Reply
from bot.session import Incoming
from bot.store import Store
from bot.syntax import Surface
from rebound.bootstrap import bootstrap, open_store

USER = UserKey("slack", "T1", "U1")
LOG = ("log company: Acme; role: Designer; interviewer: Dr. Jane Smith; rejected: today; "
       "memory: the whiteboard session")


class Walk:
    """One user at one coach, with a clock the test moves."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.clock = FakeClock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
        self.coach = bootstrap(store=store, clock=self.clock).coach

    async def say(self, text: str) -> Reply:
        return await self.coach.handle(Incoming(USER, text, surface=Surface.DIRECT))

    async def nudge_buttons(self, action: ActionKey) -> tuple[Button, ...]:
        """The buttons of the pending nudge for `action`, with `#id` written as `plan`'s
        reference (`Acme`)."""
        nudge = await self.nudge(action)
        return tuple(Button(b.label, b.command.replace("#1", "Acme"), b.form)
                     for b in nudge.buttons)

    async def nudge(self, action: ActionKey) -> Reply:
        """The pending nudge for `action`, composed as the scheduler composes it."""
        user = await self.store.get_user(USER)
        assert user is not None
        pending = await self.store.nudges.pending_for_user(user.id, limit=20)
        [nudge] = [n for n in pending if n.payload.get("action") == action.value]
        assert nudge.rejection_id is not None
        rejection = await self.store.get_rejection(user.id, nudge.rejection_id)
        assert rejection is not None and rejection.id == 1
        composed = compose(nudge, user=user, rejection=rejection)
        assert composed.reply is not None, composed.reason
        return composed.reply


@pytest.fixture
async def walk(tmp_path: Path) -> AsyncIterator[Walk]:
    async with await open_store(tmp_path / "r.db") as store:
        yield Walk(store)


async def test_every_steps_nudge_offers_the_same_buttons_as_the_reply(walk: Walk) -> None:
    steps = {
        ActionKey.REACH_OUT: (LOG,),
        ActionKey.CHECK_REPLY: ("sent acme", "yes"),
        ActionKey.REPLY: ("replied acme conversation: Thanks, let's talk next month!",),
        ActionKey.MOVE_ON: ("sent acme",),
        ActionKey.STAY_IN_TOUCH: ("sent acme",),
    }
    seen = []
    for action, messages in steps.items():
        for text in messages:
            await walk.say(text)
        plan = await walk.say("plan acme")
        assert plan.buttons, action
        assert await walk.nudge_buttons(action) == plan.buttons, action
        said = str((await walk.nudge(action)).parts)
        assert "Dr" not in said, said  # "Dr. Jane Smith" is greeted as the drafts greet her
        seen.append(action)
        walk.clock.advance(timedelta(days=1))
    assert seen == list(ActionKey)  # every step of the playbook was held to it


async def test_nudges_and_replies_name_the_interviewer_as_the_drafts_greet_them(
        walk: Walk) -> None:
    logged = await walk.say(LOG)
    assert "send Jane a short thank-you email" in str(logged.parts)
    await walk.say("sent acme")
    await walk.say("yes")
    await walk.say("replied acme conversation: Thanks, let's talk next month!")
    answer = str((await walk.nudge(ActionKey.REPLY)).parts)
    assert "Jane opened a conversation." in answer
    draft = str((await walk.say("draft reply acme")).parts)
    assert "Hi Jane," in draft


async def test_the_step_buttons_do_what_they_say(walk: Walk) -> None:
    await walk.say(LOG)
    plan = await walk.say("plan acme")
    assert [(b.label, b.command) for b in plan.buttons] == [
        ("Show the draft", "draft thank-you Acme"), ("Mark as sent", "sent Acme"),
        ("Snooze a week", "snooze Acme 1w"), ("Stop reminders for this one", "stop Acme")]
    for button in plan.buttons:
        answer = await walk.say(button.command)
        assert "Sorry" not in str(answer.parts), button
