"""What blind set L taught, each in our own fresh wording (never a corpus sentence).

The note-level rules follow PLAYBOOK per letter kind. Being considered if some opening comes
up is what the alternate-roles letter is written for (and any later letter may hope to join
one day), while asking for this role back stays `reconsider`. A stay-in-touch update is any
concrete thing learned, earned or built, told in any tense, and its PS may ask about
openings in many words. A reply to their message may thank them for answering quickly, and
counting one's attempts at a craft is not counting one's emails. Acknowledging a
disappointment and then agreeing with their feedback is gracious; arguing with it is not.
What L missed is named however it is worded. Each pass is paired with what is still caught.
"""

from __future__ import annotations

import pytest
from test_review_later_letters import LETTERS, NONE

from bot.intent import detect
from bot.models import DraftKind
from bot.review import review


def _rules(text: str, kind: DraftKind) -> set[str]:
    return {finding.rule for finding in review(text, kind=kind, context=NONE)}


def _in_letter(sentence: str, kind: DraftKind) -> set[str]:
    """The rules a sentence draws inside an otherwise good letter of `kind`."""
    return _rules(LETTERS[kind].format(s=sentence), kind)


def _categories(sentence: str) -> set[str]:
    return {intent.category for intent in detect(sentence)}


@pytest.mark.parametrize("sentence", [
    "Should a spot open up on the wholesale side, I'd be thrilled to be considered.",
    "If something comes up in the Leeds studio, please keep me in mind.",
    "Whenever a vacancy frees up in customer care, I'd love to throw my hat in.",
])
def test_some_opening_coming_up_is_the_alternate_roles_letters_point(sentence: str) -> None:
    assert "no-reconsider" not in _in_letter(sentence, DraftKind.ALTERNATE_ROLES)
    # the first note still leaves it out
    assert "no-reconsider" in _in_letter(sentence, DraftKind.THANK_YOU)


@pytest.mark.parametrize("sentence", [
    "If the analyst post opens up again, I'd jump at it.",
    "Should anything change with your new hire, please ring me before anyone else.",
    "If anything opens up, or if your new starter doesn't work out, I'm ready.",
])
def test_this_role_back_is_still_reconsider_in_an_alternate_roles_letter(sentence: str) -> None:
    assert "no-reconsider" in _in_letter(sentence, DraftKind.ALTERNATE_ROLES)


STAY = ("Hi Jane,\n\nI hope the spring has been good to you, and thank you again for the "
        "interview. {update}\n\nBest,\nSam\n\nPS: {ps}")
PS = "I'd still love to join the team; are any openings coming up?"


UPDATE = "Since then I have finished a first-aid course."


@pytest.mark.parametrize(("update", "ps", "flagged"), [
    # an update is anything learned, earned or built, told in any tense
    ("In April I got my scuba instructor licence and now lead the Sunday dives.", PS, False),
    ("I finally hold my bookkeeping diploma.", PS, False),
    ("I was asked to run the shop's move to the new till system, which went smoothly.", PS,
     False),
    ("Nine months on, my pottery stall is booked for every craft fair this summer.", PS, False),
    ("Your nudge towards public speaking paid off: I spoke at two meetups this winter.", PS,
     False),
    ("I now plan every delivery route with the mapping tool you recommended.", PS, False),
    ("I hope the team is thriving and the weather is kind.", PS, True),
    # the PS may ask about openings in many words, but must ask
    (UPDATE, "I'd still love to come aboard one day; is the team growing this year?", False),
    (UPDATE, "I would still love to work there. Do you expect to hire in the autumn?", False),
    (UPDATE, "I'd still love to be part of the crew; anything in the pipeline?", False),
    (UPDATE, "I'd still love to join the team. Have a lovely summer.", True),
])
def test_a_stay_in_touch_update_and_ps_are_read_for_what_they_do(update: str, ps: str,
                                                                 flagged: bool) -> None:
    text = STAY.format(update=update, ps=ps)
    assert ("ps-and-update" in _rules(text, DraftKind.STAY_IN_TOUCH)) is flagged


@pytest.mark.parametrize(("sentence", "flagged"), [
    # a warm reply: their quick answer thanked for, a count of attempts at a craft
    ("It was so generous of you to reply so quickly.", False),
    ("Thank you very much for getting back to me so soon.", False),
    ("My fourth attempt at the glaze finally came out even.", False),
    # chasing is still pressure in a reply
    ("Please write back soon.", True),
    ("This is my third attempt to reach you.", True),
])
def test_a_warm_reply_is_not_pressure(sentence: str, flagged: bool) -> None:
    assert ("no-pressure" in _in_letter(sentence, DraftKind.REPLY)) is flagged


def test_a_note_they_may_send_whenever_suits_is_no_meeting() -> None:
    sentence = "A line or two of feedback would be welcome, whenever suits you."
    assert "no-pressure" not in _in_letter(sentence, DraftKind.FEEDBACK_REQUEST)
    assert "pressure" in _categories("Could we grab twenty minutes, whenever suits?")


def test_disappointment_then_agreement_with_their_feedback_is_gracious() -> None:
    sentence = "I was disappointed at first, but your comments were fair and useful."
    assert "tone" not in _in_letter(sentence, DraftKind.THANK_YOU_FOR_FEEDBACK)
    assert "tone" in _categories("I was disappointed, but I don't think it was fair.")


@pytest.mark.parametrize("sentence", [
    # arguing with their feedback
    "I can't accept that my portfolio was too narrow.",
    "Frankly, I think my case study was misunderstood.",
    # measured against the credit they gave
    "Since then I've run two launches, so I was sharper than you gave me credit for.",
    # sorry for having wasted their time
    "Apologies that I wasted the panel's afternoon.",
])
def test_what_set_l_missed_is_named_however_it_is_worded(sentence: str) -> None:
    assert "tone" in _categories(sentence)


@pytest.mark.parametrize("sentence", [
    "I agree that my portfolio was too narrow.",
    "I misread the first question but recovered.",
    "Thanks for not wasting anyone's time with a long process.",
])
def test_their_innocent_neighbours_name_nothing(sentence: str) -> None:
    assert "tone" not in _categories(sentence)


REPLY_WITHOUT_THANKS = ("Hi Jane,\n\n{s} The whiteboard session on the checkout funnel still "
                        "comes up in my own stand-ups.\n\nBest,\nSam")


@pytest.mark.parametrize("sentence", [
    "I was so pleased to hear back from you.",
    "What a generous note; it made my week.",
    "It was thoughtful of you to pass on the panel's comments.",
])
def test_a_reply_may_thank_them_by_welcoming_their_message(sentence: str) -> None:
    assert "thanks-and-specific" not in _rules(REPLY_WITHOUT_THANKS.format(s=sentence),
                                               DraftKind.REPLY)


def test_a_reply_that_welcomes_nothing_still_lacks_the_thanks() -> None:
    text = REPLY_WITHOUT_THANKS.format(s="The weather here has turned.")
    assert "thanks-and-specific" in _rules(text, DraftKind.REPLY)


@pytest.mark.parametrize("sentence", [
    # what they told the writer about the hire, accepted
    "Thanks for telling me the successful candidate had more lab experience.",
    "I understand the person you hired brought more hospital background.",
    # the reasons understood from what they wrote, not asked for
    "I understood from your email why the panel turned me down, and it makes sense.",
    "Hearing why I wasn't picked has helped me plan the next year.",
    # a claim denied is an acknowledgement
    "I accept I wasn't the strongest applicant in the field.",
])
def test_a_later_letter_may_acknowledge_what_they_told_it(sentence: str) -> None:
    assert _in_letter(sentence, DraftKind.THANK_YOU_FOR_FEEDBACK) == set()


@pytest.mark.parametrize(("sentence", "rule"), [
    ("Did the successful candidate have more lab experience than me?", "no-who-hired"),
    ("The person you hired had far less experience than me.", "no-who-hired"),
    ("I know I was the strongest applicant in the field.", "tone"),
])
def test_comparisons_and_claims_are_still_caught_in_later_letters(sentence: str,
                                                                  rule: str) -> None:
    assert rule in _in_letter(sentence, DraftKind.THANK_YOU_FOR_FEEDBACK)


def test_reasons_that_would_help_are_still_asked_for() -> None:
    assert "why" in _categories("Hearing why I wasn't picked would help me plan the next year.")
    assert "why" not in _categories("Hearing why I wasn't picked has helped me plan the year.")


@pytest.mark.parametrize(("sentence", "category"), [
    # the reasons asked as what gave them doubts
    ("I'm curious what gave you pause about my application.", "why"),
    ("I do wonder what held you back from making me an offer.", "why"),
    # a second interview asked for, in any form of the verb
    ("Would you consider interviewing me once more next month?", "reconsider"),
])
def test_what_set_l_missed_in_requests_is_named(sentence: str, category: str) -> None:
    assert category in _categories(sentence)
    assert category not in _categories("I loved hearing what made you hesitate before "
                                       "moving to Kafka, and how you re-interviewed the data.")
