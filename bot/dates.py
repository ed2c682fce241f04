"""Reading the dates people type: `yesterday`, `last friday`, `27 Feb`, `02/27/2026`, `in 2 weeks`.

The common forms (today, yesterday, `3 days ago`, `in 2 weeks`, ISO dates and all-number
dates) are read here, fast and exactly; every other form with words in it goes to `dateparser`,
imported the first time it is needed (it takes a few hundred milliseconds to load). Numbers
alone are read by the user's date order (`dates dmy|mdy|ymd`), and a form that two orders
read differently, like 03/04, comes back with a note saying which reading was used.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Literal

from bot.errors import UserError
from bot.format import day as format_day
from bot.playbook import add_months
from bot.syntax import Phrase, cmd

log = logging.getLogger(__name__)

Direction = Literal["past", "future"]


class DateOrder(StrEnum):
    """How the user writes all-number dates: 27/02/2026 (dmy), 02/27/2026 (mdy), 2026/02/27."""

    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"

    @property
    def label(self) -> str:
        """`day/month/year`."""
        return {"dmy": "day/month/year", "mdy": "month/day/year",
                "ymd": "year/month/day"}[self.value]


# The Americas mostly write month first; these zones' countries write the day first.
_DAY_FIRST_AMERICAS = frozenset({
    "America/Sao_Paulo", "America/Bahia", "America/Fortaleza", "America/Recife",
    "America/Manaus", "America/Belem", "America/Mexico_City", "America/Monterrey",
    "America/Cancun", "America/Merida", "America/Tijuana", "America/Bogota", "America/Lima",
    "America/Santiago", "America/Caracas", "America/Montevideo", "America/Asuncion",
    "America/La_Paz", "America/Guayaquil", "America/Havana", "America/Buenos_Aires",
})
_MONTH_FIRST_ZONES = frozenset({"Pacific/Honolulu", "Asia/Manila"})


def default_date_order(zone: str) -> DateOrder:
    """The date order most people in `zone` use: month first in most of the Americas."""
    if zone in _MONTH_FIRST_ZONES:
        return DateOrder.MDY
    if zone.startswith(("America/", "US/", "Canada/")):
        if zone in _DAY_FIRST_AMERICAS or zone.startswith("America/Argentina/"):
            return DateOrder.DMY
        return DateOrder.MDY
    return DateOrder.DMY


def date_order(setting: str | None, zone: str) -> DateOrder:
    """The user's chosen order, or the one guessed from their zone when they chose none."""
    return DateOrder(setting) if setting in set(DateOrder) else default_date_order(zone)


def parse_date_order(text: str) -> DateOrder:
    """`dmy`, `mdy` or `ymd` (also `d/m/y`, `day-month-year`, `auto` is not an order)."""
    letters = "".join(ch for ch in text.lower() if ch.isalpha())
    short = {"daymonthyear": "dmy", "monthdayyear": "mdy", "yearmonthday": "ymd"}.get(
        letters, letters)
    if short in set(DateOrder):
        return DateOrder(short)
    raise UserError("Pick how you write dates in numbers: ", cmd("dates", date_order="dmy"),
                    " (27/02/2026), ", cmd("dates", date_order="mdy"), " (02/27/2026) or ",
                    cmd("dates", date_order="ymd"), " (2026/02/27). ",
                    cmd("dates", date_order="auto"),
                    " goes back to the order your time zone suggests.")


@dataclass(frozen=True)
class DateContext:
    """What reading a date needs: the user's today and their date order."""

    today: date
    order: DateOrder = DateOrder.DMY


@dataclass(frozen=True)
class DateReading:
    """A date read from text; `note` says how an ambiguous form like 03/04 was read."""

    day: date
    note: Phrase | None = None


OLDEST_DATE = date(2000, 1, 1)
_FURTHEST_AHEAD = timedelta(days=366)
_UNITS = r"(d|days?|w|wks?|weeks?|mo|mos|months?)"
_AGO = re.compile(r"^(\d{1,4}|an?|one|two|three|four|five|six)\s*" + _UNITS + r"\s+ago$")
_IN = re.compile(r"^in\s+(\d{1,4}|an?|one|two|three|four|five|six)\s*" + _UNITS + r"$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_RELATIVE_WORDS = re.compile(r"\b(ago|last|next|this|in|from now|yesterday|today|tomorrow)\b")


def read_past_date(text: str, context: DateContext) -> DateReading:
    """A day that has come: today, yesterday, 3 days ago, last friday, friday (the most recent
    one), 27 Feb, Feb 27, 27 February 2026, 2026-02-27, 27/02/2026 by the date order."""
    reading = _read(text, context, "past")
    if reading.day > context.today:
        raise UserError(f"{format_day(reading.day)} is in the future. Give the day the "
                        "rejection arrived (today or earlier).")
    if reading.day < OLDEST_DATE:
        raise UserError(f"{reading.day.isoformat()} is too far back. Check the year: any date "
                        f"from {OLDEST_DATE.year} up to today works.")
    return reading


def read_future_date(text: str, context: DateContext) -> DateReading:
    """A day still to come, within a year: tuesday, next tuesday, in 2 weeks, 3 March."""
    reading = _read(text, context, "future")
    if reading.day <= context.today:
        when = "today" if reading.day == context.today else "in the past"
        raise UserError(f"{format_day(reading.day)} is {when}. Pick a later day, like "
                        "next tuesday or in 2 weeks.")
    if reading.day > context.today + _FURTHEST_AHEAD:
        raise UserError(f"{format_day(reading.day)} is more than a year away. Pick a day "
                        "within the next twelve months.")
    return reading


def parse_past_date(text: str, *, today: date, order: DateOrder = DateOrder.DMY) -> date:
    """Just the day of `read_past_date`."""
    return read_past_date(text, DateContext(today, order)).day


def _read(text: str, context: DateContext, direction: Direction) -> DateReading:
    cleaned = _clean(text)
    reading = (_relative(cleaned, context.today, direction)
               or _numeric(cleaned, context, direction))
    if reading is None and any(ch.isalpha() for ch in cleaned):
        reading = _with_dateparser(cleaned, context, direction)
    if reading is None:
        raise UserError(_unreadable(text, context, direction))
    return reading


def _clean(text: str) -> str:
    cleaned = " ".join(text.strip().lower().rstrip(".").split())
    return cleaned.removeprefix("on ").removeprefix("until ").strip()


def _count(word: str) -> int:
    return _WORDS[word] if word in _WORDS else int(word)


def _shift(today: date, count: int, unit: str) -> date:
    if unit.startswith("mo"):
        return add_months(today, count)
    return today + timedelta(days=count * (7 if unit.startswith("w") else 1))


def _relative(cleaned: str, today: date, direction: Direction) -> DateReading | None:
    if cleaned in ("today", "now"):
        return DateReading(today)
    if cleaned == "yesterday":
        return DateReading(today - timedelta(days=1))
    if cleaned == "tomorrow":
        return DateReading(today + timedelta(days=1))
    if match := _AGO.match(cleaned):
        return DateReading(_shift(today, -_count(match.group(1)), match.group(2)))
    if match := _IN.match(cleaned):
        return DateReading(_shift(today, _count(match.group(1)), match.group(2)))
    return None


def _numeric(cleaned: str, context: DateContext, direction: Direction) -> DateReading | None:
    """All-number dates: ISO first, then the user's order, then any order that fits."""
    if match := _ISO.match(cleaned):
        found = _valid(*(int(g) for g in match.groups()))
        return DateReading(found) if found else None
    match = _NUMERIC.match(cleaned)
    if match is None:
        return None
    first, second, third = match.groups()
    if len(first) == 4:
        found = _valid(int(first), int(second), int(third)) if third else None
        return DateReading(found) if found else None
    readings = {order: _by_order(order, first, second, third, context.today, direction)
                for order in DateOrder}
    preferred = readings[context.order]
    distinct = {d for d in readings.values() if d is not None}
    if preferred is None:
        return DateReading(distinct.pop()) if len(distinct) == 1 else None
    if len(distinct) == 1:
        return DateReading(preferred)
    other = next(d for d in distinct if d != preferred)
    note = (f"I read {cleaned} as {format_day(preferred)} ({context.order.label}), not "
            f"{format_day(other)}. If that's wrong, give the date with the month in words "
            f"(like {other.day} {other:%B}), or change how I read numbers with ",
            cmd("dates", date_order=_other_order(context.order).value), ".")
    return DateReading(preferred, note)


def _other_order(order: DateOrder) -> DateOrder:
    return DateOrder.MDY if order is DateOrder.DMY else DateOrder.DMY


def _by_order(order: DateOrder, first: str, second: str, third: str | None, today: date,
              direction: Direction) -> date | None:
    """The day the parts name when read in `order`; a missing year is the nearest one."""
    if order is DateOrder.YMD:
        if third is None:
            month, day_, year = int(first), int(second), None
        else:
            year, month, day_ = _year(first), int(second), int(third)
    elif third is None:
        year = None
        day_, month = ((int(first), int(second)) if order is DateOrder.DMY
                       else (int(second), int(first)))
    else:
        year = _year(third)
        day_, month = ((int(first), int(second)) if order is DateOrder.DMY
                       else (int(second), int(first)))
    if year is not None:
        return _valid(year, month, day_)
    return _nearest(month, day_, today, direction)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _nearest(month: int, day_: int, today: date, direction: Direction) -> date | None:
    """The latest such day up to today (past), or the first one after today (future)."""
    years = (today.year, today.year - 1) if direction == "past" else (today.year,
                                                                       today.year + 1)
    for year in years:
        found = _valid(year, month, day_)
        if found and (found <= today if direction == "past" else found > today):
            return found
    return None


def _valid(year: int, month: int, day_: int) -> date | None:
    try:
        return date(year, month, day_)
    except ValueError:
        return None


def _with_dateparser(cleaned: str, context: DateContext, direction: Direction
                     ) -> DateReading | None:
    """Everything else with words in it: weekdays, month names, `last week`, `a week from now`."""
    from dateparser.date import DateDataParser  # imported on first use: it is slow to load

    settings = {
        "RELATIVE_BASE": datetime.combine(context.today, time(12)),
        "PREFER_DATES_FROM": direction,
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": context.order.value.upper(),
    }
    found = DateDataParser(languages=["en"], settings=settings).get_date_data(cleaned)
    parsed = found.date_obj
    if parsed is None:
        return None
    if found.period in ("month", "year") and not _RELATIVE_WORDS.search(cleaned):
        # A month alone (`march`, `feb 2026`) names no day; dateparser would pick one.
        raise UserError(f"Which day in {parsed:%B}? Give the day too, like 3 {parsed:%B}.")
    return DateReading(parsed.date())


def warm_up() -> None:
    """Load dateparser before the first date that needs it (it takes about half a second), so
    no user waits for it. For a composition root to run in a worker thread at start-up."""
    try:
        _with_dateparser("last friday", DateContext(date(2026, 3, 2)), "past")
    except Exception:  # warming up must never stop the bot; the first use loads it instead
        log.warning("couldn't load the date parser ahead of time", exc_info=True)


def _unreadable(text: str, context: DateContext, direction: Direction) -> str:
    shown = text.strip() or "that"
    if direction == "future":
        return (f"I couldn't read “{shown}” as a day to come. Try: tuesday, next tuesday, in 2 "
                "weeks, 3 March or 2026-03-03.")
    sample = {DateOrder.DMY: "27/02/2026", DateOrder.MDY: "02/27/2026",
              DateOrder.YMD: "2026/02/27"}[context.order]
    return (f"I couldn't read “{shown}” as a date. Try: today, yesterday, 3 days ago, last "
            f"friday, 27 Feb, 2026-02-27 or {sample}.")
