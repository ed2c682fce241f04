"""One unit of work per message: it knows what it changed, and only that is re-planned and
refreshed; reads inside it never deadlock, whatever the task layout."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from nudge_support import LOG_ACME, MONDAY, SAM, Changes, by_key, open_store, say

from bot.clock import FakeClock
from bot.coach import Coach
from bot.models import UserKey
from bot.store import Store
from bot.store.codec import utc_text
from rebound.bootstrap import bootstrap

ALEX = UserKey(SAM.platform, SAM.workspace, "U-alex")
LOG_BETA = ("log company: Beta; role: Analyst; interviewer: Ann Lee; rejected: 3 days ago; "
            "memory: the case study on pricing")


class Rig:
    """The coach as the app builds it, recording whose App Home it asks to refresh."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.clock = FakeClock(MONDAY)
        self.changes = Changes()
        self.refreshed: list[UserKey] = []
        self.coach: Coach = bootstrap(store=store, clock=self.clock, wake=self.changes,
                                      on_user_changed=self.refreshed.append).coach


@pytest.fixture
async def rig(db_target: Path | str) -> AsyncIterator[Rig]:
    store = await open_store(db_target)
    try:
        yield Rig(store)
    finally:
        await store.close()


async def test_a_message_that_changes_nothing_refreshes_nothing(rig: Rig) -> None:
    await say(rig.coach, LOG_ACME)
    assert rig.refreshed == [SAM]
    for text in ("list", "plan acme", "draft thank-you acme", "settings", "help", "stats"):
        await say(rig.coach, text)
    assert rig.refreshed == [SAM]


async def test_another_users_concurrent_write_is_not_this_messages_change(rig: Rig) -> None:
    await say(rig.coach, LOG_ACME)
    sam = await rig.store.get_user(SAM)
    assert sam is not None
    # Move Sam's nudge by hand: re-planning Sam would put it back, so it shows whether the
    # next messages re-planned Sam.
    [key] = [k for k in await by_key(rig.store, sam.id) if k.startswith("r")][:1]
    moved = utc_text(MONDAY + timedelta(days=40))
    async with rig.store.atomic() as tx:
        await tx.execute("UPDATE nudges SET due_at = ? WHERE idempotency_key = ?", (moved, key))
    rig.refreshed.clear()
    woken = rig.changes.count

    # Alex logs while Sam's message waits for the writer lock: before units knew what they
    # changed, Sam's message saw the store change and re-planned and refreshed Sam too.
    await asyncio.gather(say(rig.coach, LOG_BETA, user=ALEX), say(rig.coach, "list"))

    assert rig.refreshed == [ALEX]
    assert rig.changes.count == woken + 1  # Alex's new nudges, nothing for Sam
    assert (await by_key(rig.store, sam.id))[key]["due_at"] == moved


async def test_a_unit_knows_which_user_and_rejections_it_changed(rig: Rig) -> None:
    await say(rig.coach, LOG_ACME)
    await say(rig.coach, LOG_BETA)
    sam = await rig.store.get_user(SAM)
    assert sam is not None
    acme, beta = await rig.store.list_rejections(sam.id)
    async with rig.store.unit() as unit:
        await rig.store.list_rejections(sam.id)
    assert not unit.changed(sam.id)
    async with rig.store.unit() as unit:
        await rig.store.add_event(sam.id, beta.id, beta.events[0])
    assert unit.changed(sam.id) and unit.rejections(sam.id) == {beta.id}
    assert not unit.whole_plan(sam.id)
    assert not unit.reshaped(sam.id) and unit.events(sam.id) == (beta.events[0],)
    async with rig.store.unit() as unit:
        await rig.store.delete_rejection(sam.id, acme.id)
    assert unit.reshaped(sam.id) and unit.rejections(sam.id) == {acme.id}
    async with rig.store.unit() as unit:
        await rig.store.update_preferences(sam.id, sam.preferences)
    assert unit.whole_plan(sam.id) and unit.rejections(sam.id) == frozenset()


async def test_a_nested_unit_reports_to_the_outer_one_only_if_it_succeeds(rig: Rig) -> None:
    await say(rig.coach, LOG_ACME)
    sam = await rig.store.get_user(SAM)
    assert sam is not None
    [acme] = await rig.store.list_rejections(sam.id)
    async with rig.store.unit() as outer:
        with pytest.raises(RuntimeError):
            async with rig.store.unit():
                await rig.store.add_event(sam.id, acme.id, acme.events[0])
                raise RuntimeError("undo this part")
        assert not outer.changed(sam.id)
        async with rig.store.unit():
            await rig.store.add_event(sam.id, acme.id, acme.events[0])
    assert outer.rejections(sam.id) == {acme.id}


async def test_reads_gathered_inside_a_unit_complete(rig: Rig) -> None:
    """Tasks gathered inside a unit read the last commit (the unit's draft is its own task's):
    they never wait for the writer lock the unit holds, which would never come."""
    await say(rig.coach, LOG_ACME)
    sam = await rig.store.get_user(SAM)
    assert sam is not None
    async with rig.store.unit():
        await rig.store.set_unreachable(sam.id, "a write first, so the unit holds the lock")
        user, rejections = await asyncio.wait_for(asyncio.gather(
            rig.store.get_user(SAM), rig.store.list_rejections(sam.id)), timeout=10)
        assert user is not None and user.unreachable is None  # not the unit's draft
        assert [r.company for r in rejections] == ["Acme"]
        mine = await rig.store.get_user(SAM)  # the unit's own task sees its own write
        assert mine is not None and mine.unreachable is not None


async def test_a_task_started_in_a_unit_never_sees_its_draft(rig: Rig) -> None:
    """A background task started inside a unit (an App Home refresh, say) that reads after
    the unit was rolled back sees what was committed, not what was undone."""
    await say(rig.coach, LOG_ACME)
    sam = await rig.store.get_user(SAM)
    assert sam is not None
    go = asyncio.Event()

    async def refresh() -> list[str]:
        await go.wait()
        return [r.company for r in await rig.store.list_rejections(sam.id)]

    with pytest.raises(RuntimeError):
        async with rig.store.unit():
            [acme] = await rig.store.list_rejections(sam.id)
            await rig.store.delete_rejection(sam.id, acme.id)
            background = asyncio.create_task(refresh())
            go.set()
            assert await asyncio.wait_for(asyncio.shield(background), timeout=10) == ["Acme"]
            raise RuntimeError("roll the deletion back")
    assert await background == ["Acme"]
