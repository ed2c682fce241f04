"""The send-rate budget: slots one interval apart after a burst, pauses, a restarted clock
forgotten, one budget shared by limiters (processes) through the database, and monotonic
time only."""

from __future__ import annotations

import itertools
import math
from datetime import timedelta

import pytest
from nudge_support import MONDAY

from bot.clock import FakeClock
from bot.nudges.budget import Budget, grant, pause, sane
from bot.nudges.model import (
    DEFAULT_RETRY_AFTER,
    MAX_RETRY_AFTER,
    Delivery,
    DeliveryStatus,
    sane_retry_after,
)
from bot.nudges.ratelimit import RateLimiter
from bot.store import Store
from bot.store.send_budget import SendBudgets

RATE = 10.0  # sends per second: slots 0.1 s apart


def test_a_new_budget_gives_the_burst_at_once_then_one_slot_per_interval() -> None:
    budget, first = grant(Budget(), now=100.0, rate=RATE, burst=5, want=8)
    assert first.slots == pytest.approx([99.6, 99.7, 99.8, 99.9, 100.0, 100.1, 100.2, 100.3])
    assert [s <= 100.0 for s in first.slots].count(True) == 5
    _, second = grant(budget, now=100.0, rate=RATE, burst=5, want=2)
    assert second.slots == pytest.approx([100.4, 100.5])  # after the first request's slots


def test_a_pause_holds_every_slot_back_until_it_ends() -> None:
    budget = pause(Budget(), now=50.0, seconds=7)
    budget, during = grant(budget, now=56.0, rate=RATE, burst=5, want=3)
    assert (during.slots, during.paused_until) == ((), 57.0)
    _, after = grant(budget, now=57.0, rate=RATE, burst=5, want=2)
    assert after.slots == pytest.approx([57.0, 57.1])  # from the pause's end: no burst


@pytest.mark.parametrize("seconds", [1e12, math.inf])
def test_a_pause_is_capped(seconds: float) -> None:
    assert pause(Budget(), now=0.0, seconds=seconds).paused_until == MAX_RETRY_AFTER


def test_a_budget_from_a_restarted_clock_is_forgotten() -> None:
    # Written before a reboot (the monotonic clock started again from zero) or on another
    # machine: a slot an hour ahead and a pause a day ahead are nothing this code writes.
    stale = Budget(next_slot=3_600.0, paused_until=86_400.0)
    assert sane(stale, now=5.0, interval=0.1) == Budget()
    _, fresh = grant(stale, now=5.0, rate=RATE, burst=1, want=1)
    assert fresh.slots == (5.0,)
    kept = Budget(next_slot=20.0, paused_until=300.0)  # a real pause and the slots after it
    assert sane(kept, now=5.0, interval=0.1) == kept


@pytest.mark.parametrize(("raw", "seconds"), [
    (7, 7.0), (0.2, 1.0), ("12", 12.0), (1e12, MAX_RETRY_AFTER), (3600, MAX_RETRY_AFTER),
    (math.inf, DEFAULT_RETRY_AFTER), (math.nan, DEFAULT_RETRY_AFTER), (-5, DEFAULT_RETRY_AFTER),
    ("abc", DEFAULT_RETRY_AFTER), ("", DEFAULT_RETRY_AFTER), (None, DEFAULT_RETRY_AFTER),
    (True, DEFAULT_RETRY_AFTER), ("inf", DEFAULT_RETRY_AFTER),
])
def test_retry_after_is_made_sane(raw: object, seconds: float) -> None:
    assert sane_retry_after(raw) == seconds


def test_a_messenger_cannot_hand_the_scheduler_a_nonsense_retry_after() -> None:
    assert Delivery.retry(1e12) == Delivery(DeliveryStatus.RETRY_AFTER, MAX_RETRY_AFTER,
                                            "rate limited")
    assert Delivery.retry("abc").retry_after == DEFAULT_RETRY_AFTER


async def test_two_limiters_on_one_database_share_one_rate(store: Store) -> None:
    clock = FakeClock(MONDAY)
    clock.advance(timedelta(seconds=1000))  # a monotonic clock that has run a while
    one = RateLimiter(clock, {"slack": RATE}, budgets=SendBudgets(store.database), burst=1)
    two = RateLimiter(clock, {"slack": RATE}, budgets=SendBudgets(store.database), burst=1)
    moments = []
    for _ in range(10):
        for limiter in (one, two):
            slot = await limiter.reserve("slack", want=50)
            assert slot.held
            moments.append(clock.monotonic() + slot.wait)
    moments.sort()
    assert len(set(moments)) == 20  # no slot handed out twice
    gaps = [b - a for a, b in itertools.pairwise(moments)]
    assert min(gaps) == pytest.approx(1 / RATE)  # together: RATE a second, not twice that


async def test_a_lone_limiter_reserves_several_slots_per_database_visit(store: Store) -> None:
    clock = FakeClock(MONDAY)
    limiter = RateLimiter(clock, {"slack": RATE}, budgets=SendBudgets(store.database))
    writes: list[str] = []
    await store.database.add_statement_listener(writes.append)
    for _ in range(30):
        slot = await limiter.reserve("slack", want=100)
        clock.advance(timedelta(seconds=slot.wait))
    store.database.remove_statement_listener(writes.append)
    visits = sum(sql.startswith("INSERT INTO send_budget") for sql in writes)
    assert visits == 6  # half a second's worth (5 slots) per visit
    assert clock.monotonic() == pytest.approx(2.5)  # 30 sends: 5 at once, then 10 a second


async def test_a_pause_reaches_the_other_limiters_through_the_database(store: Store) -> None:
    clock = FakeClock(MONDAY)
    here = RateLimiter(clock, {"slack": RATE}, budgets=SendBudgets(store.database))
    there = RateLimiter(clock, {"slack": RATE}, budgets=SendBudgets(store.database))
    await here.pause("slack", 30.0)
    assert here.pause_left("slack") == 30.0
    slot = await there.reserve("slack")
    assert (slot.wait, slot.held) == (30.0, False)
    clock.advance(timedelta(seconds=30))
    assert (await there.reserve("slack")).held


async def test_pauses_and_slots_ignore_a_wall_clock_set_back(store: Store) -> None:
    clock = FakeClock(MONDAY)
    limiter = RateLimiter(clock, {"slack": RATE}, budgets=SendBudgets(store.database))
    await limiter.pause("slack", 7.0)
    clock.jump(timedelta(hours=-1))  # the wall clock is corrected backwards
    assert limiter.pause_left("slack") == 7.0
    clock.advance(timedelta(seconds=7))
    slot = await limiter.reserve("slack")
    assert slot.held and slot.wait == 0.0


async def test_a_platform_without_a_rate_is_only_held_by_a_retry_after(store: Store) -> None:
    clock = FakeClock(MONDAY)
    limiter = RateLimiter(clock, {}, budgets=SendBudgets(store.database))
    assert await limiter.reserve("terminal") == await limiter.reserve("terminal")
    await limiter.pause("terminal", 1e12)
    assert limiter.pause_left("terminal") == MAX_RETRY_AFTER


def test_a_rate_must_be_a_positive_number() -> None:
    for rate in (0.0, -1.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="must be positive"):
            RateLimiter(FakeClock(MONDAY), {"slack": rate})
