"""The database checks of `rebound doctor` when REBOUND_DB names a PostgreSQL server: it
answers, its schema is one this Rebound can use, and this user can write there. Nothing is
created, migrated or left changed (the write check takes a lock and rolls back)."""

from __future__ import annotations

import psycopg

from bot.store.postgres.db import redacted
from rebound.doctor_db import schema_finding
from rebound.findings import Finding, Status

AREA = "database"
CONNECT_TIMEOUT = 5
"""Seconds to wait for the server before calling it unreachable."""


async def check_postgres(url: str) -> list[Finding]:
    """Reachable, schema current (or migratable), writable."""
    where = redacted(url)
    try:
        conn = await psycopg.AsyncConnection.connect(url, connect_timeout=CONNECT_TIMEOUT,
                                                     autocommit=True)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return [_fail(f"can't reach {where} ({reason}): check that the server runs and that "
                      "the host, port, user, password and database in REBOUND_DB are right.")]
    try:
        async with conn:
            return await _inspect(conn, where)
    except psycopg.Error as exc:
        return [_fail(f"{where} answered with an error ({exc.sqlstate or type(exc).__name__}):"
                      f" {exc.diag.message_primary or exc}.")]


async def _inspect(conn: psycopg.AsyncConnection[tuple[object, ...]], where: str
                   ) -> list[Finding]:
    row = await (await conn.execute(
        "SELECT current_schema(), to_regclass('rebound_schema') IS NOT NULL,"
        " pg_is_in_recovery()")).fetchone()
    assert row is not None
    schema, set_up, standby = row
    if schema is None:
        return [_fail(f"{where}: none of the schemas in the search path exists; create one "
                      "(CREATE SCHEMA) or fix search_path in REBOUND_DB's options.")]
    if standby:
        return [_fail(f"{where} is a read-only standby: point REBOUND_DB at the primary.")]
    version = 0
    if set_up:
        found = await (await conn.execute("SELECT version FROM rebound_schema")).fetchone()
        version = 0 if found is None else int(str(found[0]))
    findings = [schema_finding(where, version)]
    if findings[0].status is Status.FAIL:
        return findings
    writable = await _writable(conn, where, schema=str(schema), set_up=bool(set_up))
    return findings if writable is None else [*findings, writable]


async def _writable(conn: psycopg.AsyncConnection[tuple[object, ...]], where: str, *,
                    schema: str, set_up: bool) -> Finding | None:
    """Set up: take the version table's write lock and give it back (a rollback). Not yet:
    the right to create tables in the schema."""
    if not set_up:
        row = await (await conn.execute(
            "SELECT has_schema_privilege(current_schema(), 'CREATE')")).fetchone()
        if row is not None and row[0]:
            return None
        return _fail(f"{where}: this user can't create tables in the schema {schema}; grant it "
                     "(GRANT CREATE ON SCHEMA ...) or use another schema.")
    try:
        async with conn.transaction(force_rollback=True):
            await conn.execute("LOCK TABLE rebound_schema IN ROW EXCLUSIVE MODE NOWAIT")
    except psycopg.errors.LockNotAvailable:
        return Finding(Status.WARN, AREA, f"{where}: another session held the schema table "
                       "locked, so whether it is writable is unknown: try again.")
    except psycopg.errors.InsufficientPrivilege:
        return _fail(f"{where}: this user can't write Rebound's tables; grant it INSERT, "
                     "UPDATE and DELETE on them (or connect as their owner).")
    return None


def _fail(message: str) -> Finding:
    return Finding(Status.FAIL, AREA, message)
