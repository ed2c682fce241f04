"""Greeting people the way they write their names, whatever was typed into the interviewer field.

The rules, in order:
- Several people (`Jane Smith and Raj Patel`, `Jane & Raj`, `Jane Smith, Raj Patel`) are all
  greeted: `Hi Jane and Raj,`; `Hi Jane, Raj and Ana,`; five or more, or a line longer than
  eight words (`Dr. de la Cruz, Dr. van der Berg and Ana`): `Hello everyone,`.
- A part that names a group or a placeholder rather than a person (`the hiring team`, `HR`,
  `recruiter`, `N/A`, `unknown`, `-`, `?`) is left out; with nobody left the greeting is the
  neutral `Hello,`. Bracketed asides (`Jane (she/her)`) and job titles after a dash or a
  comma (`Jane Smith - Hiring Manager`) are dropped.
- A title is dropped when a first name follows it (`Dr. Jane Smith` -> `Jane`) and kept when
  only a surname does (`Dr. Smith` -> `Dr. Smith`); a title alone greets nobody (`Hello,`).
- Capitalisation is fixed word by word only where the user typed a word all in lower case (or
  a long word all in capitals): `jane` -> `Jane`, `mcdonald` -> `McDonald`, `o'neil` ->
  `O'Neil`, `de la cruz` -> `De la Cruz`. A word typed in mixed case (`McDonald`, `DeShawn`)
  and names in scripts without case (CJK, Arabic, Hebrew) stay as typed, except that the
  name a greeting starts with starts with a capital (`dePaul` -> `DePaul`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.review_text import clean

NEUTRAL_GREETING = "Hello,"
EVERYONE_GREETING = "Hello everyone,"
MAX_NAMED = 4
MAX_GREETING_WORDS = 8
HONORIFICS = frozenset({
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "madam", "dame",
    "doctor",
})
_TITLE_FORMS = {"prof": "Prof", "professor": "Professor", "doctor": "Doctor", "madam": "Madam"}
# Words that make a part a group or a placeholder rather than a person's name, anywhere in it.
_NOT_A_PERSON = frozenset({
    "team", "teams", "committee", "panel", "recruiter", "recruiters", "recruiting",
    "recruitment", "hr", "talent", "hiring", "department", "staff", "interviewers",
    "unknown", "n/a", "none", "nobody", "anonymous", "someone", "somebody", "tbd", "idk",
    "everyone", "resources", "dunno", "unsure", "sure", "remember", "forgot", "know", "idea",
    "i", "me", "my", "she", "he", "they", "her", "him", "them", "we", "us", "it", "the",
})
# Job titles and the like: they make a part no person's name when they come first
# ("Head of Design"), but can be a surname after a first name ("Edith Head").
_ROLE_FIRST = frozenset({
    "head", "lead", "director", "manager", "ceo", "cto", "coo", "cfo", "vp", "founder",
    "engineer", "designer", "people", "board", "all", "group", "human", "company", "not",
    "interviewer", "senior", "principal", "chief", "product", "engineering", "design",
})
# Whole-field placeholders, compared with everything but letters and digits removed.
_PLACEHOLDERS = frozenset({
    "na", "none", "unknown", "tbd", "idk", "nil", "null", "nobody", "notsure", "dontknow",
    "idontknow", "dunno", "noidea", "cantremember", "forgot", "anonymous", "nope", "no",
})
PARTICLES = frozenset({
    "de", "del", "della", "der", "den", "di", "da", "du", "dos", "das", "la", "le", "van",
    "von", "ten", "ter", "bin", "ibn", "al", "el", "y",
})
_LIST_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\band\b)\s*", re.IGNORECASE)
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
_TITLE_TAIL = re.compile(r"\s+(?:[-–—|]|from|at|of)\s+.*$", re.IGNORECASE)
_QUOTES = "\"'“”‘’«»„`"
_STRAY = ",;:!?()[]{}<>*#~^|\\/=+_"


def greeting(interviewer: str | None) -> str:
    """The greeting line: `Hi Jane,`, `Hi Jane and Raj,`, `Hi Dr. Smith,` or `Hello,`."""
    names = greeting_names(interviewer)
    if not names:
        return NEUTRAL_GREETING
    line = f"Hi {join_names(names)},"
    if len(names) > MAX_NAMED or (len(names) > 1 and len(line.split()) > MAX_GREETING_WORDS):
        return EVERYONE_GREETING
    return line


def first_name(interviewer: str | None) -> str:
    """The first person's greeting name (`Dr. Jane Smith` -> `Jane`), or '' for nobody."""
    names = greeting_names(interviewer)
    return names[0] if names else ""


def who(interviewer: str | None) -> str:
    """The people named, for a sentence about them: `Maria and Raj`, or `your interviewer`."""
    names = greeting_names(interviewer)
    return join_names(names) if names and len(names) <= MAX_NAMED else "your interviewer"


def join_names(names: tuple[str, ...] | list[str]) -> str:
    """`Jane`, `Jane and Raj`, `Jane, Raj and Ana`."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


@lru_cache(maxsize=4096)
def greeting_names(interviewer: str | None) -> tuple[str, ...]:
    """How to greet each person the field names, in order, without repeats.

    Memoised: a pure function of the field (its answer is an immutable tuple), and the
    nudges of one delivery run greet the same few names again and again; working a name out
    cost half of composing a nudge. 4,096 names of a few dozen characters are a few hundred
    kilobytes at most."""
    text = _ASIDE.sub(" ", clean(interviewer) or "")
    if re.sub(r"\W+", "", text.casefold()) in _PLACEHOLDERS:
        return ()
    found: list[str] = []
    for part in _LIST_SPLIT.split(text):
        name = _person(part)
        if name and name.casefold() not in (f.casefold() for f in found):
            found.append(name)
    return tuple(found)


def _person(part: str) -> str | None:
    """One person's greeting name, or None when the part names no person."""
    part = _TITLE_TAIL.sub("", part.strip())
    if "@" in part:
        part = re.sub(r"[._]+", " ", part.split("@", 1)[0])
    tokens = [t.strip(_QUOTES + _STRAY) for t in part.split()]
    tokens = [t for t in tokens if any(ch.isalpha() for ch in t)]
    if not tokens or tokens[0].casefold() in _ROLE_FIRST or any(
            t.casefold().rstrip(".") in _NOT_A_PERSON for t in tokens):
        return None
    titles: list[str] = []
    while tokens and tokens[0].rstrip(".").casefold() in HONORIFICS:
        titles.append(tokens.pop(0))
    if not tokens:
        return None
    if titles and (len(tokens) == 1 or tokens[0].casefold() in PARTICLES):
        surname = " ".join(recase(token, first=False) for token in tokens).rstrip(".")
        return f"{_title(titles[-1])} {surname}"
    if (_is_initial(tokens[0]) and len(tokens) > 1) or tokens[0].casefold() in PARTICLES:
        return recase_name(" ".join(tokens)).rstrip(".")
    return recase(tokens[0], first=True).rstrip(".") or None


def _title(word: str) -> str:
    """`dr.` -> `Dr.`, `DR` -> `Dr`, `professor` -> `Professor`; the user's full stop is kept."""
    bare = word.rstrip(".")
    dot = "." if word.endswith(".") else ""
    return _TITLE_FORMS.get(bare.casefold(), bare[:1].upper() + bare[1:].lower()) + dot


def _is_initial(token: str) -> bool:
    """`J`, `J.`, `J.R.`: initials rather than a first name."""
    letters = token.replace(".", "")
    return len(letters) == 1 or (token.endswith(".") and 0 < len(letters) <= 3)


def recase_name(name: str) -> str:
    """Capitalise a whole name sensibly: particles stay lower case except at the start."""
    words = name.split()
    return " ".join(recase(word, first=index == 0) for index, word in enumerate(words))


def recase(word: str, *, first: bool) -> str:
    """One word of a name: fixed only if typed all lower case (or all capitals, if long);
    otherwise kept, except that a name that starts a greeting starts with a capital."""
    if not _needs_recase(word):
        return word[:1].upper() + word[1:] if first and len(word[:1].upper()) == 1 else word
    lower = word.lower()
    if not first and lower in PARTICLES:
        return lower
    return "-".join(_capitalise(piece) for piece in lower.split("-"))


def _needs_recase(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    if not letters or word.lower() == word.upper():
        return False  # no letters, or a script without case
    if word == word.lower():
        return True
    return word == word.upper() and len(letters) > 3


def _capitalise(piece: str) -> str:
    """`o'neil` -> `O'Neil`, `mcdonald` -> `McDonald`, `jane` -> `Jane`."""
    for mark in ("'", "’"):
        head, sep, tail = piece.partition(mark)
        if sep and len(head) == 1 and tail:
            return head.upper() + sep + tail[:1].upper() + tail[1:]
    if piece.startswith("mc") and len(piece) > 3:
        return "Mc" + piece[2:3].upper() + piece[3:]
    return piece[:1].upper() + piece[1:]
