"""Reading a plain sentence about a rejection, and leaving every other sentence alone."""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS
from bot.sentence import mentions_rejection, read_rejection
from bot.syntax import typed


@pytest.mark.parametrize(("text", "expected"), [
    ("I got rejected from Google yesterday for the PM role",
     {"company": "Google", "role": "PM", "rejected": "yesterday"}),
    ("Acme turned me down last week for the data analyst job, the interviewer was Jane Smith",
     {"company": "Acme", "role": "data analyst", "rejected": "last week",
      "interviewer": "Jane Smith"}),
    ("just got a rejection email from Stripe", {"company": "Stripe", "rejected": "today"}),
    ("Google rejected me", {"company": "Google"}),
    ("I was rejected by Acme Labs on Friday", {"company": "Acme Labs", "rejected": "on Friday"}),
    ("sadly Globex said no to me on 27 Feb", {"company": "Globex", "rejected": "on 27 Feb"}),
    ("I didn't get the job at Initech", {"company": "Initech"}),
    ("got turned down by the hiring team at Umbrella Corp 3 days ago",
     {"company": "Umbrella Corp", "rejected": "3 days ago"}),
    ("Stripe has rejected my application for the Senior Engineer position",
     {"company": "Stripe", "role": "Senior Engineer"}),
    ("received a rejection letter from Hooli this morning, interviewed by Gavin Belson",
     {"company": "Hooli", "rejected": "today", "interviewer": "Gavin Belson"}),
    ("i got rejected from google yesterday", {"company": "google", "rejected": "yesterday"}),
    ("I have been rejected by Acme", {"company": "Acme"}),
])
def test_what_a_sentence_says(text: str, expected: dict[str, str]) -> None:
    found = read_rejection(text)
    assert found is not None
    assert found.answers == expected
    assert mentions_rejection(text)


@pytest.mark.parametrize("text", [
    "I rejected the offer from Acme", "I have rejected the offer from Acme",
    "what is a rejection email?", "I feel rejected", "can you help me with my resume",
    "how do I write a thank-you note", "review: I got rejected from Google yesterday",
    "thanks, that was helpful", "They rejected me",
])
def test_other_sentences_are_not_read_as_a_rejection(text: str) -> None:
    assert read_rejection(text) is None


@pytest.mark.parametrize("example", [
    typed(example) for command in COMMANDS for example in command.examples])
def test_no_command_example_reads_as_a_rejection(example: str) -> None:
    assert read_rejection(example) is None
