"""Which nudges a rejection gets at each stage, driven through the real coach and store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nudge_support import (
    LOG_ACME,
    MONDAY,
    SAM,
    Changes,
    RecordingMessenger,
    by_key,
    days,
    make_coach,
    nudge_rows,
    open_store,
    pending,
    say,
)

from bot.clock import FakeClock
from bot.coach import Coach
from bot.nudges.planner import sync_user
from bot.replies import Reply
from bot.store import Store
from rebound.bootstrap import bootstrap


class Bot:
    """The coach, its store and clock, and what the test reads back."""

    def __init__(self, store: Store, clock: FakeClock) -> None:
        self.store = store
        self.clock = clock
        self.changes = Changes()
        self.coach: Coach = make_coach(store, clock, self.changes)

    async def say(self, text: str, timezone: str = "UTC") -> Reply:
        return await say(self.coach, text, timezone=timezone)

    async def user_id(self) -> int:
        user = await self.store.get_user(SAM)
        assert user is not None
        return user.id

    async def rejection_id(self, company: str = "Acme") -> int:
        rejections = await self.store.list_rejections(await self.user_id())
        return next(r.id for r in rejections if r.company == company)

    async def pending(self) -> dict[str, str]:
        """The plan from now on: pending nudges not yet due (overdue ones are the scheduler's)."""
        return await pending(self.store, await self.user_id(), after=self.clock.now())

    async def due(self, key: str) -> datetime:
        row = (await by_key(self.store))[key]
        return datetime.fromisoformat(row["due_at"])

    async def status(self, key: str) -> str:
        return str((await by_key(self.store))[key]["status"])


@pytest.fixture
async def bot(db_target: Path | str) -> AsyncIterator[Bot]:
    store = await open_store(db_target)
    try:
        yield Bot(store, FakeClock(MONDAY))
    finally:
        await store.close()


def at(month: int, day: int, hour: int = 9, minute: int = 30) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


CHECK_INS = {"2026-04": at(4, 2), "2026-05": at(5, 4), "2026-06": at(6, 2),
             "2026-07": at(7, 2), "2026-08": at(8, 3)}  # weekend days move to Monday


async def test_a_new_rejection_gets_its_reach_out_on_day_14_and_monthly_check_ins(
        bot: Bot) -> None:
    await bot.say(LOG_ACME)
    r, u = await bot.rejection_id(), await bot.user_id()
    assert await bot.pending() == {
        f"r{r}:reach-out:2026-03-16": "reach-out",
        **{f"u{u}:checkin:{month}": "check-in" for month in CHECK_INS}}
    assert await bot.due(f"r{r}:reach-out:2026-03-16") == at(3, 16)
    for month, when in CHECK_INS.items():
        assert await bot.due(f"u{u}:checkin:{month}") == when
    assert bot.changes.count == 1


async def test_after_sent_check_reply_no_reply_and_stay_in_touch(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    r = await bot.rejection_id()
    bot.clock.advance(days(14))
    await bot.say("sent")
    plan = {k: v for k, v in (await bot.pending()).items() if k.startswith("r")}
    assert plan == {f"r{r}:check-reply:2026-03-23": "check-reply",
                    f"r{r}:move-on:2026-03-30": "no-reply",
                    f"r{r}:stay-in-touch:2026-09-02": "stay-in-touch"}
    assert await bot.due(f"r{r}:check-reply:2026-03-23") == at(3, 23)
    assert await bot.due(f"r{r}:move-on:2026-03-30") == at(3, 30)
    assert await bot.due(f"r{r}:stay-in-touch:2026-09-02") == at(9, 2)
    # Overdue when `sent` arrived: left to the scheduler, which drops it at delivery.
    assert await bot.status(f"r{r}:reach-out:2026-03-16") == "pending"


async def test_brief_reply_waits_three_weeks_then_pause_over(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    r = await bot.rejection_id()
    bot.clock.advance(days(14))
    await bot.say("sent")
    bot.clock.advance(days(7))
    await bot.say("replied brief")
    plan = {k: v for k, v in (await bot.pending()).items() if k.startswith("r")}
    assert plan == {f"r{r}:move-on:2026-04-13": "pause-over",
                    f"r{r}:stay-in-touch:2026-09-02": "stay-in-touch"}
    assert await bot.due(f"r{r}:move-on:2026-04-13") == at(4, 13)
    assert await bot.status(f"r{r}:check-reply:2026-03-23") == "pending"  # overdue: see above
    assert await bot.status(f"r{r}:move-on:2026-03-30") == "cancelled"


async def test_conversation_then_answer_then_move_on(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    r = await bot.rejection_id()
    bot.clock.advance(days(14))
    await bot.say("sent")
    stay = f"r{r}:stay-in-touch:2026-09-02"
    stay_id = (await by_key(bot.store))[stay]["id"]
    bot.clock.advance(days(7))
    await bot.say("replied conversation")
    plan = {k: v for k, v in (await bot.pending()).items() if k.startswith("r")}
    # The reply is due today, but 09:30 has passed: tomorrow morning.
    assert plan == {f"r{r}:reply:2026-03-23": "answer-reply", stay: "stay-in-touch"}
    assert await bot.due(f"r{r}:reply:2026-03-23") == at(3, 24)
    bot.clock.advance(days(1))
    await bot.say("sent")
    plan = {k: v for k, v in (await bot.pending()).items() if k.startswith("r")}
    assert plan == {f"r{r}:move-on:2026-03-24": "move-on", stay: "stay-in-touch"}
    assert await bot.due(f"r{r}:move-on:2026-03-24") == at(3, 25)
    assert (await by_key(bot.store))[stay]["id"] == stay_id  # the same row all along


async def test_reply_sent_on_the_no_reply_date_still_gets_its_move_on(bot: Bot) -> None:
    # The no-reply nudge for 30 Mar is cancelled by the conversation; answering on 30 Mar
    # makes the move-on due that very day: the same key must come back, as a move-on.
    await bot.say(LOG_ACME)
    r = await bot.rejection_id()
    bot.clock.advance(days(14))
    await bot.say("sent")
    bot.clock.advance(days(7))
    await bot.say("replied conversation")
    key = f"r{r}:move-on:2026-03-30"
    assert await bot.status(key) == "cancelled"
    bot.clock.advance(days(7))
    await bot.say("sent")
    row = (await by_key(bot.store))[key]
    assert (row["status"], row["kind"]) == ("pending", "move-on")
    assert datetime.fromisoformat(row["due_at"]) == at(3, 31)


async def test_check_ins_one_per_calendar_month_across_rejections(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    bot.clock.advance(days(18))  # Fri 20 Mar
    await bot.say(LOG_ACME.replace("Acme", "Beta"))
    u = await bot.user_id()
    check_ins = sorted(k for k, kind in (await bot.pending()).items() if kind == "check-in")
    assert check_ins == [f"u{u}:checkin:{month}" for month in CHECK_INS]
    for month, when in CHECK_INS.items():  # the earlier rejection's day wins each month
        assert await bot.due(f"u{u}:checkin:{month}") == when


async def test_a_check_in_due_this_morning_survives_a_plan_change(bot: Bot) -> None:
    # May's day is Sat 2 May, so its check-in waits for Mon 4 May 09:30. Logging another
    # rejection at 08:00 that Monday must not cancel it, though its day has passed.
    await bot.say(LOG_ACME)
    u = await bot.user_id()
    bot.clock.set(at(5, 4, 8, 0))
    await bot.say(LOG_ACME.replace("Acme", "Beta"))
    assert (await bot.pending())[f"u{u}:checkin:2026-05"] == "check-in"
    assert await bot.due(f"u{u}:checkin:2026-05") == at(5, 4)


async def test_an_old_rejection_gets_no_check_ins_for_months_gone_by(bot: Bot) -> None:
    await bot.say(LOG_ACME.replace("rejected: today", "rejected: 2026-01-05"))
    u = await bot.user_id()
    check_ins = sorted(k for k, kind in (await bot.pending()).items() if kind == "check-in")
    assert check_ins == [f"u{u}:checkin:2026-{m:02d}" for m in (3, 4, 5, 6)]  # not February
    r = await bot.rejection_id()
    # Logged after the cool-down: the thank-you is due the day it's logged, so the next
    # morning (the nudge time had passed).
    assert await bot.due(f"r{r}:reach-out:2026-03-02") == at(3, 3)


async def test_no_check_ins_once_stay_in_touch_is_sent(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    for step in ("sent", "yes", "replied conversation", "sent", "sent", "sent"):
        bot.clock.advance(days(1) if step != "yes" else days(0))
        reply = await bot.say(step)
        assert "Sorry" not in str(reply)
    assert "playbook is complete" in str(await bot.say("sent acme"))
    assert await bot.pending() == {}


async def test_check_ins_off_and_on_again(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    u = await bot.user_id()
    before = await by_key(bot.store, u)
    await bot.say("stop check-ins")
    assert list((await bot.pending()).values()) == ["reach-out"]
    after = await by_key(bot.store, u)
    for month in CHECK_INS:  # cancelled, the rows kept
        key = f"u{u}:checkin:{month}"
        assert (after[key]["id"], after[key]["status"]) == (before[key]["id"], "cancelled")
    await bot.say("resume check-ins")
    assert sorted((await bot.pending()).values()) == ["check-in"] * 5 + ["reach-out"]


async def test_stop_removes_a_rejections_nudges_and_resume_restores_them(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    wanted = await bot.pending()
    rows_before = len(await nudge_rows(bot.store))
    await bot.say("stop acme")
    assert await bot.pending() == {}
    await bot.say("resume acme")
    assert await bot.pending() == wanted
    assert len(await nudge_rows(bot.store)) == rows_before  # revived, not duplicated


async def test_doing_a_step_early_cancels_its_nudge(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    r = await bot.rejection_id()
    bot.clock.advance(days(10))
    assert "already gone out?" in str(await bot.say("sent"))
    reply = await bot.say("yes")
    assert "before the cool-down ends" in str(reply)
    row = (await by_key(bot.store))[f"r{r}:reach-out:2026-03-16"]
    assert row["status"] == "cancelled"
    assert f"r{r}:check-reply:2026-03-19" in await bot.pending()


async def test_snooze_moves_the_nudge(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    r = await bot.rejection_id()
    await bot.say("snooze acme 1w")
    assert await bot.status(f"r{r}:reach-out:2026-03-16") == "cancelled"
    assert (await bot.pending())[f"r{r}:reach-out:2026-03-23"] == "reach-out"
    assert await bot.due(f"r{r}:reach-out:2026-03-23") == at(3, 23)


async def test_forget_a_rejection_cancels_its_nudges_and_keeps_the_rows(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    count = len(await nudge_rows(bot.store))
    await bot.say("forget acme")
    assert len(await bot.pending()) == 6  # nothing happens before "yes"
    await bot.say("yes")
    rows = await nudge_rows(bot.store)
    assert len(rows) == count
    assert {row["status"] for row in rows} == {"cancelled"}
    assert {row["rejection_id"] for row in rows} == {None}


async def test_forget_me_removes_the_users_rows(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    await bot.say("forget me")
    await bot.say("yes")
    assert await nudge_rows(bot.store) == []


async def test_changing_zone_or_hour_reschedules_what_is_pending(bot: Bot) -> None:
    await bot.say(LOG_ACME, timezone="Europe/Berlin")
    r, u = await bot.rejection_id(), await bot.user_id()
    key = f"r{r}:reach-out:2026-03-16"
    first = (await by_key(bot.store))[key]
    assert datetime.fromisoformat(first["due_at"]) == at(3, 16, 8, 30)  # 09:30 CET
    calls = bot.changes.count
    await bot.say("timezone America/New_York")
    moved = (await by_key(bot.store))[key]
    assert moved["id"] == first["id"]
    assert datetime.fromisoformat(moved["due_at"]) == at(3, 16, 13, 30)  # 09:30 EDT
    assert moved["timezone"] == "America/New_York"
    assert await bot.due(f"u{u}:checkin:2026-04") == at(4, 2, 13, 30)
    await bot.say("hours 11:00")
    assert await bot.due(key) == at(3, 16, 15, 0)
    assert bot.changes.count == calls + 2
    assert len(await nudge_rows(bot.store)) == 6


async def test_repeated_events_create_one_nudge_per_key(bot: Bot) -> None:
    await bot.say(LOG_ACME)
    bot.clock.advance(days(14))
    await bot.say("sent")
    bot.clock.advance(days(7))
    await bot.say("replied brief")
    rows, calls = await nudge_rows(bot.store), bot.changes.count
    await bot.say("replied brief")
    assert await nudge_rows(bot.store) == rows
    assert bot.changes.count == calls
    user = await bot.store.get_user(SAM)
    assert user is not None
    for _ in range(2):
        assert not await sync_user(bot.store, user, now=bot.clock.now())
    assert await nudge_rows(bot.store) == rows
    keys = [row["idempotency_key"] for row in rows]
    assert len(keys) == len(set(keys))


async def test_change_callback_fires_only_when_nudges_change(bot: Bot) -> None:
    await bot.say("list")
    assert bot.changes.count == 0  # a new user with nothing to plan
    await bot.say(LOG_ACME)
    assert bot.changes.count == 1
    await bot.say("list")
    await bot.say("feedback acme: more user research")  # a write, but the plan is the same
    await bot.say("hours 09:30")  # the hour it already was
    await bot.say("profile name: Sam Lee")
    assert bot.changes.count == 1
    await bot.say("hours 10:00")
    assert bot.changes.count == 2
    await bot.say("snooze acme 1w")
    assert bot.changes.count == 3


async def test_replanning_leaves_overdue_nudges_to_the_scheduler(bot: Bot) -> None:
    """A nudge that fell due while nothing delivered it is never cancelled unseen by a sync;
    the scheduler drops it at delivery when its step was done meanwhile."""
    await bot.say(LOG_ACME)
    r = await bot.rejection_id()
    bot.clock.advance(days(15))
    await bot.say("sent")
    key = f"r{r}:reach-out:2026-03-16"
    assert await bot.status(key) == "pending"
    messenger = RecordingMessenger(bot.clock)
    scheduler = bootstrap(store=bot.store, clock=bot.clock, messengers=[messenger]).scheduler
    await scheduler.run_due()
    assert await bot.status(key) == "cancelled"
    assert key not in messenger.keys


async def test_a_rejection_logged_in_the_window_gets_one_stay_in_touch_nudge(bot: Bot) -> None:
    await bot.say(LOG_ACME.replace("rejected: today", "rejected: 2025-08-01"))
    r = await bot.rejection_id()
    assert await bot.pending() == {f"r{r}:stay-in-touch:2026-03-02": "stay-in-touch"}
    assert await bot.due(f"r{r}:stay-in-touch:2026-03-02") == at(3, 3)  # next morning


async def test_a_late_thank_you_moves_the_stay_in_touch_nudge_back(bot: Bot) -> None:
    await bot.say(LOG_ACME.replace("rejected: today", "rejected: 2025-10-02"))
    r = await bot.rejection_id()
    await bot.say("sent")  # the thank-you goes out five months after the rejection
    plan = {k: v for k, v in (await bot.pending()).items() if k.startswith("r")}
    assert plan[f"r{r}:stay-in-touch:2026-06-02"] == "stay-in-touch"  # three months on
    assert not any(key.endswith(":2026-04-02") for key in plan)  # not the six-month date
