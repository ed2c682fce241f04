"""Conversions between domain values and their stored text forms.

Instants are ISO-8601 UTC text with microseconds (fixed width, so text order is time order),
dates are ISO dates, wall-clock times are 'HH:MM', structured data is a JSON object.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from bot.models import Event, EventKind


def utc_text(when: datetime) -> str:
    """Store an aware instant as fixed-width UTC text; a naive datetime is a bug."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("the store needs aware datetimes, got a naive one")
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def utc(when: datetime) -> datetime:
    """The same instant with tzinfo UTC, as the store returns it."""
    return datetime.fromisoformat(utc_text(when))


def parse_utc(text: str) -> datetime:
    """Read a stored instant back as an aware UTC datetime (naive text is taken as UTC)."""
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def clock_text(value: time) -> str:
    """Store a wall-clock time as 'HH:MM'; seconds or a zone would be silently lost, so refuse."""
    if value.second or value.microsecond or value.tzinfo is not None:
        raise ValueError("preference times are whole minutes without a zone")
    return value.strftime("%H:%M")


def parse_clock(text: str) -> time:
    """Read a stored 'HH:MM' back as a time."""
    return time.fromisoformat(text)


def parse_date(text: str) -> date:
    """Read a stored ISO date."""
    return date.fromisoformat(text)


def json_text(value: dict[str, Any]) -> str:
    """Encode a JSON object compactly, keeping non-ASCII text readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def parse_json_object(text: str) -> dict[str, Any]:
    """Decode a stored JSON object; anything else in the column is a bug."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("stored JSON is not an object")
    return value


def event_data(event: Event) -> str:
    """The JSON `data` column of an event: its optional fields, those that are set."""
    data: dict[str, str] = {}
    if event.action is not None:
        data["action"] = event.action
    if event.value is not None:
        data["value"] = event.value
    if event.until is not None:
        data["until"] = event.until.isoformat()
    if event.message is not None:
        data["message"] = event.message
    return json_text(data)


_EVENT_KINDS = {kind.value: kind for kind in EventKind}
"""By value: a dict lookup costs a twentieth of calling the enum (an unknown kind raises
KeyError rather than ValueError)."""


def parse_event(*, event_id: int, kind: str, at: str, data: str) -> Event:
    """Rebuild an event from its stored columns."""
    if data == "{}":  # most events carry nothing more, and JSON decoding is the dear part
        return Event(kind=_EVENT_KINDS[kind], at=parse_utc(at), id=event_id)
    fields = parse_json_object(data)
    until = fields.get("until")
    return Event(
        kind=_EVENT_KINDS[kind],
        at=parse_utc(at),
        action=fields.get("action"),
        value=fields.get("value"),
        until=parse_date(until) if until is not None else None,
        id=event_id,
        message=fields.get("message"),
    )
