"""Properties: every draft of every kind is sendable as is, whatever honest values the user
typed (names in any case, with titles, several people or none; memories as bare nouns,
clauses, sentences, quotes, emoji, right-to-left text, one character or three hundred;
compliments, skills, feedback and the interviewer's own message)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.drafts import DraftContext, DraftRenderer, logged_values
from bot.intent import detect
from bot.models import DraftKind, Event, EventKind, Profile, Rejection
from bot.non_answers import is_non_answer
from bot.review_text import count_words, note_length, parse_message
from tests.sendable import problems

RENDERER = DraftRenderer()
FRAGMENTS = (
    "'; DROP TABLE users; --", "<script>alert(1)</script>", "O'Brien", "d’Arc", "Jean-Luc",
    "Zoë", "naïve", "🎉", "🚀", "👍🏽", "👩‍💻", "مرحبا", "שלום", "東京", "Ωmega", "\u200fRTL",
    "(beta)", "“quoted”", '"ship it"', "e-mail", "C++", "Node.js",
)
VOCAB = (
    "the", "tour", "of", "lab", "our", "talk", "about", "Rust", "design", "team", "roadmap",
    "whiteboard", "session", "your", "passion", "culture", "product", "Kafka", "pipeline",
    "coffee", "Berlin", "office", "mentoring", "demo", "we", "sketched", "it", "was", "clear",
    "schema", "together", "onboarding", "funnel", "dashboard", "caching", "pairing",
)
COMPANIES = ("Why Labs", "Feedback Ltd", "Acme Inc.", "Node.js Foundation", "St. Mary's",
             "Yahoo!", "Sorry Studios", "the Guardian", "東京 Systems")
ROLES = ("Sr. Engineer", "Node.js Developer", "Feedback Analyst", "Sales position",
         "Why-Not Intern", "the Data Analyst", "UX (Research)")
PEOPLE = ("jane smith", "JANE SMITH", "Jane Smith", "Dr. Jane Smith", "dr smith", "Prof Maria",
          "Mr Lee", "Ms. O'Hara", "maria de la cruz", "Dr. de la Cruz", "van der berg",
          "o'neil", "mcdonald", "DeShawn Jones", "山田太郎", "محمد علي", "שרה לוי", "J. Smith",
          "Jane Smith - Hiring Manager", "Jane (she/her)", "Mistake Jones", "Why")
NEUTRAL = ("the hiring team", "hiring committee", "recruiter", "HR", "N/A", "unknown", "-",
           "?", "Dr.")
LETTERS = st.characters(categories=("Lu", "Ll", "Lo", "Nd"))
# "None" and "null" typed by a user would read as template residue to the lint.
WORD = st.one_of(st.sampled_from(VOCAB), st.sampled_from(FRAGMENTS),
                 st.text(LETTERS, min_size=1, max_size=12).filter(
                     lambda w: w.casefold() not in ("none", "null")))


def phrase(max_words: int, min_words: int = 1) -> st.SearchStrategy[str]:
    """A few words, spaced however the user typed them."""
    spaces = st.sampled_from([" ", "  ", " \n "])
    return st.lists(st.tuples(WORD, spaces), min_size=min_words, max_size=max_words).map(
        lambda parts: "".join(w + s for w, s in parts).strip())


def fair(text: str) -> bool:
    """Nothing the intent review rightly flags (a why, a plea, pressure...), and no shrug in
    place of an answer (the log form turns those away)."""
    return not detect(text) and not is_non_answer(text)


def optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), strategy)


def odd_case(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(strategy, strategy.map(str.upper), strategy.map(str.lower),
                     strategy.map(str.title))


ONE_PERSON = st.one_of(st.sampled_from(PEOPLE), st.builds(
    lambda title, name: f"{title}{name}", st.sampled_from(["", "Dr. ", "ms ", "Prof. "]),
    phrase(3)))
NAME = st.one_of(
    odd_case(ONE_PERSON),
    st.sampled_from(NEUTRAL),
    # The review masks the first person's name only, so the others avoid its trigger words.
    st.builds(lambda first, others, joint: joint.join([first, *others]), ONE_PERSON,
              st.lists(ONE_PERSON.filter(fair), min_size=1, max_size=4),
              st.sampled_from([" and ", " & ", ", "])),
)
FUNCTION_WORDS = frozenset({"the", "of", "about", "our", "your", "we", "it", "was", "a", "an",
                            "and", "or", "but", "so", "with", "to", "&"})


def a_name(text: str) -> bool:
    """A name or a memory ends on a word that says something ("Bank of", "the" don't), and
    doesn't repeat a word by slip ("the the": the drafts drop the slip, the review then
    can't find the memory word for word)."""
    words = [w.strip(".!?\"“”").casefold() for w in text.split()]
    repeats = any(a == b for a, b in pairwise(words))
    return words[-1] not in FUNCTION_WORDS and not repeats


COMPANY = st.one_of(st.sampled_from(COMPANIES), phrase(5).filter(a_name))
ROLE = st.one_of(st.sampled_from(ROLES), phrase(5).filter(a_name))
MEMORY = st.one_of(
    odd_case(phrase(4)),
    st.builds(lambda p: f"the {p}", phrase(6)),
    st.builds(lambda p: f"we {p} together", phrase(5)),
    st.builds(lambda p, q: f"We talked about {p}. It was {q}!", phrase(3), phrase(2)),
    st.builds(lambda p: f'"{p}"', phrase(5)),
    st.builds(lambda p: f"“{p}” as a motto", phrase(4)),
    st.builds(lambda p: f"sketching {p}", phrase(4)),
    st.builds(lambda p: f"I asked about {p}.", phrase(4)),
    st.text(LETTERS, min_size=1, max_size=1),
    phrase(60, min_words=40).map(lambda t: t[:300]),
).filter(lambda text: fair(text) and a_name(text))
COMPLIMENT = st.one_of(
    st.sampled_from(["friendly", "so welcoming", "Great energy in the room",
                     "the team is clearly close-knit", "your passion for the product",
                     "I loved the culture.", "HOW OPEN EVERYONE WAS"]),
    phrase(12),
).filter(fair)
SKILL = st.one_of(
    st.sampled_from(["finished a course on research methods", "learning Rust",
                     "Figma prototyping", "I finished a course (with a certificate).",
                     "My portfolio now has three case studies.", "learn SQL window functions",
                     "Built a dashboard in Dr. Ng's course. It went well.", "advanced SQL"]),
    phrase(20),
).filter(fair)
FEEDBACK_TEXT = st.one_of(
    st.sampled_from(["She said I should learn Figma prototyping…", "more hands-on SQL practice",
                     "You should work on your storytelling", "they wanted someone senior",
                     "Practise SQL. Also read up on Kafka!"]),
    phrase(15),
).filter(fair)
THEIR_MESSAGE = st.one_of(
    st.sampled_from([
        "Thanks Sam! I'd encourage you to apply again when the senior role opens.",
        "You should polish your portfolio and add a case study about onboarding.",
        "Please don't hesitate to apply again in the future. Best of luck!",
        "We really enjoyed meeting you and it was a close decision.",
        "Let's stay in touch! Connect on LinkedIn.", "We'll keep your CV on file.",
        "I would recommend getting more hands-on with our design system.",
    ]),
    st.builds(lambda p: f"Thanks for your note. You should {p}.", phrase(6)),
    st.builds(lambda p: f"I'd suggest you {p}", phrase(12)),
    phrase(30),
).filter(fair)
def fair_as_roles(text: str) -> bool:
    """Fair on its own and in the sentence a draft puts wanted roles in: "talk coffee" alone
    is nothing, "keep me in mind for talk coffee" proposes a coffee."""
    return fair(text) and not detect(f"Please keep me in mind for {text}.")


WANTED = st.one_of(st.sampled_from(["product analytics or data roles", "the platform team",
                                    "platform team", "I'd like something in design"]),
                   phrase(6)).filter(fair_as_roles)
SENDER = phrase(4).filter(lambda t: parse_message(t).ps is None and fair(t))
EMAIL = st.sampled_from(["sam@example.test", "sam.o'neil+jobs@example.co.uk"])
PHONE = st.sampled_from(["+1 (555) 010-0199", "+44 20 7946 0000", "555.0100"])
AT = datetime(2020, 6, 1, tzinfo=UTC)


@st.composite
def contexts(draw: st.DrawFn) -> DraftContext:
    rejected_on = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    events: list[Event] = [Event(EventKind.FEEDBACK, AT, value=text)
                           for text in draw(st.lists(FEEDBACK_TEXT, max_size=2))]
    message = draw(optional(THEIR_MESSAGE))
    if message is not None or draw(st.booleans()):
        events.append(Event(EventKind.REPLIED, AT, value="conversation", message=message))
    wanted = draw(optional(WANTED))
    if wanted is not None:
        events.append(Event(EventKind.WANTED_ROLES, AT, value=wanted))
    rejection = Rejection(
        id=1, user_id=1, company=draw(COMPANY), role=draw(ROLE), interviewer=draw(NAME),
        rejected_on=rejected_on, memory=draw(MEMORY), interviewer_email=draw(optional(EMAIL)),
        linkedin_url=None, compliment=draw(optional(COMPLIMENT)),
        created_at=datetime(2020, 1, 1, tzinfo=UTC), events=tuple(events),
    )
    profile = Profile(name=draw(optional(SENDER)), email=draw(optional(EMAIL)),
                      phone=draw(optional(PHONE)))
    skills = tuple(draw(st.lists(SKILL, max_size=3)))
    return DraftContext(
        rejection=rejection, profile=profile, skills=skills,
        progress=skills[draw(st.integers(0, len(skills))):],
        linkedin_limit=draw(st.sampled_from([200, 300])),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(context=contexts())
def test_every_kind_is_sendable_for_any_honest_values(context: DraftContext) -> None:
    for kind in DraftKind:
        draft = RENDERER.render(kind, context)
        assert problems(draft, rejection=context.rejection,
                        linkedin_limit=context.linkedin_limit,
                        has_progress=bool(context.progress),
                        logged=logged_values(context)) == [], (kind, draft.text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(context=contexts())
def test_later_letters_do_not_repeat_the_thank_you(context: DraftContext) -> None:
    thank_you = RENDERER.render(DraftKind.THANK_YOU, context).body
    recollection = {s for s in parse_message(thank_you).sentences()[2:] if count_words(s) > 3}
    for kind in DraftKind:
        if kind not in (DraftKind.THANK_YOU, DraftKind.LINKEDIN):
            later = parse_message(RENDERER.render(kind, context).body).sentences()
            assert not recollection & set(later), kind


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


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from([k for k in DraftKind if k is not DraftKind.LINKEDIN]),
       interviewer=LONG, company=LONG, role=LONG, memory=LONG, compliment=optional(LONG),
       skill=optional(LONG), message=optional(LONG), days=st.integers(-30, 400))
def test_any_text_at_all_renders_without_residue(kind: DraftKind, interviewer: str,
                                                 company: str, role: str, memory: str,
                                                 compliment: str | None, skill: str | None,
                                                 message: str | None, days: int) -> None:
    rejection = Rejection(
        id=1, user_id=1, company=company, role=role, interviewer=interviewer,
        rejected_on=date(2025, 1, 1), memory=memory, interviewer_email=None, linkedin_url=None,
        compliment=compliment, created_at=datetime(2025, 1, 1, tzinfo=UTC),
        events=(Event(EventKind.REPLIED, AT + timedelta(days=days), value="conversation",
                      message=message),),
    )
    skills = (skill,) if skill else ()
    draft = RENDERER.render(kind, DraftContext(rejection=rejection, profile=Profile(),
                                               skills=skills, progress=skills))
    greeting = draft.body.split("\n", 1)[0]
    assert greeting in ("Hello,", "Hello everyone,") or (
        greeting.startswith("Hi ") and greeting.endswith(","))
    typed = (interviewer, company, role, memory, compliment or "", skill or "", message or "")
    assert "None" not in draft.text or any("None" in value for value in typed)
