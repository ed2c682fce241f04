"""The learned backstop: the shipped weights load, read fresh sentences, and join the rules."""

from __future__ import annotations

from array import array

import pytest

from bot.intent import learned, static
from bot.intent.learned import Backstop, Model
from bot.intent.wordpiece import tokenize, words
from bot.models import DraftKind
from bot.review import ReviewContext, review, review_with
from bot.review_intent import learned_category
from bot.review_model import Reading

THANK_YOU = """Subject: Thank you

Hi Jane,

Thank you for the chance to interview for the Data Analyst role at Acme. I especially \
enjoyed our whiteboard session on the checkout funnel. {extra}

Best,
Sam"""
NONE = ReviewContext()

# Written for this test, in none of the corpus splits, and missed by the rules alone.
FRESH_PROBLEMS = [
    ("Might you elucidate which qualities tipped the balance toward the other finalist?",
     {"why", "who-hired"}),
    ("Honestly I reckon the panel just liked the other bloke's golf handicap.", {"tone",
                                                                                 "who-hired"}),
    ("I'd set my whole summer around starting with you folks.", {"hoped"}),
]
FRESH_OK = [
    "Your story about rebuilding the warehouse scanner app on a weekend made me laugh.",
    "I hope the new espresso machine survives the quarterly planning week.",
    "Seeing the dashboard you sketched on the napkin was the best part of my morning.",
]


def test_the_shipped_model_and_table_load() -> None:
    backstop = learned.shipped()
    assert backstop.model.classes[0] == "ok"
    assert set(backstop.model.classes[1:]) == {
        "why", "who-hired", "feedback", "reconsider", "pressure", "tone", "hoped"}
    assert 0.5 <= backstop.threshold < 1.0
    assert backstop.table is not None
    assert backstop.table.dims == len(backstop.model.dense)


@pytest.mark.parametrize(("sentence", "categories"), FRESH_PROBLEMS)
def test_fresh_problem_sentences_are_read_by_the_model(sentence: str,
                                                       categories: set[str]) -> None:
    probabilities = learned.shipped().probabilities(sentence)
    assert 1 - probabilities["ok"] >= 0.5
    top = max((c for c in probabilities if c != "ok"), key=probabilities.__getitem__)
    assert top in categories


@pytest.mark.parametrize("sentence", FRESH_OK)
def test_fresh_ok_sentences_stay_ok(sentence: str) -> None:
    probabilities = learned.shipped().probabilities(sentence)
    assert 1 - probabilities["ok"] < learned.shipped().threshold


def test_the_model_catches_what_the_rules_miss_and_quotes_it() -> None:
    sentence = FRESH_PROBLEMS[2][0]
    text = THANK_YOU.format(extra=sentence)
    assert review_with(text, kind=DraftKind.THANK_YOU, context=NONE, backstop=None) == ()
    findings = review(text, kind=DraftKind.THANK_YOU, context=NONE)
    assert [f.rule for f in findings] == ["no-hoped"]
    assert findings[0].quote == sentence
    assert findings[0].suggestion


def test_a_stay_in_touch_ps_is_not_read_by_the_model() -> None:
    always = Backstop(_constant_model("reconsider"), None)
    note = ("Hi Jane,\n\nThank you again for the interview last spring. Since then I have "
            "finished a course in SQL.\n\nBest,\nSam\n\nPS: I'd still love to join the team; "
            "are any openings coming up?")
    rules = {f.rule for f in review_with(note, kind=DraftKind.STAY_IN_TOUCH, context=NONE,
                                         backstop=always)}
    assert "no-reconsider" not in rules
    first = review_with(THANK_YOU.format(extra=""), kind=DraftKind.THANK_YOU, context=NONE,
                        backstop=always)
    assert "no-reconsider" in {f.rule for f in first}


def test_the_model_file_round_trips_and_refuses_a_damaged_one() -> None:
    model = _constant_model("tone")
    again = learned.decode(learned.encode(model))
    assert again == model
    with pytest.raises(ValueError):
        learned.decode(b"XXXX" + learned.encode(model)[4:])
    with pytest.raises(ValueError):
        static.decode(b"nope")


def test_wordpiece_splits_as_bert_does() -> None:
    table = learned.shipped().table
    assert table is not None
    assert words("Why didn’t you pick me?!") == ["why", "didn", "’", "t", "you", "pick", "me",
                                                 "?", "!"]
    assert words("Café naïve") == ["cafe", "naive"]
    ids = tokenize("lattes 🙃", table.vocab)
    names = {i: t for t, i in table.vocab.items()}
    assert [names[i] for i in ids] == ["la", "##ttes", "[UNK]"]
    assert len(table.embed("Thank you so much")) == table.dims
    assert table.embed("") == [0.0] * table.dims


def _constant_model(category: str) -> Model:
    """A model that reads every sentence as `category` (bias only, no weights)."""
    classes = learned.shipped().model.classes
    bias = tuple(20.0 if c == category else 0.0 for c in classes)
    return Model(classes, 4, bias, (1.0,) * len(classes), 0.5,
                 array("b", bytes(len(classes) << 4)))


SPREAD_DOUBT = {"ok": 0.1, "reconsider": 0.62, "hoped": 0.12, "why": 0.08, "tone": 0.08}
ONE_CATEGORY = {"ok": 0.05, "reconsider": 0.9, "hoped": 0.05}


@pytest.mark.parametrize(("kind", "probabilities", "expected"), [
    ("thank-you", SPREAD_DOUBT, "reconsider"),   # a first note: plainly not ok is a finding
    ("linkedin", SPREAD_DOUBT, "reconsider"),
    ("reply", SPREAD_DOUBT, None),               # a later letter: doubt spread is not
    ("stay-in-touch", SPREAD_DOUBT, None),
    ("reply", ONE_CATEGORY, "reconsider"),       # ... but one category sure enough is
    ("thank-you-for-feedback", ONE_CATEGORY, "reconsider"),
])
def test_a_later_letter_needs_the_model_sure_of_one_category(
        kind: str, probabilities: dict[str, float], expected: str | None) -> None:
    reading = Reading("I'm only starting out.", (), probabilities)
    assert learned_category(reading, kind, 0.84) == expected
