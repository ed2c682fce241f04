"""Greeting people as they write their names (bot/names.py)."""

from __future__ import annotations

import pytest

from bot.names import first_name, greeting


@pytest.mark.parametrize(("typed", "expected"), [
    ("jane smith", "Hi Jane,"), ("JANE SMITH", "Hi Jane,"), ("  Zoë   O'Brien ", "Hi Zoë,"),
    ("Dr. Jane Smith", "Hi Jane,"), ("Prof. Dr. Maria Lopez", "Hi Maria,"),
    ("Dr. Smith", "Hi Dr. Smith,"), ("dr smith", "Hi Dr Smith,"), ("Mr Lee", "Hi Mr Lee,"),
    ("DR. MCDONALD", "Hi Dr. McDonald,"), ("ms o'neil", "Hi Ms O'Neil,"),
    ("dr. de la cruz", "Hi Dr. de la Cruz,"), ("van der berg", "Hi Van der Berg,"),
    ("maria de la cruz", "Hi Maria,"), ("DeShawn Jones", "Hi DeShawn,"),
    ("dePaul Smith", "Hi DePaul,"), ("jean-luc picard", "Hi Jean-Luc,"),
    ("J. Smith", "Hi J. Smith,"), ("Jane.", "Hi Jane,"), ("Edith Head", "Hi Edith,"),
    ("Jane Smith - Hiring Manager", "Hi Jane,"), ("Jane Smith, Head of Design", "Hi Jane,"),
    ("Jane (she/her)", "Hi Jane,"), ("jane.smith@acme.com", "Hi Jane,"),
    ("山田太郎", "Hi 山田太郎,"), ("محمد علي", "Hi محمد,"), ("שרה לוי", "Hi שרה,"),
])
def test_one_person_is_greeted_as_people_write_names(typed: str, expected: str) -> None:
    assert greeting(typed) == expected


@pytest.mark.parametrize("typed", [
    "the hiring team", "Hiring Committee", "recruiter", "HR", "N/A", "n/a", "unknown", "-",
    "?", "", None, "Dr.", "I don't remember", "not sure", "Talent Acquisition",
])
def test_no_person_gets_a_neutral_greeting(typed: str | None) -> None:
    assert greeting(typed) == "Hello,"
    assert first_name(typed) == ""


@pytest.mark.parametrize(("typed", "expected"), [
    ("Jane Smith and Raj Patel", "Hi Jane and Raj,"), ("Jane & Raj", "Hi Jane and Raj,"),
    ("Jane Smith, Raj Patel", "Hi Jane and Raj,"), ("jane, raj, ana", "Hi Jane, Raj and Ana,"),
    ("Jane Smith and the hiring team", "Hi Jane,"), ("Jane and jane", "Hi Jane,"),
    ("Dr. de la Cruz, Dr. van der Berg and Ana", "Hello everyone,"),
    ("Ann, Bo, Cy, Di, Ed", "Hello everyone,"),
])
def test_several_people_are_all_greeted(typed: str, expected: str) -> None:
    assert greeting(typed) == expected


def test_a_note_to_one_profile_greets_the_first_person() -> None:
    assert first_name("Jane Smith and Raj Patel") == "Jane"
    assert first_name("Dr. Smith") == "Dr. Smith"
