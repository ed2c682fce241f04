"""Parsing and validating what users type: durations, times, zones, emails, phones.

Dates have their own module, `bot.dates`.

Every function either returns a clean value or raises `UserError` with a message that says
what was wrong and what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import UserError
from bot.playbook import add_months
from bot.syntax import cmd

_DURATION = re.compile(r"^(\d{1,3})\s*(d|day|days|w|wk|wks|week|weeks|mo|mos|month|months)$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}$")
_RANGE_SEP = re.compile(r"\s*(?:-|–|to)\s*")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+(?:\s*(?:ext\.?|x)\s*\d{1,6})?$")


@dataclass(frozen=True)
class Duration:
    """A span the user typed: calendar months are kept apart from days."""

    days: int = 0
    months: int = 0

    def after(self, day: date) -> date:
        return add_months(day, self.months) + timedelta(days=self.days)

    def describe(self) -> str:
        if self.months:
            return f"{self.months} month" + ("s" if self.months != 1 else "")
        if self.days % 7 == 0:
            weeks = self.days // 7
            return f"{weeks} week" + ("s" if weeks != 1 else "")
        return f"{self.days} day" + ("s" if self.days != 1 else "")


def parse_duration(text: str) -> Duration:
    """`3d`, `2w`, `1mo` (also `3 days`, `2 weeks`, `1 month`), at most a year."""
    cleaned = " ".join(text.strip().lower().split())
    match = _DURATION.match(cleaned)
    if not match:
        raise UserError(
            f"I couldn't read “{text.strip()}” as a length of time. "
            "Use a number and a unit: 3d, 2w or 1mo."
        )
    count, unit = int(match.group(1)), match.group(2)
    if count == 0:
        raise UserError("That is zero time. Pick at least 1d.")
    if unit.startswith("m"):
        duration = Duration(months=count)
    else:
        duration = Duration(days=count * (7 if unit.startswith("w") else 1))
    if duration.months > 12 or duration.days > 366:
        raise UserError("That's more than a year. Pick something up to 12mo.")
    return duration


def parse_clock_time(text: str) -> time:
    """A time of day: `09:30`, `9:30`, `9`, `9am`, `5:30pm`."""
    cleaned = text.strip().lower().replace(".", ":")
    match = _CLOCK.match(cleaned)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        meridiem = match.group(3)
        if meridiem and 1 <= hour <= 12:
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        elif meridiem:
            hour = 99
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise UserError(f"I couldn't read “{text.strip()}” as a time. Use 24-hour HH:MM, like 09:30.")


def split_range(text: str) -> tuple[str, str]:
    """`20:00-08:00` (or `20:00 to 08:00`) as its two ends; the second is '' when missing."""
    parts = _RANGE_SEP.split(text.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def parse_quiet_hours(start_text: str, end_text: str) -> tuple[time, time]:
    """Quiet hours from a start and an end; they may span midnight (22:00-07:00)."""
    if not start_text.strip() or not end_text.strip():
        raise UserError("Give quiet hours as a start and an end, like ",
                        cmd("quiet", start="20:00", end="08:00"), ".")
    start, end = parse_clock_time(start_text), parse_clock_time(end_text)
    if start == end:
        raise UserError("Quiet hours need a different start and end, like ",
                        cmd("quiet", start="20:00", end="08:00"), ".")
    return start, end


def parse_timezone(text: str) -> str:
    """An IANA zone such as Europe/Berlin; matched case-insensitively."""
    cleaned = text.strip().replace(" ", "_")
    if not cleaned:
        raise UserError("Give a time zone, like ", cmd("timezone", zone="Europe/Berlin"), ".")
    zones = _zone_names()
    match = zones.get(cleaned.lower())
    if match is None:
        hint = _closest_zones(cleaned, zones)
        suggestion = f" Did you mean {hint}?" if hint else ""
        raise UserError(
            f"“{text.strip()}” is not a time zone I know.{suggestion} Use an IANA name "
            "such as America/New_York, Europe/London or Asia/Tokyo."
        )
    try:
        ZoneInfo(match)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(f"The zone {match} can't be loaded here; try another.") from exc
    return match


_ZONE_CACHE: dict[str, str] = {}


def _zone_names() -> dict[str, str]:
    if not _ZONE_CACHE:
        _ZONE_CACHE.update({name.lower(): name for name in available_timezones()})
        _ZONE_CACHE.setdefault("utc", "UTC")
    return _ZONE_CACHE


def _closest_zones(text: str, zones: dict[str, str]) -> str:
    from difflib import get_close_matches

    needle = text.lower()
    by_city = {key.rsplit("/", 1)[-1]: key for key in zones}
    hits = get_close_matches(needle, list(zones), n=2, cutoff=0.75)
    hits += [by_city[c] for c in get_close_matches(needle, list(by_city), n=2, cutoff=0.8)]
    unique = list(dict.fromkeys(zones[h] for h in hits))[:2]
    return " or ".join(unique)


def parse_email(text: str) -> str:
    """A plausible email address (one @, a dot in the domain, no spaces)."""
    cleaned = text.strip().strip("<>")
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise UserError(
            f"“{text.strip()}” doesn't look like an email address. Use the form name@example.com."
        )
    return cleaned


def parse_phone(text: str) -> str:
    """A phone number with 6 to 20 digits; +, spaces, dashes, dots and brackets allowed."""
    cleaned = " ".join(text.split())
    digits = sum(ch.isdigit() for ch in cleaned)
    if not _PHONE_CHARS.match(cleaned) or not 6 <= digits <= 20:
        raise UserError(
            f"“{text.strip()}” doesn't look like a phone number. Use digits, optionally with "
            "a leading + and spaces, like +1 555 010 0199."
        )
    return cleaned


def parse_linkedin_url(text: str) -> str:
    """A LinkedIn profile address; `https://` is added when left out."""
    cleaned = text.strip().strip("<>")
    bare = re.sub(r"^https?://", "", cleaned, flags=re.IGNORECASE)
    host = bare.split("/", 1)[0].lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")) or "/" not in bare \
            or any(ch.isspace() for ch in bare):
        raise UserError(
            f"“{text.strip()}” isn't a LinkedIn address. Paste the profile link, like "
            "linkedin.com/in/jane-doe, or skip this question."
        )
    return "https://" + bare


def parse_text(text: str, *, field: str, max_length: int, required: bool = True) -> str | None:
    """Free text for a field: trimmed, inner whitespace kept, bounded in length."""
    cleaned = text.strip()
    if not cleaned:
        if required:
            raise UserError(f"The {field} can't be empty.")
        return None
    if len(cleaned) > max_length:
        raise UserError(
            f"The {field} is {len(cleaned)} characters; keep it under {max_length}."
        )
    return cleaned
