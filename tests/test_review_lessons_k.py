"""What blind set K taught, each in our own fresh wording (never a corpus sentence).

A later letter may accept the outcome with "I know I wasn't the right fit", and may say how
much it would like to work there after all: neither claims anything nor asks why. A hope
about the note itself (keeping it short) is no hope for the job. What K missed is named
however it is worded: excitement about the move the job would bring, wanting it in other
words ("coveted"), their view asked on how one did, a shock after being sure one excelled,
ranking oneself above anyone they could find, news held up as proof one was capable all
along, an instruction to justify the decision, and the hire gone with the writer asking to
be put back in.
"""

from __future__ import annotations

import pytest
from test_review_intent import NONE

from bot.intent import detect
from bot.models import DraftKind
from bot.review import review


def _categories(sentence: str) -> dict[str, str]:
    return {intent.category: intent.excuse for intent in detect(sentence)}


@pytest.mark.parametrize("sentence", [
    # accepting the outcome plainly claims nothing
    "I know I wasn't quite the match you needed for the warehouse post.",
    "I know I was not chosen, and that's fine.",
    # how much one would like to work there is no question about the decision
    "Though I wasn't picked, the day showed me how keen I am to join Harbourline.",
    # a hope about this very note
    "I had hoped to make this short, so here is just one more thank you.",
    "I meant to write back sooner; the week ran away from me.",
    # innocent neighbours of the new frames
    "I was excited about the move to event sourcing you described.",
    "Nobody was more surprised than me when the old printer worked.",
    "It came as a lovely surprise to see the mural finished.",
    "I felt I nailed the sourdough recipe you shared.",
    "Since we spoke I've moved on to a bigger project at work.",
    "It was great to get back in touch with the alumni group.",
    "I'd love you to explain the new rota to me sometime.",
])
def test_what_set_k_showed_innocent_names_nothing(sentence: str) -> None:
    assert detect(sentence) == ()


@pytest.mark.parametrize("sentence", [
    "I know I was the best match for the team.",
    "I know that I was the obvious candidate.",
])
def test_knowing_one_was_the_right_match_is_still_a_claim(sentence: str) -> None:
    assert "tone" in _categories(sentence)


@pytest.mark.parametrize(("sentence", "category"), [
    # excitement, in the past, about the life the job would bring
    ("We were all thrilled about our planned relocation to Porto.", "hoped"),
    ("I was really excited about moving abroad for it.", "hoped"),
    # wanting it, in other words
    ("It was a post I'd coveted for years.", "hoped"),
    ("I craved this role more than I let on.", "hoped"),
    # their view asked on how one did, indirectly
    ("I'd be glad of a word on how my answers came across in the panel.", "feedback"),
    ("I'm curious how I fared overall.", "feedback"),
    # the outcome a shock after being sure one excelled
    ("I really believed I'd nailed the case study.", "tone"),
    ("Honestly, the email was a real blow.", "tone"),
    # ranking oneself above anyone they could find
    ("You'll never meet a candidate more driven than me.", "tone"),
    ("No one would be more dedicated than me.", "tone"),
    # news held up as proof against their judgement
    ("Getting certified shows I could do it all along.", "tone"),
    ("I was up to the job all along.", "tone"),
    # an instruction to justify the decision
    ("I'd want you to justify why I was turned down.", "tone"),
    # the hire gone, the writer asking to be put back in
    ("Should the person you hired have moved on, do think of me.", "reconsider"),
    ("If your new coordinator resigns, I'd love to be slotted back in.", "reconsider"),
    ("I'd be happy to be placed back into the process.", "reconsider"),
])
def test_what_set_k_missed_is_named_however_it_is_worded(sentence: str, category: str) -> None:
    assert category in _categories(sentence)


OTHER_ROLES = ("Subject: Other openings\n\nHi Jane,\n\nThank you again for the interview and "
               "the tour of the print room. {s} If a production role opens, I'd be glad to be "
               "considered; I also run the press's social accounts. You can reach me on "
               "0161 496 0012.\n\nBest,\nSam")


@pytest.mark.parametrize("sentence", [
    "I know I wasn't the right fit for the editor post, but I loved meeting the team.",
    "Although I wasn't chosen, the visit showed me how much I'd like to work with you.",
])
def test_an_alternate_roles_letter_may_accept_the_outcome(sentence: str) -> None:
    findings = review(OTHER_ROLES.format(s=sentence), kind=DraftKind.ALTERNATE_ROLES,
                      context=NONE)
    assert findings == ()


def test_a_feedback_request_that_instructs_them_to_justify_is_flagged() -> None:
    letter = ("Subject: A question\n\nHi Jane,\n\nThank you for the interview and the tour. I "
              "would like you to explain exactly why you rejected me. You can reach me at "
              "sam@example.org or on 0161 496 0012.\n\nBest,\nSam")
    findings = review(letter, kind=DraftKind.FEEDBACK_REQUEST, context=NONE)
    assert {"no-why", "tone"} <= {f.rule for f in findings}
