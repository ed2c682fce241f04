"""Small formatting helpers so every adapter shows dates and spans the same way."""

from __future__ import annotations

from datetime import date

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: date) -> str:
    """`Fri 4 Dec 2026`: unambiguous in every locale (the names are ours, not the locale's,
    and a table is a tenth of the cost of strftime, which a listing calls per row)."""
    return f"{_WEEKDAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


def relative(value: date, *, today: date) -> str:
    """`today`, `tomorrow`, `in 12 days`, `3 days ago`."""
    delta = (value - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def day_with_relative(value: date, *, today: date) -> str:
    """`Fri 4 Dec 2026 (in 12 days)`."""
    return f"{day(value)} ({relative(value, today=today)})"


def plural(count: int, noun: str) -> str:
    """`1 rejection`, `3 rejections`."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def elapsed(since: date, *, today: date) -> str:
    """How long ago, roughly: `5 days`, `3 weeks`, `7 months`, `14 months`."""
    days = (today - since).days
    if days < 14:
        return plural(days, "day")
    if days < 60:
        return plural(days // 7, "week")
    months = (today.year - since.year) * 12 + today.month - since.month
    months -= today.day < since.day
    return plural(months, "month")
