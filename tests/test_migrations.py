"""Schema migrations: a real v1 -> latest upgrade, idempotence, refusal of newer schemas."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.errors import ReboundError
from bot.log_form import FormState
from bot.models import Event, EventKind, Preferences, Profile, UserKey
from bot.store import LATEST_VERSION, MIGRATIONS, Database, Migration, Store, Tx
from bot.store.db import split_statements
from bot.store.migrations import V1_SQL

NOW = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
RELEASED_SCHEMA = Path(__file__).parent / "fixtures" / "schema_v8.json"
"""What the released migrations (1-8) created on a fresh database, captured before they were
frozen: every released migration must keep creating exactly this."""


def _master(path: Path) -> list[list[str | None]]:
    """Every schema object as SQLite keeps it (its text byte for byte), in creation order."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
    conn.close()
    return [list(row) for row in rows]


def _schema(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    return [tuple(row) for row in rows]


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _build_v1_by_hand(path: Path) -> None:
    """A version-1 database as the v1 code left it, written without the runner."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(V1_SQL)
        conn.executescript(
            """
            PRAGMA user_version = 1;
            INSERT INTO users (id, platform, workspace, external_id, name, email, phone, created_at)
            VALUES (1, 'slack', 'T1', 'U1', 'Ada', 'ada@example.test', NULL,
                    '2024-05-01T08:00:00.000000+00:00'),
                   (2, 'discord', 'G1', 'U1', NULL, NULL, NULL,
                    '2024-05-02T08:00:00.000000+00:00');
            INSERT INTO rejections (id, user_id, company, role, interviewer, rejected_on, memory,
                                    interviewer_email, linkedin_url, compliment, created_at)
            VALUES (10, 1, 'Acme', 'Engineer', 'Dana', '2024-04-30', 'Talked about queues',
                    'dana@acme.test', NULL, NULL, '2024-05-01T08:01:00.000000+00:00');
            INSERT INTO events (id, rejection_id, kind, at, data)
            VALUES (100, 10, 'logged', '2024-05-01T08:01:00.000000+00:00', '{}'),
                   (101, 10, 'snoozed', '2024-05-03T10:00:00.000000+00:00',
                    '{"action":"thank-you","until":"2024-05-07"}');
            """
        )
    finally:
        conn.close()


async def test_fresh_database_is_at_the_latest_version(tmp_path: Path) -> None:
    async with await Database.open(tmp_path / "rebound.db") as db:
        assert await db.schema_version() == LATEST_VERSION == len(MIGRATIONS)
        tables = {row[0] for row in await db.read("SELECT name FROM sqlite_master")}
    expected = {"users", "rejections", "events", "skills", "conversations"}
    assert expected | {"rejections_by_user", "events_by_rejection", "skills_by_user"} <= tables


async def test_released_migrations_create_the_released_schema_byte_for_byte(
    tmp_path: Path,
) -> None:
    released = json.loads(RELEASED_SCHEMA.read_text(encoding="utf-8"))
    path = tmp_path / "rebound.db"
    async with await Database.open(path, target=released["user_version"]):
        pass
    assert _user_version(path) == released["user_version"]
    assert _master(path) == released["sqlite_master"]


async def test_v1_database_upgrades_with_data_intact(tmp_path: Path) -> None:
    path = tmp_path / "rebound.db"
    _build_v1_by_hand(path)

    async with await Store.open(path) as store:
        assert await store.database.schema_version() == LATEST_VERSION
        ada = await store.get_user(UserKey(platform="slack", workspace="T1", user_id="U1"))
        assert ada is not None
        assert ada.id == 1
        assert ada.profile == Profile(name="Ada", email="ada@example.test")
        assert ada.preferences == Preferences()
        assert ada.created_at == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)

        [rejection] = await store.list_rejections(ada.id)
        assert (rejection.id, rejection.company, rejection.rejected_on) == (
            10,
            "Acme",
            date(2024, 4, 30),
        )
        assert rejection.events == (
            Event(kind=EventKind.LOGGED, at=datetime(2024, 5, 1, 8, 1, tzinfo=UTC), id=100),
            Event(
                kind=EventKind.SNOOZED,
                at=datetime(2024, 5, 3, 10, 0, tzinfo=UTC),
                action="thank-you",
                until=date(2024, 5, 7),
                id=101,
            ),
        )
        # The new tables work, and the new ids never reuse old ones.
        await store.add_skill(ada.id, "Postgres", now=NOW)
        await store.set_conversation(ada.id, FormState(answers={}, asking="company"), now=NOW)
        added = await store.add_event(ada.id, 10, Event(kind=EventKind.SENT, at=NOW, action="x"))
        assert added.id is not None and added.id > 101
        await store.delete_user(ada.id)
        for table in ("rejections", "events", "skills", "conversations"):
            row = await store.database.read_one(f"SELECT count(*) FROM {table}")
            assert row is not None and row[0] == 0
        assert await store.get_user(UserKey(platform="discord", workspace="G1", user_id="U1"))


async def test_runner_stops_at_target_then_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "rebound.db"
    async with await Database.open(path, target=1) as db:
        assert await db.schema_version() == 1
        columns = {row["name"] for row in await db.read("PRAGMA table_info(users)")}
        assert "timezone" not in columns
        async with db.write() as tx:
            await tx.execute(
                "INSERT INTO users (platform, workspace, external_id, created_at)"
                " VALUES ('slack', 'T', 'U', '2024-01-01T00:00:00.000000+00:00')"
            )
    async with await Store.open(path) as store:
        user = await store.get_user(UserKey(platform="slack", workspace="T", user_id="U"))
        assert user is not None and user.preferences == Preferences()


async def test_opening_twice_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "rebound.db"
    async with await Store.open(path) as store:
        await store.get_or_create_user(UserKey("slack", "T", "U"), now=NOW)
    before = _schema(path)
    async with await Store.open(path) as store:
        assert await store.database.schema_version() == LATEST_VERSION
        assert await store.get_user(UserKey("slack", "T", "U")) is not None
    assert _schema(path) == before


async def test_concurrent_first_opens_migrate_once(tmp_path: Path) -> None:
    path = tmp_path / "rebound.db"
    dbs = await asyncio.gather(*(Database.open(path) for _ in range(4)))
    try:
        assert [await db.schema_version() for db in dbs] == [LATEST_VERSION] * 4
    finally:
        for db in dbs:
            await db.close()


async def test_opening_tries_again_when_sqlite_refuses_the_wal_switch_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Switching a new file to WAL needs it to itself; while other processes open the same
    fresh file, SQLite can answer "locked" at once instead of waiting (its deadlock rule),
    which `test_concurrent_first_opens_migrate_once` met now and then on a loaded machine.
    Here the first two tries are refused the way SQLite refuses them."""
    refusals = 2
    real_pragma = Database._pragma

    async def refusing(self: Database, pragma: str) -> object:
        nonlocal refusals
        if pragma == "journal_mode = WAL" and refusals:
            refusals -= 1
            busy = sqlite3.OperationalError("database is locked")
            busy.sqlite_errorname = "SQLITE_BUSY"
            raise busy
        return await real_pragma(self, pragma)

    monkeypatch.setattr(Database, "_pragma", refusing)
    async with await Database.open(tmp_path / "rebound.db") as db:
        assert refusals == 0
        assert await db.schema_version() == LATEST_VERSION
        mode = await db.read_one("PRAGMA journal_mode")
        assert mode is not None and mode[0] == "wal"


async def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "rebound.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ReboundError, match="newer Rebound"):
        await Store.open(path)
    assert _user_version(path) == LATEST_VERSION + 1
    assert path.read_bytes() == before  # not even switched to WAL


async def test_callable_migration_and_a_newer_version(tmp_path: Path) -> None:
    async def add_extra_notes(tx: Tx) -> None:
        await tx.execute("CREATE TABLE extra_notes (id INTEGER PRIMARY KEY, key TEXT UNIQUE)")
        await tx.execute("INSERT INTO extra_notes (key) VALUES (?)", ("seed",))

    path = tmp_path / "rebound.db"
    async with await Database.open(path):
        pass
    v3 = (*MIGRATIONS, Migration(LATEST_VERSION + 1, "extra_notes", add_extra_notes))
    async with await Database.open(path, migrations=v3) as db:
        assert await db.schema_version() == LATEST_VERSION + 1
        assert [row[0] for row in await db.read("SELECT key FROM extra_notes")] == ["seed"]
    with pytest.raises(ReboundError, match="newer"):  # the shipped code cannot open it now
        await Database.open(path)


async def test_failing_migration_rolls_back_entirely(tmp_path: Path) -> None:
    path = tmp_path / "rebound.db"
    broken = (
        *MIGRATIONS,
        Migration(
            LATEST_VERSION + 1, "broken", "CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);"
        ),
    )
    with pytest.raises(sqlite3.OperationalError):
        await Database.open(path, migrations=broken)
    assert _user_version(path) == LATEST_VERSION
    assert "half" not in {name for _, name, _ in _schema(path)}


async def test_bad_migration_lists_and_targets_are_refused_before_touching_disk(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new" / "rebound.db"
    gap = (MIGRATIONS[0], Migration(3, "gap", "SELECT 1"))
    with pytest.raises(ValueError, match=r"1\.\.n"):
        await Database.open(path, migrations=gap)
    with pytest.raises(ValueError, match="target"):
        await Database.open(path, target=LATEST_VERSION + 1)
    assert not path.parent.exists()


def test_split_statements_respects_strings_and_triggers() -> None:
    script = """
        CREATE TABLE t (x TEXT DEFAULT 'a;b');
        -- a comment; with a semicolon
        CREATE TRIGGER tr AFTER INSERT ON t BEGIN
            UPDATE t SET x = 'c;d';
        END;
        ;
    """
    statements = split_statements(script)
    assert len(statements) == 2
    assert statements[0] == "CREATE TABLE t (x TEXT DEFAULT 'a;b');"
    assert "CREATE TRIGGER" in statements[1] and statements[1].endswith("END;")
    with pytest.raises(ValueError):
        split_statements("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;")
