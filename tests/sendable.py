"""A "sendable" lint for drafts: what a careful person would check before pressing send.

`problems(draft, ...)` lists everything wrong, empty when the draft can go out as is: a
greeting line, no doubled words or punctuation, no template residue, no nested or stray
brackets, balanced quotes, the kind's length, and a review with nothing to say except timing.
"""

from __future__ import annotations

import re
from datetime import date

from bot.drafts import word_limit
from bot.models import Draft, DraftKind, Rejection
from bot.playbook import add_months
from bot.review import ReviewContext, review
from bot.review_text import count_words, note_length, parse_message

MAX_SENTENCES = 4
SENTENCE_KINDS = frozenset({DraftKind.REPLY, DraftKind.STAY_IN_TOUCH})
_GREETING_LINE = re.compile(r"^(?:Hi (?P<names>\S.*\S|\S)|Hello|Hello everyone),$")
_NOTE_GREETING = re.compile(r"^(?:Hi [^,\s][^,]*,|Hello,) ")
_DOUBLED_WORD = re.compile(r"(?<!\w)(\w+)\s+(\1)(?!\w)", re.IGNORECASE)
_DOUBLED_PUNCTUATION = re.compile(r"[.!?…,;:][”\"’»)\]]*[.,;:]")
_SPACE_BEFORE = re.compile(r"\s[,.;:!?](?=\s|$)")
_RESIDUE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\bNone\b|\bnull\b|\[\s*\]|\(\s*\)|\bHi\s*,"
                      r"|,\s*(?:and|or|but)?\s*[.!?]|\b(?:and|or|but|the|a|an)[.!?]")
_OPENING = "([{"
_CLOSING = ")]}"


def problems(draft: Draft, *, rejection: Rejection, linkedin_limit: int = 200,
             today: date | None = None, has_progress: bool = True,
             logged: tuple[str, ...] = ()) -> list[str]:
    """Everything that stops `draft` from being sent as is.

    `has_progress=False`: the user chose to write without an update (skip), so a
    stay-in-touch email honestly has none, and the review is right to ask for one."""
    text = draft.text
    found: list[str] = []
    found += _greeting(draft)
    for match in _DOUBLED_WORD.finditer(text):
        first, second = match.group(1), match.group(2)
        if first.islower() or second.islower():
            found.append(f"doubled word: {match.group(0)!r}")
    found += [f"doubled punctuation: {m.group(0)!r}" for m in _DOUBLED_PUNCTUATION.finditer(text)]
    found += [f"space before punctuation: {m.group(0)!r}" for m in _SPACE_BEFORE.finditer(text)]
    found += [f"template residue: {m.group(0)!r}" for m in _RESIDUE.finditer(text)]
    found += _brackets(text) + _quotes(text)
    found += _length(draft, rejection, linkedin_limit)
    when = today or add_months(rejection.rejected_on, 7)
    context = ReviewContext(rejection=rejection, today=when, linkedin_limit=linkedin_limit,
                            logged=logged)
    found += [f"review: [{f.rule}] {f.message}"
              for f in review(text, kind=draft.kind, context=context)
              if f.rule != "timing" and (has_progress or f.rule != "ps-and-update"
                                         or "PS" in f.message)]
    return found


def _greeting(draft: Draft) -> list[str]:
    if draft.kind is DraftKind.LINKEDIN:
        return [] if _NOTE_GREETING.match(draft.body) else [f"no greeting: {draft.body[:40]!r}"]
    first = draft.body.split("\n", 1)[0]
    match = _GREETING_LINE.match(first)
    if match is None:
        return [f"no greeting line: {first!r}"]
    names = match.group("names") or ""
    if names != names.strip() or "  " in names or (
            names[:1].islower() and names[:1].upper() != names[:1]):
        return [f"greeting not as a person writes it: {first!r}"]
    return []


def _brackets(text: str) -> list[str]:
    depth = 0
    for char in text:
        if char in _OPENING:
            depth += 1
            if depth > 1:
                return ["nested brackets"]
        elif char in _CLOSING:
            depth -= 1
            if depth < 0:
                return ["a closing bracket without an opening one"]
    return ["a bracket left open"] if depth else []


def _quotes(text: str) -> list[str]:
    found = []
    if text.count('"') % 2:
        found.append("an unpaired straight quote")
    for opening, closing in (("“", "”"), ("«", "»")):
        if text.count(opening) != text.count(closing):
            found.append(f"unpaired {opening}{closing} quotes")
    return found


def _length(draft: Draft, rejection: Rejection, linkedin_limit: int) -> list[str]:
    if draft.kind is DraftKind.LINKEDIN:
        size = note_length(draft.body)
        return [f"note is {size} characters"] if size > linkedin_limit else []
    message = parse_message(draft.text)
    found = []
    words = count_words(message.body)
    if words > word_limit(draft.kind):
        found.append(f"{words} words in the body")
    if draft.kind in SENTENCE_KINDS:
        sentences = message.sentences((rejection.company, rejection.role))
        if len(sentences) > MAX_SENTENCES:
            found.append(f"{len(sentences)} body sentences")
    return found
