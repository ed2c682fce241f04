"""When a nudge lands: the user's preferred local time, on a weekday, outside quiet hours.

All arithmetic is on local calendar dates and wall-clock times in the user's IANA zone, then
converted to UTC once, so a 09:30 nudge stays 09:30 local across DST changes. A wall time
that doesn't exist (inside a spring-forward gap) lands just after the gap; one that happens
twice (in a fall-back overlap) is taken at its first occurrence, so it fires once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.models import Preferences

MAX_DAYS_AHEAD = 14


def in_quiet_hours(moment: time, *, start: time, end: time) -> bool:
    """Whether a wall time falls in quiet hours, which may span midnight (20:00-08:00)."""
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def _slot_on(day: date, preferences: Preferences) -> tuple[date, time]:
    """The preferred time on `day`, moved to the end of quiet hours if it falls inside them."""
    at = preferences.nudge_time
    start, end = preferences.quiet_start, preferences.quiet_end
    if not in_quiet_hours(at, start=start, end=end):
        return day, at
    if start > end and at >= start:  # the quiet period ends the next morning
        return day + timedelta(days=1), end
    return day, end


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A local wall time as UTC; fold=0 puts gap times after the gap and overlaps first.

    Public so the DST rules can be checked on any day: `nudge_moment` itself never picks a
    weekend, and most zones change their clocks on a Sunday.
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def nudge_moment(due_on: date, preferences: Preferences, *, not_before: datetime) -> datetime:
    """The first good moment on or after `due_on` (local date) and not before `not_before`."""
    zone = ZoneInfo(preferences.timezone)
    first_day = max(due_on, not_before.astimezone(zone).date() - timedelta(days=1))
    for offset in range(MAX_DAYS_AHEAD):
        day, at = _slot_on(first_day + timedelta(days=offset), preferences)
        if day.weekday() >= 5:
            continue
        moment = local_to_utc(day, at, zone)
        if moment >= not_before:
            return moment
    return local_to_utc(first_day + timedelta(days=MAX_DAYS_AHEAD), preferences.nudge_time, zone)


def quiet_until(now: datetime, preferences: Preferences) -> datetime | None:
    """When the user's quiet hours end, if `now` falls inside them; else None."""
    zone = ZoneInfo(preferences.timezone)
    local = now.astimezone(zone)
    start, end = preferences.quiet_start, preferences.quiet_end
    if not in_quiet_hours(local.time(), start=start, end=end):
        return None
    day = local.date()
    if start > end and local.time() >= start:  # the quiet period ends the next morning
        day += timedelta(days=1)
    return max(local_to_utc(day, end, zone), now)

