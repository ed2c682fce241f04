"""Properties: the bot's own drafts pass its own review, whatever the user typed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.drafts import DraftContext, DraftRenderer
from bot.models import DraftKind, Profile, Rejection
from bot.playbook import add_months
from bot.review import ReviewContext, review
from bot.review_phrases import FEEDBACK, HOPED, TONE, WHY, matches
from bot.review_text import count_words, note_length, parse_message

RENDERER = DraftRenderer()
FRAGMENTS = (
    "{{ 7*7 }}", "{% for x in y %}", "{# note #}", "'; DROP TABLE users; --",
    "<script>alert(1)</script>", "O'Brien", "d’Arc", "Jean-Luc", "Zoë", "naïve", "🎉", "🚀",
    "👍🏽", "👩‍💻", "مرحبا", "שלום", "東京", "Ωmega", "\u200fRTL",
)
VOCAB = (
    "the", "tour", "of", "lab", "our", "talk", "about", "Rust", "design", "team", "roadmap",
    "whiteboard", "session", "your", "passion", "culture", "product", "Kafka", "pipeline",
    "coffee", "Berlin", "office", "mentoring", "demo", "we", "sketched", "it", "was", "clear",
)
COMPANIES = ("Why Labs", "Feedback Ltd", "Acme Inc.", "Node.js Foundation", "St. Mary's",
             "Yahoo!", "Sorry Studios")
ROLES = ("Sr. Engineer", "Node.js Developer", "Feedback Analyst", "Sales position",
         "Why-Not Intern")
NAMES = ("Dr. Jane Smith", "Prof Maria", "Mr Lee", "Ms. O'Hara", "Why", "Mistake Jones")
LETTERS = st.characters(categories=("Lu", "Ll", "Lo", "Nd"))
WORD = st.one_of(st.sampled_from(VOCAB), st.sampled_from(FRAGMENTS),
                 st.text(LETTERS, min_size=1, max_size=12))


def phrase(max_words: int) -> st.SearchStrategy[str]:
    """A few words, spaced however the user typed them, with a realistic word count."""
    spaces = st.sampled_from([" ", "  ", " \n "])
    return st.lists(st.tuples(WORD, spaces), min_size=1, max_size=max_words).map(
        lambda parts: "".join(w + s for w, s in parts).strip()
    ).filter(lambda text: 0 < count_words(text) <= max_words or not count_words(text))


def optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), strategy)


NAME = st.one_of(st.sampled_from(NAMES), st.builds(
    lambda title, name: f"{title}{name}", st.sampled_from(["", "Dr. ", "Ms "]), phrase(3)))
COMPANY = st.one_of(st.sampled_from(COMPANIES), phrase(5))
ROLE = st.one_of(st.sampled_from(ROLES), phrase(5))


def fair(text: str) -> bool:
    """No tone words and no why/feedback/hoped phrases: the review rightly flags those."""
    return not matches(text, (TONE, *WHY, *FEEDBACK, *HOPED))


# Memory and compliment: no . ! ? inside (a trailing one is dropped by the drafts).
MEMORY = phrase(20).filter(fair).map(lambda t: f" {t}. ")
COMPLIMENT = phrase(12).filter(fair)
# A signature that looks like a PS line ("PS Rust") would be no one's name.
SENDER = phrase(4).filter(lambda t: parse_message(t).ps is None)
PROGRESS = st.lists(phrase(8), min_size=1, max_size=3).map(". ".join)
EMAIL = st.sampled_from(["sam@example.test", "sam.o'neil+jobs@example.co.uk"])
PHONE = st.sampled_from(["+1 (555) 010-0199", "+44 20 7946 0000", "555.0100"])


@st.composite
def contexts(draw: st.DrawFn) -> DraftContext:
    rejected_on = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    rejection = Rejection(
        id=1, user_id=1, company=draw(COMPANY), role=draw(ROLE), interviewer=draw(NAME),
        rejected_on=rejected_on, memory=draw(MEMORY), interviewer_email=draw(optional(EMAIL)),
        linkedin_url=None, compliment=draw(optional(COMPLIMENT)),
        created_at=datetime(2020, 1, 1, tzinfo=UTC),
    )
    profile = Profile(name=draw(optional(SENDER)), email=draw(optional(EMAIL)),
                      phone=draw(optional(PHONE)))
    return DraftContext(
        rejection=rejection, profile=profile, latest_feedback=draw(optional(PROGRESS)),
        latest_skill=draw(optional(PROGRESS)), linkedin_limit=draw(st.sampled_from([200, 300])),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(context=contexts())
def test_every_draft_passes_its_own_review(context: DraftContext) -> None:
    rejection = context.rejection
    today = add_months(rejection.rejected_on, 7)
    review_context = ReviewContext(rejection=rejection, today=today,
                                   linkedin_limit=context.linkedin_limit)
    for kind in DraftKind:
        draft = RENDERER.render(kind, context)
        assert review(draft.text, kind=kind, context=review_context) == (), (kind, draft.text)
        if kind is DraftKind.LINKEDIN:
            assert note_length(draft.body) <= context.linkedin_limit


LONG = st.text(min_size=1, max_size=200).filter(str.strip)


@settings(max_examples=300, deadline=None)
@given(interviewer=LONG, company=LONG, role=LONG, memory=LONG, compliment=optional(LONG),
       limit=st.sampled_from([200, 300]))
def test_linkedin_note_always_fits(interviewer: str, company: str, role: str, memory: str,
                                   compliment: str | None, limit: int) -> None:
    rejection = Rejection(
        id=1, user_id=1, company=company, role=role, interviewer=interviewer,
        rejected_on=date(2025, 1, 1), memory=memory, interviewer_email=None, linkedin_url=None,
        compliment=compliment, created_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    context = DraftContext(rejection=rejection, profile=Profile(), linkedin_limit=limit)
    draft = RENDERER.render(DraftKind.LINKEDIN, context)
    assert note_length(draft.body) <= limit
    assert draft.subject is None and draft.to is None
