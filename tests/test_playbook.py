"""The playbook's timings and transitions, held against PLAYBOOK.md's table."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.models import Event, EventKind, Rejection, ReplyKind
from bot.playbook import (
    ActionKey,
    EntryStatus,
    Start,
    StepKey,
    add_months,
    cool_down_ends,
    derive,
    stay_in_touch_window,
)

UTC_ZONE = ZoneInfo("UTC")
REJECTED = date(2026, 3, 2)


def rejection(*events: Event, rejected_on: date = REJECTED,
              logged_on: date | None = None) -> Rejection:
    logged = datetime.combine(logged_on or rejected_on, time(12), UTC)
    return Rejection(
        id=1, user_id=1, company="Acme", role="Designer", interviewer="Jane Smith",
        rejected_on=rejected_on, memory="the design system demo", interviewer_email=None,
        linkedin_url=None, compliment=None, created_at=logged,
        events=(Event(EventKind.LOGGED, logged), *events),
    )


def at(day: date) -> datetime:
    return datetime.combine(day, time(15), UTC)


def sent(day: date, action: ActionKey) -> Event:
    return Event(EventKind.SENT, at(day), action=action.value)


def replied(day: date, kind: ReplyKind) -> Event:
    return Event(EventKind.REPLIED, at(day), value=kind.value)


def test_cool_down_lasts_fourteen_days_then_reach_out_is_due() -> None:
    r = rejection()
    during = derive(r, today=REJECTED + timedelta(days=13), tz=UTC_ZONE)
    assert during.step.key is StepKey.COOL_DOWN
    assert during.next_action is not None and during.next_action.key is ActionKey.REACH_OUT
    assert during.next_due == REJECTED + timedelta(days=14) == cool_down_ends(r)
    after = derive(r, today=REJECTED + timedelta(days=14), tz=UTC_ZONE)
    assert after.step.key is StepKey.REACH_OUT
    assert after.next_due == REJECTED + timedelta(days=14)


def test_sent_thank_you_leads_to_a_reply_check_seven_days_later() -> None:
    sent_on = REJECTED + timedelta(days=15)
    progress = derive(rejection(sent(sent_on, ActionKey.REACH_OUT)), today=sent_on, tz=UTC_ZONE)
    assert progress.step.key is StepKey.REACT
    assert progress.next_action is not None
    assert progress.next_action.key is ActionKey.CHECK_REPLY
    assert progress.next_due == sent_on + timedelta(days=7)
    assert progress.thank_you_sent_on == sent_on


def test_no_answer_for_fourteen_days_means_move_on() -> None:
    sent_on = REJECTED + timedelta(days=14)
    progress = derive(rejection(sent(sent_on, ActionKey.REACH_OUT)),
                      today=sent_on + timedelta(days=14), tz=UTC_ZONE)
    assert progress.step.key is StepKey.MOVE_ON
    assert progress.next_action is not None and progress.next_action.key is ActionKey.MOVE_ON
    assert progress.next_due == sent_on + timedelta(days=14)
    statuses = {e.title: e.status for e in progress.entries}
    assert statuses["Check whether they replied"] is EntryStatus.SKIPPED


def test_brief_reply_pauses_three_weeks() -> None:
    sent_on = REJECTED + timedelta(days=14)
    reply_on = sent_on + timedelta(days=2)
    r = rejection(sent(sent_on, ActionKey.REACH_OUT), replied(reply_on, ReplyKind.BRIEF))
    pausing = derive(r, today=reply_on + timedelta(days=20), tz=UTC_ZONE)
    assert pausing.step.key is StepKey.REACT
    assert pausing.next_action is not None and pausing.next_action.key is ActionKey.MOVE_ON
    assert pausing.next_due == reply_on + timedelta(weeks=3)
    resumed = derive(r, today=reply_on + timedelta(weeks=3), tz=UTC_ZONE)
    assert resumed.step.key is StepKey.MOVE_ON


def test_conversation_asks_for_a_reply_then_moves_on_when_it_is_sent() -> None:
    sent_on = REJECTED + timedelta(days=14)
    reply_on = sent_on + timedelta(days=1)
    r = rejection(sent(sent_on, ActionKey.REACH_OUT), replied(reply_on, ReplyKind.CONVERSATION))
    waiting = derive(r, today=reply_on, tz=UTC_ZONE)
    assert waiting.next_action is not None and waiting.next_action.key is ActionKey.REPLY
    assert waiting.step.key is StepKey.REACT
    answered_on = reply_on + timedelta(days=1)
    r2 = rejection(*r.events[1:], sent(answered_on, ActionKey.REPLY))
    moving = derive(r2, today=answered_on, tz=UTC_ZONE)
    assert moving.next_action is not None and moving.next_action.key is ActionKey.MOVE_ON
    assert moving.next_due == answered_on
    assert moving.step.key is StepKey.MOVE_ON


def test_explicit_no_reply_still_waits_out_the_two_weeks() -> None:
    sent_on = REJECTED + timedelta(days=14)
    r = rejection(sent(sent_on, ActionKey.REACH_OUT),
                  replied(sent_on + timedelta(days=7), ReplyKind.NONE))
    progress = derive(r, today=sent_on + timedelta(days=7), tz=UTC_ZONE)
    assert progress.next_due == sent_on + timedelta(days=14)
    assert progress.step.key is StepKey.REACT


def test_stay_in_touch_at_six_months_after_moving_on_then_done() -> None:
    sent_on = REJECTED + timedelta(days=14)
    moved_on = sent_on + timedelta(days=14)
    r = rejection(sent(sent_on, ActionKey.REACH_OUT), sent(moved_on, ActionKey.MOVE_ON))
    waiting = derive(r, today=moved_on, tz=UTC_ZONE)
    assert waiting.step.key is StepKey.STAY_IN_TOUCH
    assert waiting.next_action is not None
    assert waiting.next_action.key is ActionKey.STAY_IN_TOUCH
    assert waiting.next_due == date(2026, 9, 2) == stay_in_touch_window(r)[0]
    assert stay_in_touch_window(r)[1] == date(2026, 12, 2)
    done = derive(rejection(*r.events[1:], sent(date(2026, 9, 3), ActionKey.STAY_IN_TOUCH)),
                  today=date(2026, 9, 3), tz=UTC_ZONE)
    assert done.done and done.next_action is None and done.next_due is None


def test_snooze_moves_only_the_action_it_names() -> None:
    snoozed = Event(EventKind.SNOOZED, at(REJECTED), action=ActionKey.REACH_OUT.value,
                    until=REJECTED + timedelta(days=21))
    progress = derive(rejection(snoozed), today=REJECTED + timedelta(days=15), tz=UTC_ZONE)
    assert progress.next_due == REJECTED + timedelta(days=21)
    assert progress.step.key is StepKey.REACH_OUT
    assert "snoozed from" in next(e.note for e in progress.entries
                                  if e.action is ActionKey.REACH_OUT)


def test_future_dates_are_projected_from_today_when_overdue() -> None:
    today = REJECTED + timedelta(days=30)
    progress = derive(rejection(), today=today, tz=UTC_ZONE)
    check = next(e for e in progress.entries if e.title == "Check whether they replied")
    assert check.on == today + timedelta(days=7)
    assert [e.on for e in progress.entries] == sorted(e.on for e in progress.entries)


def test_event_dates_are_read_in_the_users_zone() -> None:
    late_evening_utc = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)
    event = Event(EventKind.SENT, late_evening_utc, action=ActionKey.REACH_OUT.value)
    tokyo = derive(rejection(event), today=date(2026, 3, 17), tz=ZoneInfo("Asia/Tokyo"))
    assert tokyo.thank_you_sent_on == date(2026, 3, 17)
    new_york = derive(rejection(event), today=date(2026, 3, 17), tz=ZoneInfo("America/New_York"))
    assert new_york.thank_you_sent_on == date(2026, 3, 16)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 1, 15), 9, date(2026, 10, 15)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
])
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_unsnooze_brings_back_the_actions_own_date() -> None:
    until = REJECTED + timedelta(days=60)
    events = [Event(EventKind.SNOOZED, at(REJECTED), action=ActionKey.REACH_OUT.value,
                    until=until + timedelta(days=30 * n)) for n in range(3)]
    snoozed = derive(rejection(*events), today=REJECTED, tz=UTC_ZONE)
    assert snoozed.next_due == until + timedelta(days=60)
    back = rejection(*events, Event(EventKind.UNSNOOZED, at(REJECTED),
                                    action=ActionKey.REACH_OUT.value))
    assert derive(back, today=REJECTED, tz=UTC_ZONE).next_due == cool_down_ends(back)


def test_logged_three_weeks_late_the_thank_you_is_due_the_day_it_is_logged() -> None:
    logged = REJECTED + timedelta(weeks=3)
    progress = derive(rejection(logged_on=logged), today=logged, tz=UTC_ZONE)
    assert progress.start is Start.LATE and progress.step.key is StepKey.REACH_OUT
    assert progress.next_action is not None and progress.next_action.key is ActionKey.REACH_OUT
    assert progress.next_due == logged


def test_a_late_thank_you_pushes_the_stay_in_touch_email_back_within_its_window() -> None:
    logged = add_months(REJECTED, 5)  # Wed 2 Sep 2026 would be a month after the thank-you
    progress = derive(rejection(logged_on=logged), today=logged, tz=UTC_ZONE)
    assert progress.start is Start.LATE
    stay = next(e for e in progress.entries if e.action is ActionKey.STAY_IN_TOUCH)
    assert stay.on == add_months(logged, 3) == date(2026, 11, 2)
    assert progress.stay_in_touch_from == stay.on
    on_time = derive(rejection(), today=REJECTED, tz=UTC_ZONE)
    assert on_time.stay_in_touch_from == stay_in_touch_window(rejection())[0]


def test_logged_in_the_stay_in_touch_window_one_note_with_thanks() -> None:
    logged = add_months(REJECTED, 7)
    progress = derive(rejection(logged_on=logged), today=logged, tz=UTC_ZONE)
    assert progress.start is Start.MERGED and progress.step.key is StepKey.STAY_IN_TOUCH
    assert progress.next_action is not None
    assert progress.next_action.key is ActionKey.STAY_IN_TOUCH
    assert progress.next_action.title == "Send the stay-in-touch email, with thanks"
    assert progress.next_due == logged
    assert not any(e.action is ActionKey.REACH_OUT for e in progress.entries)
    sent_it = rejection(sent(logged, ActionKey.STAY_IN_TOUCH), logged_on=logged)
    assert derive(sent_it, today=logged, tz=UTC_ZONE).done


def test_logged_after_the_window_a_note_to_reconnect_and_no_window() -> None:
    logged = add_months(REJECTED, 14)
    progress = derive(rejection(logged_on=logged), today=logged, tz=UTC_ZONE)
    assert progress.start is Start.RECONNECT
    assert progress.next_action is not None
    assert progress.next_action.title == "Send a short note to reconnect"
    assert progress.next_due == logged
    notes = " ".join(e.title + e.note for e in progress.entries)
    assert "window" not in notes and "thank-you email" not in notes.lower()


def test_a_late_rejection_whose_thank_you_was_sent_keeps_the_early_steps() -> None:
    logged = add_months(REJECTED, 7)
    r = rejection(sent(logged, ActionKey.REACH_OUT), logged_on=logged)
    progress = derive(r, today=logged, tz=UTC_ZONE)
    assert progress.start is Start.LATE
    assert progress.next_action is not None
    assert progress.next_action.key is ActionKey.CHECK_REPLY
