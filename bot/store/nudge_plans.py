"""The statements that make a user's open nudges match their plan (`NudgeQueue.sync_users`,
`sync_rejections`): upsert what is planned (reviving or moving the open row with its key),
store the messages composed with it, cancel what is no longer planned."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.nudges.model import NudgeKind
from bot.store.codec import json_text, utc_text
from bot.store.dialect import Dialect


@dataclass(frozen=True)
class Scheduled:
    """A planned nudge with its moment worked out, ready to be written.

    `keep_only` marks one whose day has passed: an open row for it stays (it goes out late or
    expires into a summary), but none is created or revived for it.
    """

    key: str
    kind: NudgeKind
    rejection_id: int | None
    due_at: datetime
    timezone: str
    payload: dict[str, Any]
    keep_only: bool = False
    message: tuple[str, str] | None = None
    """The title and text composed for this kind, moment and zone from the rejection at
    revision `composed_from` (`bot.nudges.composer.planned_message`), stored with the nudge
    (`COMPOSED`); None for what is composed at delivery."""
    composed_from: int | None = None
    wording: str = ""
    """The release's wording the message was composed under (`bot.nudges.wording`)."""


def slices(plans: Mapping[int, Sequence[Scheduled]], *,
            rows: int) -> Iterator[list[tuple[int, Sequence[Scheduled]]]]:
    """Whole users' plans, grouped so that each group holds about `rows` nudges."""
    part: list[tuple[int, Sequence[Scheduled]]] = []
    size = 0
    for user_id, wanted in plans.items():
        part.append((user_id, wanted))
        size += len(wanted) or 1
        if size >= rows:
            yield part
            part, size = [], 0
    if part:
        yield part


UPSERT = (
    "INSERT INTO nudges (idempotency_key, user_id, rejection_id, kind, due_at,"
    " timezone, run_at, payload, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (idempotency_key) DO UPDATE SET status = 'pending',"
    " kind = excluded.kind, payload = excluded.payload, due_at = excluded.due_at,"
    " run_at = excluded.run_at, timezone = excluded.timezone, last_error = NULL,"
    " failures = 0,"
    " lease_owner = NULL, lease_expires_at = NULL, updated_at = excluded.updated_at"
    " WHERE nudges.status = 'cancelled'"
    " OR (nudges.status = 'pending' AND nudges.due_at > ?"
    " AND (nudges.due_at != excluded.due_at OR nudges.timezone != excluded.timezone"
    " OR nudges.kind != excluded.kind))")
"""Insert a planned nudge, or revive or move the open row with its key (see
`NudgeQueue.sync_user`)."""
COMPOSED = (
    "INSERT INTO nudge_messages"
    " (nudge_id, kind, due_at, timezone, composed_from, wording, title, text)"
    " SELECT id, kind, due_at, timezone, ?, ?, ?, ? FROM nudges"
    " WHERE idempotency_key = ? AND kind = ? AND due_at = ? AND timezone = ?"
    " ON CONFLICT (nudge_id) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at,"
    " timezone = excluded.timezone, composed_from = excluded.composed_from,"
    " wording = excluded.wording, title = excluded.title, text = excluded.text"
    " WHERE nudge_messages.composed_from != excluded.composed_from"
    " OR nudge_messages.wording != excluded.wording"
    " OR nudge_messages.kind != excluded.kind OR nudge_messages.due_at != excluded.due_at"
    " OR nudge_messages.timezone != excluded.timezone")
"""Store a planned nudge's message with what it was composed for, when its row is what was
planned: an overdue row keeps its own moment, so its message is composed when delivered.
Not a change of plan, so not counted as one."""
_CANCEL = (
    "UPDATE nudges SET status = 'cancelled', updated_at = ?, lease_owner = NULL"
    " WHERE kind != ? AND (status = 'claimed' OR (status = 'pending' AND due_at > ?))"
    " AND idempotency_key NOT IN ({kept})")


def cancel(dialect: Dialect) -> str:
    """Cancel the open rows no longer planned (their keys not in a JSON array parameter);
    callers add which rows they planned."""
    return _CANCEL.format(kept=dialect.json_texts())


def insert_params(user_id: int, item: Scheduled, stamp: str) -> tuple[Any, ...]:
    """`UPSERT`'s parameters for one planned nudge."""
    due = utc_text(item.due_at)
    return (item.key, user_id, item.rejection_id, item.kind.value, due, item.timezone, due,
            json_text(item.payload), stamp, stamp, stamp)


def message_params(wanted: Iterable[Scheduled]) -> list[tuple[Any, ...]]:
    """`COMPOSED`'s parameters for the planned nudges that carry a message and what it was
    composed from (without that, nothing could tell whether it is still current)."""
    return [(item.composed_from, item.wording, *item.message, item.key, item.kind.value,
             utc_text(item.due_at), item.timezone)
            for item in wanted
            if item.message is not None and item.composed_from is not None
            and not item.keep_only]


def rejection_sync(user_id: int, wanted: Sequence[Scheduled], *,
                    rejection_ids: Collection[int], check_ins: bool, now: datetime,
                    dialect: Dialect) -> list[tuple[str, Sequence[Sequence[Any]]]]:
    """`NudgeQueue.sync_rejections`'s statements, each with its parameter sets: upsert the
    planned rows, store their messages, cancel what is no longer planned."""
    stamp = utc_text(now)
    kept = json.dumps([item.key for item in wanted])
    cancelled = cancel(dialect)
    statements: list[tuple[str, Sequence[Sequence[Any]]]] = [
        (UPSERT, [insert_params(user_id, item, stamp) for item in wanted if not item.keep_only]),
        (COMPOSED, message_params(wanted)),
        (f"{cancelled} AND rejection_id IN ({dialect.json_ids()})",
         [(stamp, NudgeKind.MISSED.value, stamp, kept, json.dumps(sorted(rejection_ids)))])]
    if check_ins:
        # Check-ins, and the nudges of a rejection just deleted (link cleared).
        statements.append((f"{cancelled} AND rejection_id IS NULL AND user_id = ?",
                           [(stamp, NudgeKind.MISSED.value, stamp, kept, user_id)]))
    return statements


def changed(counts: Sequence[int]) -> bool:
    """Whether `_rejection_sync`'s statements changed a nudge (storing a message is not a
    change of plan)."""
    upserted, _, *cancelled = counts
    return upserted + sum(cancelled) > 0
