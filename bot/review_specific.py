"""Whether a note names something specific from the interview (PLAYBOOK rule 4), so they
remember who wrote it.

A writer retells the moment they logged in their own words: "the guest who arrived at three
in the morning with a parrot on his shoulder" for the logged "a guest who checked in at 3
a.m. carrying a parrot". So the logged memory counts as named when the note shares a couple
of its telling words, compared after light stemming ("checked" and "checking" are one word)
and with numbers written either way ("3" and "three"). A note that names some other concrete
moment ("I enjoyed hearing how you scaled the team") names something specific too: the
review errs towards passing a good note (issue 10: no false alarm on a good note), and the
hint it gives otherwise is the logged memory itself.
"""

from __future__ import annotations

import re

from bot import review_phrases as phrases
from bot.models import Rejection
from bot.review_text import clean_phrase, mentions, shorten

SHARED_WORDS = 2
"""Telling words a retold memory shares with the logged one (fewer when it has fewer)."""

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
          " fifteen sixteen seventeen eighteen nineteen twenty")
_NUMBERS = {word: str(n) for n, word in enumerate(_SMALL.split())}
_NUMBERS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
                 "eighty": "80", "ninety": "90", "hundred": "100", "first": "1", "second": "2",
                 "third": "3", "dozen": "12", "half": "50"})
# Words too common to tell one memory from another, or that every note about an interview
# shares ("the interview", "our conversation", "your team").
_COMMON_WORDS = """
the a an and or but of to in on at by for with from about into over after before who whom
whose which that this these those what when where how why she he her his him they them their
you your yours we our us i me my it its is was were be been being am are has have had do did
does there here then than so very really just also still some any all one not no yes as if
told tell said say says talk talked talking chat chatted conversation conversations discuss
discussed discussion interview interviews interviewed time team role job position company
thank thanks way much many lot lots
"""
_COMMON = frozenset(_COMMON_WORDS.split())
_SUFFIXES = ("ingly", "edly", "ings", "ing", "ed", "es", "ly", "s")


def names_something_specific(text: str, rejection: Rejection | None) -> bool:
    """The logged memory, said or retold, or any other concrete recollection."""
    memory = clean_phrase(rejection.memory) if rejection else None
    if memory and (mentions(text, memory) or shares_words(text, memory)):
        return True
    return bool(phrases.SPECIFIC.search(text))


def mentions_interview(text: str, rejection: Rejection | None) -> bool:
    """The interview, the role, the company, or the moment logged from the interview."""
    if phrases.INTERVIEW.search(text):
        return True
    if rejection is None:
        return False
    memory = clean_phrase(rejection.memory)
    values = (rejection.role, rejection.company, memory)
    return any(mentions(text, value) for value in values if value) or bool(
        memory and shares_words(text, memory))


def shares_words(text: str, memory: str) -> bool:
    """Whether `text` shares SHARED_WORDS of the memory's telling words (all of them when
    the memory has fewer)."""
    wanted = _telling(memory)
    return bool(wanted) and len(wanted & _telling(text)) >= min(SHARED_WORDS, len(wanted))


def specific_hint(rejection: Rejection | None) -> str:
    memory = clean_phrase(rejection.memory) if rejection else None
    if memory:
        return f"mention the moment you noted from the interview: “{shorten(memory, 80)}”"
    return ("name one concrete moment from the interview (something you discussed or "
            "something they showed you)")


def _telling(value: str) -> set[str]:
    """The stems of the words that tell one memory from another, numbers as digits."""
    words = re.findall(r"[^\W_]+", value.casefold())
    return {_stem(_NUMBERS.get(w, w)) for w in words
            if w not in _COMMON and (len(w) > 2 or w.isdigit())}


def _stem(word: str) -> str:
    """A light stem: "carrying" and "carried" become "carry", "parrots" "parrot"."""
    if word.isdigit():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
