"""Render the follow-up drafts (PLAYBOOK.md) from the Jinja2 templates in `templates/`.

Each DraftKind has one template, `<kind>.txt.j2`. An email template's first line is
"Subject: ..."; `render` splits it off. User text is passed only as template variables,
shaped first by `bot.phrasing` and `bot.names` so it reads as part of our sentences, and is
never compiled as a template. After rendering, `polish` settles the joins (no `..`, `.,`,
`!.`, no "the the"). A draft that runs over its length is rendered again with less: first
without the compliment, then with the user's longer values cut short.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from bot.errors import ReboundError
from bot.models import LINKEDIN_FREE_LIMIT, Draft, DraftKind, Profile, Rejection, Skill
from bot.names import first_name as first_name
from bot.names import greeting, greeting_names
from bot.non_answers import is_non_answer
from bot.phrasing import cap_words, drop_repeats
from bot.review_text import ELLIPSIS, clean, count_words, note_length, parse_message, shorten
from bot.shapes import ROLE_NOUNS, progress_clause, roles_phrase, shape_compliment, shape_memory
from bot.their_words import PointKind, feedback_focus, read_point

SUBJECT_PREFIX = "Subject:"
MAX_NOTE_VARIANTS = 10
THANK_YOU_MAX_WORDS = 120
LETTER_MAX_WORDS = 180
# Reply and stay-in-touch are judged by sentences; this keeps each of them short as well.
SHORT_EMAIL_MAX_WORDS = 110
FIT_LEVELS = 4
SHORT_NAME_WORDS = 6
_SHORTENABLE = ("note_name", "role", "company")
_CLOSERS = "\"”’»)\\]"


def templates_dir() -> Path:
    """Installed wheels carry templates at bot/templates; a source checkout at <repo>/templates."""
    here = Path(__file__).resolve().parent
    candidates = (here / "templates", here.parent / "templates")
    return next((path for path in candidates if path.is_dir()), candidates[-1])


@dataclass(frozen=True)
class DraftContext:
    """Everything a draft may use: the rejection (with its feedback, their reply and the roles
    the user wants, all read from its events), the user's profile and their progress.

    `skills` are all the user's logged skills, oldest first; `progress` only those logged
    after the rejection, which are the only ones a letter may call progress "since we spoke".
    """

    rejection: Rejection
    profile: Profile
    skills: tuple[str, ...] = ()
    progress: tuple[str, ...] = ()
    linkedin_limit: int = LINKEDIN_FREE_LIMIT


def logged_values(context: DraftContext) -> tuple[str, ...]:
    """What the user logged that a draft may carry in their own words (feedback, their
    reply, the roles they want, their progress): the review's learned reader leaves these
    alone, since the user chose them."""
    r = context.rejection
    values = (*r.feedback, r.their_message, r.wanted_roles, *context.progress)
    return tuple(v for v in values if v)


def progress_since(skills: Sequence[Skill], rejection: Rejection, tz: tzinfo) -> tuple[str, ...]:
    """The skills logged after the rejection date (in the user's zone), oldest first."""
    return tuple(s.text for s in skills if s.at.astimezone(tz).date() > rejection.rejected_on)


class DraftRenderer:
    """Renders drafts in its own sandboxed Jinja2 environment (no global environment)."""

    def __init__(self, directory: Path | None = None) -> None:
        self._env = SandboxedEnvironment(
            loader=FileSystemLoader(directory or templates_dir()),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # the templates ship with the code: no stat per draft
        )
        self._env.filters["full_stop"] = full_stop

    @property
    def environment(self) -> SandboxedEnvironment:
        """The environment, for inspection in tests."""
        return self._env

    def render(self, kind: DraftKind, context: DraftContext) -> Draft:
        """Render one draft; a LinkedIn note is always within `context.linkedin_limit`, and an
        email within its kind's length whenever the user's values allow it."""
        if kind is DraftKind.LINKEDIN:
            return Draft(kind=kind, body=self._note(draft_values(context),
                                                    context.linkedin_limit))
        draft = self._email(kind, context, 0)
        for level in range(1, FIT_LEVELS):
            if count_words(parse_message(draft.body).body) <= word_limit(kind):
                break
            draft = self._email(kind, context, level)
        return draft

    def _email(self, kind: DraftKind, context: DraftContext, level: int) -> Draft:
        text = polish(self._template(kind).render(draft_values(context, level=level)))
        first, _, rest = text.partition("\n")
        if not first.startswith(SUBJECT_PREFIX):
            raise ReboundError(f"template {kind.value} must start with a subject line")
        subject = first.removeprefix(SUBJECT_PREFIX).strip()
        to = clean(context.rejection.interviewer_email)
        return Draft(kind=kind, body=rest.strip(), subject=subject, to=to)

    def _template(self, kind: DraftKind) -> Template:
        return self._env.get_template(f"{kind.value}.txt.j2")

    def _note(self, values: dict[str, Any], limit: int) -> str:
        """Try the template's variants, longest first; squeeze the shortest one if none fits."""
        template = self._template(DraftKind.LINKEDIN)
        last = -1
        for variant in range(MAX_NOTE_VARIANTS):
            note = _one_line(template.render(values, variant=variant))
            if not note:
                break
            if note_length(note) <= limit:
                return note
            last = variant
        if last < 0:
            raise ReboundError("the linkedin template rendered nothing")
        return _squeeze(template, dict(values, variant=last), limit)


def word_limit(kind: DraftKind) -> int:
    """How many body words a draft of `kind` may run to."""
    if kind is DraftKind.THANK_YOU:
        return THANK_YOU_MAX_WORDS
    if kind in (DraftKind.REPLY, DraftKind.STAY_IN_TOUCH):
        return SHORT_EMAIL_MAX_WORDS
    return LETTER_MAX_WORDS


def _squeeze(template: Template, values: dict[str, Any], limit: int) -> str:
    """Shorten the longest of the name, role and company until the note fits (then hard-cut)."""
    note = _one_line(template.render(values))
    while (over := note_length(note) - limit) > 0:
        field = max(_SHORTENABLE, key=lambda name: note_length(values[name]))
        current: str = values[field]
        if note_length(current) <= len(ELLIPSIS):
            break
        values[field] = shorten(current, max(len(ELLIPSIS), note_length(current) - over))
        note = _one_line(template.render(values))
    return shorten(note, limit)


def draft_values(context: DraftContext, *, level: int = 0) -> dict[str, Any]:
    """The template variables: every name is always defined (None when missing).

    `level` trims for length: 1 leaves out the compliment, 2 also shortens the memory and
    keeps one piece of progress, 3 also shortens the role and company names.
    """
    rejection, profile = context.rejection, context.profile
    people = frozenset(name.casefold() for name in greeting_names(rejection.interviewer))
    memory = shape_memory(_capped(_real(rejection.memory), 15 if level >= 2 else 45), people)
    compliment = shape_compliment(_capped(_real(rejection.compliment), 25), people) \
        if level < 1 else None
    role = clean(rejection.role) or ""
    company = clean(rejection.company) or ""
    if level >= 3:
        role, company = cap_words(role, SHORT_NAME_WORDS), cap_words(company, SHORT_NAME_WORDS)
    feedback = rejection.feedback
    point = read_point(rejection.their_message)
    return {
        "greeting": greeting(rejection.interviewer),
        "note_name": first_name(rejection.interviewer),
        "role": role,
        "role_title": role_title(role),
        "company": company,
        "memory": memory.text if memory else None,
        "memory_shape": memory.shape.value if memory else None,
        "memory_noun": memory.noun if memory else None,
        "compliment": compliment.text if compliment else None,
        "compliment_shape": compliment.shape.value if compliment else None,
        "sender": clean(profile.name),
        "email": clean(profile.email),
        "phone": clean(profile.phone),
        "skill": progress_clause(context.skills[-1]) if context.skills else None,
        "progress": _progress(context.progress, feedback, one=level >= 2),
        "has_feedback": bool(feedback),
        "focus": feedback_focus(feedback[-1]) if feedback else None,
        "point_kind": point.kind.value if point else None,
        "point": point.phrase if point else None,
        "point_is_advice": point is not None and point.kind is PointKind.ADVICE,
        "roles": roles_phrase(rejection.wanted_roles),
    }


def _real(value: str | None) -> str | None:
    """A memory or compliment, unless it only says there is none ("nothing", "idk")."""
    return None if value is None or is_non_answer(value) else value


def _capped(value: str | None, words: int) -> str | None:
    return cap_words(value, words) if value else value


def _progress(items: tuple[str, ...], feedback: tuple[str, ...], *, one: bool) -> str | None:
    """Progress since the interview as one clause: the piece closest to their feedback, and
    the latest one if it is another ("I finished X, and I've been learning Y")."""
    if not items:
        return None
    wanted = _words(" ".join(feedback))
    best = max(reversed(items), key=lambda item: len(_words(item) & wanted))
    chosen = [best] if one or best == items[-1] else [best, items[-1]]
    clauses = [c for c in (progress_clause(item) for item in chosen) if c]
    return ", and ".join(clauses) or None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 3}


def full_stop(value: str) -> str:
    """End a sentence after a user value without doubling its own stop ("Acme Inc." stays)."""
    bare = value.rstrip(_CLOSERS)
    return value if bare.endswith((".", "!", "?", ELLIPSIS)) else f"{value}."


def role_title(role: str) -> str:
    """The role as a noun phrase: "Data Analyst" -> "Data Analyst role"; "Sales position" stays;
    a leading article goes, as the templates bring their own ("the Data Analyst role")."""
    role = re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.IGNORECASE)
    words = role.split()
    if words and words[-1].strip(".,;:!?").casefold() in ROLE_NOUNS:
        return role
    return f"{role} role" if role else "role"


def polish(text: str) -> str:
    """Settle the joins between our words and the user's, line by line: one stop only
    ("Inc.." -> "Inc.", "Yahoo!." -> "Yahoo!"), no comma after a stop, no space before
    punctuation, no repeated word, no double spaces, no blank-line runs."""
    lines: list[str] = []
    for raw in text.strip().split("\n"):
        line = re.sub(r"\.{3,}", ELLIPSIS, raw)
        line = re.sub(rf"([.!?{ELLIPSIS}])([{_CLOSERS}]*)\.", r"\1\2", line)
        line = re.sub(rf"([.!?{ELLIPSIS}])([{_CLOSERS}]*)[,;:](?=\s|$)", r"\1\2", line)
        line = re.sub(r",(\s*)(?=[.!?])", "", line)
        line = re.sub(r"(?<=\S)\s+([,.;:!?])(?=\s|$)", r"\1", line)
        line = drop_repeats(re.sub(" {2,}", " ", line)).rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


def _one_line(text: str) -> str:
    return polish(" ".join(text.split()))
