"""The values the draft review passes around: a finding, what it may know, the parsed text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from bot.intent import Intent
from bot.intent.learned import Backstop
from bot.models import LINKEDIN_FREE_LIMIT, DraftKind, Rejection
from bot.review_text import Message, phrase_pattern

NAME_MASK = "Name"
_ASIDE = re.compile(r"“[^”]*”|\"[^\"]*\"|\([^()]*\)")


@dataclass(frozen=True)
class Finding:
    """One problem found: a stable rule id, a short title, and how to fix it.

    `quote` is the user's own words the finding objects to and `suggestion` a gentler line
    to use instead (both empty when the finding is about something missing)."""

    rule: str
    title: str
    message: str
    quote: str = ""
    suggestion: str = ""


@dataclass(frozen=True)
class ReviewContext:
    """What the review may know besides the text; unknown parts skip the checks that need them."""

    rejection: Rejection | None = None
    today: date | None = None
    linkedin_limit: int = LINKEDIN_FREE_LIMIT
    logged: tuple[str, ...] = ()
    """What the user logged that a draft may embed besides the rejection's own fields (the
    latest skill, the roles they want): like the feedback, it is data the draft carries,
    not the writer's request, so neither the rules nor the learned backstop read it."""


@dataclass(frozen=True)
class Reading:
    """One sentence as the review read it: the intents the rules found in it and, when they
    found none, the learned backstop's class probabilities (empty when it was not asked)."""

    sentence: str
    intents: tuple[Intent, ...]
    probabilities: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Reviewed:
    """The text under review, parsed once, with what every rule needs to know about it."""

    text: str
    message: Message
    sentences: tuple[str, ...]
    names: tuple[str, ...]
    kind: DraftKind
    context: ReviewContext
    backstop: Backstop | None = None
    scanned: tuple[Reading, ...] = ()
    phrases: tuple[str, ...] = ()
    logged: tuple[str, ...] = ()

    def unlogged(self, text: str) -> str:
        """`text` with what the user logged as data (feedback, skills, wanted roles: the
        `logged` values, which drafts embed) replaced: a role they want called "A talk" is
        not a meeting proposed. The memory and compliment stay for the rules to read."""
        return _replace(text, self._logged_patterns)

    def unquoted(self, text: str) -> str:
        """`text` with the user's own logged phrases (the memory and compliment the drafts
        embed), quotations and asides in brackets replaced too: the learned backstop reads
        the writer's own request, not the notes they logged or the words they quote (a
        draft quotes the interviewer's advice and lists a skill in brackets), which can be
        any words at all. The rules still read all but the logged data (`unlogged`)."""
        return _ASIDE.sub(NAME_MASK, _replace(text, self._phrase_patterns))

    def masked(self, text: str) -> str:
        """`text` with the known names replaced, so a company called "Why Labs" reads neutral."""
        return _replace(text, self._name_patterns)

    # Each sentence is masked with the same few names and phrases: compiled once per review.
    @cached_property
    def _name_patterns(self) -> tuple[re.Pattern[str], ...]:
        return _patterns(self.names, ignore_case=False)

    @cached_property
    def _phrase_patterns(self) -> tuple[re.Pattern[str], ...]:
        return _patterns(self.phrases, ignore_case=True)

    @cached_property
    def _logged_patterns(self) -> tuple[re.Pattern[str], ...]:
        return _patterns(self.logged, ignore_case=True)


def _patterns(phrases: tuple[str, ...], *, ignore_case: bool) -> tuple[re.Pattern[str], ...]:
    return tuple(p for phrase in phrases
                 if (p := phrase_pattern(phrase, ignore_case=ignore_case)) is not None)


def _replace(text: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    """`text` with every whole-word occurrence of each pattern, in turn, masked."""
    for pattern in patterns:
        for start, end in reversed([m.span() for m in pattern.finditer(text)]):
            text = text[:start] + NAME_MASK + text[end:]
    return text
