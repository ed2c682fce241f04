"""The SQLite store: round trips, isolation between users, cascades, pragmas and file safety."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from bot.errors import ReboundError
from bot.flow_state import Confirmation, ForgetMe, ProgressQuestion, TheirMessage
from bot.log_form import FormState
from bot.models import (
    Event,
    EventKind,
    Preferences,
    Profile,
    RejectionInput,
    User,
    UserKey,
)
from bot.store import Database, Store, Tx

NOW = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
ALICE = UserKey(platform="slack", workspace="T1", user_id="U1")

NASTY = [
    "'; DROP TABLE users; --",
    "Robert'); DELETE FROM rejections WHERE ('1'='1",
    "{{ 7*7 }} {% raw %}{{ config }}{% endraw %}",
    "emoji 🎉👩🏽‍💻 and 🏳️‍🌈",
    "שלום, מה שלומך? مرحبا بالعالم",
    "quotes \" ' ` and back\\slash",
    "line\nbreaks\r\nand\ttabs and a NUL \x00 byte",
    "",
]


def _input(**overrides: object) -> RejectionInput:
    fields: dict[str, object] = {
        "company": "Acme",
        "role": "Engineer",
        "interviewer": "Dana",
        "rejected_on": date(2025, 3, 1),
        "memory": "We talked about queues.",
        "interviewer_email": "dana@acme.test",
        "linkedin_url": "https://linkedin.com/in/dana",
        "compliment": "Great questions",
    }
    fields.update(overrides)
    return RejectionInput(**fields)  # type: ignore[arg-type]


@pytest.fixture
async def store(db_target: Path | str) -> AsyncIterator[Store]:
    async with await Store.open(db_target) as opened:
        yield opened


async def _user(store: Store, key: UserKey = ALICE) -> User:
    return await store.get_or_create_user(key, now=NOW)


async def _count(store: Store, sql: str, *params: object) -> int:
    row = await store.database.read_one(sql, params)
    assert row is not None
    return int(row[0])


# Users


async def test_new_user_gets_defaults_and_is_created_once(store: Store) -> None:
    assert await store.get_user(ALICE) is None
    hint = Preferences(timezone="Europe/Berlin")
    user = await store.get_or_create_user(ALICE, now=NOW, preferences=hint)
    assert user.key == ALICE
    assert user.profile == Profile()
    assert user.preferences == hint
    assert user.created_at == NOW and user.created_at.tzinfo is not None
    again = await store.get_or_create_user(
        ALICE, now=NOW + timedelta(days=1), preferences=Preferences(timezone="Asia/Tokyo")
    )
    assert again == user
    assert await store.get_user(ALICE) == user


async def test_concurrent_get_or_create_makes_one_user(store: Store) -> None:
    users = await asyncio.gather(*(_user(store) for _ in range(20)))
    assert len({u.id for u in users}) == 1
    assert await _count(store, "SELECT count(*) FROM users") == 1


async def test_profile_and_preferences_round_trip(store: Store) -> None:
    user = await _user(store)
    profile = Profile(name="Zoë Ångström", email="zoe@example.test", phone="+49 30 1234")
    updated = await store.update_profile(user.id, profile)
    assert updated.profile == profile
    preferences = Preferences(
        timezone="America/New_York",
        nudge_time=time(7, 5),
        quiet_start=time(22, 0),
        quiet_end=time(6, 30),
        linkedin_limit=300,
    )
    updated = await store.update_preferences(user.id, preferences)
    assert updated.preferences == preferences
    assert updated.profile == profile
    assert await store.get_user(ALICE) == updated


async def test_updating_a_missing_user_fails(store: Store) -> None:
    with pytest.raises(ReboundError):
        await store.update_profile(999, Profile(name="x"))
    with pytest.raises(ReboundError):
        await store.update_preferences(999, Preferences())


async def test_preference_times_with_seconds_are_refused(store: Store) -> None:
    user = await _user(store)
    with pytest.raises(ValueError):
        await store.update_preferences(user.id, Preferences(nudge_time=time(9, 30, 15)))


async def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        await store.get_or_create_user(ALICE, now=datetime(2025, 1, 1))


# Rejections and events


async def test_add_rejection_records_logged_event_and_reads_back(store: Store) -> None:
    user = await _user(store)
    rejection = await store.add_rejection(user.id, _input(), now=NOW)
    assert rejection.user_id == user.id
    assert rejection.created_at == NOW
    assert [(e.kind, e.at) for e in rejection.events] == [(EventKind.LOGGED, NOW)]
    assert rejection.events[0].id is not None
    assert await store.get_rejection(user.id, rejection.id) == rejection
    assert await store.list_rejections(user.id) == [rejection]


async def test_optional_rejection_fields_may_be_empty(store: Store) -> None:
    user = await _user(store)
    data = _input(interviewer_email=None, linkedin_url=None, compliment=None)
    rejection = await store.add_rejection(user.id, data, now=NOW)
    got = await store.get_rejection(user.id, rejection.id)
    assert got is not None
    assert (got.interviewer_email, got.linkedin_url, got.compliment) == (None, None, None)


async def test_add_rejection_for_a_missing_user_fails(store: Store) -> None:
    with pytest.raises(ReboundError):
        await store.add_rejection(12345, _input(), now=NOW)
    assert await _count(store, "SELECT count(*) FROM rejections") == 0


async def test_rejections_ordered_by_date_then_id_with_events_oldest_first(store: Store) -> None:
    user = await _user(store)
    late = await store.add_rejection(user.id, _input(rejected_on=date(2025, 2, 1)), now=NOW)
    early = await store.add_rejection(user.id, _input(rejected_on=date(2025, 1, 1)), now=NOW)
    late_twin = await store.add_rejection(user.id, _input(rejected_on=date(2025, 2, 1)), now=NOW)
    later = NOW + timedelta(days=2)
    sooner = NOW + timedelta(days=1)
    await store.add_event(
        user.id, late.id, Event(kind=EventKind.SENT, at=later, action="thank-you")
    )
    await store.add_event(user.id, late.id, Event(kind=EventKind.REPLIED, at=sooner, value="brief"))
    listed = await store.list_rejections(user.id)
    assert [r.id for r in listed] == [early.id, late.id, late_twin.id]
    assert [e.at for e in listed[1].events] == [NOW, sooner, later]
    assert [len(r.events) for r in listed] == [1, 3, 1]


async def test_every_event_field_round_trips(store: Store) -> None:
    user = await _user(store)
    rejection = await store.add_rejection(user.id, _input(), now=NOW)
    berlin = timezone(timedelta(hours=1))
    events = [
        Event(kind=EventKind.SENT, at=NOW + timedelta(hours=1), action="thank-you"),
        Event(kind=EventKind.REPLIED, at=NOW + timedelta(hours=2), value="conversation"),
        Event(kind=EventKind.FEEDBACK, at=NOW + timedelta(hours=3), value="Work on system design"),
        Event(
            kind=EventKind.SNOOZED,
            at=datetime(2025, 3, 4, 14, 0, 0, 123456, tzinfo=berlin),
            action="linkedin",
            until=date(2025, 3, 11),
        ),
    ]
    stored = [await store.add_event(user.id, rejection.id, event) for event in events]
    assert all(s.id is not None for s in stored)
    assert stored[3].at == datetime(2025, 3, 4, 13, 0, 0, 123456, tzinfo=UTC)
    assert stored[3].at.utcoffset() == timedelta(0)
    got = await store.get_rejection(user.id, rejection.id)
    assert got is not None
    assert list(got.events[1:]) == stored
    assert got.feedback == ("Work on system design",)


async def test_update_rejection_replaces_details_and_keeps_events(store: Store) -> None:
    user = await _user(store)
    rejection = await store.add_rejection(user.id, _input(), now=NOW)
    sent = await store.add_event(
        user.id, rejection.id, Event(kind=EventKind.SENT, at=NOW, action="thank-you")
    )
    data = _input(company="Acme Corp", rejected_on=date(2025, 2, 27), compliment=None)
    updated = await store.update_rejection(user.id, rejection.id, data)
    assert (updated.company, updated.rejected_on, updated.compliment) == (
        "Acme Corp",
        date(2025, 2, 27),
        None,
    )
    assert updated.events == (rejection.events[0], sent)
    assert updated.created_at == rejection.created_at
    assert await store.get_rejection(user.id, rejection.id) == updated
    with pytest.raises(ReboundError):
        await store.update_rejection(user.id, 4242, data)


async def test_delete_rejection_cascades_to_events(store: Store) -> None:
    user = await _user(store)
    rejection = await store.add_rejection(user.id, _input(), now=NOW)
    await store.add_event(user.id, rejection.id, Event(kind=EventKind.SENT, at=NOW, action="a"))
    assert await store.delete_rejection(user.id, rejection.id) is True
    assert await store.get_rejection(user.id, rejection.id) is None
    assert await _count(store, "SELECT count(*) FROM events") == 0
    assert await store.delete_rejection(user.id, rejection.id) is False


async def test_list_rejections_is_not_n_plus_one(store: Store) -> None:
    user = await _user(store)
    for day in range(1, 8):
        rejection = await store.add_rejection(
            user.id, _input(rejected_on=date(2025, 1, day)), now=NOW
        )
        await store.add_event(user.id, rejection.id, Event(kind=EventKind.SENT, at=NOW, action="a"))
    statements: list[str] = []
    listen = statements.append
    await store.database.add_statement_listener(listen)
    listed = await store.list_rejections(user.id)
    store.database.remove_statement_listener(listen)
    assert len(listed) == 7 and all(len(r.events) == 2 for r in listed)
    assert 1 <= len(statements) <= 2


# User text is data


@pytest.mark.parametrize("text", NASTY)
async def test_user_text_is_stored_exactly(store: Store, text: str, backend: str) -> None:
    """Exactly, except that PostgreSQL's text can't hold NUL (stored as U+FFFD there)."""
    stored = text.replace("\x00", "\ufffd") if backend == "postgres" else text
    key = UserKey(platform="slack", workspace=text, user_id=text)
    user = await store.get_or_create_user(key, now=NOW)
    user = await store.update_profile(user.id, Profile(name=text, email=text, phone=text))
    data = _input(
        company=text,
        role=text,
        interviewer=text,
        memory=text,
        interviewer_email=text,
        linkedin_url=text,
        compliment=text,
    )
    rejection = await store.add_rejection(user.id, data, now=NOW)
    await store.add_event(
        user.id, rejection.id, Event(kind=EventKind.FEEDBACK, at=NOW, action=text, value=text)
    )
    await store.add_skill(user.id, text, now=NOW)
    form = FormState(answers={"company": text, "memory": text, "email": None}, asking="role")
    await store.set_conversation(user.id, form, now=NOW)

    stored_key = UserKey(platform="slack", workspace=stored, user_id=stored)
    assert await store.get_user(stored_key) == user
    assert user.key == stored_key
    assert user.profile == Profile(name=stored, email=stored, phone=stored)
    got = await store.get_rejection(user.id, rejection.id)
    assert got is not None
    assert (got.company, got.role, got.interviewer, got.memory) == (stored,) * 4
    assert (got.interviewer_email, got.linkedin_url, got.compliment) == (stored,) * 3
    assert (got.events[-1].action, got.events[-1].value) == (text, text)  # JSON escapes NUL
    assert [s.text for s in await store.list_skills(user.id)] == [stored]
    assert await store.get_conversation(user.id) == form
    for table in ("users", "rejections", "events", "skills", "conversations"):
        assert await _count(store, f"SELECT count(*) FROM {table} WHERE ? > 0", 1) >= 1


# Isolation between users

SAME_ID_ELSEWHERE = [
    UserKey(platform="discord", workspace="T1", user_id="U1"),
    UserKey(platform="slack", workspace="T2", user_id="U1"),
]


@pytest.mark.parametrize("other_key", SAME_ID_ELSEWHERE)
async def test_users_never_see_each_other(store: Store, other_key: UserKey) -> None:
    alice = await _user(store)
    other = await _user(store, other_key)
    assert alice.id != other.id
    mine = await store.add_rejection(alice.id, _input(company="Mine"), now=NOW)
    await store.add_skill(alice.id, "SQL", now=NOW)
    await store.set_conversation(alice.id, FormState(answers={}, asking="company"), now=NOW)

    assert await store.list_rejections(other.id) == []
    assert await store.get_rejection(other.id, mine.id) is None
    assert await store.list_skills(other.id) == []
    assert await store.get_conversation(other.id) is None

    with pytest.raises(ReboundError):
        await store.add_event(other.id, mine.id, Event(kind=EventKind.SENT, at=NOW, action="x"))
    assert await store.delete_rejection(other.id, mine.id) is False
    with pytest.raises(ReboundError):
        await store.update_rejection(other.id, mine.id, _input(company="Hijacked"))
    after = await store.get_rejection(alice.id, mine.id)
    assert after == mine  # no foreign event, not deleted


async def test_add_event_on_a_missing_rejection_fails(store: Store) -> None:
    user = await _user(store)
    with pytest.raises(ReboundError):
        await store.add_event(user.id, 4242, Event(kind=EventKind.SENT, at=NOW))


async def test_delete_user_cascades_everything(store: Store) -> None:
    alice = await _user(store)
    bob = await _user(store, UserKey(platform="discord", workspace="G", user_id="U1"))
    for user in (alice, bob):
        rejection = await store.add_rejection(user.id, _input(), now=NOW)
        await store.add_event(user.id, rejection.id, Event(kind=EventKind.SENT, at=NOW, action="a"))
        await store.add_skill(user.id, "Rust", now=NOW)
        await store.set_conversation(user.id, ProgressQuestion(rejection.id), now=NOW)

    await store.delete_user(alice.id)

    assert await store.get_user(ALICE) is None
    for table in ("rejections", "skills", "conversations"):
        assert await _count(store, f"SELECT count(*) FROM {table} WHERE user_id = ?", alice.id) == 0
        assert await _count(store, f"SELECT count(*) FROM {table} WHERE user_id = ?", bob.id) == 1
    orphans = await _count(
        store,
        "SELECT count(*) FROM events WHERE rejection_id NOT IN (SELECT id FROM rejections)",
    )
    assert orphans == 0
    assert await _count(store, "SELECT count(*) FROM events") == 2  # bob's logged + sent
    if isinstance(store.database, Database):
        assert await store.database.read("PRAGMA foreign_key_check") == []


# Skills and conversations


async def test_skills_round_trip_oldest_first(store: Store) -> None:
    user = await _user(store)
    second = await store.add_skill(user.id, "Kubernetes", now=NOW + timedelta(hours=1))
    first = await store.add_skill(user.id, "Postgres", now=NOW)
    assert first.id is not None and first.at == NOW
    assert await store.list_skills(user.id) == [first, second]
    with pytest.raises(ReboundError):
        await store.add_skill(999, "x", now=NOW)


async def test_conversation_set_replace_clear(store: Store) -> None:
    user = await _user(store)
    assert await store.get_conversation(user.id) is None
    state = FormState(answers={"company": "Acme", "email": None}, asking="interviewer")
    await store.set_conversation(user.id, state, now=NOW)
    assert await store.get_conversation(user.id) == state
    question = Confirmation(ForgetMe(), token="k3f9q2", asked_at=NOW, again=None)
    await store.set_conversation(user.id, question, now=NOW)
    assert await store.get_conversation(user.id) == question
    await store.set_conversation(user.id, None, now=NOW)
    assert await store.get_conversation(user.id) is None
    await store.set_conversation(user.id, None, now=NOW)  # clearing twice is fine
    with pytest.raises(ReboundError):
        await store.set_conversation(999, TheirMessage(1), now=NOW)


# Concurrency and transactions


async def test_concurrent_add_events_all_land(store: Store) -> None:
    user = await _user(store)
    rejection = await store.add_rejection(user.id, _input(), now=NOW)
    events = [
        Event(kind=EventKind.SENT, at=NOW + timedelta(seconds=i), action=f"a{i}")
        for i in range(200)
    ]
    stored = await asyncio.gather(*(store.add_event(user.id, rejection.id, e) for e in events))
    assert len({s.id for s in stored}) == 200
    got = await store.get_rejection(user.id, rejection.id)
    assert got is not None
    assert [e.action for e in got.events[1:]] == [f"a{i}" for i in range(200)]


async def test_write_rolls_back_on_error(store: Store) -> None:
    db = store.database
    user = await _user(store)
    with pytest.raises(RuntimeError):
        async with db.write() as tx:
            await tx.execute("UPDATE users SET name = 'changed' WHERE id = ?", (user.id,))
            raise RuntimeError("boom")
    assert (await store.get_user(ALICE)) == user
    async with db.write() as tx:  # the connection is usable afterwards
        await tx.execute("UPDATE users SET name = 'ok' WHERE id = ?", (user.id,))
    assert (await store.get_user(ALICE)) == await store.update_profile(user.id, Profile(name="ok"))


async def test_cancelled_write_rolls_back(store: Store) -> None:
    db = store.database
    user = await _user(store)
    entered = asyncio.Event()

    async def slow_write() -> None:
        async with db.write() as tx:
            await tx.execute("UPDATE users SET name = 'half' WHERE id = ?", (user.id,))
            entered.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(slow_write())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await store.get_user(ALICE)) == user
    assert (await store.update_profile(user.id, Profile(name="x"))).profile.name == "x"


async def test_reads_never_see_another_tasks_uncommitted_write(store: Store) -> None:
    db = store.database
    user = await _user(store)
    holder: list[Tx] = []
    held = asyncio.Event()
    release = asyncio.Event()

    async def writer() -> None:
        async with db.write() as tx:
            await tx.execute("UPDATE users SET name = 'draft' WHERE id = ?", (user.id,))
            row = await db.read_one("SELECT name FROM users")  # joins its own transaction
            assert row is not None and row[0] == "draft"
            holder.append(tx)
            held.set()
            await release.wait()
            raise RuntimeError("abandon")

    task = asyncio.create_task(writer())
    await held.wait()
    # Another task reads while the draft is there: it reads the last commit (on the read
    # connection, without waiting for the writer), never the draft.
    assert await asyncio.wait_for(store.get_user(ALICE), timeout=10) == user
    release.set()
    with pytest.raises(RuntimeError):
        await task
    assert await store.get_user(ALICE) == user  # and after the rollback, the same


async def test_a_nested_write_joins_the_enclosing_unit(store: Store) -> None:
    """Inner writes commit with the outer block, and roll back with it."""
    with pytest.raises(RuntimeError):
        async with store.atomic():
            await store.get_or_create_user(ALICE, now=NOW)  # its own write() joins the unit
            assert await store.get_user(ALICE) is not None  # seen inside the unit
            raise RuntimeError("the message failed")
    assert await store.get_user(ALICE) is None  # rolled back with the unit
    async with store.atomic():
        user = await store.get_or_create_user(ALICE, now=NOW)
    assert await store.get_user(ALICE) == user


async def test_tx_is_unusable_after_its_block(store: Store) -> None:
    async with store.database.write() as tx:
        pass
    with pytest.raises(ReboundError):
        await tx.execute("SELECT 1")


# Connection, pragmas and the file


async def test_pragmas_in_force_on_the_live_connection(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "rebound.db") as store:
        await _pragmas_in_force(store.database)


async def _pragmas_in_force(db: Database) -> None:
    assert await _pragma(db, "journal_mode") == "wal"
    assert await _pragma(db, "synchronous") == 2
    assert await _pragma(db, "foreign_keys") == 1
    assert await _pragma(db, "busy_timeout") == 5000


async def _pragma(db: Database, name: str) -> object:
    row = await db.read_one(f"PRAGMA {name}")
    assert row is not None
    return row[0]


async def test_new_file_is_private_and_parents_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "rebound.db"
    old_umask = os.umask(0o022)
    try:
        async with await Store.open(path) as store:
            await _user(store)
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            wal = path.with_name(path.name + "-wal")
            assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert store.database.path == path


async def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "rebound.db"
    path.touch()
    path.chmod(0o640)
    async with await Store.open(path):
        pass
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


async def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "rebound.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ReboundError, match="cannot open"):
        await Store.open(path)


async def test_open_close_and_context_managers(tmp_path: Path) -> None:
    path = tmp_path / "rebound.db"
    store = await Store.open(path)
    await store.close()
    await store.close()  # idempotent
    with pytest.raises(ReboundError, match="closed"):
        await store.get_user(ALICE)
    async with await Store.open(path) as connected:
        user = await _user(connected)
    async with await Database.open(path) as db:
        assert await db.schema_version() >= 2
    async with await Store.open(path) as reopened:
        assert await reopened.get_user(ALICE) == user
    with pytest.raises(ReboundError):
        await reopened.get_user(ALICE)
