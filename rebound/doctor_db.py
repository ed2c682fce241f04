"""The database checks of `rebound doctor`: the file Rebound would open can be created or
opened, is SQLite in good shape, has a schema this Rebound can use, is writable and private.

Synchronous (run it in a thread): it uses sqlite3 directly so it can open the file without
creating it (`mode=rw`) and without applying migrations, as `Store.open` would.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sqlite3
import stat
from pathlib import Path

from bot.store import LATEST_VERSION
from rebound.findings import Finding, Status

AREA = "database"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT = 5.0
"""Seconds to wait for another process's write lock before calling the file busy."""
ELSEWHERE = "choose another file with --db PATH or the REBOUND_DB variable"


def check_database(path: Path) -> list[Finding]:
    """Check the database file at `path` without creating it or changing its contents."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return [_not_created_yet(path)]
    except OSError as exc:
        return [_fail(f"can't look at {path} ({exc.strerror}): {ELSEWHERE}.")]
    unusable = _unusable_file(path)
    if unusable is not None:
        return [unusable]
    findings = _inspect(path)
    private = _private(path)
    return findings if private is None else [*findings, private]


def _not_created_yet(path: Path) -> Finding:
    """Start-up creates the file and its missing folders, if the nearest existing folder
    lets it."""
    folder = path.parent
    while not _exists(folder):
        folder = folder.parent
    if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
        return Finding(Status.OK, AREA,
                       f"no database yet at {path}; it will be created on first start")
    why = "is not a folder" if not folder.is_dir() else "is not writable by this user"
    return _fail(f"no database at {path}, and it can't be created there: {folder} {why}. Set "
                 "REBOUND_DB (or --db PATH) to a file in a folder you can write to.")


def _exists(path: Path) -> bool:
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True  # there, but not ours to look into; the access check says so
    return True


def _unusable_file(path: Path) -> Finding | None:
    """Not a file, not ours to read and write, or not SQLite (an empty file is fine:
    SQLite treats it as a new database)."""
    if not path.is_file():
        return _fail(f"{path} is not a file: {ELSEWHERE}.")
    if not os.access(path, os.R_OK | os.W_OK):
        return _fail(f"{path} can't be read and written by this user: give it to the user "
                     f"Rebound runs as (chown), or {ELSEWHERE}.")
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        return _fail(f"can't read {path} ({exc.strerror}): {ELSEWHERE}.")
    if header and header != SQLITE_HEADER:
        return _fail(f"{path} is not a SQLite database (did --db or REBOUND_DB name the wrong "
                     f"file?): {ELSEWHERE}.")
    return None


def _inspect(path: Path) -> list[Finding]:
    """Integrity, schema version and writability, through one connection that won't create
    the file."""
    try:
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True,
                                                timeout=BUSY_TIMEOUT,
                                                isolation_level=None)) as conn:
            damage = _damage(conn, path)
            if damage is not None:
                return [damage]
            writable = _writable(conn, path)
            schema = _schema(conn, path)
    except sqlite3.OperationalError as exc:  # e.g. can't create the -wal or -shm file
        return [_fail(f"can't open {path} ({exc}): make it and its folder writable by the "
                      f"user Rebound runs as, or {ELSEWHERE}.")]
    except sqlite3.DatabaseError as exc:
        return [_fail(f"{path} is damaged ({exc}): restore a backup, or {ELSEWHERE}.")]
    return [schema] if writable is None else [schema, writable]


def _damage(conn: sqlite3.Connection, path: Path) -> Finding | None:
    rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check(5)")]
    if rows == ["ok"]:
        return None
    return _fail(f"{path} is damaged (SQLite's quick_check: {'; '.join(rows)}): restore a "
                 "backup.")


def _schema(conn: sqlite3.Connection, path: Path) -> Finding:
    return schema_finding(str(path), int(conn.execute("PRAGMA user_version").fetchone()[0]))


def schema_finding(where: str, version: int) -> Finding:
    """What a database's schema version means for this Rebound (either backend): current,
    to be set up or migrated on the next start, or written by a newer Rebound."""
    if version > LATEST_VERSION:
        return _fail(f"{where} has schema v{version}, but this Rebound knows only up to "
                     f"v{LATEST_VERSION}: a newer Rebound wrote it. Upgrade Rebound (or "
                     "restore a backup).")
    if version == LATEST_VERSION:
        state = f"schema v{version}, current"
    elif version == 0:
        state = "empty; it will be set up on first start"
    else:
        state = f"schema v{version}; it will migrate to v{LATEST_VERSION} on next start"
    return Finding(Status.OK, AREA, f"{where} ({state})")


def _writable(conn: sqlite3.Connection, path: Path) -> Finding | None:
    """Take the write lock and give it back at once (`BEGIN IMMEDIATE; ROLLBACK`)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return Finding(Status.WARN, AREA, f"{path} stayed locked by another process for "
                           f"{BUSY_TIMEOUT:g} s, so whether it is writable is unknown: try "
                           "again.")
        return _fail(f"{path} can't be written ({exc}): make it and its folder writable by "
                     f"the user Rebound runs as, or {ELSEWHERE}.")
    return None


def _private(path: Path) -> Finding | None:
    """The file holds users' notes: it should be its owner's alone (Rebound creates it 0600)."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if not mode & 0o066:
        return None
    return Finding(Status.WARN, AREA, f"other users can read {path} (mode {mode:04o}); keep "
                   f"users' notes private with: chmod 600 {shlex.quote(str(path))}")


def _fail(message: str) -> Finding:
    return Finding(Status.FAIL, AREA, message)
