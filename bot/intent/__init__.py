"""What a sentence is doing, judged by intent rather than exact wording.

`detect` normalises one sentence (`bot.intent.normalise`) and tries the frames of each
category (`bot.intent.frames`): the first frame that matches names the category. The review
decides which categories matter for which kind of message (`bot.review_intent`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.intent.frame import Frame
from bot.intent.frames import feedback, hoped, pressure, reconsider, tone, who_hired, why
from bot.intent.lexicon import ASK
from bot.intent.normalise import normalise

CATEGORIES: dict[str, tuple[Frame, ...]] = {
    "why": why.FRAMES,
    "who-hired": who_hired.FRAMES,
    "feedback": feedback.FRAMES,
    "reconsider": reconsider.FRAMES,
    "pressure": pressure.FRAMES,
    "tone": tone.FRAMES,
    "hoped": hoped.FRAMES,
}


@dataclass(frozen=True)
class Intent:
    """One category a sentence falls in, the frame that showed it, and the excuse every
    matching frame shares (see `bot.intent.frame.Frame`; empty when any has none)."""

    category: str
    frame: str
    excuse: str = ""


def detect(sentence: str) -> tuple[Intent, ...]:
    """Every category whose frames match `sentence`, in CATEGORIES order."""
    text = normalise(sentence)
    asks = bool(ASK.search(text))
    words = frozenset(text.split(" "))
    found: list[Intent] = []
    for category, frames in CATEGORIES.items():
        hits = [f for f in frames if f.matches(text, asks=asks, words=words)]
        if hits:
            excuses = {f.excuse for f in hits}
            excuse = excuses.pop() if len(excuses) == 1 else ""
            found.append(Intent(category, hits[0].name, excuse))
    return tuple(found)
