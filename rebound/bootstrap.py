"""The composition root: the one place that builds the core, for every entry point.

The terminal chat, the Slack and Discord apps, `rebound run`, the benchmarks and the tests'
harnesses all get their store from `open_store` and their coach and scheduler from
`bootstrap`, so the core is wired one way everywhere (cosmicpython's `bootstrap.py` is the
model). The wake signal is made first and handed to both sides: the coach sets it when a
message changed someone's nudges, the scheduler waits on it. Nothing is set on an object after
it is built.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.coach import Coach
from bot.drafts import DraftRenderer
from bot.errors import DatabaseUnavailable, ReboundError, UserError
from bot.models import Preferences, User, UserKey
from bot.nudges.model import Messenger
from bot.nudges.scheduler import Scheduler, SchedulerPolicy
from bot.observe import NO_OBSERVER, Observer
from bot.parse import parse_timezone
from bot.store import Store
from bot.store.backends import Target
from bot.store.db import BUSY_TIMEOUT_MS


@dataclass(frozen=True)
class Core:
    """The core as one entry point uses it: answering users, and sending their nudges."""

    store: Store
    clock: Clock
    coach: Coach
    scheduler: Scheduler


def bootstrap(*, store: Store, clock: Clock | None = None,
              messengers: Sequence[Messenger] = (),
              bind: Callable[[Coach], Sequence[Messenger]] | None = None,
              policy: SchedulerPolicy | None = None, observer: Observer = NO_OBSERVER,
              default_timezone: str | None = None,
              on_user_changed: Callable[[UserKey], None] | None = None,
              only_user: int | None = None, owner: str | None = None,
              rng: random.Random | None = None,
              drafts: DraftRenderer | None = None,
              wake: asyncio.Event | None = None) -> Core:
    """Build the coach and the scheduler over `store`.

    `messengers` are the outbound ports the scheduler delivers through (one per platform);
    `bind` gives the coach to platform apps that answer users with it and returns their
    ports (Slack and Discord);
    `on_user_changed` hears of each user whose data a message changed (Slack refreshes their
    App Home); `only_user` limits the scheduler to one user (the terminal chat's); `owner`
    names the scheduler's leases (tests run two "processes" side by side); `wake` is the
    signal between the two (a test passes one that counts)."""
    clock = clock or SystemClock()
    wake = wake or asyncio.Event()
    coach = Coach(store=store, clock=clock, drafts=drafts or DraftRenderer(),
                  on_nudges_changed=wake.set, on_user_changed=on_user_changed,
                  default_timezone=default_timezone, observer=observer, rng=rng)
    ports = [*messengers, *(bind(coach) if bind is not None else ())]
    scheduler = Scheduler(store=store, clock=clock, messengers=ports, policy=policy,
                          rng=rng, owner=owner, only_user=only_user, observer=observer,
                          wake=wake)
    return Core(store=store, clock=clock, coach=coach, scheduler=scheduler)


async def console_user(store: Store, key: UserKey, *, clock: Clock,
                       timezone: str | None) -> User:
    """The terminal's user, created in `timezone` (if it is a real zone) on the first run: the
    chat's scheduler serves that user only, so it must exist before the core is built."""
    preferences = None
    if timezone:
        try:
            preferences = Preferences(timezone=parse_timezone(timezone))
        except UserError:
            preferences = None
    return await store.get_or_create_user(key, now=clock.now(), preferences=preferences)


async def open_store(path: Target, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
    """Open (creating and migrating) the database, a SQLite file or a PostgreSQL URL, or
    explain in one line why not."""
    try:
        return await Store.open(path, busy_timeout_ms=busy_timeout_ms)
    except (OSError, sqlite3.Error, ReboundError) as exc:
        cause = exc if isinstance(exc, OSError | sqlite3.Error) else exc.__cause__
        if not isinstance(cause, OSError | sqlite3.Error):
            raise DatabaseUnavailable(str(exc)) from exc  # e.g. written by a newer Rebound
        reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(cause)
        raise DatabaseUnavailable(
            f"can't open the database at {path}: {reason}. Choose another file with --db PATH "
            "or the REBOUND_DB variable, or make this one writable.") from exc
