"""Messages composed when a nudge is planned: what goes out is always what composing it at
delivery would give, whatever changed in between, and the stored copy is only a shortcut."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from nudge_support import (
    LOG_ACME,
    MONDAY,
    PLATFORM,
    SAM,
    RawNudge,
    RecordingMessenger,
    add_rejection,
    by_key,
    insert_nudges,
    make_coach,
    make_user,
    payload,
    rejection_input,
    say,
)

from bot.clock import FakeClock
from bot.coach import Coach
from bot.models import Event, EventKind
from bot.nudges import composer
from bot.nudges.composer import compose
from bot.nudges.model import NudgeKind, NudgeStatus
from bot.nudges.wording import wording
from bot.store import Store
from bot.store.codec import utc_text
from bot.store.nudge_plans import Scheduled
from bot.store.nudge_rows import ROW, nudge
from bot.store.nudges import Scope
from rebound.bootstrap import bootstrap

READS_A_REJECTION = "LEFT JOIN events"
READS_USERS = "FROM users WHERE id IN"


class Rig:
    def __init__(self, store: Store, clock: FakeClock) -> None:
        self.store = store
        self.clock = clock
        self.coach: Coach = make_coach(store, clock)

    async def reach_out(self) -> tuple[str, int]:
        """Log Acme; the key and rejection id of its reach-out nudge."""
        await say(self.coach, LOG_ACME)
        user = await self.store.get_user(SAM)
        assert user is not None
        [rejection] = await self.store.list_rejections(user.id)
        [key] = [k for k in await by_key(self.store) if k.startswith(f"r{rejection.id}:reach")]
        return key, rejection.id


@pytest.fixture
def rig(store: Store) -> Rig:
    return Rig(store, FakeClock(MONDAY))


async def _deliver(rig: Rig, key: str) -> tuple[RecordingMessenger, list[str]]:
    """Move the clock just past `key`'s moment and deliver what is due; the messenger and
    every statement run meanwhile."""
    due = datetime.fromisoformat((await by_key(rig.store))[key]["due_at"])
    rig.clock.set(due + timedelta(minutes=1))
    messenger = RecordingMessenger(rig.clock)
    scheduler = bootstrap(store=rig.store, clock=rig.clock, messengers=[messenger]).scheduler
    statements: list[str] = []
    listen = statements.append  # one bound method, so that it can be removed again
    await rig.store.database.add_statement_listener(listen)
    await scheduler.run_due()
    rig.store.database.remove_statement_listener(listen)
    return messenger, statements


async def _composed_now(rig: Rig, key: str, rejection_id: int) -> tuple[str, object]:
    """The title and reply composing `key`'s nudge from the user and rejection as they are."""
    [row] = await rig.store.database.read(
        f"SELECT {ROW} FROM nudges WHERE idempotency_key = ?", (key,))
    user = await rig.store.get_user(SAM)
    assert user is not None
    rejection = (await rig.store.rejections_by_ids([rejection_id]))[rejection_id]
    composed = compose(nudge(row), user=user, rejection=rejection)
    return composed.title, composed.reply


async def test_a_nudge_planned_goes_out_as_composed_without_reading_its_user_or_rejection(
        rig: Rig) -> None:
    key, rejection_id = await rig.reach_out()
    messenger, statements = await _deliver(rig, key)
    [sent] = messenger.delivered
    assert sent.nudge.idempotency_key == key and sent.nudge.user == SAM
    assert (sent.nudge.title, sent.nudge.reply) == await _composed_now(rig, key, rejection_id)
    assert not [s for s in statements if READS_A_REJECTION in s or READS_USERS in s]


async def test_a_rejection_corrected_after_planning_is_what_the_nudge_says(rig: Rig) -> None:
    key, rejection_id = await rig.reach_out()
    user = await rig.store.get_user(SAM)
    assert user is not None
    await rig.store.update_rejection(user.id, rejection_id, rejection_input(company="Initech"))
    # The outdated wording is gone at once, not merely left unused.
    assert await rig.store.database.read(
        "SELECT * FROM nudge_messages WHERE text LIKE '%Acme%' OR title LIKE '%Acme%'") == []
    messenger, statements = await _deliver(rig, key)
    [sent] = messenger.delivered
    assert sent.nudge.title == "Reach out to Initech"
    assert "Acme" not in str(sent.nudge.reply) and "Initech" in str(sent.nudge.reply)
    assert (sent.nudge.title, sent.nudge.reply) == await _composed_now(rig, key, rejection_id)
    assert any(READS_A_REJECTION in s for s in statements)  # composed again, not the copy


async def test_feedback_after_planning_still_gives_the_message_composing_now_gives(
        rig: Rig) -> None:
    key, rejection_id = await rig.reach_out()
    await say(rig.coach, "feedback acme: more user research")
    messenger, _ = await _deliver(rig, key)
    [sent] = messenger.delivered
    assert (sent.nudge.title, sent.nudge.reply) == await _composed_now(rig, key, rejection_id)


async def test_a_new_zone_moves_the_nudge_and_its_message_with_it(rig: Rig) -> None:
    key, rejection_id = await rig.reach_out()
    before = (await by_key(rig.store))[key]["due_at"]
    await say(rig.coach, "timezone Pacific/Auckland")
    assert (await by_key(rig.store))[key]["due_at"] != before
    messenger, statements = await _deliver(rig, key)
    [sent] = messenger.delivered
    assert (sent.nudge.title, sent.nudge.reply) == await _composed_now(rig, key, rejection_id)
    assert not any(READS_A_REJECTION in s for s in statements)  # composed for the new day


async def test_a_message_composed_for_another_moment_is_not_used(rig: Rig) -> None:
    key, rejection_id = await rig.reach_out()
    row = (await by_key(rig.store))[key]
    user = await rig.store.get_user(SAM)
    assert user is not None
    # The same nudge a week later, from a caller that composes nothing: the stored message
    # (which says how long ago the rejection was) belongs to the old moment.
    moved = Scheduled(key=key, kind=NudgeKind(row["kind"]), rejection_id=rejection_id,
                      due_at=datetime.fromisoformat(row["due_at"]) + timedelta(days=7),
                      timezone=row["timezone"], payload=payload(row))
    changed: list[bool] = []
    await rig.store.nudges.sync_rejections(
        user.id, [moved], rejection_ids=[rejection_id], check_ins=False, now=rig.clock.now(),
        on_change=lambda: changed.append(True))
    assert changed
    messenger, statements = await _deliver(rig, key)
    [sent] = messenger.delivered
    assert (sent.nudge.title, sent.nudge.reply) == await _composed_now(rig, key, rejection_id)
    assert any(READS_A_REJECTION in s for s in statements)


async def test_every_change_to_a_rejection_or_its_events_moves_its_revision(
        store: Store) -> None:
    user = await make_user(store)
    first = await add_rejection(store, user)
    other = await add_rejection(store, user, company="Initech")

    async def revisions() -> tuple[int, int]:
        found = await store.rejections_by_ids([first.id, other.id])
        return found[first.id].revision, found[other.id].revision

    seen = [await revisions()]
    event = await store.add_event(user.id, first.id, Event(EventKind.FEEDBACK, MONDAY,
                                                           value="more research"))
    seen.append(await revisions())
    await store.update_rejection(user.id, first.id, rejection_input(company="Acme Labs"))
    seen.append(await revisions())
    assert event.id is not None
    await store.delete_event(user.id, first.id, event.id)
    seen.append(await revisions())
    firsts = [mine for mine, _ in seen]
    assert firsts == sorted(set(firsts))  # moved every time, never back
    assert {theirs for _, theirs in seen} == {seen[0][1]}  # the other one left alone


async def test_a_claim_takes_the_earliest_due_and_leaves_the_rest_untouched(
        store: Store) -> None:
    user = await make_user(store)
    due = MONDAY - timedelta(hours=1)
    await insert_nudges(store, [RawNudge(f"n{i}", user.id, due + timedelta(minutes=i))
                                for i in range(4)])
    async with store.database.write() as tx:  # two claims whose owner died long ago
        await tx.execute(
            "UPDATE nudges SET status = 'claimed', lease_owner = 'gone', attempts = 1,"
            " lease_expires_at = ? WHERE idempotency_key IN ('n1', 'n3')",
            (utc_text(MONDAY - timedelta(minutes=5)),))
    claimed = await store.nudges.claim(
        scope=Scope(platforms=(PLATFORM,)), owner="me", now=MONDAY,
        lease=timedelta(seconds=20), limit=2, expire_before=MONDAY - timedelta(days=7))
    assert [(n.key, n.attempts, n.status) for n in claimed] == [
        ("n0", 1, NudgeStatus.CLAIMED), ("n1", 2, NudgeStatus.CLAIMED)]
    rows = await by_key(store)
    assert {k: (r["status"], r["lease_owner"], r["attempts"]) for k, r in rows.items()} == {
        "n0": ("claimed", "me", 1), "n1": ("claimed", "me", 2),
        "n2": ("pending", None, 0), "n3": ("claimed", "gone", 1)}


async def test_forgetting_a_rejection_removes_its_composed_messages(rig: Rig) -> None:
    key, _ = await rig.reach_out()
    assert await rig.store.database.read("SELECT * FROM nudge_messages")
    await say(rig.coach, "forget acme")
    await say(rig.coach, "yes")
    assert await rig.store.database.read("SELECT * FROM nudge_messages") == []
    assert (await by_key(rig.store))[key]["status"] == "cancelled"


async def test_a_message_stored_under_an_earlier_wording_is_composed_afresh(rig: Rig) -> None:
    """A release that rewords a step reaches nudges planned before it (months ahead)."""
    key, rejection_id = await rig.reach_out()
    async with rig.store.database.write() as tx:
        await tx.execute("UPDATE nudge_messages SET wording = 'an earlier release',"
                         " text = 'Words an earlier release used'")
    messenger, statements = await _deliver(rig, key)
    [sent] = messenger.delivered
    assert "earlier release" not in str(sent.nudge.reply)
    assert (sent.nudge.title, sent.nudge.reply) == await _composed_now(rig, key, rejection_id)
    assert any(READS_A_REJECTION in s for s in statements)


async def test_re_planning_stores_the_current_wording_again(rig: Rig) -> None:
    await rig.reach_out()
    async with rig.store.database.write() as tx:
        await tx.execute("UPDATE nudge_messages SET wording = 'an earlier release',"
                         " text = 'Words an earlier release used'")
    await rig.coach.replan(SAM)
    rows = await rig.store.database.read("SELECT wording, text FROM nudge_messages")
    assert rows and all(row["wording"] == wording() for row in rows)
    assert not [row for row in rows if "earlier release" in row["text"]]


def test_the_wording_fingerprint_moves_when_a_step_is_reworded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = wording.__wrapped__()
    monkeypatch.setattr(composer, "NETWORKING_IDEAS", ("call an old friend",))
    assert wording.__wrapped__() != before
