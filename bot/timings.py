"""The playbook's timings, and the one way a sentence names a duration.

The timings are the playbook's advice (PLAYBOOK.md's table), the same for everyone, not a
setting: they follow how hiring managers work (a decision settles, a thank-you lands, a role is
filled), which is not something a user's preference changes. A user whose week doesn't fit a
step moves that step alone (`snooze`, `unsnooze`); the plan around it stays the playbook's.
So they live in one constant, `TIMINGS`, read where they are needed instead of handed along.

Every text that names a duration (nudges, tips, help, coach notes) writes it with `spoken` or
`spoken_months` from `TIMINGS`, never by hand, so changing a value here changes every
sentence that mentions it (`tests/test_timings.py` holds the code to that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Timings:
    """How long each wait of the playbook lasts."""

    cool_down: timedelta = timedelta(days=14)
    check_reply_after: timedelta = timedelta(days=7)
    no_reply_after: timedelta = timedelta(days=14)
    pause_after_brief_reply: timedelta = timedelta(weeks=3)
    answer_within: timedelta = timedelta(days=7)
    """An answer to their message later than this looks like a dropped thread."""
    stay_in_touch_months: int = 6
    stay_in_touch_window_end_months: int = 9


TIMINGS = Timings()

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve")


def spoken(span: timedelta, *, adjective: bool = False) -> str:
    """A duration as a sentence says it: `a week`, `two weeks`, `ten days`; with `adjective`,
    as it stands before a noun: `two-week` (cool-down), `three-week` (pause)."""
    days = span.days
    if days % 7 == 0 and days >= 7:
        return _count(days // 7, "week", adjective=adjective)
    return _count(days, "day", adjective=adjective)


def spoken_months(count: int, *, adjective: bool = False) -> str:
    """`six months`, `a month`; with `adjective`, `six-month`."""
    return _count(count, "month", adjective=adjective)


def spoken_month_range(first: int, last: int) -> str:
    """`six to nine months`."""
    return f"{_number(first)} to {spoken_months(last)}"


def _number(count: int) -> str:
    return _WORDS[count] if 0 <= count < len(_WORDS) else str(count)


def _count(count: int, unit: str, *, adjective: bool) -> str:
    number = _number(count)
    if adjective:
        return f"{number}-{unit}"
    if count == 1:
        return f"a {unit}"
    return f"{number} {unit}s"
