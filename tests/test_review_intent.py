"""The review judges intent: fresh phrasings per category, innocent traps, kinds, names."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.intent import detect
from bot.intent.normalise import normalise
from bot.models import DraftKind, Rejection
from bot.review import ReviewContext, review

THANK_YOU = """Subject: Thank you

Hi Jane,

Thank you for the chance to interview for the Data Analyst role at Acme. I especially \
enjoyed our whiteboard session on the checkout funnel.{extra}

Best,
Sam"""
NONE = ReviewContext()


def rules(text: str, kind: DraftKind = DraftKind.THANK_YOU,
          context: ReviewContext = NONE) -> set[str]:
    return {finding.rule for finding in review(text, kind=kind, context=context)}


def in_thank_you(sentence: str) -> str:
    return THANK_YOU.format(extra=f" {sentence}")


@pytest.mark.parametrize(("sentence", "rule"), [
    ("How come I didn't make the cut?", "no-why"),
    ("I'm keen to understand what led the panel to its conclusion.", "no-why"),
    ("Why didn’t you pick me?", "no-why"),
    ("What swayed the team in the end?", "no-why"),
    ("Who did you end up hiring?", "no-who-hired"),
    ("Was the other finalist more senior than I am?", "no-who-hired"),
    ("What does the new hire bring that I couldn't?", "no-who-hired"),
    ("Where did my answers fall flat?", "no-feedback-request"),
    ("I'd be grateful for any advice on how I could improve.", "no-feedback-request"),
    ("Did I come across as too nervous?", "no-feedback-request"),
    ("Would you please reconsider my application?", "no-reconsider"),
    ("Please keep my name in mind in case the new person doesn't work out.", "no-reconsider"),
    ("If the role opens up again, please contact me before you advertise it.",
     "no-reconsider"),
    ("I'd appreciate hearing back from you by Wednesday.", "no-pressure"),
    ("Can we set up a call to talk it through?", "no-pressure"),
    ("I'll give you a ring next week to follow up.", "no-pressure"),
    ("Are you free for a quick coffee on Friday?", "no-pressure"),
    ("To be honest, the whole process felt like a waste of time.", "tone"),
    ("I'm sorry I let you down in the final round.", "tone"),
    ("You clearly missed out on a great hire.", "tone"),
    ("I know I was the right person for this job.", "tone"),
    ("I had really hoped to be part of your team.", "no-hoped"),
    ("I was so sure I'd get an offer.", "no-hoped"),
    ("Getting this role meant everything to me.", "no-hoped"),
    ("I had my hopes pinned on this position.", "no-hoped"),
    ("Your studio was my top choice from the start.", "no-hoped"),
    ("I'd already timed the commute from my flat.", "no-hoped"),
    ("It felt like the decision was already made before my first interview.", "tone"),
    ("For the record, I did explain the trade-offs properly.", "tone"),
    ("I'd appreciate being treated with a little more respect.", "tone"),
    ("Which criteria mattered most in the end?", "no-why"),
    ("If the new starter leaves, I'd happily be your replacement.", "no-reconsider"),
    ("I think I'd have been the strongest hire on that shortlist.", "tone"),
    ("Perhaps you could reconsider once you've read my new case study.", "no-reconsider"),
    ("Honestly, the whole selection was rigged.", "tone"),
    ("The take-home task was frankly absurd.", "tone"),
])
def test_each_category_is_caught_however_it_is_worded(sentence: str, rule: str) -> None:
    assert rules(in_thank_you(sentence)) == {rule} | (rules(in_thank_you(sentence)) - {rule})
    assert rule in rules(in_thank_you(sentence))
    assert rule in rules(f"Hi Jane, thanks for the Data Analyst interview. {sentence}",
                         DraftKind.LINKEDIN)


@pytest.mark.parametrize("sentence", [
    "I loved our talk about why the team moved to Kafka.",
    "I wish you the best with the launch.",
    "Thank you for explaining what went into the redesign.",
    "I hope the offsite goes well.",
    "Your feedback culture impressed me.",
    "I'm sorry to hear the office flooded.",
    "Who knew a whiteboard session could be this fun?",
    "The call with your design lead was a highlight.",
    "I learned a lot about how you decide what to build next.",
    "I understand you've chosen another candidate, and I respect the decision.",
    "I hope the new hire settles in quickly.",
    "Thanks for the tips on Lisbon's best coffee spots.",
    "Your story about reconsidering the pricing model was fascinating.",
    "I hope you enjoy the well deserved holiday.",
    "I'd be happy to connect here on LinkedIn.",
    "It was fun to compare notes on our favourite hiking trails.",
    "Everyone treated me with such warmth and respect.",
    "Counting on good test coverage the way your team does is something I admire.",
    "May I connect with you here?",
    "Your team's absurd collection of rubber ducks still makes me smile.",
    "It's funny how often I find myself quoting your line about small releases.",
    "You found the memory leak before anyone else in the room did.",
    "Taste the cardamom buns at the corner bakery and you'll see why I rave about them.",
    "I've already started working on the testing habits we discussed.",
])
def test_innocent_uses_of_trigger_words_pass(sentence: str) -> None:
    assert rules(in_thank_you(sentence)) == set()


def test_the_base_note_is_good() -> None:
    assert rules(THANK_YOU.format(extra="")) == set()


def test_findings_quote_the_sentence_and_offer_a_gentler_line() -> None:
    sentence = "Could you walk me through the reasoning behind the final call?"
    [finding] = review(in_thank_you(sentence), kind=DraftKind.THANK_YOU, context=NONE)
    assert finding.rule == "no-why" and finding.quote == sentence
    assert f"You wrote “{sentence}”" in finding.message
    assert finding.suggestion.endswith(".") and f"“{finding.suggestion}”" in finding.message
    assert "feedback-request letter" in finding.message


REPLY = """Hi Jane,

{first} I still think about the whiteboard session on caching. {later} Thanks again.

Best,
Sam"""


def test_a_reply_may_ask_softly_later_but_not_first() -> None:
    soft = "If you ever have a moment, what could make me a stronger candidate next time?"
    later = REPLY.format(first="Thank you for your kind reply.", later=soft)
    assert rules(later, DraftKind.REPLY) == set()
    first = REPLY.format(first=soft, later="Thank you for your kind reply.")
    assert rules(first, DraftKind.REPLY) == {"feedback-not-first"}


def test_a_reply_still_may_not_press_or_plead() -> None:
    text = REPLY.format(first="Thank you for your kind reply.",
                        later="Could we meet for lunch next week?")
    assert rules(text, DraftKind.REPLY) == {"no-pressure"}


def test_the_feedback_request_may_ask_and_give_a_phone_number() -> None:
    text = ("Hi Jane,\n\nThank you again for the interview and the tour of the lab. If you "
            "are able to share what the main reasons for the decision were, it would help me "
            "grow. You can reach me at sam@example.com or on 555 0100; my number is 555 0100."
            "\n\nBest,\nSam")
    assert rules(text, DraftKind.FEEDBACK_REQUEST) == set()
    demand = text.replace("If you are able to share what the main reasons for the decision "
                          "were, it would help me grow.",
                          "I demand a full explanation of why I was rejected.")
    assert {"no-why", "tone"} <= rules(demand, DraftKind.FEEDBACK_REQUEST)


def test_the_stay_in_touch_ps_may_ask_about_openings() -> None:
    text = ("Hi Jane,\n\nI hope all is well. Since we spoke I've finished the SQL course you "
            "suggested. Thank you again for the advice.\n\nBest,\nSam\n\nPS: I'd still love "
            "to join your team. Are any openings coming up?")
    assert rules(text, DraftKind.STAY_IN_TOUCH) == set()
    pushy = text.replace("Are any openings coming up?", "Please let me know by Friday.")
    assert "no-pressure" in rules(pushy, DraftKind.STAY_IN_TOUCH)


def test_the_alternate_roles_letter_may_ask_about_anything_else_opening() -> None:
    text = ("Hi Jane,\n\nThank you for the interview and the tour of the lab. Should "
            "anything else open up, in analytics or research, I'd be glad to be considered."
            "\n\nBest,\nSam")
    assert rules(text, DraftKind.ALTERNATE_ROLES) == set()


def test_the_alternate_roles_letter_may_ask_to_be_kept_in_mind() -> None:
    text = ("Subject: Other roles\n\nHi Jane,\n\nThank you for the interview and the tour of "
            "the lab. I understand I wasn't the right fit for this role; if other openings "
            "come up, I'd be grateful to be kept in mind, as I also run data workshops."
            "\n\nBest,\nSam")
    assert rules(text, DraftKind.ALTERNATE_ROLES) == set()
    backup = text.replace("as I also run", "and if the new hire falls through, call me "
                          "first; I also run")
    assert "no-reconsider" in rules(backup, DraftKind.ALTERNATE_ROLES)


@pytest.mark.parametrize(("company", "role"), [
    ("Why Labs", "Data Analyst"), ("Feedback Ltd", "Feedback Analyst"),
    ("Reconsider Inc", "Call Centre Lead"), ("Unfair Advantage", "Dream Team Coach"),
    ("Hope & Co", "Follow-Up Specialist"),
])
def test_names_never_trigger_anything(company: str, role: str) -> None:
    rejection = Rejection(
        id=1, user_id=1, company=company, role=role, interviewer="Jane Smith",
        rejected_on=date(2025, 1, 10), memory=None, interviewer_email=None,
        linkedin_url=None, compliment=None, created_at=datetime(2025, 1, 10, tzinfo=UTC))
    text = THANK_YOU.replace("Data Analyst", role).replace("Acme", company)
    assert rules(text, context=ReviewContext(rejection=rejection)) == set()


def test_emoji_in_the_subject_get_a_note_with_a_plain_subject() -> None:
    text = THANK_YOU.format(extra="").replace("Subject: Thank you", "Subject: Thank you 🙏✨")
    [finding] = review(text, kind=DraftKind.THANK_YOU, context=NONE)
    assert finding.rule == "subject" and "🙏" in finding.message
    assert finding.suggestion == "Thank you"


def test_a_future_kind_gets_the_later_letter_rules() -> None:
    from bot.review_intent import applies
    assert applies("thank-you-for-feedback", "pressure")
    assert applies("thank-you-for-feedback", "tone")
    assert not applies("thank-you-for-feedback", "feedback")
    assert not applies("thank-you-for-feedback", "hoped")


def test_normalisation_folds_spelling_variants() -> None:
    assert normalise("Why DIDN’T you pick me?!") == "why did not you pick me ? !"
    assert normalise("I’d  re-consider the résumé") == "i d reconsider the resume"
    assert detect("Any feedbak on my interveiw?")[0].category == "feedback"
