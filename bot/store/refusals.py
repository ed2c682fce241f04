"""Writes the storage refuses (disk full, read-only file, I/O error), turned into one friendly
`StorageUnavailable` and one log line, instead of a traceback for every message."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from bot.errors import StorageUnavailable

log = logging.getLogger(__name__)

# SQLite's primary result codes for a refused write: what it means, and what to check.
_REFUSALS = {
    8: ("the database file is read-only", "check that this user can write the file and its "
        "folder"),
    10: ("the disk reported an error", "check the disk"),
    13: ("the disk is full", "free some disk space where the database lives"),
    14: ("the database file can't be opened", "check that the file and its folder are there "
         "and writable"),
}


def refused(exc: BaseException, *, path: Path) -> StorageUnavailable | None:
    """The `StorageUnavailable` to raise for `exc` (logged once, here), or None if the storage
    didn't refuse anything (a bug, a constraint: those stay what they are)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.Error) or not isinstance(code, int):
        return None
    found = _REFUSALS.get(code & 0xFF)
    if found is None:
        return None
    why, fix = found
    log.warning("could not write to the database %s: %s (%s); nothing was saved", path, why,
                getattr(exc, "sqlite_errorname", type(exc).__name__))
    return StorageUnavailable(f"Nothing was saved: my database can't be written because {why}."
                              f" Please {fix} (or ask whoever runs me to), then send it again.")
