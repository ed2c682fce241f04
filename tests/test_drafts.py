"""The drafts: every template renders the right content for full and minimal contexts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from jinja2 import StrictUndefined, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from bot.drafts import DraftContext, DraftRenderer, first_name, role_title, templates_dir
from bot.models import Draft, DraftKind, Profile, Rejection
from bot.review_text import note_length, parse_message, shorten

EMAIL_KINDS = [k for k in DraftKind if k is not DraftKind.LINKEDIN]
SIGN_OFFS = ("Thanks again,", "Best regards,", "Kind regards,")


def rejection(**overrides: Any) -> Rejection:
    values: dict[str, Any] = {
        "id": 1, "user_id": 1, "company": "Acme", "role": "Data Analyst",
        "interviewer": "Dr. Jane Smith", "rejected_on": date(2025, 1, 10),
        "memory": "the whiteboard session on caching", "interviewer_email": "jane@acme.test",
        "linkedin_url": "https://www.linkedin.com/in/janesmith",
        "compliment": "your passion for the product",
        "created_at": datetime(2025, 1, 10, tzinfo=UTC),
    }
    values.update(overrides)
    return Rejection(**values)


FULL = DraftContext(
    rejection=rejection(),
    profile=Profile(name="Sam Lee", email="sam@example.test", phone="+1 555 010 0199"),
    latest_feedback="more hands-on SQL practice",
    latest_skill="finished an advanced SQL course",
)
MINIMAL = DraftContext(
    rejection=rejection(interviewer_email=None, linkedin_url=None, compliment=None),
    profile=Profile(),
)


@pytest.fixture(scope="module")
def renderer() -> DraftRenderer:
    return DraftRenderer()


def assert_clean(draft: Draft) -> None:
    """Nothing from the template machinery or missing values leaks into the text."""
    text = draft.text
    for leak in ("None", "[", "{{", "{%", "  ", '""', "“”", "''", "..", " ,", " ."):
        assert leak not in text, (leak, text)
    assert not any(line != line.strip() for line in text.splitlines())


def test_there_is_exactly_one_template_per_kind() -> None:
    names = sorted(p.name for p in templates_dir().glob("*.j2"))
    assert names == sorted(f"{kind.value}.txt.j2" for kind in DraftKind)


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_full_email_drafts_carry_every_detail(renderer: DraftRenderer, kind: DraftKind) -> None:
    draft = renderer.render(kind, FULL)
    assert_clean(draft)
    assert draft.subject and draft.to == "jane@acme.test"
    assert draft.text.startswith(f"Subject: {draft.subject}\n\n")
    assert draft.body.startswith("Hi Jane,\n")
    for detail in ("Acme", "the whiteboard session on caching", "your passion for the product"):
        assert detail in draft.body
    assert draft.body.endswith("\nSam Lee") or "\nSam Lee\n\nPS:" in draft.body


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_minimal_email_drafts_read_naturally(renderer: DraftRenderer, kind: DraftKind) -> None:
    draft = renderer.render(kind, MINIMAL)
    assert_clean(draft)
    assert draft.to is None
    assert "Hi Jane," in draft.body and "Acme" in draft.body
    assert "the whiteboard session on caching" in draft.body
    message = parse_message(draft.body)
    assert message.sign_off in SIGN_OFFS


def test_the_role_is_named_in_the_letters(renderer: DraftRenderer) -> None:
    for kind in EMAIL_KINDS:
        assert "Data Analyst" in renderer.render(kind, FULL).body


def test_thank_you_acknowledges_and_never_asks(renderer: DraftRenderer) -> None:
    body = renderer.render(DraftKind.THANK_YOU, FULL).body.lower()
    assert "wasn't selected for the data analyst role" in body
    for word in ("feedback", "why", "hoped", "hoping"):
        assert word not in body
    assert body.rstrip().endswith("thanks again,\nsam lee")


def test_reply_asks_softly_after_the_opener(renderer: DraftRenderer) -> None:
    body = renderer.render(DraftKind.REPLY, FULL).body
    sentences = parse_message(body).sentences()
    assert 3 <= len(sentences) <= 4
    assert "stronger candidate next time" not in sentences[0]
    assert any("stronger candidate next time" in s for s in sentences[1:])


def test_stay_in_touch_reports_progress_and_ends_with_the_ps(renderer: DraftRenderer) -> None:
    body = renderer.render(DraftKind.STAY_IN_TOUCH, FULL).body
    assert "“more hands-on SQL practice”" in body
    assert "finished an advanced SQL course" in body
    ps = body.splitlines()[-1]
    assert ps.startswith("PS: ") and "join your team" in ps and ps.endswith("?")


def test_stay_in_touch_without_progress_still_gives_an_update(renderer: DraftRenderer) -> None:
    body = renderer.render(DraftKind.STAY_IN_TOUCH, MINIMAL).body
    assert "Since we spoke, I've been working on my skills" in body
    assert body.splitlines()[-1].startswith("PS: ")


def test_stay_in_touch_uses_only_the_first_sentence_of_long_feedback(
    renderer: DraftRenderer,
) -> None:
    context = DraftContext(rejection=rejection(), profile=Profile(name="Sam"),
                           latest_feedback="Practise SQL. Also read up on Kafka!",
                           latest_skill="Built a dashboard in Dr. Ng's course. It went well.")
    body = renderer.render(DraftKind.STAY_IN_TOUCH, context).body
    assert "“Practise SQL”" in body and "Kafka" not in body
    assert "Built a dashboard in Dr. Ng's course)" in body and "went well" not in body


def test_feedback_request_gives_contact_details(renderer: DraftRenderer) -> None:
    body = renderer.render(DraftKind.FEEDBACK_REQUEST, FULL).body
    assert "sam@example.test" in body and "+1 555 010 0199" in body
    assert not parse_message(body).sentences()[0].lower().count("feedback")


@pytest.mark.parametrize(("email", "phone", "expected"), [
    ("sam@example.test", None, "You can reach me at sam@example.test, or simply reply"),
    (None, "+44 20 7946 0000", "You can reach me on +44 20 7946 0000, or simply reply"),
    (None, None, "You can simply reply to this email"),
])
def test_feedback_request_without_some_contact_details(
    renderer: DraftRenderer, email: str | None, phone: str | None, expected: str,
) -> None:
    context = DraftContext(rejection=rejection(), profile=Profile(email=email, phone=phone))
    draft = renderer.render(DraftKind.FEEDBACK_REQUEST, context)
    assert expected in draft.body
    assert_clean(draft)


def test_alternate_roles_mentions_the_skill_or_a_general_line(renderer: DraftRenderer) -> None:
    full = renderer.render(DraftKind.ALTERNATE_ROLES, FULL).body
    minimal = renderer.render(DraftKind.ALTERNATE_ROLES, MINIMAL).body
    assert "finished an advanced SQL course" in full
    assert "kept me in mind" in full and "right fit for this particular role" in full
    assert "experience beyond what we covered" in minimal


@pytest.mark.parametrize("limit", [200, 300])
@pytest.mark.parametrize("context", [FULL, MINIMAL])
def test_linkedin_note_fits_and_has_no_subject(
    renderer: DraftRenderer, context: DraftContext, limit: int,
) -> None:
    draft = renderer.render(DraftKind.LINKEDIN, DraftContext(
        rejection=context.rejection, profile=context.profile, linkedin_limit=limit))
    assert draft.subject is None and draft.to is None and draft.text == draft.body
    assert note_length(draft.body) <= limit
    assert draft.body.startswith("Hi Jane, ") and "Data Analyst interview at Acme" in draft.body
    assert "\n" not in draft.body
    assert_clean(draft)


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


def test_trailing_punctuation_of_user_values_is_not_doubled(renderer: DraftRenderer) -> None:
    context = DraftContext(rejection=rejection(company="Acme Inc.", memory="The tour of the lab!",
                                               compliment="Your calm, friendly style."),
                           profile=Profile(name="  Sam   Lee  "))
    draft = renderer.render(DraftKind.THANK_YOU, context)
    assert "at Acme Inc., and" in draft.body
    assert "I especially enjoyed the tour of the lab. I also really appreciated your calm, " \
           "friendly style." in draft.body
    assert draft.body.endswith("\nSam Lee")


def test_a_memory_written_as_a_clause_reads_naturally(renderer: DraftRenderer) -> None:
    context = DraftContext(rejection=rejection(memory="We sketched the data model together",
                                               compliment="the team is clearly close-knit"),
                           profile=Profile())
    body = renderer.render(DraftKind.THANK_YOU, context).body
    assert "I still remember how we sketched the data model together." in body
    assert "It really stood out to me that the team is clearly close-knit." in body
    named = DraftContext(rejection=rejection(memory="Jane showed me the new lab",
                                             compliment="Great energy in the room"),
                         profile=Profile())
    body = renderer.render(DraftKind.THANK_YOU, named).body
    assert "I still remember how Jane showed me the new lab." in body
    assert "I also really appreciated great energy in the room." in body


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "{% for x in y %}", "{# hidden #}"])
def test_user_text_is_never_compiled(renderer: DraftRenderer, value: str) -> None:
    context = DraftContext(
        rejection=rejection(company=f"Acme {value}", memory=f"the {value} joke",
                            compliment=f"your {value} humour"),
        profile=Profile(name=f"Sam {value}"), latest_skill=f"learned {value}",
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
    for kind in EMAIL_KINDS:
        assert value in renderer.render(kind, context).body


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


@pytest.mark.parametrize(("name", "expected"), [
    ("Dr. Jane Smith", "Jane"), ("Dr Jane Smith", "Jane"), ("Prof. Dr. Maria Lopez", "Maria"),
    ("ms jane doe", "jane"), ("Jean-Luc Picard", "Jean-Luc"), ("  Zoë   O'Brien ", "Zoë"),
    ("Mr Smith", "Mr Smith"), ("Dr.", "Dr."), ("محمد علي", "محمد"), ("Smith, Jane", "Smith"),
])
def test_first_name(name: str, expected: str) -> None:
    assert first_name(name) == expected


@pytest.mark.parametrize(("role", "expected"), [
    ("Data Analyst", "Data Analyst role"), ("Sales position", "Sales position"),
    ("Summer internship", "Summer internship"),
])
def test_role_title(role: str, expected: str) -> None:
    assert role_title(role) == expected


def test_shorten_cuts_at_a_word_boundary_and_counts_emoji_as_two() -> None:
    assert shorten("Intercontinental Holdings Group", 20) == "Intercontinental…"
    assert shorten("short", 20) == "short"
    assert note_length("🎉") == 2 and note_length(shorten("🎉🎉🎉", 5)) <= 5
