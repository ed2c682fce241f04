"""A message makes few round trips to the database thread (each costs more than most of our
statements): BEGIN goes with the first statement, the user and their pending state come in
one query, the re-planning reads nothing a write just read back, and clearing a state waits
for the next statement. Trips aren't visible, so these check the SQL that makes them few
(the statement listener), and that what changed in how it travels keeps a unit all or
nothing (benchmarks/history_cost.py measures the time)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from nudge_support import (
    LOG_ACME,
    MONDAY,
    StatementRig,
    by_key,
    make_coach,
    make_user,
    open_store,
    say,
)

from bot.clock import FakeClock
from bot.flow_state import ProgressQuestion
from bot.models import User
from bot.store import Store


class Rig(StatementRig):
    """Sam, with Acme logged, and the SQL each message runs."""

    def __init__(self, store: Store, user: User) -> None:
        super().__init__(store, make_coach(store, FakeClock(MONDAY)))
        self.user = user


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    store = await open_store(tmp_path)
    try:
        rig = Rig(store, await make_user(store))
        await say(rig.coach, LOG_ACME)
        await store.database.add_statement_listener(rig.statements.append)
        yield rig
    finally:
        await store.close()


async def test_a_message_reads_its_user_and_their_state_in_one_query(rig: Rig) -> None:
    begin, read, commit = await rig.run("settings")
    assert (begin, commit) == ("BEGIN IMMEDIATE", "COMMIT")
    assert "FROM users" in read and "FROM conversations" in read


async def test_a_pending_state_read_with_the_user_is_continued(rig: Rig) -> None:
    """The state read with the user is the one the message continues: `skip` answers the
    question that `draft stay-in-touch` asked, and clears it."""
    asked = await say(rig.coach, "draft stay-in-touch acme")
    assert isinstance(await rig.store.get_conversation(rig.user.id), ProgressQuestion)
    assert asked.buttons
    await say(rig.coach, "skip")
    assert await rig.store.get_conversation(rig.user.id) is None


async def test_a_write_that_runs_no_statement_never_begins(rig: Rig) -> None:
    async with rig.store.unit():
        pass
    assert rig.statements == []


async def test_the_re_planning_reads_nothing_the_write_read_back(rig: Rig) -> None:
    statements = await rig.run("snooze acme 3d")
    one = [s for s in statements if "LEFT JOIN events" in s and "r.id =" in s]
    assert len(one) == 1  # the read-back of Acme, with its new event
    assert not any("r.id IN (" in s for s in statements)  # no second read to re-plan


async def test_a_queued_clear_is_seen_by_the_units_reads_and_undone_with_it(rig: Rig) -> None:
    question = ProgressQuestion(rejection_id=1)
    await rig.store.set_conversation(rig.user.id, question, now=MONDAY)
    with pytest.raises(RuntimeError):
        async with rig.store.unit():
            await rig.store.set_conversation(rig.user.id, None, now=MONDAY)
            assert await rig.store.get_conversation(rig.user.id) is None
            raise RuntimeError("the message failed after clearing")
    assert await rig.store.get_conversation(rig.user.id) == question
    async with rig.store.unit():
        await rig.store.set_conversation(rig.user.id, None, now=MONDAY)
    assert await rig.store.get_conversation(rig.user.id) is None


async def test_a_clear_alone_commits_in_its_own_write(rig: Rig) -> None:
    await rig.store.set_conversation(rig.user.id, ProgressQuestion(rejection_id=1), now=MONDAY)
    rig.statements.clear()
    await rig.store.set_conversation(rig.user.id, None, now=MONDAY)
    assert rig.statements == ["BEGIN IMMEDIATE",
                              f"DELETE FROM conversations WHERE user_id = {rig.user.id}",
                              "COMMIT"]
    assert await rig.store.get_conversation(rig.user.id) is None


async def test_a_queued_statement_that_fails_rolls_back_its_whole_write(rig: Rig) -> None:
    with pytest.raises(sqlite3.OperationalError):
        async with rig.store.database.write() as tx:
            await rig.store.add_skill(rig.user.id, "SQL", now=MONDAY)
            tx.execute_later("DELETE FROM no_such_table")
    assert await rig.store.list_skills(rig.user.id) == []
    assert (await rig.store.add_skill(rig.user.id, "SQL", now=MONDAY)).text == "SQL"


async def test_a_failed_nested_unit_drops_what_it_queued_and_undoes_the_rest(rig: Rig) -> None:
    """What a failed inner unit queued would be undone with it, so it is never sent (here it
    would fail, and hide that the inner unit's own write was not undone)."""
    async with rig.store.unit():
        await rig.store.add_skill(rig.user.id, "kept", now=MONDAY)
        with pytest.raises(RuntimeError):
            async with rig.store.atomic() as tx:
                await rig.store.add_skill(rig.user.id, "undone", now=MONDAY)
                tx.execute_later("DELETE FROM no_such_table")
                raise RuntimeError("the inner unit failed")
    assert [s.text for s in await rig.store.list_skills(rig.user.id)] == ["kept"]


async def test_a_re_planning_travels_with_the_commit_and_is_heard_once_it_lands(
        rig: Rig) -> None:
    """The re-planning's writes wait for the unit's next trip (here its COMMIT): a unit that
    fails before then changes no nudge and wakes no one; one that commits does both."""
    [acme] = await rig.store.list_rejections(rig.user.id)
    before = {key: row["status"] for key, row in (await by_key(rig.store, rig.user.id)).items()}
    assert "pending" in before.values()
    heard: list[str] = []

    async def plan_nothing_for_acme() -> None:
        await rig.store.nudges.sync_rejections(
            rig.user.id, [], rejection_ids=[acme.id], check_ins=True, now=MONDAY,
            on_change=lambda: heard.append("changed"))

    with pytest.raises(RuntimeError):
        async with rig.store.unit():
            await plan_nothing_for_acme()
            raise RuntimeError("the message failed after re-planning")
    after = {key: row["status"] for key, row in (await by_key(rig.store, rig.user.id)).items()}
    assert (after, heard) == (before, [])
    async with rig.store.unit():
        await plan_nothing_for_acme()
        assert heard == []  # not sent yet
    assert heard == ["changed"]
    rows = await by_key(rig.store, rig.user.id)
    assert {row["status"] for key, row in rows.items() if before[key] == "pending"} == {
        "cancelled"}
