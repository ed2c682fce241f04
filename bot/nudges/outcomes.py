"""What one delivery attempt means for its nudge: sent, retried later, or dead.

Retry-After is never trusted blindly (`sane_retry_after` caps it); transient failures back off
exponentially with jitter from the injected random source, up to `max_attempts` failed sends
(claims handed back unsent or rate limits don't count).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bot.nudges.model import Delivery, DeliveryStatus, Nudge, NudgeStatus, sane_retry_after
from bot.nudges.policy import SchedulerPolicy
from bot.store.nudges import Outcome


def outcome_of(nudge: Nudge, delivery: Delivery, *, now: datetime, late: bool,
               policy: SchedulerPolicy, rng: random.Random) -> Outcome:
    """The outcome to record for `nudge` after the platform answered `delivery`."""
    if delivery.status is DeliveryStatus.SENT:
        return Outcome(nudge, NudgeStatus.SENT, late=late)
    if delivery.status is DeliveryStatus.RETRY_AFTER:
        wait = sane_retry_after(delivery.retry_after)
        return Outcome(nudge, NudgeStatus.PENDING, error=delivery.reason or "rate limited",
                       run_at=now + timedelta(seconds=wait))
    if delivery.status is DeliveryStatus.PERMANENT:
        return Outcome(nudge, NudgeStatus.DEAD, error=f"unreachable: {delivery.reason}",
                       unreachable=delivery.reason)
    failures = nudge.failures + 1
    if failures >= policy.max_attempts:
        return Outcome(nudge, NudgeStatus.DEAD,
                       error=f"gave up after {failures} attempts: {delivery.reason}")
    return Outcome(nudge, NudgeStatus.PENDING, error=delivery.reason, failed=True,
                   run_at=now + timedelta(seconds=backoff(failures, policy, rng)))


def backoff(failures: int, policy: SchedulerPolicy, rng: random.Random) -> float:
    """Seconds before another try after `failures` failed sends: jittered, capped."""
    doublings = min(max(0, failures - 1), 62)  # 2**62 times anything is past any cap
    ceiling = min(policy.backoff_cap, policy.backoff_base * 2.0 ** doublings)
    return rng.uniform(ceiling / 2, ceiling)
