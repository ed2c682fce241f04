"""What blind set I taught, each in our own fresh wording (never a corpus sentence).

A sentence may carry two requests, of which the rules catch one: the other clause is still
read. Some tone is quiet (backhanded praise of the process, a told-you-so, a hedged guess at
one's own shortcomings). Which factor weighed most is a question about the reasons. A later
letter may show its thanks as appreciation; the first note says thank you in so many words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from test_review_intent import NONE, in_thank_you

from bot.intent import detect, learned
from bot.intent.gracious import is_courtesy
from bot.intent.learned import Backstop
from bot.models import DraftKind
from bot.review import review, review_with


@pytest.mark.parametrize(("sentence", "category"), [
    # praise of the process's size that only sarcasm explains
    ("The three take-home tasks were certainly exhaustive.", "tone"),
    # success reported against the panel's judgement
    ("I passed the AWS exam in the end, despite what your interviewers concluded.", "tone"),
    ("Turns out I was able to lead a team after all.", "tone"),
    # a hedged guess at one's own shortcomings, an apology for one's nerves
    ("I obviously wasn't who the team was after.", "tone"),
    ("Apologies that I seemed so flustered on the call.", "tone"),
    # which of the things behind the decision counted most
    ("I'd love to know which of those points counted most in the decision.", "why"),
    # the person hired named as the one who won; oneself offered as the fallback
    ("Was the winner of the selection a career changer too?", "who-hired"),
    ("Happy to stay second choice, should anything change.", "reconsider"),
    # their time asked for; the move the job would have brought, looked forward to
    ("Might I borrow fifteen minutes of your time on Monday?", "pressure"),
    ("We had been looking forward to relocating to Leeds.", "hoped"),
])
def test_quiet_tone_and_the_weightiest_reason_are_named(sentence: str, category: str) -> None:
    assert category in {intent.category for intent in detect(sentence)}


@pytest.mark.parametrize("sentence", [
    "The onboarding process was thorough and friendly.",
    "Whatever you decide for the launch, I'm cheering you on.",
    "I'd love to hear which features mattered most to your users.",
    "I'm sorry I missed the team lunch.",
    "Since then I have built a template library for our contracts.",
    # their time thanked for; a deadline as the topic of their words or of a question
    "I'm grateful for the hour of your time you gave me.",
    "Your joke that every sprint ends with a deadline stayed with me.",
    "Your question about missing a deadline gracefully was a good one.",
])
def test_their_innocent_neighbours_name_nothing(sentence: str) -> None:
    assert detect(sentence) == ()


@dataclass(frozen=True)
class Marked(Backstop):
    """A stand-in for the shipped model: reads a clause with `marker` as asking for
    feedback, everything else as fine, and records what it was asked."""

    marker: str = "sketches"
    asked: list[str] = field(default_factory=list)

    def probabilities(self, sentence: str) -> dict[str, float]:
        self.asked.append(sentence)
        return {"feedback": 1.0} if self.marker in sentence else {"ok": 1.0}


def _reviewed(sentence: str) -> tuple[set[str], list[str]]:
    backstop = Marked(learned.shipped().model)
    findings = review_with(in_thank_you(sentence), kind=DraftKind.THANK_YOU, context=NONE,
                           backstop=backstop)
    return {f.rule for f in findings}, backstop.asked


def test_a_second_request_in_a_sentence_the_rules_caught_is_still_read() -> None:
    found, asked = _reviewed("Could you tell me why I wasn't chosen, and whether my sketches "
                             "were any use?")
    assert {"no-why", "no-feedback-request"} <= found
    assert "whether my sketches were any use?" in asked


def test_a_clause_cut_at_a_semicolon_is_read_as_a_sentence() -> None:
    _, asked = _reviewed("Why wasn't I picked; my sketches felt strong.")
    assert "my sketches felt strong." in asked
    assert "Why wasn't I picked." not in asked  # the rules already caught it: not re-read


def test_a_purpose_clause_stays_with_its_request() -> None:
    _, asked = _reviewed("Could you tell me why I wasn't chosen, so I can prepare better?")
    assert not any(piece.startswith("I can") for piece in asked)


def test_a_sentence_the_rules_found_nothing_in_is_not_cut_finer() -> None:
    _, asked = _reviewed("I loved the sketches, and the tour was fun.")
    assert "I loved the sketches, and the tour was fun." in asked
    assert "the tour was fun." not in asked


ALTERNATE = ("Subject: Other roles\n\nHi Jane,\n\n{s} I understand I wasn't the right match "
             "for the analyst role. If a data-engineering opening comes up, I'd love to be "
             "considered.\n\nBest,\nSam")
SHOWN = ("I really treasured our afternoon talk about the pricing model.",
         "I enjoyed untangling that flaky test with you.",
         "It was a real pleasure to work through the case with you.")


@pytest.mark.parametrize("shown", SHOWN)
def test_a_later_letter_may_show_its_thanks_as_appreciation(shown: str) -> None:
    findings = review(ALTERNATE.format(s=shown), kind=DraftKind.ALTERNATE_ROLES, context=NONE)
    assert "thanks-and-specific" not in {f.rule for f in findings}


def test_a_later_letter_with_no_appreciation_is_asked_to_thank_them() -> None:
    findings = review(ALTERNATE.format(s="The pricing model was clever."),
                      kind=DraftKind.ALTERNATE_ROLES, context=NONE)
    assert "thanks-and-specific" in {f.rule for f in findings}


def test_the_first_note_still_says_thank_you_in_so_many_words() -> None:
    note = ("Subject: Hello\n\nHi Jane,\n\nI really treasured our afternoon talk about the "
            "pricing model for the analyst role.\n\nBest,\nSam")
    findings = review(note, kind=DraftKind.THANK_YOU, context=NONE)
    assert "thanks-and-specific" in {f.rule for f in findings}


@pytest.mark.parametrize(("sentence", "courtesy"), [
    ("I realise that's not always possible.", True),
    ("I know that some details can't be shared.", True),
    ("I know that isn't fair.", False),
])
def test_granting_that_sharing_may_not_be_possible_is_a_courtesy(sentence: str,
                                                                 courtesy: bool) -> None:
    assert is_courtesy(sentence) is courtesy
