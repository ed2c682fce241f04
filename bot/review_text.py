"""Plain-text helpers shared by the drafts and the review: tidy values, measure, split, parse.

Parsing is a small heuristic over lines, documented in `parse_message`; sentence splitting is
documented in `split_sentences`. Both treat any Unicode (emoji, right-to-left scripts, template
or SQL fragments) as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

ELLIPSIS = "…"
ABBREVIATIONS = frozenset({
    "dr.", "mr.", "ms.", "mrs.", "prof.", "sr.", "jr.", "st.", "mt.", "e.g.", "i.e.", "etc.",
    "inc.", "ltd.", "co.", "corp.", "vs.", "no.", "dept.", "approx.", "a.m.", "p.m.",
})
_OPENERS = "\"'“‘«„([¿¡"
_BOUNDARY = re.compile(r"[.!?]+(?=\s+(?P<next>\S)|\s*$)")
_SUBJECT = re.compile(r"\s*subject\s*:\s*", re.IGNORECASE)
_PS = re.compile(r"\s*(?:p\.?){1,2}s\b\.?", re.IGNORECASE)
_GREETING = re.compile(
    r"\s*(?:hi|hiya|hello|hey|dear|greetings|kia\s+ora|good\s+(?:morning|afternoon|evening"
    r"|day)|aloha|bonjour|hola|hallo|ciao|salut|namaste|salaam|olá|ola)\b", re.IGNORECASE
)
_CLOSING = re.compile(
    r"\s*(?:best|kind|warm|warmest|many|all\s+(?:the\s+|my\s+)?best|regards|thanks|thank\s+you|cheers"
    r"|sincerely|yours|respectfully|with\s+(?:thanks|gratitude|appreciation|respect)|take\s+care"
    r"|talk\s+soon|speak\s+soon|warmly|(?:with\s+)?(?:best|kind|warm|warmest|good)\s+wishes"
    r"|ng[aā]\s+mihi|un\s+saludo|saludos|cordially|cordialement|merci|ta|aloha|mahalo|cheerio"
    r"|gracias|danke|viele\s+gr\S+|mit\s+freundlichen|yours\s+truly)\b",
    re.IGNORECASE,
)
MAX_GREETING_WORDS = 8
MAX_SHORT_GREETING_WORDS = 4
MAX_CLOSING_WORDS = 6
MAX_NAME_WORDS = 3
MAX_SIGNATURE_LINES = 3
MENTION_SHARE = 0.6
STOPWORDS = frozenset({
    "the", "and", "about", "with", "your", "that", "this", "from", "into", "when", "what",
    "were", "have", "they", "them", "their", "there", "very", "really", "much", "how", "our",
})


def clean(value: str | None) -> str | None:
    """Collapse runs of whitespace; None for a missing or blank value, so templates can test it."""
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


def clean_phrase(value: str | None) -> str | None:
    """`clean`, minus trailing punctuation: the value is embedded in the middle of a sentence."""
    text = clean(value)
    return (text.rstrip(" .!?,;:" + ELLIPSIS) or None) if text else None


def note_length(text: str) -> int:
    """Length in UTF-16 code units, as a browser counts it (an emoji may count as two)."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` units (see `note_length`) at a word boundary, ending in '…'."""
    if note_length(text) <= limit:
        return text
    if limit < 1:
        return ""
    prefix = _prefix_within(text, limit - 1)
    at_boundary = len(prefix) < len(text) and text[len(prefix)].isspace()
    if not at_boundary and len(prefix.split()) > 1:
        prefix = prefix.rsplit(maxsplit=1)[0]
    kept = prefix.rstrip(" ,;:-–—\u200d\ufe0f" + ELLIPSIS)
    return kept + ELLIPSIS


def _prefix_within(text: str, units: int) -> str:
    """The longest prefix of `text` whose `note_length` is at most `units`."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            return text[:index]
    return text


def count_words(text: str) -> int:
    """Words: whitespace-separated tokens with a letter or digit (a lone emoji doesn't count)."""
    return sum(1 for token in text.split() if any(char.isalnum() for char in token))


def find_spans(text: str, phrase: str, *, ignore_case: bool = True) -> list[tuple[int, int]]:
    """Where `phrase` occurs in `text` as whole words, with any run of whitespace between them."""
    pattern = phrase_pattern(phrase, ignore_case=ignore_case)
    return [m.span() for m in pattern.finditer(text)] if pattern is not None else []


def phrase_pattern(phrase: str, *, ignore_case: bool = True) -> re.Pattern[str] | None:
    """The expression `find_spans` looks for (None for a phrase without words): compile it
    once to look for the same phrase in many sentences."""
    words = phrase.split()
    if not words:
        return None
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


def split_sentences(text: str, protect: Iterable[str] = ()) -> tuple[str, ...]:
    """Split at runs of . ! ? followed by whitespace and an uppercase letter, digit or quote, or
    by the end of the text; never after a known abbreviation or a single capital initial, never
    inside `protect` phrases (known names and the user's memory). A text that itself opens in
    lower case is written without capitals, so there a lower-case letter opens a sentence too.
    Pieces without a letter or digit (a lone emoji) are dropped.
    """
    scan = text
    for phrase in protect:
        for start, end in find_spans(text, phrase):
            scan = scan[:start] + re.sub(r"[.!?]", "x", scan[start:end]) + scan[end:]
    lower_case = next((char for char in text if char.isalpha()), "").islower()
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(scan):
        following = match.group("next")
        if following is not None and not (_opens_sentence(following)
                                          or (lower_case and following.islower())):
            continue
        if match.group() == "." and _is_abbreviation(scan[: match.start()]):
            continue
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return tuple(p.strip() for p in pieces if any(char.isalnum() for char in p))


def _opens_sentence(char: str) -> bool:
    return char.isupper() or char.istitle() or char.isdigit() or char in _OPENERS


def _is_abbreviation(before: str) -> bool:
    """Whether the word just before a full stop is an abbreviation or an initial ("J.")."""
    tokens = before.split()
    if not tokens:
        return False
    word = tokens[-1].lstrip(_OPENERS)
    return (word + ".").casefold() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


@dataclass(frozen=True)
class Message:
    """A message split into its parts; only `paragraphs` (the body) count towards length."""

    subject: str | None
    greeting: str | None
    paragraphs: tuple[str, ...]
    sign_off: str | None
    ps: str | None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def sentences(self, protect: Iterable[str] = ()) -> tuple[str, ...]:
        """The body's sentences; a paragraph break always ends a sentence."""
        kept = tuple(protect)
        return tuple(s for p in self.paragraphs for s in split_sentences(p, kept))


def parse_message(text: str) -> Message:
    """Split pasted text into subject, greeting, body, sign-off and PS.

    Heuristic: a first line "Subject: ..." is the subject; the first line starting "PS"/"P.S."
    begins the PS (to the end of its paragraph); a first line starting "Hi"/"Hello"/"Dear"...
    is the greeting (only up to its first comma when the body goes on in the same line); a
    short closing line ("Best regards,", "Thanks again,") among the last four lines starts the
    sign-off, with at most three lines (name, title, contact) after it; with no closing
    line, a name alone on the last paragraph is the sign-off.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    subject, lines = _take_subject(lines)
    ps, lines = _take_ps(lines)
    greeting, lines = _take_greeting(lines)
    sign_off, lines = _take_sign_off(lines)
    return Message(subject, greeting, _paragraphs(lines), sign_off, ps)


def _take_subject(lines: list[str]) -> tuple[str | None, list[str]]:
    for index, line in enumerate(lines):
        if line.strip():
            match = _SUBJECT.match(line)
            if match:
                return line[match.end() :].strip(), lines[index + 1 :]
            break
    return None, lines


def _take_ps(lines: list[str]) -> tuple[str | None, list[str]]:
    for index, line in enumerate(lines):
        if _PS.match(line):
            end = next((i for i in range(index, len(lines)) if not lines[i].strip()), len(lines))
            ps = " ".join(line.strip() for line in lines[index:end])
            return ps, lines[:index] + lines[end:]
    return None, lines


def _take_greeting(lines: list[str]) -> tuple[str | None, list[str]]:
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        return None, lines
    if _is_name_greeting(lines[index]):
        return lines[index].strip(), lines[index + 1 :]
    if not _GREETING.match(lines[index]):
        return None, lines
    line = lines[index].strip()
    words = len(line.split())
    whole_line = (line[-1] in ",:" and words <= MAX_GREETING_WORDS) or (
        line[-1] not in ".?," and words <= MAX_SHORT_GREETING_WORDS
    )
    if whole_line:
        return line, lines[index + 1 :]
    comma = line.find(",")
    if comma == -1 or len(line[:comma].split()) > MAX_GREETING_WORDS:
        return None, lines
    return line[: comma + 1], [line[comma + 1 :].strip(), *lines[index + 1 :]]


def _is_name_greeting(line: str) -> bool:
    """A first line that is only a name and a comma ("Dr. Zhang,", "Ms. O'Connell,"): a
    greeting without a greeting word, which read as a sentence means nothing."""
    words = line.strip().removesuffix(",").split()
    return (line.strip().endswith(",") and 0 < len(words) <= MAX_SHORT_GREETING_WORDS
            and not _CLOSING.match(line.strip()) and all(_is_name_word(w) for w in words))


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and word.replace("-", "").replace("'", "").replace("’", "") \
        .replace(".", "").isalpha()


def _take_sign_off(lines: list[str]) -> tuple[str | None, list[str]]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    tail = filled[-4:]
    for position, index in enumerate(tail):
        line = lines[index].strip()
        if _is_closing(line) and len(tail) - position - 1 <= MAX_SIGNATURE_LINES:
            sign_off = "\n".join(lines[i].strip() for i in filled if i >= index)
            return sign_off, lines[:index]
    if len(filled) > 1 and _is_bare_name(lines, filled[-1]):
        return lines[filled[-1]].strip(), lines[: filled[-1]]
    return None, lines


def _is_bare_name(lines: list[str], index: int) -> bool:
    """A last line on its own paragraph that is only a name ("Sam", "Ana Ruiz"): the
    signature of a message that ends on a wish instead of a closing word."""
    words = lines[index].split()
    return (not lines[index - 1].strip() and 0 < len(words) <= MAX_NAME_WORDS
            and all(_is_name_word(w) for w in words))


def _is_closing(line: str) -> bool:
    return (
        bool(_CLOSING.match(line))
        and len(line.split()) <= MAX_CLOSING_WORDS
        and line[-1] not in ".?"
    )


def _paragraphs(lines: list[str]) -> tuple[str, ...]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return tuple(paragraphs)


def mentions(text: str, phrase: str) -> bool:
    """`phrase` appears in `text`, ignoring case and punctuation, or most of its longer words
    do (so a reworded memory still counts)."""
    wanted, have = _normalise(phrase), _normalise(text)
    if not wanted:
        return phrase.casefold() in text.casefold()
    if wanted in have:
        return True
    words = [w for w in wanted.split() if len(w) > 3 and w not in STOPWORDS]
    present = set(have.split())
    return bool(words) and sum(w in present for w in words) / len(words) >= MENTION_SHARE


def _normalise(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())
