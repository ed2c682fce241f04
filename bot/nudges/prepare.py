"""Turning claimed nudges into messages: their users and rejections, loaded per claim, and
the composed message, or the outcome when there is nothing (yet) to send."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.format import day
from bot.models import Rejection, User
from bot.nudges.composer import compose, title
from bot.nudges.model import Nudge, NudgeKind, NudgeStatus, OutgoingNudge
from bot.nudges.policy import SchedulerPolicy
from bot.nudges.timing import quiet_until
from bot.store import Store
from bot.store.nudges import Outcome

LOAD_SLICE = 100
"""Users (and rejections) read per query: decoding 500 in one go held the event loop ~10 ms."""


class Preparer:
    """Composes the nudges of one claim from their users and rejections, read per claim.

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
        """Read what `nudges` need, in slices of `LOAD_SLICE`."""
        user_ids = sorted({n.user_id for n in nudges})
        ids = {n.rejection_id for n in nudges if n.rejection_id is not None}
        ids |= {item["rejection_id"] for n in nudges for item in _missed_items(n)
                if isinstance(item, dict) and isinstance(item.get("rejection_id"), int)}
        rejection_ids = sorted(ids)
        self._users, self._rejections = {}, {}
        for start in range(0, len(user_ids), LOAD_SLICE):
            self._users.update(await self._store.users_by_ids(
                user_ids[start:start + LOAD_SLICE]))
        for start in range(0, len(rejection_ids), LOAD_SLICE):
            self._rejections.update(await self._store.rejections_by_ids(
                rejection_ids[start:start + LOAD_SLICE]))

    def user(self, nudge: Nudge) -> User | None:
        """The nudge's user, if they still exist."""
        return self._users.get(nudge.user_id)

    async def outgoing(self, nudge: Nudge, user: User) -> OutgoingNudge | Outcome:
        """The message to send, or the outcome when it no longer applies (or must wait)."""
        next_up = await self._next_up(user) if nudge.kind is NudgeKind.MISSED else None
        return self.compose(nudge, user, next_up=next_up)

    def compose(self, nudge: Nudge, user: User, *,
                next_up: str | None = None) -> OutgoingNudge | Outcome:
        """`outgoing` without a read: every kind but the missed-reminders summary (whose
        "next up" line is read first) composes from what `load` read."""
        now = self._clock.now()
        composed = compose(nudge, user=user,
                           rejection=self._rejections.get(nudge.rejection_id or -1),
                           rejections=self._rejections, next_up=next_up,
                           lateness=self._policy.lateness_limit)
        if composed.reply is None:
            return Outcome(nudge, NudgeStatus.CANCELLED, error=composed.reason)
        late = now - nudge.due_at > self._policy.late_after
        if late and self._policy.late_waits_for_quiet_hours:
            wake = quiet_until(now, user.preferences)
            if wake is not None:
                return Outcome(nudge, NudgeStatus.PENDING, run_at=wake,
                               error="late; waiting for the user's quiet hours to end")
        return OutgoingNudge(user=user.key, idempotency_key=nudge.key,
                             due_local=nudge.due_at.astimezone(ZoneInfo(nudge.timezone)),
                             late=late, title=composed.title, reply=composed.reply)

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


def _missed_items(nudge: Nudge) -> list[Any]:
    """The items of a missed-reminders summary; anything but a list counts as none."""
    items = nudge.payload.get("missed", [])
    return items if isinstance(items, list) else []
