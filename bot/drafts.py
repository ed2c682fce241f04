"""Render the follow-up drafts (PLAYBOOK.md) from the Jinja2 templates in `templates/`.

Each DraftKind has one template, `<kind>.txt.j2`. An email template's first line is
"Subject: ..."; `render` splits it off. User text is passed only as template variables,
tidied first (whitespace collapsed, trailing punctuation dropped where it sits mid-sentence),
and is never compiled as a template. Templates end a sentence after a user value with
`{{ company|full_stop }}`, so "Acme Inc." does not become "Acme Inc..".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from bot.errors import ReboundError
from bot.models import LINKEDIN_FREE_LIMIT, Draft, DraftKind, Profile, Rejection
from bot.review_text import (
    ELLIPSIS,
    clean,
    clean_phrase,
    note_length,
    shorten,
    split_sentences,
)

HONORIFICS = frozenset({
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "madam", "dame",
})
ROLE_NOUNS = frozenset({
    "role", "position", "job", "post", "opening", "vacancy", "opportunity", "internship",
})
SUBJECT_PREFIX = "Subject:"
MAX_NOTE_VARIANTS = 10
MAX_UPDATE_WORDS = 30
# Words that start a clause ("we talked about Rust") rather than a noun phrase ("the tour").
_SUBJECT_PRONOUNS = frozenset({
    "i", "i'm", "i've", "i'd", "we", "we're", "we've", "we'd", "you", "you're", "you've",
    "you'd", "they", "they're", "he", "she", "it", "it's", "there", "everyone", "everybody",
})
_COPULAS = frozenset({"is", "are", "was", "were", "seems", "seemed", "felt", "looked"})
_NOUN_CLAUSE_STARTS = frozenset({"how", "what", "when", "where", "why", "which", "who"})
# A capitalised first word that reads fine in lower case mid-sentence ("The tour" -> "the tour").
_LOWERABLE = (_SUBJECT_PRONOUNS - {"i", "i'm", "i've", "i'd"}) | _NOUN_CLAUSE_STARTS | frozenset({
    "the", "a", "an", "our", "your", "my", "their", "his", "her", "that", "this", "those",
    "these", "meeting", "hearing", "learning", "seeing", "talking", "discussing", "getting",
    "exploring", "working", "walking", "reviewing", "pairing", "great", "amazing", "friendly",
    "warm", "welcoming", "genuine", "clear", "inspiring", "thoughtful", "impressive", "open",
    "supportive", "honest", "collaborative", "positive", "wonderful", "fantastic", "strong",
    "passionate", "kind", "such",
})
_SHORTENABLE = ("first_name", "role", "company")


def templates_dir() -> Path:
    """Installed wheels carry templates at bot/templates; a source checkout at <repo>/templates."""
    here = Path(__file__).resolve().parent
    candidates = (here / "templates", here.parent / "templates")
    return next((path for path in candidates if path.is_dir()), candidates[-1])


@dataclass(frozen=True)
class DraftContext:
    """Everything a draft may use: the rejection, the user's profile and their latest progress."""

    rejection: Rejection
    profile: Profile
    latest_feedback: str | None = None
    latest_skill: str | None = None
    linkedin_limit: int = LINKEDIN_FREE_LIMIT


class DraftRenderer:
    """Renders drafts in its own sandboxed Jinja2 environment (no global environment)."""

    def __init__(self, directory: Path | None = None) -> None:
        self._env = SandboxedEnvironment(
            loader=FileSystemLoader(directory or templates_dir()),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters["full_stop"] = full_stop

    @property
    def environment(self) -> SandboxedEnvironment:
        """The environment, for inspection in tests."""
        return self._env

    def render(self, kind: DraftKind, context: DraftContext) -> Draft:
        """Render one draft; a LinkedIn note is always within `context.linkedin_limit`."""
        values = draft_values(context)
        if kind is DraftKind.LINKEDIN:
            return Draft(kind=kind, body=self._note(values, context.linkedin_limit))
        text = _tidy(self._template(kind).render(values))
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


def draft_values(context: DraftContext) -> dict[str, Any]:
    """The template variables: every name is always defined (None when missing)."""
    rejection, profile = context.rejection, context.profile
    role = clean(rejection.role) or ""
    people = frozenset(t.casefold() for t in rejection.interviewer.split()
                       if t.rstrip(".").casefold() not in HONORIFICS)
    memory, memory_is_clause = _embeddable(rejection.memory, people)
    compliment, compliment_is_clause = _embeddable(rejection.compliment, people)
    return {
        "first_name": first_name(rejection.interviewer),
        "role": role,
        "role_title": role_title(role),
        "company": clean(rejection.company) or "",
        "memory": memory,
        "memory_is_clause": memory_is_clause,
        "compliment": compliment,
        "compliment_is_clause": compliment_is_clause,
        "sender": clean(profile.name),
        "email": clean(profile.email),
        "phone": clean(profile.phone),
        "skill": _lead_sentence(context.latest_skill),
        "feedback": _lead_sentence(context.latest_feedback, quotes=True),
    }


def full_stop(value: str) -> str:
    """End a sentence after a user value without doubling its own stop ("Acme Inc." stays)."""
    return value if value.endswith((".", "!", "?", ELLIPSIS)) else f"{value}."


def first_name(interviewer: str) -> str:
    """Greeting name: drop leading honorifics (Dr, Ms., Prof...) and keep the first name.

    "Dr. Jane Smith" -> "Jane". A title with one name left ("Dr. Smith", "Mr Lee") is most
    likely a surname, so it stays as typed; so does a name made only of titles.
    """
    full = clean(interviewer) or ""
    tokens = full.split()
    while tokens and tokens[0].rstrip(".").casefold() in HONORIFICS:
        tokens.pop(0)
    if len(tokens) == 1 and len(full.split()) > 1:
        return full
    first = tokens[0].rstrip(",;:") if tokens else ""
    return first or full


def role_title(role: str) -> str:
    """The role as a noun phrase: "Data Analyst" -> "Data Analyst role"; "Sales position" stays."""
    words = role.split()
    if words and words[-1].strip(".,;:!?").casefold() in ROLE_NOUNS:
        return role
    return f"{role} role" if role else "role"


def _embeddable(value: str | None, people: frozenset[str]) -> tuple[str | None, bool]:
    """A memory or compliment ready to sit mid-sentence, and whether it reads as a clause
    ("we sketched the schema", "Jane showed me the lab") rather than a noun phrase."""
    text = clean_phrase(value)
    if text is None:
        return None, False
    words = [w.strip("\"'“”‘’").replace("’", "'").casefold() for w in text.split()]
    is_clause = words[0] in _SUBJECT_PRONOUNS | people or (
        words[0] not in _NOUN_CLAUSE_STARTS and any(w in _COPULAS for w in words[1:5])
    )
    first = text.split()[0]
    capitalised = first[:1].isupper() and first[1:] == first[1:].lower()
    if capitalised and first.replace("’", "'").casefold() in _LOWERABLE:
        text = text[0].lower() + text[1:]
    return text, is_clause


def _lead_sentence(value: str | None, *, quotes: bool = False) -> str | None:
    """The first sentence of a logged skill or feedback, trimmed to fit one sentence of a draft."""
    text = clean(value)
    if text is None:
        return None
    sentences = split_sentences(text)
    first = sentences[0] if sentences else text
    lead = clean_phrase(first.strip("\"“”") if quotes else first)
    if lead is None:
        return None
    words = lead.split()
    if len(words) > MAX_UPDATE_WORDS:
        lead = " ".join(words[:MAX_UPDATE_WORDS]).rstrip(",;:") + ELLIPSIS
    return lead


def _tidy(text: str) -> str:
    """Trim line ends, squeeze double spaces and blank-line runs, strip the ends."""
    lines = [re.sub(" {2,}", " ", line).rstrip() for line in text.strip().split("\n")]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())
