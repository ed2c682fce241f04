"""Turning claimed nudges into messages, or into the outcome when there is nothing (yet) to
send.

Most nudges need nothing read: the claim brought their recipient, whether they take check-ins,
and the message composed when they were planned, if nothing it was composed from changed since
(`bot.store.nudge_rows`). The rest (a summary of missed reminders, a message composed before
its rejection changed, a raw row, a late nudge that may have to wait for the user's quiet
hours) are composed here from their users and rejections, read per claim.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.format import day
from bot.models import Rejection, User
from bot.nudges.composer import Composed, check_in, compose, step_action, step_reply, title
from bot.nudges.model import Nudge, NudgeKind, NudgeStatus, OutgoingNudge
from bot.nudges.policy import SchedulerPolicy
from bot.nudges.timing import quiet_until
from bot.store import Store
from bot.store.nudges import Outcome

log = logging.getLogger(__name__)

LOAD_SLICE = 100
"""Users (and rejections) read per query: decoding 500 in one go held the event loop ~10 ms."""


class Preparer:
    """Composes the nudges of one claim, reading users and rejections only for those that
    need them.

    Nothing is kept from one claim to the next: a pass over 100,000 distinct users once kept
    them all, and garbage-collecting a million live objects stalled the loop ~0.1 s. Reading
    per claim also means a user's changed preferences (check-ins off, a new zone) apply to
    the rest of a backlog.
    """

    def __init__(self, store: Store, clock: Clock, policy: SchedulerPolicy) -> None:
        self._store = store
        self._clock = clock
        self._policy = policy
        self._users: dict[int, User] = {}
        self._rejections: dict[int, Rejection] = {}

    async def load(self, nudges: Sequence[Nudge]) -> None:
        """Read what the nudges composed here need, in slices of `LOAD_SLICE`."""
        now = self._clock.now()
        await self._read([n for n in nudges if not self._claim_brought_all(n, now=now)])

    async def _read(self, nudges: Sequence[Nudge]) -> None:
        user_ids = sorted({n.user_id for n in nudges} - self._users.keys())
        ids = {n.rejection_id for n in nudges if n.rejection_id is not None}
        ids |= {item["rejection_id"] for n in nudges for item in _missed_items(n)
                if isinstance(item, dict) and isinstance(item.get("rejection_id"), int)}
        rejection_ids = sorted(ids - self._rejections.keys())
        for start in range(0, len(user_ids), LOAD_SLICE):
            self._users.update(await self._store.users_by_ids(
                user_ids[start:start + LOAD_SLICE]))
        for start in range(0, len(rejection_ids), LOAD_SLICE):
            self._rejections.update(await self._store.rejections_by_ids(
                rejection_ids[start:start + LOAD_SLICE]))

    def _late(self, nudge: Nudge, now: datetime) -> bool:
        return now - nudge.due_at > self._policy.late_after

    def _claim_brought_all(self, nudge: Nudge, *, now: datetime) -> bool:
        """Whether the claim brought all that composing `nudge` needs."""
        if nudge.recipient is None or nudge.kind is NudgeKind.MISSED:
            return False
        if self._policy.late_waits_for_quiet_hours and self._late(nudge, now):
            return False  # the user's quiet hours decide
        return nudge.kind is NudgeKind.CHECK_IN or nudge.message is not None

    def ready(self, nudge: Nudge) -> OutgoingNudge | Outcome | None:
        """`outgoing` for a nudge the claim brought all it needs for (without a coroutine,
        for thousands of them); None for one that needs `outgoing`."""
        now = self._clock.now()
        if not self._claim_brought_all(nudge, now=now):
            return None
        try:
            return self._stored(nudge, now=now)
        except Exception as exc:
            return _corrupt(nudge, exc)

    async def outgoing(self, nudge: Nudge) -> OutgoingNudge | Outcome:
        """The message to send, or the outcome when it no longer applies (or must wait).

        A nudge that can't be composed (a payload or zone the code can't use) is marked
        dead: one unreadable row must not fail the whole claim, which would strand every
        nudge claimed with it, again and again."""
        ready = self.ready(nudge)
        if ready is not None:
            return ready
        now = self._clock.now()
        if nudge.user_id not in self._users:
            await self._read([nudge])  # it fell late while its claim was worked through
        user = self._users.get(nudge.user_id)
        if user is None:
            return Outcome(nudge, NudgeStatus.PENDING, run_at=now + timedelta(hours=1),
                           error="user gone")
        try:
            next_up = await self._next_up(user) if nudge.kind is NudgeKind.MISSED else None
            composed = compose(nudge, user=user,
                               rejection=self._rejections.get(nudge.rejection_id or -1),
                               rejections=self._rejections, next_up=next_up,
                               lateness=self._policy.lateness_limit)
            if self._policy.late_waits_for_quiet_hours and self._late(nudge, now):
                wake = quiet_until(now, user.preferences)
                if wake is not None and composed.reply is not None:
                    return Outcome(nudge, NudgeStatus.PENDING, run_at=wake,
                                   error="late; waiting for the user's quiet hours to end")
            return self._message(nudge, composed, now=now, user=user)
        except Exception as exc:
            return _corrupt(nudge, exc)

    def _stored(self, nudge: Nudge, *, now: datetime) -> OutgoingNudge | Outcome:
        """What the claim brought: the check-in, or the message composed when planned."""
        if nudge.kind is NudgeKind.CHECK_IN:
            return self._message(nudge, check_in(enabled=nudge.checkins), now=now)
        assert nudge.message is not None and nudge.rejection_id is not None
        assert nudge.recipient is not None
        heading, text = nudge.message
        return OutgoingNudge(user=nudge.recipient, idempotency_key=nudge.key,
                             due_local=nudge.due_at.astimezone(ZoneInfo(nudge.timezone)),
                             late=self._late(nudge, now), title=heading,
                             reply=step_reply(text, action=step_action(nudge.payload),
                                              rejection_id=nudge.rejection_id))

    def _message(self, nudge: Nudge, composed: Composed, *, now: datetime,
                 user: User | None = None) -> OutgoingNudge | Outcome:
        if composed.reply is None:
            return Outcome(nudge, NudgeStatus.CANCELLED, error=composed.reason)
        recipient = user.key if user is not None else nudge.recipient
        assert recipient is not None
        return OutgoingNudge(user=recipient, idempotency_key=nudge.key,
                             due_local=nudge.due_at.astimezone(ZoneInfo(nudge.timezone)),
                             late=self._late(nudge, now), title=composed.title,
                             reply=composed.reply)

    async def _next_up(self, user: User) -> str | None:
        upcoming = [n for n in await self._store.nudges.pending_for_user(user.id, limit=3)
                    if n.kind is not NudgeKind.MISSED]
        if not upcoming:
            return None
        first = upcoming[0]
        rejection = (await self._store.rejections_by_ids([first.rejection_id])).get(
            first.rejection_id) if first.rejection_id else None
        local: datetime = first.due_at.astimezone(ZoneInfo(user.preferences.timezone))
        return f"{title(first.kind, rejection)}, {day(local.date())} at {local:%H:%M}"


def _corrupt(nudge: Nudge, exc: Exception) -> Outcome:
    log.exception("nudge %s can't be composed and is marked dead", nudge.id)
    return Outcome(nudge, NudgeStatus.DEAD,
                   error=f"corrupt nudge: {type(exc).__name__}: {exc}"[:300])


def _missed_items(nudge: Nudge) -> list[Any]:
    """The items of a missed-reminders summary; anything but a list counts as none."""
    items = nudge.payload.get("missed", [])
    return items if isinstance(items, list) else []
