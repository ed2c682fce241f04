"""The phrases the draft review looks for: whole words and phrases, case-insensitive.

Phrases, not bare words: "feedback" alone is fine (a company may be called Feedback Ltd);
"any feedback" or "feedback on" is a request. Apostrophes may be straight or curly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_A = "['’]"
_I = re.IGNORECASE


def _any(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), _I)


WHY = (
    re.compile(
        rf"\bwhy\s+(?:i|i{_A}m|me|my|you|the|another|someone|they|it|was|were|wasn{_A}t"
        rf"|weren{_A}t|didn{_A}t|did|had|hadn{_A}t)\b[^.!?\n]{{0,60}}?"
        rf"(?:\b(?:not|never|rejected|chosen|selected|successful|hired|picked|offered"
        rf"|passed\s+over|turned\s+down|went\s+with)\b|n{_A}t\b)",
        _I,
    ),
    re.compile(r"\bthe\s+reasons?\s+(?:why|for|behind)\b", _I),
    re.compile(r"\bwhat\s+(?:went\s+wrong|I\s+(?:did|could\s+have\s+done)\s+"
               r"(?:wrong|differently|better))\b", _I),
)
FEEDBACK = (
    re.compile(r"\b(?:any|some|your|honest|brief|quick|constructive|candid|little|bit\s+of)"
               r"\s+feedback\b", _I),
    re.compile(r"\bfeedback\s+(?:on|about|regarding|from\s+you)\b", _I),
    re.compile(r"\b(?:ask|asking|request|requesting|welcome|appreciate|love|grateful\s+for"
               r"|value)\s+(?:\w+\s+){0,2}?feedback\b", _I),
    re.compile(r"\b(?:stronger|better|more\s+competitive)\s+candidate\b", _I),
    re.compile(r"\b(?:how|what|where)\s+(?:\w+\s+){0,4}?(?:improve|do\s+better"
               r"|do\s+differently)\b", _I),
    re.compile(r"\bareas?\s+(?:for|of|to)\s+improve(?:ment)?\b", _I),
    re.compile(r"\bwhere\s+I\s+fell\s+short\b", _I),
)
HOPED = (
    re.compile(rf"\bhop(?:ed|ing)\s+(?:to\s+(?:be|get|land|join|receive|win)|(?:that\s+)?"
               rf"I(?:{_A}d|\s+would|\s+will|\s+might|\s+could)?\s+(?:be|get|land|join|receive"
               rf"|win))\b", _I),
    re.compile(r"\b(?:had|have)\s+(?:really\s+|truly\s+|so\s+)?hoped\b", _I),
    re.compile(r"\bwish(?:ed)?\s+I\s+(?:had\s+)?(?:got|gotten|been|was|were|could\s+have)\b",
               _I),
    re.compile(r"\b(?:really|truly|so|badly)\s+wanted\s+(?:this|the|that)\s+"
               r"(?:job|role|position|offer)\b", _I),
    re.compile(r"\bmy\s+hope\s+(?:was|had\s+been)\b", _I),
)
TONE = re.compile(
    rf"(?<!\w)(?:unfair(?:ly)?|unjust|mistaken?|wrong\s+decision|reconsider(?:ed|ing|ation)?"
    rf"|rethink|deserve[sd]?|deserving|disappoint(?:ed|ing|ment)|upset(?:ting)?"
    rf"|frustrat(?:ed|ing|ion)|angry|bitter(?:ly)?|insult(?:ed|ing)|ridiculous|unprofessional"
    rf"|devastated|desperate(?:ly)?|begg(?:ing|ed)|I\s+beg|plead(?:ing)?"
    rf"|(?:don{_A}t|do\s+not|can{_A}t|cannot)\s+understand|(?:another|second)\s+chance)(?!\w)",
    _I,
)
REQUEST = _any(
    r"\b(?:could|would|can|might|will)\s+you\b",
    r"\bplease\b",
    rf"\bI(?:{_A}d|\s+would)\s+(?:love|appreciate|welcome|be\s+grateful|value)\b",
    r"\bwonder(?:ing)?\s+(?:if|whether)\b",
    r"\bif\s+you\b",
    r"\bany\s+(?:thoughts|ideas|tips|advice|pointers)\b",
    r"\?",
)
THANKS = re.compile(r"(?<!\w)(?:thank(?:s|ful|ing)?|grateful|gratitude"
                    r"|appreciat(?:e|ed|es|ing|ion|ive))(?!\w)", _I)
SPECIFIC = _any(
    r"\bour\s+(?:conversation|chat|talk|discussion|exchange)\s+(?:about|on|around)\b",
    r"\bwhen\s+we\s+(?:discussed|talked|spoke|chatted|met)\b",
    r"\bwe\s+(?:discussed|talked\s+about|covered)\b",
    r"\byou\s+(?:mentioned|told\s+me|showed|explained|described|shared|walked\s+me)\b",
    r"\b(?:enjoyed|loved|liked)\s+(?:hearing|learning|seeing|talking|discussing|meeting|how)\b",
    r"\b(?:enjoyed|loved|liked)\s+(?:the|our|your)\s+(?:\w+\s+){1,3}?(?:about|on|of|around)\b",
    r"\bespecially\b",
    r"\b(?:hearing|learning)\s+(?:about|how|more)\b",
    r"\bthe\s+tour\b",
    r"\b(?:remember|think\s+(?:about|back|fondly))\b",
    r"\bstayed\s+with\s+me\b",
)
INTERVIEW = re.compile(r"\b(?:interview(?:ed|ing|s)?|conversation|chat(?:ted)?|talk(?:ed)?"
                       r"|spoke|speaking|met|meeting|role|position)\b", _I)
UPDATE = _any(
    rf"\bI(?:{_A}ve|\s+have)\s+(?:been|started|taken|built|learned|learnt|finished|completed"
    rf"|joined|launched|shipped|passed|earned|picked\s+up)\b",
    r"\b(?:recently|since\s+(?:we|our|then|the\s+interview))\b",
    r"\b(?:completed|finished|started|learned|learnt|learning|built|launched|shipped|passed"
    r"|earned)\b",
    r"\b(?:course|class|workshop|certification|certificate|certified|bootcamp|training"
    r"|project|working\s+on|progress)\b",
)
JOIN = re.compile(r"\b(?:join|joining|be\s+part\s+of|work\s+(?:with|for|at|alongside)|team)\b",
                  _I)
OPENINGS = re.compile(r"\b(?:openings?|opportunit(?:y|ies)|positions?|roles?|vacanc(?:y|ies)"
                      r"|hiring|jobs?)\b", _I)


def matches(text: str, patterns: Iterable[re.Pattern[str]]) -> list[str]:
    """The distinct phrases the patterns find in `text`, in order; overlapping hits merge."""
    spans = sorted(m.span() for p in patterns for m in p.finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    seen: dict[str, str] = {}
    for start, end in merged:
        phrase = " ".join(text[start:end].split())
        seen.setdefault(phrase.casefold(), phrase)
    return list(seen.values())


def is_feedback_request(sentence: str) -> bool:
    """A sentence that asks for feedback: a feedback or why phrase plus a request cue."""
    asks_about = any(p.search(sentence) for p in (*FEEDBACK, *WHY))
    return asks_about and bool(REQUEST.search(sentence))
