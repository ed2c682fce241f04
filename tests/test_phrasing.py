"""Shaping what users type so it reads inside our sentences (bot/phrasing.py, bot/shapes.py),
telling a memory from a shrug (bot/non_answers.py) and reading their message
(bot/their_words.py)."""

from __future__ import annotations

import pytest

from bot.non_answers import is_non_answer
from bot.phrasing import cap_words, gerund, tidy
from bot.shapes import Shape, progress_clause, roles_phrase, shape_compliment, shape_memory
from bot.their_words import PointKind, feedback_focus, read_point, turn_around


@pytest.mark.parametrize(("typed", "expected"), [
    ("  the   tour...  ", "the tour"), ("the the tour", "the tour"), ("Bora Bora", "Bora Bora"),
    ("a talk (about (nested) things", "a talk about nested things"),
    ('the "whiteboard session', "the whiteboard session"), ("our talk about ()", "our talk about"),
    ("- the lab tour and", "the lab tour"), ("the people I worked with", "the people I "
                                                                       "worked with"),
    ("?!", None), ("   ", None),
])
def test_tidy_makes_a_value_safe_to_embed(typed: str, expected: str | None) -> None:
    assert tidy(typed) == expected


@pytest.mark.parametrize(("memory", "shape", "noun"), [
    ("whiteboard", Shape.NOUN, "the whiteboard part of our conversation"),
    ("WHITEBOARD SESSION", Shape.NOUN, "the whiteboard session"),
    ("whiteboard session on caching", Shape.NOUN, "the whiteboard session on caching"),
    ("Kafka internals and how they scale writes", Shape.NOUN,
     "our conversation about Kafka internals and how they scale writes"),
    ("we sketched the schema together", Shape.CLAUSE,
     "the moment we sketched the schema together"),
    ("Jane showed me the lab", Shape.CLAUSE, "the moment Jane showed me the lab"),
    ("our chat was fun", Shape.CLAUSE, "the moment our chat was fun"),
    ("I asked about the roadmap.", Shape.SENTENCE, "the moment I asked about the roadmap"),
    ("sketching the schema", Shape.NOUN, "sketching the schema"),
    ("how the team tests", Shape.NOUN, "how the team tests"),
    ('"Ship small, ship often"', Shape.NOUN, "our conversation about “Ship small, ship often”"),
])
def test_memories_take_the_shape_that_fits(memory: str, shape: Shape, noun: str) -> None:
    shaped = shape_memory(memory, frozenset({"jane"}))
    assert shaped is not None and shaped.shape is shape and shaped.noun == noun


@pytest.mark.parametrize(("compliment", "shape", "text"), [
    ("so welcoming", Shape.ADJECTIVE, "welcoming"), ("friendly and open", Shape.ADJECTIVE,
                                                     "friendly and open"),
    ("great culture", Shape.NOUN, "the great culture"),
    ("Acme's culture", Shape.NOUN, "Acme's culture"),
    ("the team is close-knit", Shape.CLAUSE, "the team is close-knit"),
])
def test_compliments_take_the_shape_that_fits(compliment: str, shape: Shape, text: str) -> None:
    shaped = shape_compliment(compliment)
    assert shaped is not None and shaped.shape is shape and shaped.text == text


@pytest.mark.parametrize(("skill", "clause"), [
    ("finished a course", "I finished a course"), ("Built a dashboard. It went well.",
                                                   "I built a dashboard"),
    ("learning Rust", "I've been learning Rust"), ("study for the AWS exam",
                                                   "I've been studying for the AWS exam"),
    ("advanced SQL", "I've been working on advanced SQL"),
    ("i got certified in AWS", "I got certified in AWS"),
    ("my side project", "I've been working on my side project"),
    ("My talk got accepted", "my talk got accepted"),
])
def test_skills_become_clauses_in_the_users_words(skill: str, clause: str) -> None:
    assert progress_clause(skill) == clause


@pytest.mark.parametrize(("typed", "phrase"), [
    ("product analytics or data roles", "product analytics or data roles"),
    ("platform team", "openings on the platform team"), ("data", "data roles"),
    ("I'd like something in design", "design roles"), ("anything", "anything roles"),
])
def test_roles_read_after_especially_for(typed: str, phrase: str) -> None:
    assert roles_phrase(typed) == phrase


def test_words_and_lengths() -> None:
    assert [gerund(v) for v in ("learn", "take", "get", "be", "tie", "study")] == [
        "learning", "taking", "getting", "being", "tying", "studying"]
    assert cap_words("one two three, four five six seven", 5) == "one two three"
    assert cap_words("one two three four five six", 4) == "one two three four…"


@pytest.mark.parametrize("shrug", [
    "I don't remember anything specific honestly", "nothing", "idk", "n/a", "not sure",
    "can't remember", "no idea", "-", "none really", "?", "🤷", "It was fine", "Nothing, sorry!",
])
def test_shrugs_are_not_memories(shrug: str) -> None:
    assert is_non_answer(shrug)


@pytest.mark.parametrize("memory", [
    "we joked that nothing beats a whiteboard", "the whiteboard session", "Kafka",
    "I don't remember the name, but the whiteboard puzzle was fun", "no-code tools demo",
])
def test_real_memories_pass(memory: str) -> None:
    assert not is_non_answer(memory)


@pytest.mark.parametrize(("message", "kind", "phrase"), [
    ("I'd encourage you to apply again.", PointKind.APPLY_AGAIN,
     "your encouragement to apply again"),
    ("Please don't hesitate to apply again.", PointKind.APPLY_AGAIN,
     "your invitation to apply again"),
    ("You should reach out to us directly next time.", PointKind.ADVICE,
     "your suggestion to reach out to you directly next time"),
    ("I'd recommend getting more hands-on with our design system.", PointKind.ADVICE,
     "your recommendation about getting more hands-on with your design system"),
    ("I'd recommend building a case study around a complex B2B workflow for your portfolio.",
     PointKind.ADVICE, "your recommendation about building a case study"),
    ("We'll be hiring again in spring.", PointKind.OPENINGS, None),
    ("We'll keep your CV on file.", PointKind.KEEP_IN_MIND, None),
    ("Let's stay in touch.", PointKind.STAY_IN_TOUCH, None),
    ("It was a close decision.", PointKind.CLOSE_CALL, None),
    ("You were a strong candidate.", PointKind.KIND_WORDS, None),
    ("Best of luck!", PointKind.GOOD_WISHES, None),
])
def test_one_point_is_read_from_their_message(message: str, kind: PointKind,
                                              phrase: str | None) -> None:
    point = read_point(message)
    assert point is not None and point.kind is kind and point.phrase == phrase


@pytest.mark.parametrize("message", [
    "We have no openings right now.", "asdf", "", None,
    "You should really think hard about whether this industry and this kind of team is for you",
    "You shouldn't change a thing.",
])
def test_nothing_clear_gives_no_point(message: str | None) -> None:
    assert read_point(message) is None


@pytest.mark.parametrize(("feedback", "focus"), [
    ("She said I should learn Figma prototyping…", "learning Figma prototyping"),
    ("You should work on your storytelling", "working on my storytelling"),
    ("more hands-on SQL practice", "getting more hands-on SQL practice"),
    ("Not enough experience with stakeholder management",
     "getting more experience with stakeholder management"),
    ("Practise SQL. Also read up on Kafka!", "practising SQL"),
    ("they wanted someone more senior", None), ("communication", None),
])
def test_feedback_gives_something_to_work_on(feedback: str, focus: str | None) -> None:
    assert feedback_focus(feedback) == focus


def test_turn_around_swaps_who_is_speaking() -> None:
    assert turn_around("send us your portfolio and I'll review it") == \
        "send you my portfolio and you'll review it"
