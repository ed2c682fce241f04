"""The scheduler's knobs, in one frozen value; the defaults suit a chat bot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class SchedulerPolicy:
    """How the scheduler claims, paces, retries and gives up; see `bot.nudges.scheduler`."""

    max_sleep: float = 30.0
    """The longest idle sleep, so a corrected wall clock heals within it."""
    lease: timedelta = timedelta(seconds=20)
    """How long a claim holds without being renewed: what a crashed owner's claims wait."""
    batch_size: int = 500
    """The most nudges one claim takes (all of them for a platform without a rate)."""
    slice_seconds: float = 1.0
    """A claim for rate-limited platforms takes this many seconds of sends at the lowest rate,
    so processes sharing a database take turns instead of one hoarding the due work."""
    max_hold: float = 10.0
    """A rate-limit wait longer than this hands the nudge back (due when the wait ends)
    rather than holding it, and the rest of its claim, through the wait."""
    group_window: float = 0.05
    """For a platform that drops repeated sends: outcomes of sends made within this many
    seconds share one commit. Other platforms get one commit per send."""
    lateness_limit: timedelta = timedelta(days=7)
    late_after: timedelta = timedelta(minutes=15)
    max_attempts: int = 6
    backoff_base: float = 30.0
    backoff_cap: float = 3600.0
    rates: Mapping[str, float] = field(default_factory=dict)
    """Sends per second per platform, shared by every process on the database."""
    late_waits_for_quiet_hours: bool = True
    """A nudge that is already late (the bot was down) still waits until the user's quiet
    hours end. The terminal turns this off: there the user is present when it starts."""

    def __post_init__(self) -> None:
        if self.lease <= timedelta(0) or self.batch_size < 1 or self.slice_seconds <= 0:
            raise ValueError("the lease, the batch size and the slice must be positive")
