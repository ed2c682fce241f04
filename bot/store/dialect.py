"""The few SQL fragments SQLite and PostgreSQL write differently, one place for each.

Everything else the store runs is written once: both accept `RETURNING`, `ON CONFLICT ... DO
NOTHING / DO UPDATE`, `CASE`, aliased subqueries and `?` placeholders (translated for psycopg
by `bot.store.postgres.sql`). What differs is how a JSON parameter is read as a set of values
(SQLite's `json_each`, PostgreSQL's `jsonb_*` functions), SQLite's `INDEXED BY` hints, and
the row locks a claim takes on PostgreSQL (`FOR UPDATE SKIP LOCKED`), which SQLite has no use
for: its `BEGIN IMMEDIATE` already makes every write transaction the only one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    """One database's way of writing the fragments below; `SQLITE` or `POSTGRES`."""

    name: str

    @property
    def postgres(self) -> bool:
        return self.name == "postgresql"

    def json_ids(self) -> str:
        """A subquery of the integers in a JSON array parameter (`[1, 2]`)."""
        if self.postgres:
            return ("SELECT CAST(j.value AS BIGINT)"
                    " FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS j(value)")
        return "SELECT value FROM json_each(?)"

    def json_texts(self) -> str:
        """A subquery of the strings in a JSON array parameter (`["a", "b"]`)."""
        if self.postgres:
            return "SELECT j.value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS j(value)"
        return "SELECT value FROM json_each(?)"

    def json_pairs(self) -> str:
        """A subquery of (integer key, integer value) pairs in a JSON object parameter
        (`{"12": 3}`)."""
        if self.postgres:
            return ("SELECT CAST(j.key AS BIGINT), CAST(j.value AS INTEGER)"
                    " FROM jsonb_each_text(CAST(? AS jsonb)) AS j(key, value)")
        return "SELECT CAST(key AS INTEGER), value FROM json_each(?)"

    def json_field(self, column: str, key: str) -> str:
        """The text of a top-level `key` of the JSON object stored in `column`."""
        if self.postgres:
            return f"(CAST({column} AS jsonb) ->> '{key}')"
        return f"json_extract({column}, '$.{key}')"

    def indexed_by(self, index: str) -> str:
        """SQLite's hint to read a table through `index` (PostgreSQL's planner needs none)."""
        return "" if self.postgres else f" INDEXED BY {index}"

    def skip_locked(self, alias: str) -> str:
        """Ends a claim's selection: on PostgreSQL, lock the rows of `alias` it picks and
        pass over those another transaction holds, so instances claiming at once each take
        different rows without waiting for one another."""
        return f" FOR UPDATE OF {alias} SKIP LOCKED" if self.postgres else ""


SQLITE = Dialect("sqlite")
POSTGRES = Dialect("postgresql")
