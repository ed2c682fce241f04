"""Fitting what a user typed (a memory, a compliment, a skill, the roles they want) into a
sentence we write around it.

A clause ("we sketched the schema") follows "how"; a first-person sentence ("I asked about
the roadmap") stands alone; a noun phrase ("the whiteboard session") follows "enjoyed"; a bare
noun ("whiteboard") becomes "the whiteboard part of our conversation". Nothing here invents
content; it only frames it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.phrasing import (
    BASE_VERBS,
    COPULAS,
    DETERMINERS,
    FIRST_PERSON,
    NOUN_CLAUSE_STARTS,
    SUBJECTS,
    calm_case,
    cap_words,
    first_sentence,
    gerund,
    is_gerund,
    is_past_verb,
    lead_word,
    tidy,
    unwrap,
)

# A memory whose head is one of these is an event: "the whiteboard session", "the tour".
EVENT_NOUNS = frozenset({
    "session", "sessions", "round", "exercise", "discussion", "talk", "tour", "demo", "chat",
    "conversation", "walkthrough", "presentation", "lunch", "dinner", "coffee", "interview",
    "challenge", "task", "study", "question", "questions", "game", "workshop", "visit",
    "meeting", "review", "critique", "story", "stories", "example", "examples", "joke",
    "jokes", "debate", "dive", "sketch", "problem", "puzzle", "scenario", "exchange",
    "brainstorm", "walk", "tangent", "anecdote", "deep-dive",
})
ADJECTIVES = frozenset({
    "friendly", "welcoming", "warm", "kind", "supportive", "thoughtful", "inspiring",
    "impressive", "open", "honest", "collaborative", "positive", "passionate", "genuine",
    "clear", "organised", "organized", "professional", "respectful", "fun", "smart",
    "knowledgeable", "humble", "approachable", "helpful", "transparent", "curious", "calm",
    "patient", "encouraging", "generous", "sharp", "engaging", "relaxed", "great",
    "amazing", "wonderful", "fantastic", "lovely", "nice", "brilliant", "energetic",
})


_INTENSIFIERS = frozenset({"so", "very", "really", "super", "incredibly", "truly", "extremely"})


_HAS_VERB = COPULAS | frozenset({"has", "have", "had", "now", "got", "includes", "went"})


ROLE_NOUNS = frozenset({
    "role", "roles", "position", "positions", "job", "jobs", "opening", "openings",
    "vacancy", "vacancies", "opportunity", "opportunities", "internship", "internships",
})


_WANT_PREFIX = re.compile(
    r"^(?:i(?:'|’)?d\s+(?:like|love)|i\s+would\s+(?:like|love)|i\s+want|i(?:'|’)?m\s+"
    r"(?:interested\s+in|looking\s+(?:for|at))|interested\s+in|looking\s+(?:for|at)|ideally"
    r"|something\s+in|anything\s+in|maybe|preferably)\s+", re.IGNORECASE)


class Shape(StrEnum):
    """How a phrase fits a sentence."""

    CLAUSE = "clause"        # "we sketched the schema": follows "how" or "that"
    SENTENCE = "sentence"    # "I asked about the roadmap": stands as its own sentence
    NOUN = "noun"            # "the whiteboard session", "sketching the schema"
    ADJECTIVE = "adjective"  # "friendly", "so welcoming"


@dataclass(frozen=True)
class Phrase:
    """A user's value, tidied, with its shape and a noun-phrase form for mid-sentence use."""

    text: str
    shape: Shape
    noun: str




def shape_memory(value: str | None, people: frozenset[str] = frozenset()) -> Phrase | None:
    """A memory of any shape, ready for "I especially enjoyed …" or "because of …"."""
    text = tidy(value)
    if text is None:
        return None
    inner, quoted = unwrap(text)
    text = calm_case(inner)
    lead = lead_word(text)
    if quoted and _shape(text, lead, people) is Shape.NOUN and lead not in DETERMINERS \
            and not is_gerund(lead) and len(text.split()) > 1:
        quoted_text = f"“{text}”"
        return Phrase(quoted_text, Shape.NOUN, f"our conversation about {quoted_text}")
    shape = _shape(text, lead, people)
    first = first_sentence(text)
    if shape is Shape.CLAUSE:
        return Phrase(text, shape, f"the moment {first}")
    if shape is Shape.SENTENCE:
        return Phrase(text, shape, f"the moment {first}")
    noun = first if lead in DETERMINERS or is_gerund(lead) or lead in NOUN_CLAUSE_STARTS \
        else _bare_noun(first)
    return Phrase(noun if noun != first else text, Shape.NOUN, noun)


def _shape(text: str, lead: str, people: frozenset[str]) -> Shape:
    """First person stands alone; a subject or a linking verb early on makes a clause;
    anything else ("the tour", "sketching the schema", "how they test") is a noun phrase."""
    words = [w.strip("\"'“”‘’").replace("’", "'").casefold() for w in text.split()]
    if lead in FIRST_PERSON:
        return Shape.SENTENCE
    if lead in NOUN_CLAUSE_STARTS:
        return Shape.NOUN
    if any(w in COPULAS for w in words[1:5]):
        return Shape.CLAUSE
    if lead in SUBJECTS - {"my", "our"} or lead in people:
        return Shape.CLAUSE
    return Shape.NOUN


def _bare_noun(text: str) -> str:
    """A noun phrase without a determiner: an event gets "the"; a topic gets a frame."""
    words = [w.strip(".,;:!?").casefold() for w in text.split()]
    head_zone = []
    for word in words[:4]:
        if word in ("on", "about", "of", "with", "for", "in", "around"):
            break
        head_zone.append(word)
    if any(word in EVENT_NOUNS for word in head_zone):
        return f"the {text}"
    if len(words) <= 3:
        return f"the {text} part of our conversation"
    return f"our conversation about {text}"


def shape_compliment(value: str | None, people: frozenset[str] = frozenset()) -> Phrase | None:
    """A compliment: a clause ("the team is close-knit"), an adjective ("so welcoming") or a
    noun phrase ("your passion for the product", "great energy" -> "the great energy")."""
    text = tidy(value)
    if text is None:
        return None
    text = calm_case(unwrap(text)[0])
    words = [w.strip("\"'“”‘’.,!").casefold() for w in text.split()]
    lead = lead_word(text)
    if len(words) <= 3 and words[-1] in ADJECTIVES and all(
            w in _INTENSIFIERS | ADJECTIVES | {"and"} for w in words):
        plain = " ".join(w for w in text.split() if w.casefold() not in _INTENSIFIERS)
        return Phrase(plain, Shape.ADJECTIVE, plain)
    shape = _shape(text, lead, people)
    if shape is not Shape.NOUN:
        return Phrase(text, shape, text)
    needs_article = not (lead in DETERMINERS or lead in NOUN_CLAUSE_STARTS or is_gerund(lead)
                         or lead.endswith(("'s", "s'")) or text[:1].isupper())
    noun = f"the {text}" if needs_article else text
    return Phrase(noun, Shape.NOUN, noun)


def progress_clause(value: str | None) -> str | None:
    """A logged skill as a clause with its own subject, in the user's words:
    "finished a course" -> "I finished a course"; "learning Rust" -> "I've been learning Rust";
    "Figma prototyping" -> "I've been working on Figma prototyping"."""
    text = tidy(value)
    if text is None:
        return None
    text = cap_words(calm_case(first_sentence(unwrap(text)[0])), 25)
    lead = lead_word(text)
    words = text.split()
    if lead in FIRST_PERSON:
        return re.sub(r"^i\b", "I", text)
    if lead in ("we", "we've", "we're") or (lead in ("my", "our") and any(
            w.casefold() in _HAS_VERB or is_past_verb(w.casefold()) for w in words[1:6])):
        return text
    if is_past_verb(lead):
        return f"I {text}"
    if is_gerund(lead):
        return f"I've been {text}"
    if lead in BASE_VERBS and len(words) > 1 and words[0].casefold() == lead:
        return f"I've been {gerund(words[0])} {' '.join(words[1:])}"
    return f"I've been working on {text}"


def roles_phrase(value: str | None) -> str | None:
    """The roles or team a user would like, as what follows "especially for":
    "product analytics or data roles" stays; "the platform team" -> "openings on the platform
    team"; "product analytics" -> "product analytics roles"."""
    text = tidy(value)
    if text is None:
        return None
    text = calm_case(unwrap(text)[0])
    while (stripped := _WANT_PREFIX.sub("", text).strip()) != text:
        text = stripped
    text = cap_words(first_sentence(text), 12) if text else ""
    if not text:
        return None
    words = [w.strip(".,;:!?").casefold() for w in text.split()]
    if any(w in ROLE_NOUNS for w in words):
        return text
    if any(w in ("team", "teams", "group", "squad", "department") for w in words):
        return text if words[0] in DETERMINERS else f"openings on the {text}" if \
            words[-1] in ("team", "group", "squad", "department") else f"openings in {text}"
    return f"{text} roles"
