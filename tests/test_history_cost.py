"""A message about one rejection reads only that rejection, however long the history, and a
change re-plans only the nudges of the rejection it changed.

Each test counts the SQL the message ran (the store's statement listener): the query that
loads every rejection of the user is what made each message cost more with every rejection
logged (benchmarks/history_cost.py measures the time)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from nudge_support import (
    LOG_ACME,
    MONDAY,
    SAM,
    TODAY,
    StatementRig,
    add_rejection,
    by_key,
    make_coach,
    make_user,
    open_store,
    say,
)

from bot.clock import FakeClock
from bot.models import Event, EventKind
from bot.nudges.planner import check_in_ranges, counts_for_check_ins, plan_check_ins
from bot.playbook import ActionKey
from bot.replies import Notice, Table
from bot.store import Store
from bot.store.nudges import Scope

HISTORY = 30
"""Rejections logged before Acme, all at other companies."""


class Rig(StatementRig):
    def __init__(self, store: Store) -> None:
        self.clock = FakeClock(MONDAY)
        super().__init__(store, make_coach(store, self.clock))


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    store = await open_store(tmp_path)
    try:
        user = await make_user(store)
        for index in range(HISTORY):
            await add_rejection(store, user, company=f"Company{index:02d}",
                                rejected_on=TODAY - timedelta(days=3 + index * 7))
        rig = Rig(store)
        await rig.coach.replan(SAM)
        await say(rig.coach, LOG_ACME)
        await store.database.add_statement_listener(rig.statements.append)
        yield rig
    finally:
        await store.close()


def loads_every_rejection(statement: str) -> bool:
    """The query behind `Store.list_rejections`: every rejection of the user, with events."""
    return ("LEFT JOIN events" in statement and "WHERE r.user_id =" in statement
            and "r.id =" not in statement and "lower(r.company)" not in statement)


@pytest.mark.parametrize("text", [
    "plan acme", "draft thank-you acme", "sent acme", "snooze acme 3d", "unsnooze acme",
    "undo acme", "review: Hi Jane, thank you for the conversation. Best, Sam", "reminders",
    "settings", "list", "feedback acme: more research depth", "forget acme",
    "log company: Zenith; role: Analyst; interviewer: Ann Lee; rejected: 3 days ago; "
    "memory: the case study on pricing",
])
async def test_a_message_about_one_rejection_reads_only_what_it_needs(rig: Rig,
                                                                      text: str) -> None:
    statements = await rig.run(text)
    assert statements  # the listener hears the message
    assert [s for s in statements if loads_every_rejection(s)] == []


async def test_stats_reads_the_whole_history_as_it_should(rig: Rig) -> None:
    """The check above can fail: a summary of everything does read everything."""
    assert any(loads_every_rejection(s) for s in await rig.run("stats"))


async def test_a_change_re_plans_only_the_rejection_it_changed(rig: Rig) -> None:
    sam = await rig.store.get_user(SAM)
    assert sam is not None
    before = await by_key(rig.store, sam.id)
    await rig.run("snooze acme 3d")
    after = await by_key(rig.store, sam.id)
    changed = {key for key in after if key not in before
               or dict(after[key]) != dict(before[key])}
    acme = next(r for r in await rig.store.list_rejections(sam.id) if r.company == "Acme")
    assert changed and all(after[key]["rejection_id"] == acme.id for key in changed)
    assert not any(s.startswith("UPDATE nudges SET status = 'cancelled'")
                   and "rejection_id" not in s for s in rig.statements)  # no full re-plan
    # A snooze can't change the check-ins: they are neither read nor planned again.
    assert not any("json_extract(e.data" in s for s in rig.statements)
    await rig.run("stop acme")  # this one can: Acme's months no longer get check-ins
    assert any("json_extract(e.data" in s for s in rig.statements)


async def test_list_shows_the_most_recent_and_says_how_to_see_every_one(rig: Rig) -> None:
    reply = await say(rig.coach, "list")
    table = next(p for p in reply.parts if isinstance(p, Table))
    assert len(table.rows) == 20 and table.rows[-1][0] == "Acme"  # newest last, as before
    [note] = [p.text for p in reply.parts if isinstance(p, Notice)]
    assert "of 31" in note and "list all" in note
    every = await say(rig.coach, "list all")
    assert len(next(p for p in every.parts if isinstance(p, Table)).rows) == HISTORY + 1


@pytest.mark.parametrize("today", [date(2026, 3, 31), date(2026, 3, 1), date(2026, 8, 29),
                                   date(2027, 1, 15)])
async def test_check_ins_from_a_few_days_per_month_match_those_from_every_rejection(
        tmp_path: Path, today: date) -> None:
    """Planning check-ins from the first day per range (one small query) gives the months
    still to come (and the last one) exactly what planning from every rejection gives."""
    rng = random.Random(today.toordinal())
    store = await open_store(tmp_path)
    try:
        user = await make_user(store)
        for index in range(120):
            added = await add_rejection(store, user, company=f"C{index}",
                                        rejected_on=today - timedelta(days=rng.randrange(400)))
            roll = rng.random()
            if roll < 0.2:
                await store.add_event(user.id, added.id, Event(EventKind.STOPPED, MONDAY))
            elif roll < 0.3:
                await store.add_event(user.id, added.id, Event(
                    EventKind.SENT, MONDAY, action=ActionKey.STAY_IN_TOUCH.value))
        every = [r.rejected_on for r in await store.list_rejections(user.id)
                 if counts_for_check_ins(r)]
        few = await store.first_check_in_days(user.id, check_in_ranges(today))
    finally:
        await store.close()
    since = (today.replace(day=1) - timedelta(days=1)).strftime("checkin:%Y-%m")
    full = [p for p in plan_check_ins(every, today=today)
            if p.key >= since]
    assert full and plan_check_ins(few, today=today)[-len(full):] \
        == full
    assert len(few) < len(every)


@pytest.mark.parametrize("only_user", [False, True])
async def test_the_next_wake_up_reads_the_due_order_not_every_pending_nudge(
        rig: Rig, only_user: bool) -> None:
    """The scheduler asks when it next has work after every change: each half of that query
    walks its partial index in due order and stops at the first row, never sorting every
    pending nudge of the user (what made each wake-up cost more with every rejection)."""
    user = await rig.store.get_user(SAM)
    assert user is not None
    scope = Scope(platforms=(SAM.platform,), user_id=user.id if only_user else None)
    rig.statements.clear()
    assert await rig.store.nudges.next_run_at(scope) is not None
    [query] = [s for s in rig.statements if "MIN(t)" in s]
    plan = [row[3] for row in await rig.store.database.read(f"EXPLAIN QUERY PLAN {query}")]
    assert any("nudges_pending" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan


@pytest.mark.parametrize("text", ["snooze acme 3d", "unsnooze acme", "undo acme"])
async def test_a_change_reads_its_rejection_once_after_writing(rig: Rig, text: str) -> None:
    """The handler writes Acme's event, then reads Acme again to answer; the re-planning
    takes that read (the unit's identity map) instead of querying and decoding it again."""
    if text != "snooze acme 3d":
        await rig.run("snooze acme 3d")
    statements = await rig.run(text)
    wrote = max(i for i, s in enumerate(statements)
                if s.startswith(("INSERT INTO events", "DELETE FROM events")))
    reads = [s for s in statements[wrote:] if "LEFT JOIN events" in s]
    assert len(reads) == 1, reads


async def test_a_rejection_read_again_after_a_write_in_the_same_unit_is_fresh(
        rig: Rig) -> None:
    """What a unit read is reused only until it writes: a read after the write sees it."""
    sam = await rig.store.get_user(SAM)
    assert sam is not None
    [acme] = await rig.store.rejections_named(sam.id, "acme")
    async with rig.store.unit():
        before = await rig.store.get_rejection(sam.id, acme.id)
        assert before is not None
        rig.statements.clear()
        assert await rig.store.get_rejection(sam.id, acme.id) == before
        assert await rig.store.rejections_by_ids([acme.id]) == {acme.id: before}
        assert rig.statements == []  # both from what the unit read
        added = await rig.store.add_event(sam.id, acme.id, Event(EventKind.SENT, MONDAY,
                                                                 action="reach-out"))
        after = await rig.store.get_rejection(sam.id, acme.id)
        assert after is not None and after.events[-1].id == added.id
        assert (await rig.store.rejections_by_ids([acme.id]))[acme.id] == after
        assert await rig.store.get_rejection(sam.id + 1, acme.id) is None  # not theirs
    assert await rig.store.get_rejection(sam.id, acme.id) == after  # outside: as committed
