"""The durable record of one claim's outcomes, and the lease that keeps the claim.

Every outcome is written fenced by the lease (owner and attempts). A send to a platform that
can't drop a repeat is committed before the next send starts, so a crash repeats at most the
send in flight; sends to one that can (`Messenger.deduplicates`) share a commit with the other
sends of a short window. Outcomes that sent nothing (cancelled, waiting for quiet hours, handed
back) ride along with the next commit: losing them in a crash only redoes them.

The lease is renewed in those commits (at most once a second), and before a send if none came
meanwhile, so every send starts with nearly a whole lease ahead of it and a live owner keeps its
claims however long it works through them; a crashed owner's claims come back one lease after
its last commit. A renewal that finds a claim gone (its lease ran out and another worker took
it) drops it, unsent. Only a single send that hangs for longer than a lease can be repeated by
another worker while it is in flight; its late outcome is then refused by the fence.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from bot.clock import Clock
from bot.nudges.model import Nudge, NudgeStatus
from bot.store import Store
from bot.store.nudges import Outcome

log = logging.getLogger(__name__)

GROUP_MAX = 500
"""The most outcomes one commit holds when sends may be grouped."""
RENEW_AFTER = 1.0
"""Seconds after a renewal before the next commit renews again (at most half the lease)."""


class Ledger:
    """Records the outcomes of one claim and keeps its lease, for one scheduler."""

    def __init__(self, store: Store, clock: Clock, *, owner: str, claim: Sequence[Nudge],
                 lease: timedelta, group_window: float) -> None:
        self._store = store
        self._clock = clock
        self._owner = owner
        self._lease = lease
        self._group_window = group_window
        self._open = {nudge.id: nudge for nudge in claim}
        self._buffer: list[Outcome] = []
        self._grouped_since: float | None = None
        self._renew_every = min(RENEW_AFTER, lease.total_seconds() / 2)
        self._renew_at = clock.monotonic() + self._renew_every
        self.stopping = False
        """Set by the scheduler on stop: a database that stays locked is then given up on."""

    def holds(self, nudge: Nudge) -> bool:
        """Whether `nudge` is still ours to send (not lost to an expired lease)."""
        return nudge.id in self._open

    def note(self, outcome: Outcome) -> None:
        """An outcome that sent nothing: it goes with the next commit."""
        self._open.pop(outcome.nudge.id, None)
        self._buffer.append(outcome)

    async def sent(self, outcome: Outcome, *, deduplicates: bool) -> None:
        """The outcome of a send: committed now, unless the platform drops repeats and the
        current group is still young and small."""
        self.note(outcome)
        if not deduplicates:
            await self.flush()
            return
        now = self._clock.monotonic()
        if self._grouped_since is None:
            self._grouped_since = now
        if now - self._grouped_since >= self._group_window or len(self._buffer) >= GROUP_MAX:
            await self.flush()

    async def before_wait(self, seconds: float) -> None:
        """About to wait `seconds` (a rate limit): commit first, unless only grouped sends
        are buffered and their window outlasts the wait."""
        if (self._grouped_since is None
                or self._clock.monotonic() + seconds - self._grouped_since >= self._group_window):
            await self.flush()

    async def hand_back(self, nudges: Sequence[Nudge], reason: str) -> None:
        """Return unsent claims at once (due now), so any worker can send them."""
        now = self._clock.now()
        for nudge in nudges:
            if nudge.id in self._open:
                self.note(Outcome(nudge, NudgeStatus.PENDING, run_at=now, error=reason))
        await self.flush()

    @property
    def renewal_due(self) -> bool:
        """Whether `keep` has a lease to renew (without a coroutine, for a scheduler asking
        before each of thousands of sends)."""
        return self._clock.monotonic() >= self._renew_at

    async def keep(self) -> None:
        """Before a send: renew the lease unless that happened within the last second."""
        if self.renewal_due:
            await self.flush(renew=True)

    async def flush(self, *, renew: bool = False) -> None:
        """Commit what is buffered, renewing the lease when due; a locked database is retried,
        so an outcome is never dropped."""
        renew = (renew or self._clock.monotonic() >= self._renew_at) and bool(self._open)
        if not self._buffer and not renew:
            return
        outcomes, self._buffer, self._grouped_since = self._buffer, [], None
        delay = 0.5
        while True:
            started = self._clock.monotonic()
            try:
                recorded = await self._commit(outcomes, renew=renew)
                break
            except Exception as exc:  # sqlite3.OperationalError: database is locked, ...
                if self.stopping and delay > 4:
                    raise
                log.warning("could not record %d nudge outcomes (%s); retrying in %.1fs",
                            len(outcomes), type(exc).__name__, delay)
                await self._clock.sleep(delay)
                delay = min(delay * 2, 30.0)
        if renew:
            self._renew_at = started + self._renew_every
        if recorded < len(outcomes):
            log.info("%d of %d nudge outcomes were refused: cancelled or reclaimed meanwhile",
                     len(outcomes) - recorded, len(outcomes))

    async def _commit(self, outcomes: list[Outcome], *, renew: bool) -> int:
        """One transaction: unreachable users marked (before their held nudges go back as
        due, so none is claimed again before the mark keeps it back), outcomes recorded, the
        lease renewed."""
        queue = self._store.nudges
        recorded, held = 0, None
        async with self._store.atomic():
            for outcome in outcomes:
                if outcome.unreachable is not None:
                    await self._store.set_unreachable(outcome.nudge.user_id,
                                                      outcome.unreachable)
            if outcomes:
                recorded = await queue.record(outcomes, owner=self._owner,
                                              now=self._clock.now())
            if renew:
                held = await queue.renew(list(self._open.values()), owner=self._owner,
                                         now=self._clock.now(), lease=self._lease)
        if held is not None and len(held) < len(self._open):
            log.warning("%d claimed nudges were lost to an expired lease",
                        len(self._open) - len(held))
            self._open = {key: nudge for key, nudge in self._open.items() if key in held}
        return recorded
