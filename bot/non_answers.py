"""Telling a real answer from a shrug: "nothing", "idk", "I don't remember anything specific".

An answer is a non-answer when every word in it belongs to the vocabulary of not knowing,
not remembering or vague filler ("honestly", "really", "the interview was fine"), or when it
has no letters at all ("-", "?", "🤷"). One word outside that vocabulary makes it real, so
"we joked that nothing beats a whiteboard" passes.
"""

from __future__ import annotations

import re

MAX_NON_ANSWER_WORDS = 15
_WORD = re.compile(r"[\w'/]+")
_VOCABULARY = frozenset({
    # not knowing, not remembering
    "nothing", "none", "no", "not", "nope", "nah", "idk", "dunno", "n/a", "na", "nada",
    "zilch", "nil", "null", "cant", "can't", "cannot", "can", "dont", "don't", "do", "didnt",
    "didn't", "did", "forget", "forgot", "forgotten", "unsure", "unknown", "tbd", "blank",
    "remember", "recall", "recollect", "know", "sure", "idea", "clue", "think", "memory",
    "memories", "moment", "moments", "mind", "comes", "come", "came", "springs", "spring",
    "stands", "stood", "out", "memorable", "special", "specific", "specifically",
    "particular", "particularly", "really", "anything", "something", "much", "afraid",
    "sadly", "unfortunately", "whatever", "skip", "pass", "n", "a",
    # filler
    "i", "i'm", "im", "honestly", "just", "to", "be", "tbh", "um", "uh", "umm", "hmm", "well",
    "sorry", "actually", "in", "at", "all", "thing", "things", "of", "the", "it", "its",
    "it's", "about", "there", "was", "that", "is", "here", "yet", "right", "now", "off",
    "top", "my", "head", "any", "so", "ok", "okay", "lol", "haha", "from", "this", "one",
    "interview", "interviews", "conversation", "call", "quite", "pretty", "very",
    # vague verdicts: not a moment they would recognise
    "fine", "good", "great", "nice", "normal", "usual", "standard", "generic", "typical",
    "short", "quick", "brief", "boring", "general", "everything", "went", "alright",
    "and", "or", "but", "we", "talked", "chatted", "stuff",
})


def is_non_answer(text: str) -> bool:
    """Whether `text` says there is nothing to tell rather than telling something."""
    words = _WORD.findall(text.casefold().replace("’", "'"))
    if not any(ch.isalnum() for ch in text):
        return True
    if len(words) > MAX_NON_ANSWER_WORDS:
        return False
    return all(word in _VOCABULARY for word in words)
