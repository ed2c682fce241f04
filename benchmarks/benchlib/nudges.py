"""Shared set-up for the scheduler benchmarks: users, rejections and planned nudges.

Builds real users and rejections through the `Store`, plans nudges for them as `Scheduled`
values of every kind the composer knows, with their messages composed as the planner
composes them (so delivery runs the real fire path, which uses those), and
provides a messenger that sends nothing and an event-loop stall meter.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.models import Preferences, Rejection, RejectionInput, User, UserKey
from bot.nudges.composer import planned_message
from bot.nudges.model import Delivery, NudgeKind, OutgoingNudge
from bot.nudges.wording import wording
from bot.playbook import ActionKey
from bot.store import Store
from bot.store.nudge_plans import Scheduled

PLATFORM = "bench"
TIMEZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")

# Kinds that name a rejection, with the playbook action whose step they remind of; the
# check-in needs no rejection. A freshly logged rejection has none of these steps done, so
# every one of them composes a real message.
_ACTION_KINDS = (
    (NudgeKind.REACH_OUT, ActionKey.REACH_OUT),
    (NudgeKind.CHECK_REPLY, ActionKey.CHECK_REPLY),
    (NudgeKind.ANSWER_REPLY, ActionKey.REPLY),
    (NudgeKind.NO_REPLY, ActionKey.MOVE_ON),
    (NudgeKind.MOVE_ON, ActionKey.MOVE_ON),
    (NudgeKind.PAUSE_OVER, ActionKey.MOVE_ON),
    (NudgeKind.STAY_IN_TOUCH, ActionKey.STAY_IN_TOUCH),
)


@dataclass(frozen=True)
class Population:
    """The users of a benchmark, each with their rejections."""

    users: list[User]
    rejections: dict[int, list[Rejection]]


async def populate(store: Store, *, users: int, rejections_per_user: int,
                   now: datetime) -> Population:
    """Create users and their rejections through the store's ordinary API, a thousand users
    per transaction (a commit each would make 100,000 users take many minutes)."""
    made: list[User] = []
    by_user: dict[int, list[Rejection]] = {}
    for start in range(0, users, 1000):
        async with store.atomic():
            await _populate_slice(store, range(start, min(users, start + 1000)),
                                  rejections_per_user=rejections_per_user, now=now,
                                  made=made, by_user=by_user)
    return Population(made, by_user)


async def _populate_slice(store: Store, indexes: range, *, rejections_per_user: int,
                          now: datetime, made: list[User],
                          by_user: dict[int, list[Rejection]]) -> None:
    for index in indexes:
        user = await store.get_or_create_user(
            UserKey(PLATFORM, "W1", f"U{index}"), now=now,
            preferences=Preferences(timezone=TIMEZONES[index % len(TIMEZONES)]))
        made.append(user)
        by_user[user.id] = [
            await store.add_rejection(user.id, RejectionInput(
                company=f"Company{index}x{number}", role="Designer", interviewer="Jane Smith",
                rejected_on=(now - timedelta(days=20 + number)).date(),
                memory="the whiteboard session", compliment="the team"), now=now)
            for number in range(rejections_per_user)
        ]


async def load_population(store: Store, users: int) -> Population:
    """The first `users` users of a populated store (ids 1 to `users`) with their rejections,
    read back in slices (SQLite takes a limited number of parameters)."""
    made: list[User] = []
    by_user: dict[int, list[Rejection]] = {}
    for start in range(1, users + 1, 10_000):
        ids = range(start, min(users, start + 9_999) + 1)
        found = await store.users_by_ids(ids)
        made.extend(found[user_id] for user_id in ids)
        by_user.update((user_id, []) for user_id in ids)
        for rejection in (await store.rejections_by_ids(ids)).values():
            by_user[rejection.user_id].append(rejection)
    return Population(made, by_user)


def plan(population: Population, *, per_user: int, first_due: datetime, spread: timedelta,
         interleave: bool = True) -> dict[int, list[Scheduled]]:
    """`per_user` nudges for every user, due between `first_due` and `first_due + spread`.

    Kinds cycle through every action kind plus the monthly check-in; each action nudge names
    one of the user's rejections. Interleaved, consecutive due times go to different users
    (as when many users' local nudge hour comes at once), so a batch of due nudges spans as
    many users as it holds nudges; otherwise each user's nudges are due one after another.
    """
    total = len(population.users) * per_user
    step = spread / max(1, total - 1)
    plans: dict[int, list[Scheduled]] = {}
    for user_index, user in enumerate(population.users):
        rejections = population.rejections[user.id]
        wanted = []
        for number in range(per_user):
            slot = (number * len(population.users) + user_index if interleave
                    else user_index * per_user + number)
            due = first_due + step * slot
            cycle = number % (len(_ACTION_KINDS) + 1)
            if cycle == len(_ACTION_KINDS) or not rejections:
                wanted.append(Scheduled(key=f"bench:u{user.id}:{number}",
                                        kind=NudgeKind.CHECK_IN, rejection_id=None, due_at=due,
                                        timezone=user.preferences.timezone, payload={}))
                continue
            kind, action = _ACTION_KINDS[cycle]
            rejection = rejections[number % len(rejections)]
            payload = {"action": action.value}
            # Composed here as the planner composes what it plans (`bot.nudges.planner`).
            message = planned_message(kind, rejection, payload=payload, due_at=due,
                                      timezone=user.preferences.timezone)
            wanted.append(Scheduled(key=f"bench:u{user.id}:{number}", kind=kind,
                                    rejection_id=rejection.id, due_at=due,
                                    timezone=user.preferences.timezone, payload=payload,
                                    message=message, composed_from=rejection.revision,
                                    wording=wording()))
        plans[user.id] = wanted
    return plans


@dataclass
class NullMessenger:
    """A messenger that sends nothing and answers at once; remembers the keys it saw.

    It says it drops repeated sends (a repeat of nothing changes nothing), so the scheduler
    may group its outcomes per commit, as for Discord; `deduplicates=False` measures one
    commit per send, as for Slack.
    """

    platform: str = PLATFORM
    deduplicates: bool = True
    keys: set[str] = field(default_factory=set)
    calls: int = 0

    async def deliver(self, nudge: OutgoingNudge) -> Delivery:
        self.calls += 1
        self.keys.add(nudge.idempotency_key)
        return Delivery.sent()


class GcMeter:
    """Records the longest garbage-collection pass (any generation) while installed, in wall
    time and in CPU time of the collecting thread (on a shared machine, a pass can be
    descheduled midway: the CPU time is what the collection itself cost)."""

    def __init__(self) -> None:
        self.longest = self.longest_cpu = 0.0
        self._started = self._started_cpu = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started, self._started_cpu = time.perf_counter(), time.thread_time()
        else:
            self.longest = max(self.longest, time.perf_counter() - self._started)
            self.longest_cpu = max(self.longest_cpu, time.thread_time() - self._started_cpu)

    def start(self) -> None:
        """Start measuring (resets the longest pass)."""
        self.longest = self.longest_cpu = 0.0
        gc.callbacks.append(self._callback)

    def stop(self) -> float:
        """Stop measuring; returns the longest pass in seconds (wall time)."""
        gc.callbacks.remove(self._callback)
        return self.longest


class StallMeter:
    """A task that sleeps 1 ms in a loop and records the longest gap between wake-ups.

    A gap much longer than 1 ms means something held the event loop (blocking work), or that
    the machine ran other processes meanwhile; `longest_cpu`, the most CPU time the loop's
    thread spent between two wake-ups, counts only the first.
    """

    def __init__(self, interval: float = 0.001) -> None:
        self._interval = interval
        self.longest = self.longest_cpu = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last, last_cpu = time.perf_counter(), time.thread_time()
        while True:
            await asyncio.sleep(self._interval)
            now, now_cpu = time.perf_counter(), time.thread_time()
            self.longest = max(self.longest, now - last)
            self.longest_cpu = max(self.longest_cpu, now_cpu - last_cpu)
            last, last_cpu = now, now_cpu

    async def start(self) -> None:
        """Start measuring (resets the longest gap); returns once the ticker is running."""
        self.longest = self.longest_cpu = 0.0
        self._task = asyncio.get_running_loop().create_task(self._tick())
        await asyncio.sleep(0)  # let the ticker take its first time stamp before the work

    async def stop(self) -> float:
        """Stop measuring; returns the longest gap in seconds."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        return self.longest
