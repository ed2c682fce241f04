"""The drafts: every template renders the right content for full and minimal contexts, and the
later letters grow with the relationship instead of repeating the thank-you."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from jinja2 import StrictUndefined, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from bot.drafts import (
    DraftContext,
    DraftRenderer,
    polish,
    progress_since,
    role_title,
    templates_dir,
)
from bot.models import Draft, DraftKind, Event, EventKind, Profile, Rejection, Skill
from bot.review_text import note_length, parse_message, shorten
from tests.sendable import problems

EMAIL_KINDS = [k for k in DraftKind if k is not DraftKind.LINKEDIN]
SIGN_OFFS = ("Thanks again,", "Best regards,", "Kind regards,")
AT = datetime(2025, 2, 1, tzinfo=UTC)
THANK_YOU_SENTENCE = "I especially enjoyed the whiteboard session on caching."


def rejection(*events: Event, **overrides: Any) -> Rejection:
    values: dict[str, Any] = {
        "id": 1, "user_id": 1, "company": "Acme", "role": "Data Analyst",
        "interviewer": "Dr. Jane Smith", "rejected_on": date(2025, 1, 10),
        "memory": "the whiteboard session on caching", "interviewer_email": "jane@acme.test",
        "linkedin_url": "https://www.linkedin.com/in/janesmith",
        "compliment": "your passion for the product",
        "created_at": datetime(2025, 1, 10, tzinfo=UTC), "events": events,
    }
    values.update(overrides)
    return Rejection(**values)


def feedback(text: str) -> Event:
    return Event(EventKind.FEEDBACK, AT, value=text)


def replied(message: str | None) -> Event:
    return Event(EventKind.REPLIED, AT, value="conversation", message=message)


FULL = DraftContext(
    rejection=rejection(feedback("more hands-on SQL practice")),
    profile=Profile(name="Sam Lee", email="sam@example.test", phone="+1 555 010 0199"),
    skills=("finished an advanced SQL course",),
    progress=("finished an advanced SQL course",),
)
MINIMAL = DraftContext(
    rejection=rejection(interviewer_email=None, linkedin_url=None, compliment=None),
    profile=Profile(),
)


@pytest.fixture(scope="module")
def renderer() -> DraftRenderer:
    return DraftRenderer()


def assert_sendable(draft: Draft, context: DraftContext) -> None:
    assert problems(draft, rejection=context.rejection,
                    linkedin_limit=context.linkedin_limit) == [], draft.text


def body(renderer: DraftRenderer, kind: DraftKind, context: DraftContext) -> str:
    draft = renderer.render(kind, context)
    assert_sendable(draft, context)
    return draft.body


def test_there_is_exactly_one_template_per_kind() -> None:
    names = sorted(p.name for p in templates_dir().glob("*.j2"))
    assert names == sorted(f"{kind.value}.txt.j2" for kind in DraftKind)


@pytest.mark.parametrize("kind", EMAIL_KINDS)
@pytest.mark.parametrize("context", [FULL, MINIMAL], ids=["full", "minimal"])
def test_email_drafts_are_sendable(renderer: DraftRenderer, kind: DraftKind,
                                   context: DraftContext) -> None:
    draft = renderer.render(kind, context)
    assert_sendable(draft, context)
    assert draft.text.startswith(f"Subject: {draft.subject}\n\n")
    assert draft.body.startswith("Hi Jane,\n") and "Data Analyst" in draft.body
    assert draft.to == context.rejection.interviewer_email
    assert parse_message(draft.body).sign_off.split("\n")[0] in SIGN_OFFS  # type: ignore[union-attr]
    if context is FULL:
        assert draft.body.endswith("\nSam Lee") or "\nSam Lee\n\nPS:" in draft.body


def test_only_the_thank_you_carries_the_memory_and_compliment(renderer: DraftRenderer) -> None:
    thank_you = body(renderer, DraftKind.THANK_YOU, FULL)
    assert THANK_YOU_SENTENCE in thank_you
    assert "I also really appreciated your passion for the product." in thank_you
    for kind in EMAIL_KINDS:
        if kind is not DraftKind.THANK_YOU:
            later = body(renderer, kind, FULL)
            assert THANK_YOU_SENTENCE not in later and "passion for the product" not in later


def test_thank_you_acknowledges_and_never_asks(renderer: DraftRenderer) -> None:
    text = body(renderer, DraftKind.THANK_YOU, FULL).lower()
    assert "wasn't selected for the data analyst role" in text
    for word in ("feedback", "why", "hoped", "hoping"):
        assert word not in text
    assert text.rstrip().endswith("thanks again,\nsam lee")


@pytest.mark.parametrize(("interviewer", "expected"), [
    ("jane smith", "Hi Jane,"), ("Dr. Jane Smith", "Hi Jane,"), ("Dr. Smith", "Hi Dr. Smith,"),
    ("the hiring team", "Hello,"), ("N/A", "Hello,"), ("?", "Hello,"),
    ("Jane Smith and Raj Patel", "Hi Jane and Raj,"), ("Jane & Raj", "Hi Jane and Raj,"),
    ("jane smith, raj patel", "Hi Jane and Raj,"), ("dr. mcdonald", "Hi Dr. McDonald,"),
    ("山田太郎", "Hi 山田太郎,"),
])
def test_every_letter_greets_people_as_they_write_their_names(
    renderer: DraftRenderer, interviewer: str, expected: str,
) -> None:
    context = DraftContext(rejection=rejection(interviewer=interviewer), profile=Profile())
    for kind in EMAIL_KINDS:
        assert body(renderer, kind, context).startswith(f"{expected}\n")


def test_a_linkedin_note_greets_the_first_person_only(renderer: DraftRenderer) -> None:
    context = DraftContext(rejection=rejection(interviewer="Jane Smith and Raj Patel"),
                           profile=Profile())
    assert body(renderer, DraftKind.LINKEDIN, context).startswith("Hi Jane, thank you again")
    neutral = DraftContext(rejection=rejection(interviewer="HR"), profile=Profile())
    assert body(renderer, DraftKind.LINKEDIN, neutral).startswith("Hello, thank you again")


@pytest.mark.parametrize(("memory", "sentence"), [
    ("whiteboard", "I especially enjoyed the whiteboard part of our conversation."),
    ("WHITEBOARD SESSION", "I especially enjoyed the whiteboard session."),
    ("the system design round", "I especially enjoyed the system design round."),
    ("We sketched the schema together.", "I still remember how we sketched the schema "
                                         "together."),
    ("sketching the schema together", "I especially enjoyed sketching the schema together."),
    ("I asked about the roadmap!", "I asked about the roadmap."),
    ("the the tour of the lab...", "I especially enjoyed the tour of the lab."),
    ('"ship small, ship often"', "I especially enjoyed “ship small, ship often”."),
    ("the (whiteboard (session)", "I especially enjoyed the whiteboard session."),
])
def test_a_memory_of_any_shape_reads_as_a_sentence(renderer: DraftRenderer, memory: str,
                                                   sentence: str) -> None:
    context = DraftContext(rejection=rejection(memory=memory, compliment=None), profile=Profile())
    assert sentence in body(renderer, DraftKind.THANK_YOU, context)


@pytest.mark.parametrize(("compliment", "sentence"), [
    ("so welcoming", "I also really appreciated how welcoming everyone was."),
    ("Great energy in the room", "I also really appreciated the great energy in the room."),
    ("the team is clearly close-knit", "It really stood out to me that the team is clearly "
                                       "close-knit."),
    ("I loved the culture.", "I loved the culture."),
])
def test_a_compliment_of_any_shape_reads_as_a_sentence(renderer: DraftRenderer, compliment: str,
                                                       sentence: str) -> None:
    context = DraftContext(rejection=rejection(compliment=compliment), profile=Profile())
    assert sentence in body(renderer, DraftKind.THANK_YOU, context)


def test_a_stored_non_memory_is_never_quoted(renderer: DraftRenderer) -> None:
    context = DraftContext(rejection=rejection(memory="I don't remember anything specific "
                                                      "honestly", compliment="n/a"),
                           profile=Profile())
    draft = renderer.render(DraftKind.THANK_YOU, context)
    # The review still looks for the stored words; the log form no longer accepts them.
    assert [p for p in problems(draft, rejection=context.rejection)
            if not p.startswith("review:")] == []
    text = draft.body
    assert "remember" not in text and "n/a" not in text
    assert "I especially enjoyed our conversation" in text


def test_the_reply_picks_up_a_point_from_their_message(renderer: DraftRenderer) -> None:
    message = "Thanks Sam! I'd encourage you to apply again when the senior role opens."
    context = DraftContext(rejection=rejection(replied(message)), profile=Profile())
    text = body(renderer, DraftKind.REPLY, context)
    assert "Thank you for your encouragement to apply again;" in text
    assert "when the senior role opens" not in text
    assert "stronger candidate next time" in text


def test_advice_in_their_message_is_turned_round_and_not_asked_for_again(
    renderer: DraftRenderer,
) -> None:
    message = "You should polish your portfolio and add a case study about onboarding."
    context = DraftContext(rejection=rejection(replied(message)), profile=Profile())
    text = body(renderer, DraftKind.REPLY, context)
    assert "Thank you for your suggestion to polish my portfolio; I'm taking it to heart." \
        in text
    assert "stronger candidate" not in text


def test_an_unreadable_message_gives_a_general_reply_that_pretends_nothing(
    renderer: DraftRenderer,
) -> None:
    context = DraftContext(rejection=rejection(replied("asdf qwerty 🙂")), profile=Profile())
    text = body(renderer, DraftKind.REPLY, context)
    assert "Thank you for taking the time to write back" in text
    assert "asdf" not in text


def test_after_feedback_the_reply_thanks_and_does_not_ask(renderer: DraftRenderer) -> None:
    context = DraftContext(rejection=rejection(feedback("more SQL"), replied("Good luck!")),
                           profile=Profile())
    text = body(renderer, DraftKind.REPLY, context)
    assert "I'm grateful for the feedback you shared" in text
    assert "stronger candidate" not in text and "thoughts on" not in text
    assert "Thank you for your good wishes" in text


def test_stay_in_touch_reports_progress_tied_to_feedback_without_quoting_it(
    renderer: DraftRenderer,
) -> None:
    context = DraftContext(
        rejection=rejection(feedback("She said I should learn Figma prototyping…")),
        profile=Profile(), progress=("I finished a course (with a certificate).",))
    text = body(renderer, DraftKind.STAY_IN_TOUCH, context)
    assert "Figma" not in text and "She said" not in text and "“" not in text
    assert ("Your feedback stayed with me, and since we spoke, I finished a course (with a "
            "certificate).") in text
    assert text.splitlines()[-1].startswith("PS: ")


def test_stay_in_touch_prefers_the_progress_closest_to_their_feedback(
    renderer: DraftRenderer,
) -> None:
    context = DraftContext(
        rejection=rejection(feedback("you should learn Figma prototyping")), profile=Profile(),
        progress=("learning Figma prototyping", "ran a 10k", "wrote a blog post on accessibility"))
    text = body(renderer, DraftKind.STAY_IN_TOUCH, context)
    assert ("since we spoke, I've been learning Figma prototyping, and I wrote a blog post on "
            "accessibility.") in text
    assert "10k" not in text


def test_stay_in_touch_without_progress_claims_none(renderer: DraftRenderer) -> None:
    text = body(renderer, DraftKind.STAY_IN_TOUCH, MINIMAL)
    for claim in ("learn", "working on", "progress", "course"):
        assert claim not in text.lower()
    assert "Our conversation has stayed with me since then" in text


@pytest.mark.parametrize(("skill", "clause"), [
    ("finished a course on research methods", "I finished a course on research methods."),
    ("learning Rust", "I've been learning Rust."),
    ("Figma prototyping", "I've been working on Figma prototyping."),
    ("learn SQL window functions", "I've been learning SQL window functions."),
    ("My portfolio now has three case studies.", "my portfolio now has three case studies."),
    ("I finished a course (with a certificate (AWS)).", "I finished a course (with a "
                                                        "certificate AWS)."),
])
def test_a_skill_of_any_shape_reads_as_progress(renderer: DraftRenderer, skill: str,
                                                clause: str) -> None:
    context = DraftContext(rejection=rejection(), profile=Profile(), progress=(skill,))
    assert f"Since we spoke, {clause}" in body(renderer, DraftKind.STAY_IN_TOUCH, context)


def test_progress_counts_only_skills_logged_after_the_rejection() -> None:
    before = Skill("old course", datetime(2025, 1, 9, 12, tzinfo=UTC))
    same_day = Skill("same day", datetime(2025, 1, 10, 12, tzinfo=UTC))
    after = Skill("new course", datetime(2025, 3, 1, tzinfo=UTC))
    assert progress_since([before, same_day, after], rejection(), UTC) == ("new course",)


def test_thank_you_for_feedback_says_calmly_what_comes_next(renderer: DraftRenderer) -> None:
    context = DraftContext(
        rejection=rejection(feedback("She said I should learn Figma prototyping")),
        profile=Profile(name="Sam"))
    text = body(renderer, DraftKind.THANK_YOU_FOR_FEEDBACK, context)
    assert text.startswith("Hi Jane,\n\nThank you for taking the time to share your thoughts")
    assert "Over the coming months I'll be focusing on learning Figma prototyping." in text
    assert "She said" not in text
    for word in ("but", "unfair", "disagree", "reconsider"):
        assert f" {word} " not in text.lower()
    general = body(renderer, DraftKind.THANK_YOU_FOR_FEEDBACK, MINIMAL)
    assert "I'm taking your points to heart" in general


def test_alternate_roles_names_the_roles_they_want(renderer: DraftRenderer) -> None:
    wanted = Event(EventKind.WANTED_ROLES, AT, value="product analytics or data roles")
    context = DraftContext(rejection=rejection(wanted), profile=Profile(),
                           skills=("finished an advanced SQL course",))
    text = body(renderer, DraftKind.ALTERNATE_ROLES, context)
    assert "kept me in mind, especially for product analytics or data roles." in text
    assert "One thing we didn't get to cover in the interview: I finished an advanced SQL " \
           "course." in text
    assert "not least because of the whiteboard session on caching" in text
    minimal = body(renderer, DraftKind.ALTERNATE_ROLES, MINIMAL)
    assert "kept me in mind." in minimal and "experience beyond what we covered" in minimal


def test_feedback_request_gives_contact_details_and_asks_later(renderer: DraftRenderer) -> None:
    text = body(renderer, DraftKind.FEEDBACK_REQUEST, FULL)
    assert "sam@example.test" in text and "+1 555 010 0199" in text
    assert "feedback" not in parse_message(text).sentences()[0].lower()


@pytest.mark.parametrize(("email", "phone", "expected"), [
    ("sam@example.test", None, "You can reach me at sam@example.test, or simply reply"),
    (None, "+44 20 7946 0000", "You can reach me on +44 20 7946 0000, or simply reply"),
    (None, None, "You can simply reply to this email"),
])
def test_feedback_request_without_some_contact_details(
    renderer: DraftRenderer, email: str | None, phone: str | None, expected: str,
) -> None:
    context = DraftContext(rejection=rejection(), profile=Profile(email=email, phone=phone))
    assert expected in body(renderer, DraftKind.FEEDBACK_REQUEST, context)


@pytest.mark.parametrize("limit", [200, 300])
@pytest.mark.parametrize("context", [FULL, MINIMAL])
def test_linkedin_note_fits_and_has_no_subject(
    renderer: DraftRenderer, context: DraftContext, limit: int,
) -> None:
    sized = DraftContext(rejection=context.rejection, profile=context.profile,
                         linkedin_limit=limit)
    draft = renderer.render(DraftKind.LINKEDIN, sized)
    assert draft.subject is None and draft.to is None and draft.text == draft.body
    assert draft.body.startswith("Hi Jane, ") and "Data Analyst interview at Acme" in draft.body
    assert "\n" not in draft.body
    assert_sendable(draft, sized)


def test_linkedin_uses_the_longer_variant_when_there_is_room(renderer: DraftRenderer) -> None:
    chatty = rejection(memory="the whiteboard session on caching and your story about the launch")

    def note(limit: int) -> str:
        return renderer.render(DraftKind.LINKEDIN, DraftContext(
            rejection=chatty, profile=FULL.profile, linkedin_limit=limit)).body

    assert "your passion for the product" in note(300)
    assert "your passion for the product" not in note(200)
    assert 200 < len(note(300)) <= 300


def test_linkedin_squeezes_very_long_names_to_the_limit(renderer: DraftRenderer) -> None:
    long = rejection(company="Intercontinental " * 12, role="Principal " * 20,
                     interviewer="Maximiliana-Theodora " * 5, memory="x " * 200)
    note = renderer.render(DraftKind.LINKEDIN, DraftContext(rejection=long, profile=Profile()))
    assert note_length(note.body) <= 200 and "…" in note.body and "interview" in note.body


def test_a_long_thank_you_drops_the_compliment_before_running_over(
    renderer: DraftRenderer,
) -> None:
    memory = "the whiteboard session about " + " ".join(f"topic{i}" for i in range(40))
    compliment = "the care you put into " + " ".join(f"detail{i}" for i in range(20))
    context = DraftContext(rejection=rejection(
        memory=memory, compliment=compliment, company="Intercontinental " * 20,
        role="Principal " * 20), profile=Profile())
    text = body(renderer, DraftKind.THANK_YOU, context)
    assert "the care" not in text and "whiteboard session about topic0" in text


def test_punctuation_never_doubles_at_the_joins(renderer: DraftRenderer) -> None:
    context = DraftContext(rejection=rejection(company="Acme Inc.", role="The Sr. Engineer",
                                               memory="The tour of the lab!",
                                               compliment="Your calm, friendly style."),
                           profile=Profile(name="  Sam   Lee  "))
    text = body(renderer, DraftKind.THANK_YOU, context)
    assert "for the Sr. Engineer role at Acme Inc. Thank you again" in text
    assert "I especially enjoyed the tour of the lab. I also really appreciated your calm, " \
           "friendly style." in text
    assert text.endswith("\nSam Lee")
    assert polish("at Yahoo!. Then Inc., and ” , .") == "at Yahoo! Then Inc. and ”."


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "{% for x in y %}", "{# hidden #}"])
def test_user_text_is_never_compiled(renderer: DraftRenderer, value: str) -> None:
    context = DraftContext(
        rejection=rejection(company=f"Acme {value}", memory=f"the {value} joke",
                            compliment=f"your {value} humour"),
        profile=Profile(name=f"Sam {value}"), skills=(f"learned {value}",),
    )
    for kind in DraftKind:
        text = renderer.render(kind, context).text
        assert f"Acme {value}" in text
        assert "49" not in text


@pytest.mark.parametrize("value", ["'; DROP TABLE users; --", "<script>alert(1)</script>",
                                   "שלום עליכם", "مرحبا بكم", "🎉 launch day 🚀"])
def test_any_unicode_is_just_text(renderer: DraftRenderer, value: str) -> None:
    context = DraftContext(rejection=rejection(memory=value, compliment=value),
                           profile=Profile(name=value))
    assert value in renderer.render(DraftKind.THANK_YOU, context).body
    for kind in EMAIL_KINDS:
        assert renderer.render(kind, context).body.endswith(value) or kind is \
            DraftKind.STAY_IN_TOUCH


def test_environment_is_sandboxed_and_strict(tmp_path: Path) -> None:
    (tmp_path / "thank-you.txt.j2").write_text("Subject: x\n{{ missing }}", encoding="utf-8")
    (tmp_path / "reply.txt.j2").write_text("Subject: x\n{{ ''.__class__.__mro__ }}",
                                           encoding="utf-8")
    renderer = DraftRenderer(tmp_path)
    assert isinstance(renderer.environment, SandboxedEnvironment)
    assert renderer.environment.undefined is StrictUndefined
    with pytest.raises(UndefinedError):
        renderer.render(DraftKind.THANK_YOU, FULL)
    with pytest.raises(SecurityError):
        renderer.render(DraftKind.REPLY, FULL)


def test_each_renderer_owns_its_environment() -> None:
    assert DraftRenderer().environment is not DraftRenderer().environment


@pytest.mark.parametrize(("role", "expected"), [
    ("Data Analyst", "Data Analyst role"), ("Sales position", "Sales position"),
    ("Summer internship", "Summer internship"), ("the Data Analyst", "Data Analyst role"),
])
def test_role_title(role: str, expected: str) -> None:
    assert role_title(role) == expected


def test_shorten_cuts_at_a_word_boundary_and_counts_emoji_as_two() -> None:
    assert shorten("Intercontinental Holdings Group", 20) == "Intercontinental…"
    assert shorten("short", 20) == "short"
    assert note_length("🎉") == 2 and note_length(shorten("🎉🎉🎉", 5)) <= 5
