"""The draft review: each rule with a failing and a passing example, and the text parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.models import DraftKind, Rejection
from bot.review import RULES, Finding, ReviewContext, guess_kind, review
from bot.review_text import parse_message, split_sentences
from bot.timings import TIMINGS

NONE = ReviewContext()
THANK_YOU = """Subject: Thank you

Hi Jane,

I understand I wasn't selected for the Data Analyst role at Acme, and I wanted to thank you \
for the opportunity. I especially enjoyed the whiteboard session on caching.

Thanks again,
Sam"""
REPLY = """Hi Jane,

Thank you for getting back to me. I still think about the whiteboard session on caching. \
If you have a moment, what could make me a stronger candidate next time? Thanks again.

Best regards,
Sam"""
STAY = """Subject: Hello again

Hi Jane,

I hope you've been well. Thank you again for your advice. I recently finished a SQL course, \
just as you suggested.

Best,
Sam

P.S. I'd still love to join your team. Are any openings coming up?"""
NOTE = "Hi Jane, thank you for the Data Analyst interview at Acme. I'd love to stay connected."


def rejection(**overrides: Any) -> Rejection:
    values: dict[str, Any] = {
        "id": 1, "user_id": 1, "company": "Acme", "role": "Data Analyst",
        "interviewer": "Jane Smith", "rejected_on": date(2025, 1, 10),
        "memory": "the whiteboard session on caching", "interviewer_email": None,
        "linkedin_url": None, "compliment": None, "created_at": datetime(2025, 1, 10, tzinfo=UTC),
    }
    values.update(overrides)
    return Rejection(**values)


def rules(text: str, kind: DraftKind, context: ReviewContext = NONE) -> list[str]:
    return [finding.rule for finding in review(text, kind=kind, context=context)]


def only(text: str, kind: DraftKind, rule: str, context: ReviewContext = NONE) -> Finding:
    findings = [f for f in review(text, kind=kind, context=context) if f.rule == rule]
    assert len(findings) == 1, findings
    return findings[0]


def test_every_playbook_rule_is_checked_in_order_and_documented() -> None:
    numbers = [int(rule.__doc__.split(":")[0].removeprefix("Rule "))
               for rule in RULES if rule.__doc__ and rule.__doc__.startswith("Rule ")]
    assert numbers == sorted(numbers) and set(numbers) == set(range(1, 8))
    assert all(rule.__doc__ and rule.__doc__.startswith(("Rule ", "Note:")) for rule in RULES)


@pytest.mark.parametrize(("text", "kind"), [
    (THANK_YOU, DraftKind.THANK_YOU), (REPLY, DraftKind.REPLY), (STAY, DraftKind.STAY_IN_TOUCH),
    (NOTE, DraftKind.LINKEDIN),
])
def test_good_examples_pass(text: str, kind: DraftKind) -> None:
    assert rules(text, kind) == []
    assert rules(text, kind, ReviewContext(rejection=rejection(), today=date(2025, 8, 1))) == []


# Rule 1: length

def test_a_long_thank_you_is_flagged_with_the_word_count() -> None:
    text = THANK_YOU.replace("caching.", "caching. " + "We also covered many more things. " * 20)
    finding = only(text, DraftKind.THANK_YOU, "length")
    assert "words" in finding.message and "120" in finding.message
    assert finding.title == "Keep it short"


def test_reply_sentences_exclude_greeting_sign_off_and_ps() -> None:
    assert "length" not in rules(REPLY + "\n\nPS: One more thing. And another!", DraftKind.REPLY)
    five = REPLY.replace("Thanks again.", "I have since started a course on distributed "
                         "systems. Thanks again for writing back to me so kindly.")
    finding = only(five, DraftKind.REPLY, "length")
    assert "5 full sentences" in finding.message and "Merge or drop" in finding.message


def test_short_asides_do_not_make_a_reply_long() -> None:
    asides = REPLY.replace("Thanks again.", "Thanks again. Good luck at the regatta! Have a "
                           "great week.")
    assert "length" not in rules(asides, DraftKind.REPLY)


def test_linkedin_note_over_the_limit_says_by_how_much() -> None:
    note = NOTE + " " + "x" * (250 - len(NOTE) - 1)
    finding = only(note, DraftKind.LINKEDIN, "length")
    assert "250 characters, 50 over" in finding.message
    assert "length" not in rules(note, DraftKind.LINKEDIN, ReviewContext(linkedin_limit=300))


def test_long_letters_are_flagged_at_about_180_words() -> None:
    letter = "Hi Jane,\n\nThank you for the interview. " + "I can also run workshops. " * 40
    assert "180" in only(letter, DraftKind.ALTERNATE_ROLES, "length").message
    assert "length" not in rules(THANK_YOU, DraftKind.FEEDBACK_REQUEST)


# Rules 2 and 3: judged by intent (more in tests/test_review_intent.py)

@pytest.mark.parametrize(("sentence", "rule"), [
    ("Could you tell me why I wasn't selected?", "no-why"),
    ("I would welcome any feedback on my interview.", "no-feedback-request"),
    ("I had really hoped to get this job.", "no-hoped"),
    ("What could I improve for next time?", "no-feedback-request"),
])
def test_thank_you_that_asks_why_or_for_feedback_is_flagged(sentence: str, rule: str) -> None:
    text = THANK_YOU.replace("Thanks again,", f"{sentence}\n\nThanks again,")
    finding = only(text, DraftKind.THANK_YOU, rule)
    assert f"“{sentence}”" in finding.message and finding.quote == sentence
    assert finding.suggestion and f"“{finding.suggestion}”" in finding.message


def test_company_names_like_why_labs_or_feedback_ltd_do_not_trigger() -> None:
    text = THANK_YOU.replace("at Acme", "at Why Labs").replace(
        "caching.", "caching and meeting the Feedback Ltd team.")
    assert rules(text, DraftKind.THANK_YOU) == []
    known = ReviewContext(rejection=rejection(company="Why Labs, and I was not chosen"))
    masked = THANK_YOU.replace("at Acme", "at Why Labs, and I was not chosen")
    assert rules(masked, DraftKind.THANK_YOU, known) == []


def test_feedback_in_a_reply_is_not_a_first_note_problem() -> None:
    assert rules(REPLY, DraftKind.REPLY) == []


@pytest.mark.parametrize(("sentence", "rule"), [
    ("Honestly the process felt unfair.", "tone"),
    ("Please give me another chance.", "no-reconsider"),
    ("I was DISAPPOINTED by the news.", "tone"),
    ("I don’t understand the decision.", "no-why"),
    ("Would you reconsider?", "no-reconsider"),
])
def test_defensive_or_pleading_words_are_flagged(sentence: str, rule: str) -> None:
    for kind, text in ((DraftKind.THANK_YOU, THANK_YOU), (DraftKind.REPLY, REPLY)):
        finding = only(text.replace("Hi Jane,\n\n", f"Hi Jane,\n\n{sentence}\n\n"), kind, rule)
        assert f"“{sentence}”" in finding.message and "Try instead" in finding.message
    assert rule in rules(f"{NOTE} {sentence}", DraftKind.LINKEDIN)


def test_tone_matches_whole_words_only() -> None:
    text = THANK_YOU.replace("caching.", "caching at Bitterroot Farms with Mistakenly Ltd.")
    assert rules(text, DraftKind.THANK_YOU) == []


# Rule 4: thanks and something specific

def test_no_thanks_is_flagged_for_every_email_kind() -> None:
    text = "Hi Jane,\n\nI enjoyed the tour of the lab you showed me.\n\nBest,\nSam"
    for kind in (DraftKind.THANK_YOU, DraftKind.REPLY, DraftKind.FEEDBACK_REQUEST):
        assert "thank them" in only(text, kind, "thanks-and-specific").message


def test_credit_for_their_advice_is_thanks_in_a_later_letter() -> None:
    text = ("Hi Jane,\n\nIt has been seven months since we spoke, and your suggestion to learn "
            "SQL paid off: I've since built two reports with it.\n\nBest,\nSam")
    assert "thanks-and-specific" not in rules(text, DraftKind.REPLY)
    assert "thank them" in only(text.replace("your suggestion to learn SQL paid off",
                                             "I learned SQL"),
                                DraftKind.REPLY, "thanks-and-specific").message


def test_the_memory_is_known_as_the_drafts_tidy_it() -> None:
    """A draft drops the dangling "the" and lower-cases the memory's first word; the review
    still reads it as the user's memory, not as the writer's own words ("It was 0." is no
    tone)."""
    context = ReviewContext(rejection=rejection(memory="We talked about the. It was 0!"))
    text = THANK_YOU.replace("I especially enjoyed the whiteboard session on caching.",
                             "I still remember how we talked about. It was 0.")
    assert rules(text, DraftKind.THANK_YOU, context) == []


def test_the_logged_memory_must_appear_in_the_thank_you() -> None:
    context = ReviewContext(rejection=rejection())
    vague = THANK_YOU.replace(" I especially enjoyed the whiteboard session on caching.", "")
    finding = only(vague, DraftKind.THANK_YOU, "thanks-and-specific", context)
    assert "“the whiteboard session on caching”" in finding.message
    reworded = vague.replace("opportunity.", "opportunity. That caching whiteboard session!")
    assert "thanks-and-specific" not in rules(reworded, DraftKind.THANK_YOU, context)


def test_without_a_known_memory_a_concrete_recollection_is_enough() -> None:
    vague = THANK_YOU.replace("I especially enjoyed the whiteboard session on caching.",
                              "It was nice.")
    assert "concrete moment" in only(vague, DraftKind.THANK_YOU, "thanks-and-specific").message
    concrete = vague.replace("It was nice.", "I enjoyed hearing how you scaled the team.")
    assert "thanks-and-specific" not in rules(concrete, DraftKind.THANK_YOU)


def test_linkedin_note_must_mention_the_interview() -> None:
    finding = only("Hi Jane, I'd love to connect!", DraftKind.LINKEDIN, "thanks-and-specific")
    assert "mention the interview or the role" in finding.message


# Rule 5: the feedback request is never the first sentence

@pytest.mark.parametrize("kind", [DraftKind.REPLY, DraftKind.FEEDBACK_REQUEST,
                                  DraftKind.STAY_IN_TOUCH, DraftKind.ALTERNATE_ROLES])
def test_opening_with_the_feedback_request_is_flagged(kind: DraftKind) -> None:
    text = "Hi Jane,\n\nCould you share some feedback on my interview? Thanks for your time."
    finding = only(text, kind, "feedback-not-first")
    assert "Could you share some feedback" in finding.message
    assert "bring the question in later" in finding.message
    assert "feedback-not-first" not in rules(REPLY, kind)


def test_thanking_for_feedback_first_is_not_a_request() -> None:
    text = "Hi Jane,\n\nThank you for your feedback. It really helped.\n\nBest,\nSam"
    assert "feedback-not-first" not in rules(text, DraftKind.REPLY)


# Rule 6: PS line and status update

def test_stay_in_touch_without_a_ps_or_update_is_flagged() -> None:
    bare = STAY.split("\n\nP.S.")[0].replace(
        "I recently finished a SQL course, just as you suggested.", "Hope the team is great.")
    finding = only(bare, DraftKind.STAY_IN_TOUCH, "ps-and-update")
    assert "a PS line" in finding.message and "short update" in finding.message


def test_a_ps_must_ask_about_openings() -> None:
    text = STAY.replace("Are any openings coming up?", "Have a good week.")
    finding = only(text, DraftKind.STAY_IN_TOUCH, "ps-and-update")
    assert "openings" in finding.message and "short update" not in finding.message


@pytest.mark.parametrize("ps", ["PS: ", "PS - ", "P.S.: ", "ps. ", "P.P.S. "])
def test_ps_spellings(ps: str) -> None:
    text = STAY.replace("P.S. ", ps)
    assert parse_message(text).ps is not None
    assert guess_kind(text) is DraftKind.STAY_IN_TOUCH
    assert rules(text, DraftKind.STAY_IN_TOUCH) == []


def test_guess_kind_defaults_to_the_thank_you() -> None:
    assert guess_kind(THANK_YOU) is DraftKind.THANK_YOU
    assert guess_kind("Psychology aside, thanks!") is DraftKind.THANK_YOU


# Rule 7: timing

def test_reaching_out_during_the_cool_down_is_flagged_with_the_date() -> None:
    r = rejection(rejected_on=date(2025, 1, 10))
    early = ReviewContext(rejection=r, today=date(2025, 1, 20))
    for kind in (DraftKind.THANK_YOU, DraftKind.LINKEDIN, DraftKind.FEEDBACK_REQUEST):
        finding = only(NOTE, kind, "timing", early)
        assert "Fri 24 Jan 2025" in finding.message and "emotions settle" in finding.message
    on_time = ReviewContext(rejection=r, today=date(2025, 1, 24))
    assert "timing" not in rules(THANK_YOU, DraftKind.THANK_YOU, on_time)


def test_staying_in_touch_before_six_months_is_flagged() -> None:
    r = rejection(rejected_on=date(2025, 8, 31))
    finding = only(STAY, DraftKind.STAY_IN_TOUCH, "timing",
                   ReviewContext(rejection=r, today=date(2026, 2, 27)))
    assert "Sat 28 Feb 2026" in finding.message and "pushy" in finding.message
    assert rules(STAY, DraftKind.STAY_IN_TOUCH,
                 ReviewContext(rejection=r, today=date(2026, 2, 28))) == []


def test_timing_uses_the_playbooks_cool_down_and_needs_both_dates() -> None:
    ends = rejection().rejected_on + TIMINGS.cool_down  # Fri 24 Jan 2025
    early = ReviewContext(rejection=rejection(), today=ends - timedelta(days=1))
    assert "Fri 24 Jan 2025" in only(THANK_YOU, DraftKind.THANK_YOU, "timing", early).message
    assert "timing" not in rules(THANK_YOU, DraftKind.THANK_YOU,
                                 ReviewContext(rejection=rejection(), today=ends))
    assert "timing" not in rules(THANK_YOU, DraftKind.THANK_YOU,
                                 ReviewContext(rejection=rejection()))


# Parsing and sentence splitting

def test_parse_message_separates_the_parts() -> None:
    message = parse_message(STAY)
    assert message.subject == "Hello again"
    assert message.greeting == "Hi Jane,"
    assert message.sign_off == "Best,\nSam"
    assert message.ps == "P.S. I'd still love to join your team. Are any openings coming up?"
    assert len(message.sentences()) == 3


def test_aloha_greets_at_the_top_and_mahalo_closes() -> None:
    message = parse_message("Aloha Kai,\n\nThank you for the tour of the kitchen.\n\n"
                            "Mahalo,\nLeo")
    assert message.greeting == "Aloha Kai,"
    assert message.body == "Thank you for the tour of the kitchen."
    assert message.sign_off == "Mahalo,\nLeo"


def test_a_greeting_on_the_same_line_as_the_body() -> None:
    message = parse_message(NOTE)
    assert message.greeting == "Hi Jane,"
    assert message.body.startswith("thank you for the Data Analyst")


@pytest.mark.parametrize(("first_line", "greeting"), [
    ("Dr. Okoro,", "Dr. Okoro,"),
    ("Ms. O'Connell,", "Ms. O'Connell,"),
    ("Klaus,", "Klaus,"),
    ("Thanks,", None),            # a closing word, not a name
    ("Honestly, it was fun.", None),
])
def test_a_greeting_that_is_only_the_name(first_line: str, greeting: str | None) -> None:
    message = parse_message(f"{first_line}\n\nThank you for the tour of the lab.\n\nBest,\nLeo")
    assert message.greeting == greeting
    if greeting:
        assert message.body == "Thank you for the tour of the lab."


@pytest.mark.parametrize(("text", "count"), [
    ("Dr. Smith and Ms. Lee showed me Node.js at Acme Inc. on Monday.", 1),
    ("We covered e.g. caching, i.e. the hard part. Then lunch!", 2),
    ("Great chat!!! What a team?! 3 things stood out.", 3),
    ("J. R. R. Tolkien fans unite. “Quotes” start sentences.", 2),
    ("It was fun. and lower case goes on", 1),
    ("مرحبا. שלום! 🎉", 1),
    ("", 0),
])
def test_split_sentences(text: str, count: int) -> None:
    assert len(split_sentences(text)) == count


def test_known_values_are_never_split() -> None:
    assert len(split_sentences("I loved Yahoo! Inc. and its team.", ["Yahoo! Inc."])) == 1


@pytest.mark.parametrize("junk", ["{{ 7*7 }}", "{% for x in y %}", "'; DROP TABLE users; --",
                                  "<script>alert(1)</script>", "שלום 🎉 مرحبا", "\u200f\u202e"])
def test_any_text_is_just_text(junk: str) -> None:
    for kind in DraftKind:
        review(f"{junk}\n\n{THANK_YOU}\n{junk}", kind=kind, context=NONE)
    assert rules(THANK_YOU.replace("caching.", f"caching {junk}."), DraftKind.THANK_YOU) == []
