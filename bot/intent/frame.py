"""One intent frame: patterns that must all match a normalised sentence, with conditions.

A frame stands for one way of expressing an intent ("a request" + "about the decision").
`asks` frames need a request cue somewhere in the sentence (a question mark, "could you",
"I'd love to know"...), which is what separates "Why did you choose me?" from "our talk
about why you chose Kafka". `unless` lists innocent readings that cancel the frame.
`excuse` names what a frame shows when some kinds of letter do it by design: "contact"
(giving a phone number), "acknowledge" (accepting the outcome in so many words), "again"
(writing a second time), "future-wish" (wanting to join the company some day), "other-roles"
(being considered if some opening comes up, not this role back). Which kinds
welcome which is `bot.review_intent`'s business; the frames only say what they saw.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass

from bot.intent.anchors import anchors
from bot.intent.lexicon import frame


@dataclass(frozen=True)
class Frame:
    """Patterns that must all match (in any order), optionally only in a request."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    asks: bool = False
    unless: tuple[re.Pattern[str], ...] = ()
    excuse: str = ""
    anchors: tuple[frozenset[str], ...] = ()
    """Sets of words of which each match holds one (`bot.intent.anchors`): a sentence
    missing every word of a set is skipped without a search."""
    innocent: bool = False
    """A reading the rules know to be innocent (see `innocent`): it never matches."""

    def matches(self, text: str, *, asks: bool, words: Set[str]) -> bool:
        """Whether the normalised sentence `text` (which `asks` or not, whose tokens are
        `words`) expresses this frame."""
        if (self.asks and not asks) or self.innocent:
            return False
        for needed in self.anchors:
            if words.isdisjoint(needed):
                return False
        if not all(p.search(text) for p in self.patterns):
            return False
        return not any(p.search(text) for p in self.unless)

    def set_aside(self, text: str, *, words: Set[str]) -> bool:
        """Whether this innocent reading fits the sentence: the rules saw a category's
        words and know them innocent here."""
        if not self.innocent:
            return False
        for needed in self.anchors:
            if words.isdisjoint(needed):
                return False
        return all(p.search(text) for p in self.patterns)


def make(name: str, *specs: str, asks: bool = False, unless: tuple[str, ...] = (),
         excuse: str = "") -> Frame:
    """A frame from specs in the pattern language of `bot.intent.lexicon`."""
    patterns = tuple(frame(s) for s in specs)
    return Frame(name, patterns, asks, tuple(frame(s) for s in unless), excuse,
                 tuple(words for p in patterns for words in anchors(p)))


def innocent(name: str, *specs: str) -> Frame:
    """A reading the rules know to be innocent though it uses a category's words ("I'd
    hoped to see a signal box up close", "I know how packed your diary is"): it never
    matches, but it sets its category aside for the learned backstop, which sees only the
    words (`bot.intent.set_aside`). Only such explicit readings do: a frame's `unless`
    may be broad, since the frame's own patterns narrow it first."""
    patterns = tuple(frame(s) for s in specs)
    return Frame(name, patterns, innocent=True,
                 anchors=tuple(words for p in patterns for words in anchors(p)))
