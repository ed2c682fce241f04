"""Nudges too late to send: expired, each user told once in a `missed` summary nudge.

Runs inside a claim's transaction, so a summary and the rows it covers change together.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime
from typing import Any

from bot.nudges.model import NudgeKind
from bot.store.codec import json_text, utc_text
from bot.store.dialect import Dialect
from bot.store.port import Row, Transaction

log = logging.getLogger(__name__)


async def expire_overdue(tx: Transaction, *, served: str, params: tuple[Any, ...],
                         before: datetime, now: datetime, dialect: Dialect) -> Counter[str]:
    """Too-late nudges become expired; each user gets one `missed` summary for them.

    Returns how many were expired per platform.
    """
    rows = await tx.fetchall(
        "UPDATE nudges SET status = 'expired', updated_at = ?, lease_owner = NULL"
        # By due date: after downtime almost every pending row has run_at < now, so the
        # run_at index would walk them all on every claim; few are a week overdue.
        f" WHERE id IN (SELECT n.id FROM nudges AS n{dialect.indexed_by('nudges_pending_due')}"
        "  CROSS JOIN users AS u"
        "  WHERE u.id = n.user_id AND n.status = 'pending' AND n.run_at < ?"
        f"  AND n.due_at < ? AND {served}{dialect.skip_locked('n')})"
        " RETURNING id, user_id, rejection_id, kind, due_at, timezone,"
        " (SELECT platform FROM users WHERE users.id = nudges.user_id) AS platform",
        (utc_text(now), utc_text(before), utc_text(before), *params),
    )
    by_user: dict[int, list[Row]] = {}
    for row in rows:
        by_user.setdefault(row["user_id"], []).append(row)
    for user_id, expired in sorted(by_user.items()):
        expired.sort(key=lambda r: (r["due_at"], r["id"]))
        missed = [{"kind": r["kind"], "rejection_id": r["rejection_id"],
                   "due_at": r["due_at"]} for r in expired]
        stamp = utc_text(now)
        await tx.execute(
            "INSERT INTO nudges (idempotency_key, user_id, kind, due_at, timezone, run_at,"
            " payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (idempotency_key) DO NOTHING",
            (f"u{user_id}:missed:{expired[-1]['id']}", user_id, NudgeKind.MISSED.value,
             stamp, expired[-1]["timezone"], stamp, json_text({"missed": missed}), stamp,
             stamp),
        )
    if rows:
        log.info("expired %d nudges that were too late, for %d users", len(rows),
                 len(by_user))
    return Counter(row["platform"] for row in rows)
