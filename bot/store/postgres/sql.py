"""What the store's SQL needs on its way to psycopg, and its answers on the way back: `?` and
`:name` placeholders as psycopg writes them, rows readable by position and by name, and the
driver's errors as the store's own (`bot.store.errors`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.abc import Buffer
from psycopg.types.string import StrDumperUnknown

from bot.errors import StorageUnavailable
from bot.store.errors import IntegrityViolation, StorageError


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """`sql` with `?` as `%s` and `:name` as `%(name)s` (outside quoted text and names, and
    not in a `::` cast), and every `%` doubled: psycopg reads `%` as its own."""
    out: list[str] = []
    quote = ""
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch == "%":
            out.append("%%")
        elif quote:
            out.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif (ch == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_")
              and (i == 0 or sql[i - 1] != ":")):
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            out.append(f"%({sql[i + 1:j]})s")
            i = j
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


NUL = "\x00"
NUL_STORED = "\ufffd"


class NulFreeStrDumper(StrDumperUnknown):
    """Text as psycopg sends it, except NUL: PostgreSQL's text can't hold it (SQLite's can),
    so a NUL a user typed is stored as U+FFFD, the replacement character, rather than
    failing the whole write."""

    def dump(self, obj: str) -> Buffer | None:
        return super().dump(obj.replace(NUL, NUL_STORED) if NUL in obj else obj)


class PgRow(tuple[Any, ...]):
    """A result row: a tuple, also readable by column name (as `sqlite3.Row` is)."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def pg_row(cursor: Any) -> Callable[[Sequence[Any]], PgRow]:
    """psycopg's row factory for `PgRow`: the names are looked up once per result."""
    names = {column.name: index for index, column in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> PgRow:
        row = PgRow(values)
        row._names = names
        return row

    return make


_REFUSALS = {
    "53": ("the database server is out of disk space or memory",
           "free some space on the database server"),
    "25006": ("the database is read-only", "point REBOUND_DB at a primary that accepts "
              "writes"),
}


def storage_error(exc: psycopg.Error) -> Exception:
    """The store's exception for a driver error: IntegrityViolation for a constraint,
    StorageUnavailable for a server that refuses writes, StorageError for the rest. The
    message names the SQLSTATE and PostgreSQL's first line only (its detail can quote the
    values in a row, which are users' words)."""
    state = exc.sqlstate or ""
    primary = exc.diag.message_primary or type(exc).__name__
    if isinstance(exc, pg_errors.IntegrityError):
        return IntegrityViolation(f"{primary} ({state})")
    for prefix, (why, fix) in _REFUSALS.items():
        if state.startswith(prefix):
            return StorageUnavailable(f"Nothing was saved: my database can't be written "
                                      f"because {why}. Please {fix} (or ask whoever runs "
                                      "me to), then send it again.")
    return StorageError(f"PostgreSQL: {primary} ({state or type(exc).__name__})")
