"""Nudge rows as `Nudge` values, and the claim: which due rows a scheduler takes, read with
what delivering them needs.

A claim reads its rows first, joined with their users and their composed messages, and then
marks them claimed by id, in one write transaction: reading them through `UPDATE ... RETURNING`
would need a subquery per user column and per message column and row, which cost more than
the claim itself. On PostgreSQL the selection locks the rows it picks and skips those another
instance's claim holds (`FOR UPDATE SKIP LOCKED`), and reads the nudge's columns from the
locked rows themselves, as they are once the lock is taken, so two instances never claim one
row and the attempts a claim hands out match the row's. A stored message comes with a row
only while everything it was composed from (the nudge's kind, moment and zone, and its
rejection's revision) still matches.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any

from bot.models import UserKey
from bot.nudges.model import Nudge, NudgeKind, NudgeStatus
from bot.store.codec import parse_utc
from bot.store.dialect import Dialect
from bot.store.port import Row, Transaction

log = logging.getLogger(__name__)

ROW = ("id, idempotency_key, user_id, rejection_id, kind, due_at, timezone, status, attempts,"
       " payload, failures")
"""The columns `nudge` decodes, in order."""

_DUE = (
    "SELECT id FROM (SELECT n.id, n.run_at FROM nudges AS n CROSS JOIN users AS u"
    " WHERE u.id = n.user_id AND n.status = 'pending' AND n.run_at <= ?"
    " AND {served} ORDER BY n.run_at, n.id LIMIT ?)"
    " UNION ALL"
    " SELECT id FROM (SELECT n.id, n.run_at FROM nudges AS n CROSS JOIN users AS u"
    " WHERE u.id = n.user_id AND n.status = 'claimed' AND n.lease_expires_at <= ?"
    " AND {served} ORDER BY n.run_at, n.id LIMIT ?)")
# `CROSS JOIN` keeps `nudges` the outer loop (see `bot.store.nudges`).
_CANDIDATES = (
    "SELECT n.id, n.idempotency_key, n.user_id, n.rejection_id, n.kind, n.due_at,"
    " n.timezone, n.attempts + 1, n.payload, n.failures,"
    " u.platform, u.workspace, u.external_id, u.checkins, m.title, m.text"
    " FROM (" + _DUE + ") AS due"
    " CROSS JOIN nudges AS n ON n.id = due.id CROSS JOIN users AS u ON u.id = n.user_id"
    " LEFT JOIN rejections AS r ON r.id = n.rejection_id"
    " LEFT JOIN nudge_messages AS m ON m.nudge_id = n.id AND m.kind = n.kind"
    " AND m.due_at = n.due_at AND m.timezone = n.timezone AND m.composed_from = r.revision"
    " AND m.wording = ?")
"""The due rows (pending, or claimed under a lease that ran out), each with its attempts as
the claim makes them, its user and its message if that is current (composed from the
rejection as it is, under the wording given as the last parameter)."""
_PG_DUE = (
    "SELECT * FROM (SELECT n.* FROM nudges AS n CROSS JOIN users AS u"
    " WHERE u.id = n.user_id AND n.status = 'pending' AND n.run_at <= ?"
    " AND {served} ORDER BY n.run_at, n.id LIMIT ? FOR UPDATE OF n SKIP LOCKED) AS p"
    " UNION ALL"
    " SELECT * FROM (SELECT n.* FROM nudges AS n CROSS JOIN users AS u"
    " WHERE u.id = n.user_id AND n.status = 'claimed' AND n.lease_expires_at <= ?"
    " AND {served} ORDER BY n.run_at, n.id LIMIT ? FOR UPDATE OF n SKIP LOCKED) AS c")
_PG_CANDIDATES = (
    "SELECT n.id, n.idempotency_key, n.user_id, n.rejection_id, n.kind, n.due_at,"
    " n.timezone, n.attempts + 1, n.payload, n.failures,"
    " u.platform, u.workspace, u.external_id, u.checkins, m.title, m.text"
    " FROM (" + _PG_DUE + ") AS n JOIN users AS u ON u.id = n.user_id"
    " LEFT JOIN rejections AS r ON r.id = n.rejection_id"
    " LEFT JOIN nudge_messages AS m ON m.nudge_id = n.id AND m.kind = n.kind"
    " AND m.due_at = n.due_at AND m.timezone = n.timezone AND m.composed_from = r.revision"
    " AND m.wording = ?")
"""`_CANDIDATES` on PostgreSQL: the due rows locked (see the module docstring)."""
_CLAIM = (
    "UPDATE nudges SET status = 'claimed', lease_owner = ?, lease_expires_at = ?,"
    " attempts = attempts + 1, updated_at = ? WHERE id IN ({ids})")
_DEAD = ("UPDATE nudges SET status = 'dead', last_error = ?, lease_owner = NULL,"
         " updated_at = ? WHERE id = ?")

_KINDS = {kind.value: kind for kind in NudgeKind}
_STATUSES = {status.value: status for status in NudgeStatus}
# Calling an enum to look a value up costs ~0.45 us; these dicts ~0.02 (a KeyError for an
# unknown value, which marks the row corrupt just as the enum's ValueError did).
_FLAT_PAYLOADS: dict[Any, dict[str, str]] = {}
_FLAT_PAYLOADS_MAX = 256


@lru_cache(maxsize=64)
def _statements(dialect: Dialect, served: str) -> tuple[str, str]:
    """The selection and the claim, for `dialect` and a scope's condition."""
    candidates = _PG_CANDIDATES if dialect.postgres else _CANDIDATES
    return candidates.format(served=served), _CLAIM.format(ids=dialect.json_ids())


async def claim_due(tx: Transaction, *, served: str, params: tuple[Any, ...], owner: str,
                    now: str, until: str, limit: int, wording: str | None,
                    dialect: Dialect) -> list[Nudge]:
    """Claim up to `limit` due rows in due order, inside `tx`; rows that can't be read are
    marked dead instead (not deleted, and not sent). `served` is the scope's condition on
    `u` and `params` its parameters; times are stored text. A stored message comes with a
    row only if it was composed under `wording` (None: none does)."""
    select, claim = _statements(dialect, served)
    rows = await tx.fetchall(select, (now, *params, limit, now, *params, limit, wording))
    # Both halves may fill up: the earliest due win (fixed-width UTC text sorts as time).
    rows.sort(key=lambda row: (row[5], row[0]))
    nudges: list[Nudge] = []
    corrupt: list[tuple[str, str, int]] = []
    for row in rows[:limit]:
        try:
            nudges.append(_claimed(row))
        except (ValueError, TypeError, KeyError) as exc:
            log.error("nudge %s is corrupt and marked dead: %s", row[0], type(exc).__name__)
            corrupt.append((f"corrupt row: {exc}"[:300], now, row[0]))
    if corrupt:
        await tx.executemany(_DEAD, corrupt)
    if nudges:
        await tx.execute(claim, (owner, until, now, json.dumps([n.id for n in nudges])))
    return nudges


def _claimed(row: Row) -> Nudge:
    """Decode a `_CANDIDATES` row, as it is once claimed."""
    (nudge_id, key, user_id, rejection_id, kind, due_at, zone, attempts, payload, failures,
     platform, workspace, external_id, checkins, title, text) = row
    return Nudge(
        id=nudge_id, key=key, user_id=user_id, rejection_id=rejection_id,
        kind=_KINDS[kind], due_at=parse_utc(due_at), timezone=str(zone),
        status=NudgeStatus.CLAIMED, attempts=attempts, payload=_payload(payload),
        failures=failures, recipient=UserKey(platform, workspace, external_id),
        checkins=bool(checkins), message=None if text is None else (title, text),
    )


def nudge(row: Row) -> Nudge:
    """Decode a nudge row (columns in `ROW` order); raises ValueError/TypeError/KeyError on
    a corrupt one. By position: looking columns up by name cost a third of a claim."""
    (nudge_id, key, user_id, rejection_id, kind, due_at, zone, status, attempts, payload,
     failures) = row
    return Nudge(
        id=nudge_id, key=key, user_id=user_id, rejection_id=rejection_id,
        kind=_KINDS[kind], due_at=parse_utc(due_at), timezone=str(zone),
        status=_STATUSES[status], attempts=attempts, payload=_payload(payload),
        failures=failures,
    )


def _payload(text: Any) -> dict[str, Any]:
    """A row's payload decoded, as a dict of its own. The few flat payloads (text values
    only: `{"action": "reach-out"}`) are decoded once and copied after; a copy of a dict of
    strings is a fifth of the cost of decoding it again."""
    flat = _FLAT_PAYLOADS.get(text)
    if flat is not None:
        return dict(flat)
    decoded = json.loads(text)
    if not isinstance(decoded, dict):
        raise ValueError("payload is not an object")
    if (len(_FLAT_PAYLOADS) < _FLAT_PAYLOADS_MAX
            and all(isinstance(value, str) for value in decoded.values())):
        _FLAT_PAYLOADS[text] = dict(decoded)
    return decoded
