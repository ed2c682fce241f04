"""What only PostgreSQL has to prove: migrations applied once by instances starting together,
a newer schema refused, and several instances (each its own pool of connections) sharing the
nudge queue, the send budget and the inbox without taking anything twice. The store's other
tests run on PostgreSQL too (`db_target`)."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from bot.errors import ReboundError
from bot.models import UserKey
from bot.store import LATEST_VERSION, MIGRATIONS, Database, Migration, Store
from bot.store.errors import STORAGE_ERRORS, StorageError
from bot.store.inbox import InboxTable
from bot.store.migrations import MigrationTx
from bot.store.nudges import Scope
from bot.store.postgres.db import PgDatabase
from bot.store.postgres.sql import translate
from bot.store.send_budget import SendBudgets
from rebound.bootstrap import open_store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def count_once(tx: MigrationTx) -> None:
    await tx.execute("CREATE TABLE applied (at TEXT)")
    await tx.execute("INSERT INTO applied (at) VALUES (?)", ("once",))


WITH_ONE_MORE = (*MIGRATIONS, Migration(LATEST_VERSION + 1, "counts its runs", count_once))


async def test_three_instances_opening_a_fresh_schema_at_once_migrate_it_once(
        pg_url: str) -> None:
    opened = await asyncio.gather(
        *(PgDatabase.open(pg_url, migrations=WITH_ONE_MORE) for _ in range(3)))
    try:
        for db in opened:
            assert await db.schema_version() == LATEST_VERSION + 1
        assert [tuple(row) for row in await opened[0].read("SELECT at FROM applied")] == [
            ("once",)]
    finally:
        for db in opened:
            await db.close()


async def test_a_newer_schema_is_refused_and_left_alone(pg_url: str) -> None:
    async with await PgDatabase.open(pg_url) as db, db.write() as tx:
        await tx.execute("UPDATE rebound_schema SET version = ?", (LATEST_VERSION + 1,))
    with pytest.raises(ReboundError, match="newer Rebound"):
        await PgDatabase.open(pg_url)
    async with await PgDatabase.open(pg_url, migrations=WITH_ONE_MORE) as db:
        assert await db.schema_version() == LATEST_VERSION + 1  # untouched, no table added
        assert await db.read_one("SELECT to_regclass('applied')") == (None,)


async def test_an_old_schema_migrates_forward_and_a_failing_step_leaves_nothing(
        pg_url: str) -> None:
    async with await PgDatabase.open(pg_url, target=3) as db:
        assert await db.schema_version() == 3
        assert await db.read_one("SELECT to_regclass('inbox')") == (None,)
    broken = (*MIGRATIONS, Migration(LATEST_VERSION + 1, "broken",
                                     "CREATE TABLE half (x TEXT); INSERT INTO nowhere VALUES (1)"))
    with pytest.raises(ReboundError, match="nowhere"):
        await PgDatabase.open(pg_url, migrations=broken)
    async with await PgDatabase.open(pg_url) as db:
        assert await db.schema_version() == LATEST_VERSION
        assert await db.read_one("SELECT to_regclass('half')") == (None,)


def test_placeholders_become_psycopgs_and_quoted_text_stays() -> None:
    assert translate("SELECT ? , :name, x::text, '?:%', \"a?\" FROM t WHERE y LIKE '%'") == (
        "SELECT %s , %(name)s, x::text, '?:%%', \"a?\" FROM t WHERE y LIKE '%%'")


async def two_instances(url: str) -> tuple[Store, Store]:
    """Two processes' stores, each with its own pool of connections."""
    return await open_store(url), await open_store(url)


async def test_instances_claiming_at_once_never_take_the_same_nudge(pg_url: str) -> None:
    one, two = await two_instances(pg_url)
    try:
        user = await one.get_or_create_user(UserKey("slack", "T", "U"), now=NOW)
        async with one.database.write() as tx:
            await tx.executemany(
                "INSERT INTO nudges (idempotency_key, user_id, kind, due_at, timezone, run_at,"
                " created_at, updated_at) VALUES (?, ?, 'check-in', ?, 'UTC', ?, ?, ?)",
                [(f"n{i}", user.id, NOW.isoformat(), NOW.isoformat(), NOW.isoformat(),
                  NOW.isoformat()) for i in range(200)])
        scope = Scope(platforms=("slack",))

        async def drain(store: Store, owner: str) -> list[int]:
            taken: list[int] = []
            while batch := await store.nudges.claim(
                    scope=scope, owner=owner, now=NOW, lease=timedelta(minutes=5), limit=7,
                    expire_before=datetime(2000, 1, 1, tzinfo=UTC)):
                taken += [n.id for n in batch]
            return taken

        taken = await asyncio.gather(*(drain(store, f"w{i}") for i, store in
                                       enumerate((one, two, one, two))))
        every = [nudge_id for batch in taken for nudge_id in batch]
        assert len(every) == 200 and len(set(every)) == 200
        assert all(len(batch) > 0 for batch in taken[:2])
        assert await one.nudges.counts() == {"claimed": 200}
    finally:
        await one.close()
        await two.close()


async def test_instances_on_machines_with_unrelated_monotonic_clocks_share_one_budget(
        pg_url: str) -> None:
    """Two machines: their monotonic clocks read 100 and 90,000 at the same wall-clock
    moment. The slots each is given, put back on the wall clock, never coincide and keep to
    the rate between them."""
    one, two = await two_instances(pg_url)
    wall = 1_772_000_000.0
    machines = {"one": 100.0, "two": 90_000.0}
    try:
        budgets = [(SendBudgets(store.database, wall=lambda: wall), machines[name])
                   for name, store in (("one", one), ("two", two))] * 10
        grants = await asyncio.gather(*(budget.grant("slack", now=monotonic, rate=2.0,
                                                     burst=1.0, want=1)
                                        for budget, monotonic in budgets))
        on_the_wall = sorted(round(slot - monotonic + wall, 6)
                             for grant, (_, monotonic) in zip(grants, budgets, strict=True)
                             for slot in grant.slots)
        assert len(on_the_wall) == 20
        assert all(later - earlier >= 0.5 - 1e-6
                   for earlier, later in itertools.pairwise(on_the_wall))
    finally:
        await one.close()
        await two.close()


async def test_an_event_delivered_to_two_instances_is_handled_once(pg_url: str) -> None:
    one, two = await two_instances(pg_url)
    try:
        firsts = await asyncio.gather(*(
            store.first_time("slack", f"Ev{i}", now=NOW)
            for i in range(20) for store in (one, two)))
        assert sum(firsts) == 20
    finally:
        await one.close()
        await two.close()


async def test_an_inbox_event_stored_by_two_instances_at_once_is_stored_once(
        pg_url: str) -> None:
    one, two = await two_instances(pg_url)
    try:
        tables = [InboxTable(one.database, "slack"), InboxTable(two.database, "slack")]
        fresh = await asyncio.gather(*(
            table.accept(f"Ev{i}", {"n": i}, lane="ann", now=NOW)
            for i in range(30) for table in tables))
        assert sum(fresh) == 30
        assert await tables[0].counts() == {"pending": 30}
        claimed = await asyncio.gather(*(
            table.claim(owner=f"w{i}", now=NOW, until=NOW + timedelta(minutes=1),
                        horizon=NOW + timedelta(hours=1), limit=50)
            for i, table in enumerate(tables)))
        assert sorted(len(batch) for batch in claimed) == [0, 30]  # one lane: one holder
    finally:
        await one.close()
        await two.close()


async def test_connections_the_server_drops_fail_as_storage_errors_then_come_back(
        pg_url: str) -> None:
    """A server restart (here: every connection of this store's pool terminated, found by
    its own application name) is a StorageError for the statements it catches, never a
    driver error; the pool then reconnects."""
    name = f"rebound-test-{uuid.uuid4().hex[:8]}"
    async with await open_store(f"{pg_url}&application_name={name}") as store:
        user = await store.get_or_create_user(UserKey("slack", "T", "U"), now=NOW)
        with psycopg.connect(pg_url, autocommit=True) as admin:
            cursor = admin.execute("SELECT count(pg_terminate_backend(pid))"
                                   " FROM pg_stat_activity WHERE application_name = %s",
                                   (name,))
            row = cursor.fetchone()
            assert row is not None and row[0] >= 1
        outcomes: list[object] = []
        for _ in range(3):
            try:
                outcomes.append(await store.get_user(user.key))
            except STORAGE_ERRORS as exc:
                assert isinstance(exc, StorageError)
                outcomes.append(exc)
        assert any(isinstance(outcome, StorageError) for outcome in outcomes)
        assert outcomes[-1] == user


def test_the_test_schema_is_its_own(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        row = conn.execute("SELECT current_schema()").fetchone()
    assert row is not None and row[0].startswith("rebound_test_")


async def _sqlite_shape(db: Database) -> dict[str, object]:
    tables = [row[0] for row in await db.read(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    columns = {t: [row[1] for row in await db.read(f"PRAGMA table_info({t})")] for t in tables}
    indexes = {row[0] for row in await db.read(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    triggers = {row[0] for row in await db.read(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return {"columns": columns, "indexes": indexes, "triggers": triggers}


async def _postgres_shape(db: PgDatabase) -> dict[str, object]:
    columns: dict[str, list[str]] = {}
    for table, column in await db.read(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name <> 'rebound_schema'"
            " ORDER BY table_name, ordinal_position"):
        columns.setdefault(table, []).append(column)
    indexes = {row[0] for row in await db.read(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        " AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'")}
    triggers = {row[0] for row in await db.read(
        "SELECT DISTINCT trigger_name FROM information_schema.triggers"
        " WHERE trigger_schema = current_schema()")}
    return {"columns": columns, "indexes": indexes, "triggers": triggers}


async def test_every_version_has_the_same_tables_columns_indexes_and_triggers_on_both(
        pg_url: str, tmp_path: Path) -> None:
    for version in range(1, LATEST_VERSION + 1):
        async with await Database.open(tmp_path / f"v{version}.db", target=version) as lite:
            expected = await _sqlite_shape(lite)
        async with await PgDatabase.open(pg_url, target=version) as pg:
            assert await pg.schema_version() == version
            assert await _postgres_shape(pg) == expected, f"version {version}"
