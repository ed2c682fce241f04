"""Reading a plain sentence about a rejection, like "I got rejected from Google yesterday".

Only a sentence that says the user was turned down, and names who by, is read: the company,
and when they are there the role, the day and the interviewer. The log form asks for the rest.
Everything found is raw text for the form's own validators; nothing here decides on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WEEKDAYS = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
_MONTHS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*")
# The user as the one turned down: "I got rejected", "they turned me down", not "I rejected".
_TRIGGER = re.compile(r"""\b(?:
    (?:got|get|was|been|were|am|i'm)\s+(?:just\s+|officially\s+|finally\s+)?
        (?:rejected|turned\s+down|declined)
  | (?:have|has|i've)\s+(?:just\s+)?been\s+(?:rejected|turned\s+down|declined)
  | (?:has|have)\s+(?:just\s+)?(?:rejected|declined)\s+(?:me|my)\b
  | rejected\s+me | turned\s+me\s+down | turned\s+down\s+by | passed\s+on\s+me
  | said\s+no | rejection(?:\s+(?:email|e-mail|letter|note|call|message|mail))?\s+from
  | (?:didn't|didnt|did\s+not)\s+get\s+(?:the\s+|that\s+|an?\s+)?(?:job|role|offer|position)
  | not\s+moving\s+forward | went\s+with\s+(?:someone|another)
)\b""", re.IGNORECASE | re.VERBOSE)
_SUBJECT_TRIGGER = re.compile(
    r"\b(?:rejected\s+me|turned\s+me\s+down|passed\s+on\s+me|said\s+no|went\s+with|"
    r"(?:is|are)\s+not\s+moving\s+forward|(?:has|have)\s+(?:just\s+)?(?:rejected|declined))\b",
    re.IGNORECASE)
_MENTIONS = re.compile(r"\b(?:reject(?:ed|ion)?|turned\s+(?:me\s+)?down|didn't\s+get\s+the)\b",
                       re.IGNORECASE)
_AFTER = re.compile(r"\b(from|by|at)\s+", re.IGNORECASE)
_STOP = frozenset(re.findall(r"\S+", """for yesterday today tonight last this on after because
    and but as the a an in when with about since so to today's my their of just earlier again
    who was is that which via"""))
_FILLER = frozenset(re.findall(r"\S+", """i i'm i've we they so well sadly unfortunately just
    today yesterday and but the a oh ugh hey hi hello also then finally officially"""))
_ROLE = re.compile(
    r"\bfor\s+(?:the|a|an|their|my|that)?\s*(?P<role>[\w&/+.#' -]{1,60}?)\s+"
    r"(?:role|job|position|opening|post|vacancy)\b", re.IGNORECASE)
_DATE = re.compile(
    rf"\b(?:today|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today|tonight|"
    rf"yesterday|last\s+(?:week|{_WEEKDAYS})|(?:on\s+)?{_WEEKDAYS}|"
    rf"(?:\d+|a|an|one|two|three|four|five|six)\s+(?:days?|weeks?|months?)\s+ago|"
    rf"(?:on\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?:\s+\d{{4}})?|"
    rf"(?:on\s+)?{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|"
    rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)\b", re.IGNORECASE)
_TODAY_WORDS = re.compile(r"^(?:this\s+\w+|earlier\s+today|tonight)$", re.IGNORECASE)
_JUST = re.compile(r"\bjust\s+(?:got|been|heard|received|had)\b", re.IGNORECASE)
_NAME = r"(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})"
_INTERVIEWER = (
    re.compile(r"\b(?:interviewer|hiring\s+manager|recruiter|manager)\s+(?:was|is)\s+"
               + _NAME),
    re.compile(r"\binterviewed\s+(?:me\s+)?(?:by|with)\s+" + _NAME),
    re.compile(_NAME + r"\s+interviewed\s+me\b"),
)


@dataclass(frozen=True)
class RejectionSentence:
    """What a sentence said, as raw answers for the log form (`company`, `role`, `rejected`,
    `interviewer`), each present only when the sentence gave it."""

    answers: dict[str, str]


def mentions_rejection(text: str) -> bool:
    """Whether the text talks about a rejection at all (for a hint to use `log`)."""
    return bool(_MENTIONS.search(text) or _TRIGGER.search(text))


def read_rejection(text: str) -> RejectionSentence | None:
    """The details of a sentence saying the user was turned down by a company it names."""
    if ":" in text or len(text) > 400 or not _TRIGGER.search(text):
        return None
    company = _company(text)
    if company is None:
        return None
    answers = {"company": company}
    if role := _ROLE.search(text):
        answers["role"] = role.group("role").strip(" -")
    if when := _when(text):
        answers["rejected"] = when
    for pattern in _INTERVIEWER:
        if found := pattern.search(text):
            answers["interviewer"] = found.group("name").strip()
            break
    return RejectionSentence(answers)


def _company(text: str) -> str | None:
    """`from Google`, `by Acme Labs`, or the subject of `Acme turned me down`."""
    for preposition in ("from", "by", "at"):
        for match in _AFTER.finditer(text):
            if match.group(1).lower() == preposition and (
                    name := _leading_name(text[match.end():])):
                return name
    subject = _SUBJECT_TRIGGER.search(text)
    if subject is None:
        return None
    words = re.findall(r"[\w&.'-]+", text[:subject.start()])
    picked: list[str] = []
    for word in reversed(words):
        if word.lower() in _FILLER or (picked and not word[:1].isupper()):
            break
        picked.insert(0, word)
        if not word[:1].isupper() or len(picked) == 4:
            break
    return " ".join(picked) or None


def _leading_name(rest: str) -> str | None:
    """The words that open `rest` up to the first word that can't be part of a name."""
    words: list[str] = []
    for raw in rest.split():
        word = raw.strip(",.;!?()\"“”")
        if not word or word.lower() in _STOP or len(words) == 4:
            break
        if words and not (word[:1].isupper() or word == "&"
                          or (word[:1].isdigit() and any(ch.isalpha() for ch in word))):
            break
        words.append(word)
        if raw[-1:] in ",.;!?":
            break
    name = " ".join(words)
    return name if name and name.lower() not in ("them", "him", "her", "us", "me") else None


def _when(text: str) -> str | None:
    found = _DATE.search(text)
    if found is not None:
        phrase = " ".join(found.group(0).split())
        return "today" if _TODAY_WORDS.match(phrase) else phrase
    return "today" if _JUST.search(text) else None
