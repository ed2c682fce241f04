"""Later letters follow PLAYBOOK for their kind: what each does by design is not a finding.

The feedback request asks for reasons politely and gives a phone number; the alternate-roles
letter acknowledges the outcome, asks to be considered for other roles and mentions skills;
a reply may ask softly for feedback, not first; the stay-in-touch PS asks about openings.
Every later letter may apologise for the bother, acknowledge the outcome and say it writes
again. Each test pairs the pass with what is still caught, so none can pass by silence.
"""

from __future__ import annotations

import pytest

from bot.models import DraftKind
from bot.review import ReviewContext, review

LETTERS = {
    DraftKind.FEEDBACK_REQUEST: "Subject: A question\n\nHi Jane,\n\nThank you again for the "
    "interview and our whiteboard session on the checkout funnel. {s} You can reach me at "
    "sam@example.com.\n\nBest,\nSam",
    DraftKind.ALTERNATE_ROLES: "Subject: Other roles\n\nHi Jane,\n\nThank you again for the "
    "interview and our whiteboard session on the checkout funnel. {s} I'd be glad to be kept "
    "in mind for other openings at Acme.\n\nBest,\nSam",
    DraftKind.REPLY: "Hi Jane,\n\nThank you so much for writing back. {s} Thanks again for "
    "your time.\n\nBest,\nSam",
    DraftKind.THANK_YOU_FOR_FEEDBACK: "Hi Jane,\n\nThank you for taking the time to send me "
    "your feedback. {s}\n\nBest,\nSam",
    DraftKind.STAY_IN_TOUCH: "Hi Jane,\n\nI hope you're well, and thank you again for the "
    "interview last spring. {s} Since we spoke I finished a course on SQL.\n\nBest,\nSam\n\n"
    "PS: I'd still love to join the team; are any openings coming up?",
    DraftKind.THANK_YOU: "Subject: Thank you\n\nHi Jane,\n\nThank you for the chance to "
    "interview for the Data Analyst role at Acme. I especially enjoyed our whiteboard session "
    "on the checkout funnel. {s}\n\nBest,\nSam",
}
LATER = (DraftKind.FEEDBACK_REQUEST, DraftKind.ALTERNATE_ROLES, DraftKind.REPLY,
         DraftKind.THANK_YOU_FOR_FEEDBACK)
NONE = ReviewContext()


def rules(sentence: str, kind: DraftKind) -> set[str]:
    text = LETTERS[kind].format(s=sentence)
    return {finding.rule for finding in review(text, kind=kind, context=NONE)}


def test_every_letter_without_the_sentence_is_good() -> None:
    for kind in LETTERS:
        assert rules("", kind) == set(), kind


@pytest.mark.parametrize("kind", LATER)
@pytest.mark.parametrize("sentence", [
    "I'm sorry to bother you with this.",
    "I hope this isn't an imposition.",
    "Apologies for the long email.",
    "I realise you must be very busy.",
    "I don't want to take up too much of your time.",
    "I understand if you can't share anything.",
    "Sorry for taking up more of your time with another email.",
    "I hope you don't mind me reaching out again.",
])
def test_apologising_for_the_bother_is_courtesy(sentence: str, kind: DraftKind) -> None:
    assert rules(sentence, kind) == set()


@pytest.mark.parametrize("kind", LATER)
@pytest.mark.parametrize("sentence", [
    "I'm sorry I was such a letdown in the final round.",
    "Apologies for being so nervous and useless in the interview.",
])
def test_apologising_for_oneself_is_still_tone(sentence: str, kind: DraftKind) -> None:
    assert "tone" in rules(sentence, kind)


ACKNOWLEDGEMENTS = [
    "Although I was disappointed not to be selected, the day made me keener to work at Acme.",
    "I was disappointed to hear the news, but I understand the decision.",
    "Though disappointed, I'm still very keen to join Acme in some capacity.",
]


@pytest.mark.parametrize("kind", LATER)
@pytest.mark.parametrize("sentence", ACKNOWLEDGEMENTS)
def test_a_later_letter_may_own_its_disappointment(sentence: str, kind: DraftKind) -> None:
    assert rules(sentence, kind) == set()


@pytest.mark.parametrize("sentence", ACKNOWLEDGEMENTS)
def test_the_first_note_still_leaves_disappointment_out(sentence: str) -> None:
    assert "tone" in rules(sentence, DraftKind.THANK_YOU)


@pytest.mark.parametrize("kind", LATER)
def test_bitter_disappointment_is_tone_in_every_letter(kind: DraftKind) -> None:
    sentence = "I was disappointed, and still angry that the process was so unfair."
    assert "tone" in rules(sentence, kind)


@pytest.mark.parametrize("sentence", [
    "While I understand that you didn't feel I was the right fit for the analyst role, the "
    "interview made me even keener to work at Acme.",
    "I understand why you went with someone with more forecasting experience.",
    "I totally understand you went with someone who has more SQL experience.",
    "I accept that I was not the right fit for this role at this time.",
])
def test_acknowledging_they_felt_you_were_not_right_is_fine(sentence: str) -> None:
    for kind in (DraftKind.ALTERNATE_ROLES, DraftKind.THANK_YOU):
        assert rules(sentence, kind) == set(), kind


@pytest.mark.parametrize(("sentence", "rule"), [
    ("I don't understand why I was rejected.", "no-why"),
    ("I understand you went with someone else, but who was it?", "no-who-hired"),
    ("I still think I was the right fit for this role.", "tone"),
])
def test_questioning_the_outcome_is_still_caught(sentence: str, rule: str) -> None:
    assert rule in rules(sentence, DraftKind.ALTERNATE_ROLES)


def test_wanting_to_join_one_day_is_the_point_of_the_later_letters() -> None:
    sentence = "I'm still hoping to join Acme one day."
    for kind in (DraftKind.STAY_IN_TOUCH, DraftKind.ALTERNATE_ROLES, DraftKind.REPLY):
        assert rules(sentence, kind) == set(), kind
    assert "no-hoped" in rules(sentence, DraftKind.THANK_YOU)
    assert "no-hoped" in rules("I had my heart set on this role.", DraftKind.ALTERNATE_ROLES)


def test_a_later_letter_may_say_it_writes_again_but_not_chase() -> None:
    sentence = "Apologies for writing again so soon after your last note."
    for kind in LATER:
        assert rules(sentence, kind) == set(), kind
    assert "no-pressure" in rules(sentence, DraftKind.THANK_YOU)
    chase = "I'll follow up again next week if I haven't heard back."
    for kind in LATER:
        assert "no-pressure" in rules(chase, kind), kind


def test_a_number_to_reach_you_on_is_not_a_call_proposed() -> None:
    sentence = "Please feel free to email me or call on 020 7946 0318."
    for kind in (DraftKind.FEEDBACK_REQUEST, DraftKind.ALTERNATE_ROLES):
        assert rules(sentence, kind) == set(), kind
    assert "no-pressure" in rules("Could we set up a call next week?", DraftKind.ALTERNATE_ROLES)


def test_saying_you_are_not_asking_them_to_reconsider_is_fine() -> None:
    assert rules("I'm not looking to revisit the decision, only to learn from it.",
                 DraftKind.FEEDBACK_REQUEST) == set()
    assert "no-reconsider" in rules("I'd like you to revisit the decision.",
                                    DraftKind.FEEDBACK_REQUEST)
