"""Logging a rejection: the guided form (one question at a time) and the one-message form.

Both share the same questions and validators. The form's answers are saved after every step
(by the coach, as conversation state), so a half-filled form survives a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.dates import DateContext, read_past_date
from bot.errors import UserError
from bot.models import RejectionInput
from bot.non_answers import is_non_answer
from bot.parse import parse_email, parse_linkedin_url, parse_text
from bot.syntax import Phrase

Validator = Callable[[str, DateContext], str]
"""Checks one raw answer; the date context says what today is and how to read numbers."""


def _text(field: str, limit: int) -> Validator:
    def validate(raw: str, _dates: DateContext) -> str:
        value = parse_text(raw, field=field, max_length=limit)
        assert value is not None
        return value

    return validate


def _interviewer(raw: str, dates: DateContext) -> str:
    value = _text("interviewer's name", 120)(raw, dates)
    if not any(ch.isalpha() for ch in value):
        raise UserError("Give the interviewer's name in letters, like Jane Smith.")
    return value


NOT_A_MEMORY = ("That sounds like nothing specific comes to mind yet, which is normal. "
                "Think back to one thing: a topic you talked through, a question they asked, or "
                "something they showed you. A few words are enough, like the whiteboard "
                "session on the checkout redesign.")


def _memory(raw: str, dates: DateContext) -> str:
    value = _text("memory", 200)(raw, dates)
    if is_non_answer(value):
        raise UserError(NOT_A_MEMORY)
    return value


@dataclass(frozen=True)
class Question:
    """One field of the form: what to ask, whether it may be skipped, and how to check it.

    `shrug_skips`: an optional answer that says there is none ("nothing", "n/a") skips it."""

    field: str
    prompt: str
    validate: Validator
    optional: bool = False
    label: str = ""
    placeholder: str = ""
    max_length: int = 200
    shrug_skips: bool = False

    def skips(self, raw: str) -> bool:
        """Whether this answer means "no answer" for an optional question."""
        word = raw.strip().lower()
        return self.optional and (word in ("", "skip", "none", "-")
                                  or (self.shrug_skips and is_non_answer(raw)))


QUESTIONS: tuple[Question, ...] = (
    Question("company", "Which company turned you down?", _text("company", 120),
             label="Company", placeholder="Acme", max_length=120),
    Question("role", "What was the role?", _text("role", 120),
             label="Role", placeholder="Product Designer", max_length=120),
    Question("interviewer", "Who interviewed you? Their full name is best; drafts will greet "
             "them by first name.", _interviewer,
             label="Interviewer's full name", placeholder="Jane Smith", max_length=120),
    Question("email", "What is the interviewer's email address? (optional)",
             lambda raw, _t: parse_email(raw), optional=True,
             label="Interviewer's email", placeholder="jane@acme.com", max_length=254),
    Question("linkedin", "Their LinkedIn profile link? (optional)",
             lambda raw, _t: parse_linkedin_url(raw), optional=True,
             label="Interviewer's LinkedIn link",
             placeholder="https://www.linkedin.com/in/janesmith", max_length=200),
    Question("rejected", "When did the rejection arrive? Say today, yesterday, 3 days ago, "
             "last friday or a date like 27 Feb. (skip: today)",
             lambda raw, dates: read_past_date(raw, dates).day.isoformat(), optional=True,
             label="Rejected on", placeholder="today, yesterday, last friday or 27 Feb",
             max_length=40),
    Question("memory", "Name one specific moment from the interview they'd enjoy being "
             "reminded of, as a short phrase: a topic you dug into, something they showed "
             "you. For example: the whiteboard session on the checkout redesign.",
             _memory, label="A moment from the interview",
             placeholder="the whiteboard session on the checkout redesign", max_length=200),
    Question("compliment", "One genuine compliment for them, the team or the culture? "
             "(optional)", _text("compliment", 150), optional=True,
             label="A genuine compliment", placeholder="how openly the team shared feedback",
             max_length=150, shrug_skips=True),
)

BY_FIELD = {q.field: q for q in QUESTIONS}

FIELD_ALIASES: Mapping[str, str] = {
    "company": "company", "employer": "company",
    "role": "role", "position": "role", "job": "role", "title": "role",
    "interviewer": "interviewer", "manager": "interviewer", "hiring manager": "interviewer",
    "email": "email", "interviewer email": "email", "e-mail": "email", "mail": "email",
    "linkedin": "linkedin", "linkedin url": "linkedin", "url": "linkedin",
    "rejected": "rejected", "date": "rejected", "rejected on": "rejected", "when": "rejected",
    "memory": "memory", "moment": "memory",
    "compliment": "compliment",
}


@dataclass(frozen=True)
class FormState:
    """A form in progress: the answers so far (None = skipped) and the field being asked.

    Kept between messages as the user's conversation state (`bot.flow_state` stores it)."""

    answers: dict[str, str | None]
    asking: str | None


def start(prefilled: Mapping[str, str | None], *, skip_optional: bool = True) -> FormState:
    """A form with some answers already given; asks the first missing required field (and,
    with `skip_optional` False, the optional ones too)."""
    answers = dict(prefilled)
    if answers and skip_optional:
        # Optional fields left out of a one-message log count as skipped, not as questions.
        answers.update({q.field: None for q in QUESTIONS if q.optional and q.field not in answers})
    return FormState(answers=answers, asking=next_field(answers))


def next_field(answers: Mapping[str, str | None]) -> str | None:
    """The first question not answered yet; None once every one is."""
    return next((q.field for q in QUESTIONS if q.field not in answers), None)


def check_fields(raw: Mapping[str, str], dates: DateContext
                 ) -> tuple[dict[str, str | None], dict[str, str]]:
    """Check each given field on its own: (valid answers, {field: what's wrong}).

    A blank or `skip` optional field counts as skipped. Forms that show errors next to each
    field (Slack and Discord modals) use this; `validate_all` reports them in one message.
    """
    answers: dict[str, str | None] = {}
    problems: dict[str, str] = {}
    for field, value in raw.items():
        question = BY_FIELD[field]
        if question.skips(value):
            answers[field] = None
            continue
        try:
            answers[field] = question.validate(value, dates)
        except UserError as exc:
            problems[field] = str(exc)
    return answers, problems


def validate_all(raw: Mapping[str, str], dates: DateContext) -> dict[str, str | None]:
    """Check every field given in one message; all problems are reported together."""
    answers, problems = check_fields(raw, dates)
    if problems:
        raise fields_error(problems)
    return answers


def fields_error(problems: Mapping[str, str]) -> UserError:
    """One message that lists every field's problem."""
    return UserError("Some fields need fixing, nothing was saved yet:\n" + "\n".join(
        f"{field}: {problem}" for field, problem in problems.items()))


def check_form(raw: Mapping[str, str], dates: DateContext
               ) -> tuple[dict[str, str | None], dict[str, str]]:
    """Check a whole form submitted at once: like `check_fields`, and every required field
    must be there. Unknown field names are ignored (they can only come from a stale form)."""
    given = {field: value for field, value in raw.items() if field in BY_FIELD}
    answers, problems = check_fields(given, dates)
    for question in QUESTIONS:
        if question.field not in answers and question.field not in problems:
            if question.optional:
                answers[question.field] = None
            else:
                problems[question.field] = "This one is needed."
    return answers, problems


def date_notes(raw: Mapping[str, str], dates: DateContext) -> tuple[Phrase, ...]:
    """How an ambiguous rejection date among `raw` answers (like 03/04) was read, if one was."""
    text = raw.get("rejected", "")
    if not text.strip() or text.strip().lower() in ("skip", "none", "-"):
        return ()
    try:
        note = read_past_date(text, dates).note
    except UserError:
        return ()
    return (note,) if note else ()


def answer(state: FormState, text: str, dates: DateContext) -> FormState:
    """Apply one answer (or `skip` / `back`) to the field being asked."""
    if state.asking is None:
        return state
    question = BY_FIELD[state.asking]
    word = text.strip().lower()
    answers = dict(state.answers)
    if word == "back":
        return _back(state)
    if word == "skip" and not question.optional:
        raise UserError(f"This one can't be skipped. {question.prompt}")
    if word == "skip" or question.skips(text):
        answers[question.field] = None
    else:
        answers[question.field] = question.validate(text, dates)
    return FormState(answers=answers, asking=next_field(answers))


def _back(state: FormState) -> FormState:
    order = [q.field for q in QUESTIONS]
    asked = [f for f in order if f in state.answers]
    if not asked:
        raise UserError("This is the first question, so there's nothing to go back to.")
    previous = asked[-1] if state.asking is None else max(
        (f for f in asked if order.index(f) < order.index(state.asking)),
        key=order.index, default=asked[-1])
    answers = {k: v for k, v in state.answers.items() if k != previous}
    return FormState(answers=answers, asking=previous)


def to_input(answers: Mapping[str, str | None], today: date) -> RejectionInput:
    """The finished form as a validated `RejectionInput` (a skipped date means today)."""
    rejected = answers.get("rejected")
    return RejectionInput(
        company=str(answers["company"]),
        role=str(answers["role"]),
        interviewer=str(answers["interviewer"]),
        rejected_on=date.fromisoformat(rejected) if rejected else today,
        memory=str(answers["memory"]),
        interviewer_email=answers.get("email"),
        linkedin_url=answers.get("linkedin"),
        compliment=answers.get("compliment"),
    )
