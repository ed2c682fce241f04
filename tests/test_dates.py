"""Reading the dates people type: relative words, month names, numbers by the user's order."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dates import (
    DateContext,
    DateOrder,
    date_order,
    default_date_order,
    parse_date_order,
    read_future_date,
    read_past_date,
)
from bot.errors import UserError
from bot.syntax import TERMINAL_SYNTAX, say

MONDAY = date(2026, 3, 2)
DMY = DateContext(MONDAY, DateOrder.DMY)
MDY = DateContext(MONDAY, DateOrder.MDY)
YMD = DateContext(MONDAY, DateOrder.YMD)
FRIDAY_BEFORE = date(2026, 2, 27)


@pytest.mark.parametrize(("text", "expected"), [
    ("today", MONDAY), ("  TODAY ", MONDAY), ("Yesterday", date(2026, 3, 1)),
    ("3 days ago", FRIDAY_BEFORE), ("1 day ago", date(2026, 3, 1)),
    ("2 weeks ago", date(2026, 2, 16)), ("a week ago", date(2026, 2, 23)),
    ("last friday", FRIDAY_BEFORE), ("friday", FRIDAY_BEFORE), ("Friday.", FRIDAY_BEFORE),
    ("on friday", FRIDAY_BEFORE), ("last week", date(2026, 2, 23)),
    ("27 Feb", FRIDAY_BEFORE), ("Feb 27", FRIDAY_BEFORE), ("27 February 2026", FRIDAY_BEFORE),
    ("February 27, 2026", FRIDAY_BEFORE), ("2026-02-27", FRIDAY_BEFORE),
    ("27/02/2026", FRIDAY_BEFORE), ("27.02.2026", FRIDAY_BEFORE), ("2026/02/27", FRIDAY_BEFORE),
    ("14 March 2026", None), ("Mar 14, 2025", date(2025, 3, 14)),
    ("1 Dec", date(2025, 12, 1)),  # the latest 1 December up to today
])
def test_past_dates_the_way_people_write_them(text: str, expected: date | None) -> None:
    if expected is None:
        with pytest.raises(UserError, match="future"):
            read_past_date(text, DMY)
    else:
        assert read_past_date(text, DMY).day == expected
        assert read_past_date(text, DMY).note is None


def test_numbers_follow_the_date_order_and_impossible_orders_fall_back() -> None:
    assert read_past_date("02/27/2026", MDY).day == FRIDAY_BEFORE
    assert read_past_date("27/02/2026", MDY).day == FRIDAY_BEFORE  # no month 27
    assert read_past_date("02/27/2026", DMY).day == FRIDAY_BEFORE  # no month 27 either way
    assert read_past_date("26/02/27", YMD).day == FRIDAY_BEFORE


def test_an_ambiguous_number_date_says_which_reading_was_used() -> None:
    day_first = read_past_date("03/02/2026", DMY)
    assert day_first.day == date(2026, 2, 3)
    assert day_first.note is not None
    note = say(TERMINAL_SYNTAX, *day_first.note)
    assert "Tue 3 Feb 2026 (day/month/year)" in note
    assert "not Mon 2 Mar 2026" in note and "dates mdy" in note
    month_first = read_past_date("03/02/2026", MDY)
    assert month_first.day == MONDAY
    assert month_first.note is not None
    assert "dates dmy" in say(TERMINAL_SYNTAX, *month_first.note)
    no_year = read_past_date("03/04", DMY)
    assert no_year.day == date(2025, 4, 3)  # the latest 3 April up to today
    assert no_year.note is not None and "4 March" in say(TERMINAL_SYNTAX, *no_year.note)
    assert read_past_date("02/02/2026", DMY).note is None  # both readings agree


@pytest.mark.parametrize(("text", "expected"), [
    ("next tuesday", date(2026, 3, 3)), ("tuesday", date(2026, 3, 3)),
    ("until next friday", date(2026, 3, 6)), ("in 2 weeks", date(2026, 3, 16)),
    ("in 1 month", date(2026, 4, 2)), ("tomorrow", date(2026, 3, 3)),
    ("3 March", date(2026, 3, 3)), ("March 3rd", date(2026, 3, 3)),
    ("2026-03-03", date(2026, 3, 3)), ("1 March", date(2027, 3, 1)),
])
def test_future_dates_for_a_snooze(text: str, expected: date) -> None:
    assert read_future_date(text, DMY).day == expected


@pytest.mark.parametrize(("text", "complaint"), [
    ("today", "is today"), ("yesterday", "in the past"), ("2026-01-01", "in the past"),
    ("in 13 months", "more than a year"), ("whenever", "tuesday, next tuesday, in 2 weeks"),
])
def test_bad_future_dates_say_what_to_type(text: str, complaint: str) -> None:
    with pytest.raises(UserError, match=complaint):
        read_future_date(text, DMY)


@pytest.mark.parametrize(("text", "complaint"), [
    ("tomorrow-ish", "couldn't read"), ("2026-13-01", "couldn't read"), ("", "couldn't read"),
    ("2026-12-01", "future"), ("1999-01-01", "too far back"), ("next year", "future"),
    ("march", "Which day in March"), ("feb 2026", "Which day in February"),
    ("13/13", "couldn't read"), ("3", "couldn't read"), ("31/02/2026", "couldn't read"),
])
def test_bad_past_dates_say_what_to_type(text: str, complaint: str) -> None:
    with pytest.raises(UserError, match=complaint) as caught:
        read_past_date(text, DMY)
    message = str(caught.value)
    assert "2026" in message or "today" in message or "day" in message


def test_the_examples_use_the_users_own_order() -> None:
    with pytest.raises(UserError, match="02/27/2026"):
        read_past_date("someday", MDY)


@pytest.mark.parametrize(("zone", "order"), [
    ("America/New_York", DateOrder.MDY), ("America/Los_Angeles", DateOrder.MDY),
    ("America/Sao_Paulo", DateOrder.DMY), ("America/Argentina/Cordoba", DateOrder.DMY),
    ("America/Mexico_City", DateOrder.DMY), ("Europe/Berlin", DateOrder.DMY),
    ("UTC", DateOrder.DMY), ("Asia/Tokyo", DateOrder.DMY), ("Pacific/Honolulu", DateOrder.MDY),
])
def test_the_default_order_comes_from_the_zone(zone: str, order: DateOrder) -> None:
    assert default_date_order(zone) is order
    assert date_order(None, zone) is order
    assert date_order("ymd", zone) is DateOrder.YMD


@pytest.mark.parametrize(("text", "order"), [
    ("dmy", DateOrder.DMY), ("MDY", DateOrder.MDY), ("y/m/d", DateOrder.YMD),
    ("day-month-year", DateOrder.DMY),
])
def test_date_order_setting(text: str, order: DateOrder) -> None:
    assert parse_date_order(text) is order


def test_unknown_date_order_lists_the_choices() -> None:
    with pytest.raises(UserError, match=r"dates dmy .* dates mdy .* dates ymd"):
        parse_date_order("sideways")
