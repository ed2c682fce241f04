"""What blind set J taught, each in our own fresh wording (never a corpus sentence).

Where to reach the writer may give an address before the number, and "whenever suits" after
it hands them the timing instead of proposing a meeting. A shared moment kept as a favourite
memory shows appreciation in a later letter. A writer who types in lower case still writes
sentences, so the feedback question in their third sentence is not their opening.
"""

from __future__ import annotations

import pytest
from test_review_intent import NONE

from bot.intent import detect
from bot.models import DraftKind
from bot.review import review
from bot.review_text import split_sentences


def _categories(sentence: str) -> dict[str, str]:
    return {intent.category: intent.excuse for intent in detect(sentence)}


@pytest.mark.parametrize("sentence", [
    "Drop me a line at sam.okoro@example.org or on 0161 496 0012 whenever suits.",
    "You can contact me at s.okoro@example.org, or at 0161 496 0012.",
    "Call me on 0161 496 0012, whenever works for you.",
])
def test_where_to_reach_me_is_a_contact_offer_not_a_proposal(sentence: str) -> None:
    assert _categories(sentence) == {"pressure": "contact"}


@pytest.mark.parametrize("sentence", [
    "We could grab a coffee whenever suits.",
    "I can pop over to the studio whenever you are free.",
])
def test_whenever_suits_after_a_meeting_still_proposes_one(sentence: str) -> None:
    assert _categories(sentence) == {"pressure": ""}


LATER = ("Subject: Other roles\n\nHi Jane,\n\n{s} I understand I wasn't the right match for the "
         "analyst role. If a data-engineering opening comes up, I'd love to be considered.\n\n"
         "Best,\nSam")


def test_a_moment_kept_as_a_favourite_memory_shows_appreciation() -> None:
    shown = "Sketching the pricing model on your whiteboard is still one of my fondest memories."
    findings = review(LATER.format(s=shown), kind=DraftKind.ALTERNATE_ROLES, context=NONE)
    assert "thanks-and-specific" not in {f.rule for f in findings}


def test_a_favourite_thing_that_is_no_memory_shows_nothing() -> None:
    shown = "Pricing models are my favourite topic."
    findings = review(LATER.format(s=shown), kind=DraftKind.ALTERNATE_ROLES, context=NONE)
    assert "thanks-and-specific" in {f.rule for f in findings}


def test_a_lower_case_writer_s_sentences_are_cut_at_their_full_stops() -> None:
    text = "cheers for the reply. the demo went out on friday. e.g. the export now works."
    assert split_sentences(text) == ("cheers for the reply.", "the demo went out on friday.",
                                     "e.g. the export now works.")


def test_a_capitalised_text_is_not_cut_before_a_lower_case_word() -> None:
    assert split_sentences("We met at 9 a.m. on the dot. It went well.") == (
        "We met at 9 a.m. on the dot.", "It went well.")


def test_a_lower_case_reply_asking_for_feedback_later_does_not_open_with_it() -> None:
    reply = ("hi jane,\n\ncheers for getting back to me, and well done on the launch. i've kept "
             "using the pricing sketch since. if you have any thoughts on what would make me a "
             "stronger candidate next time, i'd be glad to hear them.\n\nbest,\nsam")
    findings = review(reply, kind=DraftKind.REPLY, context=NONE)
    assert "feedback-not-first" not in {f.rule for f in findings}


@pytest.mark.parametrize(("sentence", "category"), [
    # a holiday named as the date to answer by
    ("A reply before Easter would be lovely.", "pressure"),
    # the job shared or split, being interviewed again
    ("Could the post perhaps be shared between the two of us?", "reconsider"),
    ("I'd gladly re-interview if that helps.", "reconsider"),
    # which criteria ended up counting: the reasons, asked
    ("I wonder which qualities ended up counting most in your decision.", "why"),
    # the hire compared with what the writer has ("than my", "which I don't")
    ("Your new designer probably has more agency years than my three.", "who-hired"),
    ("I imagine the successful applicant drives, which I don't.", "who-hired"),
    # readiness for a job not offered: a first-days plan, a purchase made expecting it
    ("My first-month plans were already sketched out.", "hoped"),
    ("I renewed my forklift licence since I'd need it for the job.", "hoped"),
    # the only place applied to, and how keen one was, told in the past
    ("It was the only studio I applied to this spring.", "hoped"),
    # sarcasm at oneself or at the contest
    ("Next round I'll try to be someone else entirely.", "tone"),
    ("Oh well, may the best candidate win.", "tone"),
    # their view wished for, said as what it would be worth
    ("Your take on my portfolio would be really valuable.", "feedback"),
])
def test_what_set_j_missed_is_named_however_it_is_worded(sentence: str, category: str) -> None:
    assert category in _categories(sentence)


@pytest.mark.parametrize("sentence", [
    # one's own lateness apologised for, a form letter they spared the writer
    "Apologies for turning up ten minutes late, and thanks for waiting.",
    "Thank you for calling me yourself instead of sending a form email.",
    # holidays, keenness and "only" in innocent company
    "I hope the new store opens well before Christmas.",
    "I mentioned how keen I was to meet the rest of the team.",
    "The only varnish I applied to the shelf was clear.",
    "We split the cost of the taxi.",
    "Your advice has been invaluable since.",
])
def test_their_innocent_neighbours_name_nothing(sentence: str) -> None:
    assert detect(sentence) == ()


@pytest.mark.parametrize("sentence", [
    "Your reply was a form letter.",
    "The interviewer turned up twenty minutes late.",
])
def test_a_form_letter_or_their_lateness_still_reads_as_a_barb(sentence: str) -> None:
    assert "tone" in _categories(sentence)
