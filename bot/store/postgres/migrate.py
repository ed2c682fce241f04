"""Migrations on PostgreSQL: the same versions as on SQLite (`bot.store.migrations`), the
version kept in a one-row table, each step applied once however many instances start at once.

Each step runs in its own transaction, which first takes the migration lock (a transaction-
level advisory lock, per schema) and then re-reads the version: an instance that waited
finds the step done and moves on, so three instances starting together apply each migration
once. DDL is transactional on PostgreSQL, so a failed step leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.errors import ReboundError
from bot.store.db import split_statements
from bot.store.migrations import Migration
from bot.store.postgres.tx import PgTx

LOCK = "rebound:migrate"
_TABLE = ("CREATE TABLE IF NOT EXISTS rebound_schema ("
          " id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)")


def latest(migrations: Sequence[Migration]) -> int:
    """The newest version, after checking the versions run 1, 2, 3, ... without gaps."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must be 1..n in order, got {versions}")
    return len(versions)


def refuse_newer(current: int, *, latest: int, where: str) -> None:
    if current > latest:
        raise ReboundError(
            f"the database {where} has schema version {current}, but this Rebound knows only "
            f"up to {latest}: it was written by a newer Rebound. Upgrade Rebound (or restore "
            "a backup); the database was left untouched.")


HAS_TABLE = "SELECT to_regclass('rebound_schema') IS NOT NULL"
VERSION = "SELECT version FROM rebound_schema"


async def step(tx: PgTx, migration: Migration, *, newest: int, where: str) -> bool:
    """Inside its own transaction: take the migration lock, then apply `migration` unless
    the version (read again under the lock) says it is done; whether it was applied."""
    await tx.serialize(LOCK)
    await tx.raw(_TABLE)
    await tx.execute("INSERT INTO rebound_schema (id, version) VALUES (1, 0)"
                     " ON CONFLICT DO NOTHING")
    row = await tx.fetchone(VERSION)
    current = 0 if row is None else int(row[0])
    refuse_newer(current, latest=newest, where=where)
    if current >= migration.version:
        return False
    await _apply(tx, migration)
    await tx.execute("UPDATE rebound_schema SET version = ?", (migration.version,))
    return True


async def _apply(tx: PgTx, migration: Migration) -> None:
    if migration.postgres is not None:
        for statement in migration.postgres:
            await tx.raw(statement)
    elif isinstance(migration.apply, str):
        for statement in split_statements(migration.apply):
            await tx.raw(statement)
    else:
        await migration.apply(tx)

