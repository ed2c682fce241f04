"""What a sentence is doing, judged by intent rather than exact wording.

`detect` normalises one sentence (`bot.intent.normalise`) and tries the frames of each
category (`bot.intent.frames`): the first frame that matches names the category. Only the
frames whose anchor words (`bot.intent.anchors`) the sentence has are tried; the others
can't match it. The review
decides which categories matter for which kind of message (`bot.review_intent`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.intent.frame import Frame
from bot.intent.frames import (
    feedback,
    hoped,
    pressure,
    reconsider,
    tone,
    tone_quiet,
    tone_sarcasm,
    who_hired,
    why,
)
from bot.intent.lexicon import ASK
from bot.intent.normalise import normalise

CATEGORIES: dict[str, tuple[Frame, ...]] = {
    "why": why.FRAMES,
    "who-hired": who_hired.FRAMES,
    "feedback": feedback.FRAMES,
    "reconsider": reconsider.FRAMES,
    "pressure": pressure.FRAMES,
    "tone": tone.FRAMES + tone_sarcasm.FRAMES + tone_quiet.FRAMES,
    "hoped": hoped.FRAMES,
}


@dataclass(frozen=True)
class Intent:
    """One category a sentence falls in, the frame that showed it, and the excuse every
    matching frame shares (see `bot.intent.frame.Frame`; empty when any has none)."""

    category: str
    frame: str
    excuse: str = ""


@dataclass(frozen=True)
class _Index:
    """Every frame, numbered in CATEGORIES order, and which numbers a sentence's words call
    for: each anchored frame under the words of its smallest anchor set (a sentence without
    one of them can't match it), the others always."""

    frames: tuple[tuple[str, Frame], ...]
    by_word: dict[str, tuple[int, ...]]
    always: frozenset[int]

    @classmethod
    def build(cls, categories: dict[str, tuple[Frame, ...]]) -> _Index:
        frames = tuple((c, f) for c, group in categories.items() for f in group)
        by_word: dict[str, list[int]] = {}
        always: set[int] = set()
        for number, (_, frame) in enumerate(frames):
            if not frame.anchors:
                always.add(number)
                continue
            for word in min(frame.anchors, key=len):
                by_word.setdefault(word, []).append(number)
        return cls(frames, {w: tuple(n) for w, n in by_word.items()}, frozenset(always))

    def candidates(self, words: frozenset[str]) -> list[tuple[str, Frame]]:
        """The frames worth trying on a sentence of `words`, in CATEGORIES order."""
        numbers = set(self.always)
        for word in words:
            numbers.update(self.by_word.get(word, ()))
        return [self.frames[n] for n in sorted(numbers)]


_INDEX = _Index.build(CATEGORIES)


READ_CACHE_SIZE = 4096
"""Sentences remembered with what was found in them. A draft's review reads the same
template sentences (names masked) draft after draft; a few MB at most."""


def detect(sentence: str) -> tuple[Intent, ...]:
    """Every category whose frames match `sentence`, in CATEGORIES order."""
    return _judge(sentence)[0]


def set_aside(sentence: str) -> frozenset[str]:
    """The categories whose words the rules saw in `sentence` and know to be innocent there
    (`bot.intent.frame.innocent`), and found in no other way: "I know how packed your diary
    is" names a diary without proposing a meeting. The learned backstop
    is not asked to second-guess them (`bot.review_intent`)."""
    return _judge(sentence)[1]


@lru_cache(maxsize=READ_CACHE_SIZE)
def _judge(sentence: str) -> tuple[tuple[Intent, ...], frozenset[str]]:
    """What `detect` and `set_aside` answer (the frames never change while running, so a
    sentence read once is answered from memory)."""
    text = normalise(sentence)
    asks = bool(ASK.search(text))
    words = frozenset(text.split(" "))
    hits: dict[str, list[Frame]] = {}
    innocent: set[str] = set()
    for category, frame in _INDEX.candidates(words):
        if frame.matches(text, asks=asks, words=words):
            hits.setdefault(category, []).append(frame)
        elif frame.set_aside(text, words=words):
            innocent.add(category)
    found: list[Intent] = []
    for category, frames in hits.items():
        excuses = {f.excuse for f in frames}
        excuse = excuses.pop() if len(excuses) == 1 else ""
        found.append(Intent(category, frames[0].name, excuse))
    return tuple(found), frozenset(innocent - hits.keys())
