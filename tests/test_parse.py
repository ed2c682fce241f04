"""Parsing what users type: durations, times, zones, contact details, fields."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.errors import UserError
from bot.fields import parse_fields
from bot.log_form import FIELD_ALIASES
from bot.parse import (
    Duration,
    parse_clock_time,
    parse_duration,
    parse_email,
    parse_linkedin_url,
    parse_phone,
    parse_quiet_hours,
    parse_timezone,
    split_range,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("3d", Duration(days=3)), ("2w", Duration(days=14)), ("1mo", Duration(months=1)),
    ("2 weeks", Duration(days=14)), ("6 months", Duration(months=6)), ("10 days", Duration(10)),
])
def test_durations(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "0d", "3y", "13mo", "400d", "-2d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(UserError):
        parse_duration(text)


def test_month_durations_use_the_calendar() -> None:
    assert Duration(months=1).after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert Duration(months=1).describe() == "1 month"
    assert Duration(days=14).describe() == "2 weeks"


@pytest.mark.parametrize(("text", "expected"), [
    ("09:30", time(9, 30)), ("9:30", time(9, 30)), ("9", time(9)), ("9am", time(9)),
    ("5:30pm", time(17, 30)), ("12am", time(0)), ("23:59", time(23, 59)),
])
def test_clock_times(text: str, expected: time) -> None:
    assert parse_clock_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9:60", "noonish", "13pm", ""])
def test_bad_clock_times(text: str) -> None:
    with pytest.raises(UserError, match="HH:MM"):
        parse_clock_time(text)


def test_quiet_hours_may_span_midnight() -> None:
    assert parse_quiet_hours(*split_range("22:00-07:00")) == (time(22), time(7))
    assert parse_quiet_hours(*split_range("20:00 to 08:00")) == (time(20), time(8))
    with pytest.raises(UserError):
        parse_quiet_hours(*split_range("20:00"))
    with pytest.raises(UserError):
        parse_quiet_hours(*split_range("08:00-08:00"))


def test_time_zones_are_matched_case_insensitively_with_suggestions() -> None:
    assert parse_timezone("europe/berlin") == "Europe/Berlin"
    assert parse_timezone("America/New York") == "America/New_York"
    assert parse_timezone("utc") == "UTC"
    with pytest.raises(UserError, match="Europe/Berlin"):
        parse_timezone("Europe/Berlim")
    with pytest.raises(UserError, match="IANA"):
        parse_timezone("Mars/Olympus")


def test_contact_details() -> None:
    assert parse_email(" jane@acme.com ") == "jane@acme.com"
    assert parse_phone("+1 (555) 010-0199") == "+1 (555) 010-0199"
    assert parse_linkedin_url("linkedin.com/in/jane") == "https://linkedin.com/in/jane"
    assert parse_linkedin_url("https://www.linkedin.com/in/jane-d/") == \
        "https://www.linkedin.com/in/jane-d/"
    for bad in ("jane", "jane@acme", "jane @acme.com", "<script>@x.com"):
        with pytest.raises(UserError, match="email"):
            parse_email(bad)
    for bad in ("12", "call me", "+1 555 CALL NOW"):
        with pytest.raises(UserError, match="phone"):
            parse_phone(bad)
    for bad in ("https://evil.example/in/jane", "jane smith", "linkedin.com"):
        with pytest.raises(UserError, match="LinkedIn"):
            parse_linkedin_url(bad)


def test_fields_keep_semicolons_and_colons_inside_values() -> None:
    fields = parse_fields("company: Acme; memory: we discussed the roadmap; key point: scale;"
                          " role: Designer", FIELD_ALIASES)
    assert fields == {"company": "Acme", "role": "Designer",
                      "memory": "we discussed the roadmap; key point: scale"}


def test_fields_accept_aliases_and_newlines() -> None:
    fields = parse_fields("Company: Acme\nPosition: Designer\nhiring manager: Jane",
                          FIELD_ALIASES)
    assert fields == {"company": "Acme", "role": "Designer", "interviewer": "Jane"}


def test_fields_report_typos_and_repeats() -> None:
    with pytest.raises(UserError, match="Did you mean interviewer"):
        parse_fields("company: Acme; intervewer: Jane", FIELD_ALIASES)
    with pytest.raises(UserError, match="twice"):
        parse_fields("company: Acme; company: Beta", FIELD_ALIASES)
    with pytest.raises(UserError, match="name: value"):
        parse_fields("just some words", FIELD_ALIASES)
    with pytest.raises(UserError, match="don't know the field"):
        parse_fields("favourite colour: blue; company: Acme", FIELD_ALIASES)
