"""When a nudge lands: the user's hour, weekdays only, outside quiet hours, DST-safe."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.models import Preferences
from bot.nudges.timing import in_quiet_hours, local_to_utc, nudge_moment

EARLY = datetime(2000, 1, 1, tzinfo=UTC)  # a not_before that never matters
# Quiet hours that stay out of the way of the night-time DST tests.
NOON_QUIET = {"quiet_start": time(12, 0), "quiet_end": time(12, 30)}


def moment(due_on: date, *, not_before: datetime = EARLY, **prefs: object) -> datetime:
    return nudge_moment(due_on, Preferences(**prefs), not_before=not_before)  # type: ignore[arg-type]


def local(when: datetime, zone: str) -> datetime:
    return when.astimezone(ZoneInfo(zone))


def test_default_is_0930_local_on_the_due_weekday() -> None:
    assert moment(date(2026, 3, 4), timezone="Europe/Berlin") == \
        datetime(2026, 3, 4, 8, 30, tzinfo=UTC)  # 09:30 CET
    assert moment(date(2026, 3, 4)) == datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("due_on", [date(2026, 3, 7), date(2026, 3, 8)])
def test_weekend_moves_to_monday(due_on: date) -> None:
    assert moment(due_on, timezone="Asia/Tokyo") == \
        datetime(2026, 3, 9, 9, 30, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_preferred_time_is_used() -> None:
    assert local(moment(date(2026, 3, 4), timezone="America/Chicago",
                        nudge_time=time(14, 15)), "America/Chicago") == \
        datetime(2026, 3, 4, 14, 15, tzinfo=ZoneInfo("America/Chicago"))


def test_preferred_time_inside_quiet_hours_moves_to_their_end() -> None:
    # Default quiet hours 20:00-08:00: 07:00 is quiet, so the nudge waits until 08:00.
    assert moment(date(2026, 3, 4), nudge_time=time(7, 0)) == \
        datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    # Quiet hours inside one day.
    assert moment(date(2026, 3, 4), nudge_time=time(13, 0), quiet_start=time(12, 0),
                  quiet_end=time(14, 0)) == datetime(2026, 3, 4, 14, 0, tzinfo=UTC)


def test_quiet_hours_spanning_midnight_push_to_the_next_morning() -> None:
    prefs = {"nudge_time": time(22, 30), "quiet_start": time(22, 0), "quiet_end": time(7, 0)}
    # Wednesday 22:30 is quiet until Thursday 07:00.
    assert moment(date(2026, 3, 4), **prefs) == datetime(2026, 3, 5, 7, 0, tzinfo=UTC)
    # Friday 22:30 would become Saturday 07:00: the weekday check comes after, so Monday.
    assert moment(date(2026, 3, 6), **prefs) == datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
    # Sunday 22:30 becomes Monday 07:00, a weekday.
    assert moment(date(2026, 3, 8), **prefs) == datetime(2026, 3, 9, 7, 0, tzinfo=UTC)


def test_in_quiet_hours_both_shapes() -> None:
    assert in_quiet_hours(time(23, 0), start=time(22, 0), end=time(7, 0))
    assert in_quiet_hours(time(6, 59), start=time(22, 0), end=time(7, 0))
    assert not in_quiet_hours(time(7, 0), start=time(22, 0), end=time(7, 0))
    assert in_quiet_hours(time(12, 0), start=time(12, 0), end=time(14, 0))
    assert not in_quiet_hours(time(14, 0), start=time(12, 0), end=time(14, 0))


def test_new_york_spring_gap_lands_just_after_it() -> None:
    zone = ZoneInfo("America/New_York")
    # 2025-03-09 02:00-03:00 doesn't exist: 02:30 is taken as 03:30 EDT, once.
    assert local_to_utc(date(2025, 3, 9), time(2, 30), zone) == \
        datetime(2025, 3, 9, 7, 30, tzinfo=UTC)
    # That day is a Sunday, so a nudge due then waits for Monday 02:30 EDT.
    assert moment(date(2025, 3, 9), timezone="America/New_York", nudge_time=time(2, 30),
                  **NOON_QUIET) == datetime(2025, 3, 10, 6, 30, tzinfo=UTC)


def test_new_york_autumn_overlap_takes_the_first_occurrence() -> None:
    zone = ZoneInfo("America/New_York")
    # 2025-11-02 01:00-02:00 happens twice: 01:30 is the first one (EDT), 05:30 UTC.
    assert local_to_utc(date(2025, 11, 2), time(1, 30), zone) == \
        datetime(2025, 11, 2, 5, 30, tzinfo=UTC)
    assert moment(date(2025, 11, 2), timezone="America/New_York", nudge_time=time(1, 30),
                  **NOON_QUIET) == datetime(2025, 11, 3, 6, 30, tzinfo=UTC)  # Monday, EST


def test_gap_and_overlap_on_weekdays_through_nudge_moment() -> None:
    # Tehran changed clocks at midnight on weekdays in 2022: Tuesday 22 March 00:00 -> 01:00
    # and Wednesday 21 September 24:00 -> 23:00.
    tehran = {"timezone": "Asia/Tehran", **NOON_QUIET}
    gap = moment(date(2022, 3, 22), nudge_time=time(0, 30), **tehran)
    assert gap == datetime(2022, 3, 21, 21, 0, tzinfo=UTC)  # 01:30 +04:30, right after
    assert local(gap, "Asia/Tehran").strftime("%H:%M") == "01:30"
    overlap = moment(date(2022, 9, 21), nudge_time=time(23, 30), **tehran)
    assert overlap == datetime(2022, 9, 21, 19, 0, tzinfo=UTC)  # first 23:30 (+04:30)
    # Fires once: asked again a minute after the first occurrence, the next one is Thursday's.
    again = moment(date(2022, 9, 21), nudge_time=time(23, 30), **tehran,
                   not_before=overlap + timedelta(minutes=1))
    assert again.date() == date(2022, 9, 22)
    assert local(again, "Asia/Tehran").strftime("%a %H:%M") == "Thu 23:30"


@pytest.mark.parametrize(("due_on", "utc_hour"), [
    (date(2025, 3, 7), 14), (date(2025, 3, 10), 13),  # Fri EST, Mon EDT
    (date(2025, 10, 31), 13), (date(2025, 11, 3), 14),  # Fri EDT, Mon EST
])
def test_0930_stays_0930_in_new_york_around_both_changes(due_on: date, utc_hour: int) -> None:
    when = moment(due_on, timezone="America/New_York")
    assert when == datetime(due_on.year, due_on.month, due_on.day, utc_hour, 30, tzinfo=UTC)
    assert local(when, "America/New_York").strftime("%H:%M") == "09:30"


def _transitions(zone: ZoneInfo, year: int) -> list[datetime]:
    """The UTC instants in `year` when `zone` changes its offset (to the minute)."""
    found = []
    step = timedelta(minutes=30)
    at = datetime(year, 1, 1, tzinfo=UTC)
    while at.year == year:
        if (at + step).astimezone(zone).utcoffset() != at.astimezone(zone).utcoffset():
            lo, hi = at, at + step
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                same = mid.astimezone(zone).utcoffset() == lo.astimezone(zone).utcoffset()
                lo, hi = (mid, hi) if same else (lo, mid)
            found.append(hi)
        at += step
    return found


def test_lord_howe_half_hour_shift_keeps_0930_local() -> None:
    zone = ZoneInfo("Australia/Lord_Howe")
    changes = _transitions(zone, 2025)
    assert len(changes) == 2
    for change in changes:
        before = change - timedelta(minutes=1)
        offset_before = before.astimezone(zone).utcoffset()
        offset_after = change.astimezone(zone).utcoffset()
        assert offset_before is not None and offset_after is not None
        assert abs(offset_after - offset_before) == timedelta(minutes=30)
        change_day = change.astimezone(zone).date()
        for due_on, offset in ((change_day - timedelta(days=2), offset_before),
                               (change_day + timedelta(days=1), offset_after)):
            assert due_on.weekday() < 5  # the change is on a Sunday: Friday and Monday
            when = moment(due_on, timezone="Australia/Lord_Howe")
            assert local(when, "Australia/Lord_Howe").replace(tzinfo=None) == \
                datetime.combine(due_on, time(9, 30))
            assert when == datetime.combine(due_on, time(9, 30), tzinfo=UTC) - offset


def test_not_before_pushes_to_the_next_good_slot() -> None:
    wednesday = date(2026, 3, 4)
    # Already past today's 09:30: tomorrow.
    assert moment(wednesday, not_before=datetime(2026, 3, 4, 10, 0, tzinfo=UTC)) == \
        datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
    # Exactly at the slot is fine.
    assert moment(wednesday, not_before=datetime(2026, 3, 4, 9, 30, tzinfo=UTC)) == \
        datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    # A due date long past is not revived in the past: the next slot after not_before.
    assert moment(date(2026, 1, 5), not_before=datetime(2026, 3, 6, 12, 0, tzinfo=UTC)) == \
        datetime(2026, 3, 9, 9, 30, tzinfo=UTC)
    # not_before late on Friday in Berlin is still Friday locally: next is Monday.
    assert moment(wednesday, timezone="Europe/Berlin",
                  not_before=datetime(2026, 3, 6, 22, 0, tzinfo=UTC)) == \
        datetime(2026, 3, 9, 8, 30, tzinfo=UTC)
    # A due date in the future is not pulled earlier by an early not_before.
    assert moment(date(2026, 3, 20), not_before=datetime(2026, 3, 4, tzinfo=UTC)) == \
        datetime(2026, 3, 20, 9, 30, tzinfo=UTC)
