"""Answers to yes/no questions: typed words, and buttons bound to their own question."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.confirm import Answer, read_answer, stale
from bot.flow_state import Confirmation, ForgetMe
from bot.log_form import FormState
from bot.syntax import TERMINAL_SYNTAX, Surface, TextSyntax, cmd

NOW = datetime(2026, 3, 2, 14, tzinfo=UTC)
OPEN = Confirmation(ForgetMe(), token="k3f9q2", asked_at=NOW,
                    again=cmd("forget", company="me"))
SLACK_CHANNEL = TextSyntax(Surface.SLACK_CHANNEL, prefix="/coach ")


@pytest.mark.parametrize(("text", "answer"), [
    ("yes", Answer(True, None)), ("Y", Answer(True, None)), ("yes!", Answer(True, None)),
    ("no", Answer(False, None)), ("cancel", Answer(False, None)),
    ("yes #k3f9q2", Answer(True, "k3f9q2")), ("NO #K3F9Q2", Answer(False, "k3f9q2")),
    ("yes please", None), ("yesterday", None), ("no way", None), ("list", None),
    ("yes #acme", None),
])
def test_reading_an_answer(text: str, answer: Answer | None) -> None:
    assert read_answer(text) == answer


def test_only_the_questions_own_token_or_a_typed_answer_settles_it() -> None:
    terminal = {"now": NOW, "syntax": TERMINAL_SYNTAX}
    assert stale(OPEN, Answer(True, "k3f9q2"), **terminal) is None
    assert stale(OPEN, Answer(True, None), **terminal) is None
    other = stale(OPEN, Answer(True, "aaaaaa"), **terminal)
    assert other is not None and "still open: answer it with yes or no" in str(other)
    pressed = stale(OPEN, Answer(True, "aaaaaa"), now=NOW, syntax=SLACK_CHANNEL)
    assert pressed is not None and "still open: answer it with its buttons" in str(pressed)
    nothing_open = stale(None, Answer(True, "k3f9q2"), **terminal)
    assert nothing_open is not None and "newer question" not in str(nothing_open)
    form = FormState(answers={}, asking="company")
    assert "expired" in str(stale(form, Answer(True, "k3f9q2"), **terminal))


def test_a_question_expires_after_an_hour() -> None:
    assert stale(OPEN, Answer(True, None), now=NOW + timedelta(minutes=59),
                 syntax=TERMINAL_SYNTAX) is None
    late = stale(OPEN, Answer(True, "k3f9q2"), now=NOW + timedelta(minutes=61),
                 syntax=TERMINAL_SYNTAX)
    assert late is not None and "type forget me again" in str(late)
    in_a_channel = stale(OPEN, Answer(True, "k3f9q2"), now=NOW + timedelta(minutes=61),
                         syntax=SLACK_CHANNEL)
    assert in_a_channel is not None and "type /coach forget me again" in str(in_a_channel)
