"""The storage errors the rest of the code catches, whichever database is underneath.

A store module catches `IntegrityViolation` (a foreign key, unique or check constraint
refused a write), never a driver's own class. Code that must survive a database that fails
for a while (a locked SQLite file, a PostgreSQL server restarting) catches `STORAGE_ERRORS`:
PostgreSQL's driver errors reach it wrapped in `StorageError`; SQLite's arrive as they are
(`sqlite3.Error`), so the SQLite side adds nothing to a statement's happy path.
"""

from __future__ import annotations

import sqlite3

from bot.errors import ReboundError


class StorageError(ReboundError):
    """A statement failed in the database (not a refused write: see StorageUnavailable)."""


class IntegrityViolation(StorageError):
    """A constraint refused a write: a foreign key, a unique key or a check."""


STORAGE_ERRORS: tuple[type[Exception], ...] = (StorageError, sqlite3.Error)
"""What a database that fails for a while raises, on either backend."""
