"""Precision first on later letters and thank-yous (issue 10: no false alarm on a good note).

Every blind author found good notes the note-level rules or the backstop flagged for saying
what their kind is written to say. These probes, in our own words
(tests/review_probe_letters.py, tests/review_probe_letters_more.py,
tests/review_probe_letters_q.py and tests/review_probe_letters_rs.py), cover each such thing
for each kind: the contact line, the outcome acknowledged, the hope to join one day, eagerness,
what the writer did about the feedback, asking about openings, a memory retold in other words.
Each good letter draws no finding at all; each bad one, otherwise good, is still caught by the
rule for its one problem.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import review_probe_letters_more as more
import review_probe_letters_q as q
import review_probe_letters_rs as rs
from review_probe_letters import ALLOWED, LATER
from review_probe_letters import BAD as FIRST_BAD
from review_probe_letters import GOOD as FIRST_GOOD

from bot.models import DraftKind, Rejection
from bot.review import ReviewContext, review

GOOD = FIRST_GOOD + more.GOOD + q.GOOD + rs.GOOD
BAD = FIRST_BAD + more.BAD + q.BAD + rs.BAD


def _context(memory: str) -> ReviewContext:
    return ReviewContext(rejection=Rejection(
        id=1, user_id=1, company="Northgate", role="Coordinator", interviewer="Jo Bell",
        rejected_on=date(2025, 1, 10), memory=memory, interviewer_email=None,
        linkedin_url=None, compliment=None, created_at=datetime(2025, 1, 10, tzinfo=UTC)))


def test_the_probes_cover_every_later_kind_and_are_many() -> None:
    assert len(GOOD) >= 40 and len(BAD) >= 20
    kinds = {kind for kind, _, _ in GOOD}
    assert kinds == {k.value for k in DraftKind} - {"linkedin"}


@pytest.mark.parametrize(("kind", "memory", "text"), GOOD)
def test_a_good_letter_draws_no_finding(kind: str, memory: str, text: str) -> None:
    findings = review(text, kind=DraftKind(kind), context=_context(memory))
    assert [(f.rule, f.quote) for f in findings] == []


@pytest.mark.parametrize(("kind", "memory", "text", "rule"), BAD)
def test_a_bad_letter_is_still_caught(kind: str, memory: str, text: str, rule: str) -> None:
    findings = review(text, kind=DraftKind(kind), context=_context(memory))
    assert rule in {f.rule for f in findings}, [(f.rule, f.quote) for f in findings]


@pytest.mark.parametrize("kind", sorted(LATER))
@pytest.mark.parametrize("sentence", ALLOWED)
def test_what_any_later_letter_may_say_draws_no_finding(kind: str, sentence: str) -> None:
    findings = review(LATER[kind].format(s=sentence), kind=DraftKind(kind), context=_context(""))
    assert [(f.rule, f.quote) for f in findings] == []
