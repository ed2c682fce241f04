"""Shaping what a user typed (a memory, a compliment, a skill, the roles they want) so that it
reads as part of a sentence we write around it.

`tidy` makes any value safe to embed: whitespace collapsed, `...` as `…`, stray quotes and
brackets removed (one level of balanced brackets is kept), an accidental repeated word
("the the") dropped, trailing stops and dangling words ("and", "the") cut. The shapers then
decide how the value fits a sentence: a clause ("we sketched the schema") follows "how", a
noun phrase ("the whiteboard session") follows "enjoyed", a bare noun ("whiteboard") becomes
"the whiteboard part of our conversation". Nothing here invents content; it only frames it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.review_text import ELLIPSIS, clean, split_sentences

OPENING_BRACKETS = "([{"
CLOSING_BRACKETS = ")]}"
_PAIRS = dict(zip(CLOSING_BRACKETS, OPENING_BRACKETS, strict=True))
_TRAILING = " .!?,;:-–—" + ELLIPSIS
_DANGLING = frozenset({"and", "or", "but", "the", "a", "an", "&", "so", "with", "to", "of"})
_CLAUSE_BREAKS = re.compile(r"\s*(?:[,;:]|\s[-–—]\s|\b(?:and|but|which|where|while|because"
                            r"|so|when|although|though)\b)\s*", re.IGNORECASE)
_INNER_DANGLING = re.compile(r"\s+(?:and|or|but|the|a|an)([.!?;:,])(?=\s)")
_REPEAT = re.compile(r"(?<!\w)(\w+)(\s+)\1(?!\w)", re.IGNORECASE)
_SUBJECTS = frozenset({
    "we", "we're", "we've", "we'd", "you", "you're", "you've", "you'd", "they", "they're",
    "he", "she", "it", "it's", "there", "everyone", "everybody", "my", "our",
})
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
_COPULAS = frozenset({"is", "are", "was", "were", "seems", "seemed", "felt", "looked"})
_NOUN_CLAUSE_STARTS = frozenset({"how", "what", "when", "where", "why", "which", "who"})
_DETERMINERS = frozenset({
    "the", "a", "an", "our", "your", "my", "their", "his", "her", "its", "that", "this",
    "those", "these", "some", "every", "each", "one", "two", "three", "all", "both",
})
_LOWERABLE = _SUBJECTS | _NOUN_CLAUSE_STARTS | _DETERMINERS | frozenset({
    "meeting", "hearing", "learning", "seeing", "talking", "discussing", "getting",
    "exploring", "working", "walking", "reviewing", "pairing", "great", "amazing", "friendly",
    "warm", "welcoming", "genuine", "clear", "inspiring", "thoughtful", "impressive", "open",
    "supportive", "honest", "collaborative", "positive", "wonderful", "fantastic", "strong",
    "passionate", "kind", "such", "so", "very", "really", "whiteboard", "session", "finished",
    "completed", "built", "started", "learned", "learnt", "took", "passed", "earned",
    "shipped", "launched", "wrote", "published", "joined", "got", "made", "ran", "led",
})
# A memory whose head is one of these is an event: "the whiteboard session", "the tour".
EVENT_NOUNS = frozenset({
    "session", "sessions", "round", "exercise", "discussion", "talk", "tour", "demo", "chat",
    "conversation", "walkthrough", "presentation", "lunch", "dinner", "coffee", "interview",
    "challenge", "task", "study", "question", "questions", "game", "workshop", "visit",
    "meeting", "review", "critique", "story", "stories", "example", "examples", "joke",
    "jokes", "debate", "dive", "sketch", "problem", "puzzle", "scenario", "exchange",
    "brainstorm", "walk", "tangent", "anecdote", "deep-dive",
})
ADJECTIVES = frozenset({
    "friendly", "welcoming", "warm", "kind", "supportive", "thoughtful", "inspiring",
    "impressive", "open", "honest", "collaborative", "positive", "passionate", "genuine",
    "clear", "organised", "organized", "professional", "respectful", "fun", "smart",
    "knowledgeable", "humble", "approachable", "helpful", "transparent", "curious", "calm",
    "patient", "encouraging", "generous", "sharp", "engaging", "relaxed", "great",
    "amazing", "wonderful", "fantastic", "lovely", "nice", "brilliant", "energetic",
})
_INTENSIFIERS = frozenset({"so", "very", "really", "super", "incredibly", "truly", "extremely"})
_GERUND_NOUNS = frozenset({
    "thing", "things", "string", "something", "nothing", "anything", "everything", "morning",
    "evening", "spring", "king", "ring", "wing", "ceiling", "during", "bring", "sing",
    "ping", "sling", "swing", "sting",
})
_DOUBLED = frozenset({
    "get", "set", "put", "run", "plan", "stop", "ship", "chat", "sit", "map", "swap", "drop",
    "step", "win", "begin", "submit", "commit", "admit", "prep", "pin", "tap", "scan",
    "log", "jog", "drag", "dig", "shop", "chop", "skim", "trim", "swim",
})
_HAS_VERB = _COPULAS | frozenset({"has", "have", "had", "now", "got", "includes", "went"})
_IRREGULAR_PAST = frozenset({
    "built", "took", "wrote", "made", "got", "gave", "ran", "led", "won", "began", "taught",
    "sold", "spoke", "found", "did", "went", "met", "drew", "brought", "bought", "kept",
    "held", "grew", "became", "left", "sent", "spent", "learnt", "read", "set", "put", "shot",
    "rode", "flew", "threw", "understood", "overcame", "undertook",
})
# Words ending in -ed that usually start a noun phrase ("advanced SQL"), not a verb phrase.
_ADJECTIVAL_ED = frozenset({
    "advanced", "applied", "automated", "detailed", "distributed", "embedded", "experienced",
    "related", "based", "red", "bed", "need", "speed", "seed", "feed", "shared", "mixed",
    "limited", "hundred", "certified", "accredited", "guided", "structured", "unstructured",
    "supervised", "unsupervised", "sophisticated", "dedicated", "integrated", "sacred",
})
BASE_VERBS = frozenset({
    "learn", "build", "finish", "complete", "start", "take", "practise", "practice", "study",
    "improve", "ship", "launch", "earn", "pass", "join", "create", "write", "publish",
    "mentor", "teach", "contribute", "volunteer", "master", "develop", "get", "brush",
    "strengthen", "deepen", "expand", "sharpen", "polish", "refresh", "gain", "work",
    "focus", "read", "attend", "redesign", "rebuild", "prepare", "try",
    "apply", "reach", "keep", "stay", "consider", "look", "spend", "put", "show", "add",
    "be", "become", "use", "explore", "grow", "invest", "talk", "ask", "share", "highlight",
})
ROLE_NOUNS = frozenset({
    "role", "roles", "position", "positions", "job", "jobs", "opening", "openings",
    "vacancy", "vacancies", "opportunity", "opportunities", "internship", "internships",
})
_WANT_PREFIX = re.compile(
    r"^(?:i(?:'|’)?d\s+(?:like|love)|i\s+would\s+(?:like|love)|i\s+want|i(?:'|’)?m\s+"
    r"(?:interested\s+in|looking\s+(?:for|at))|interested\s+in|looking\s+(?:for|at)|ideally"
    r"|something\s+in|anything\s+in|maybe|preferably)\s+", re.IGNORECASE)
_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"))


class Shape(StrEnum):
    """How a phrase fits a sentence."""

    CLAUSE = "clause"        # "we sketched the schema": follows "how" or "that"
    SENTENCE = "sentence"    # "I asked about the roadmap": stands as its own sentence
    NOUN = "noun"            # "the whiteboard session", "sketching the schema"
    ADJECTIVE = "adjective"  # "friendly", "so welcoming"


@dataclass(frozen=True)
class Phrase:
    """A user's value, tidied, with its shape and a noun-phrase form for mid-sentence use."""

    text: str
    shape: Shape
    noun: str


def tidy(value: str | None) -> str | None:
    """A user value made safe to embed mid-sentence, or None if nothing is left."""
    text = clean(value)
    if text is None:
        return None
    text = re.sub(r"\.{3,}", ELLIPSIS, text)
    text = _balance_quotes(_balance_brackets(text))
    text = re.sub(r"\(\s*\)|\[\s*\]|\{\s*\}", " ", text)
    text = drop_repeats(" ".join(text.split()))
    text = _INNER_DANGLING.sub(r"\1", text)
    text = text.lstrip(" -–—•*,;:.")
    while True:
        trimmed = text.rstrip(_TRAILING)
        words = trimmed.split()
        if words and words[-1].casefold() in _DANGLING and len(words) > 1:
            trimmed = " ".join(words[:-1])
        if trimmed == text:
            break
        text = trimmed
    text = _balance_quotes(_balance_brackets(text))
    return text or None


def drop_repeats(text: str) -> str:
    """"the the tour" -> "the tour"; "Bora Bora" (both capitalised) stays."""
    def fix(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(0)[len(match.group(1) + match.group(2)):]
        if first.islower() or second.islower():
            return first
        return match.group(0)

    previous = None
    while previous != text:
        previous, text = text, _REPEAT.sub(fix, text)
    return text


def _balance_brackets(text: str) -> str:
    """Keep only outermost, matched brackets: "(a (b)" -> "a (b)", "(x (y))" -> "(x y)"."""
    keep = [True] * len(text)
    stack: list[int] = []
    for index, char in enumerate(text):
        if char in OPENING_BRACKETS:
            if stack:
                keep[index] = False
            stack.append(index)
        elif char in CLOSING_BRACKETS:
            if not stack or text[stack[-1]] != _PAIRS[char]:
                keep[index] = False
                continue
            stack.pop()
            if stack:
                keep[index] = False
    for index in stack:
        keep[index] = False
    kept = "".join(char for char, ok in zip(text, keep, strict=True) if ok)
    return " ".join(kept.split())


def _balance_quotes(text: str) -> str:
    """Drop double quotes that don't pair up (a lone `"` or `“`)."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    for opening, closing in (("“", "”"), ("«", "»")):
        if text.count(opening) != text.count(closing):
            text = text.replace(opening, "").replace(closing, "")
    return " ".join(text.split())


def unwrap(text: str) -> tuple[str, bool]:
    """The text without quotes that wrap all of it, and whether there were any."""
    for opening, closing in _QUOTE_PAIRS:
        inner = text[len(opening):-len(closing)]
        if (len(text) > 2 and text.startswith(opening) and text.endswith(closing)
                and opening not in inner and closing not in inner):
            return inner.strip(), True
    return text, False


def first_sentence(text: str) -> str:
    """The first sentence of a value, without its closing stop."""
    sentences = split_sentences(text)
    return (tidy(sentences[0]) or text) if sentences else text


def cap_words(text: str, limit: int) -> str:
    """At most `limit` words: cut at the last clause break that keeps most of it, else at a
    word, marked with an ellipsis."""
    words = text.split()
    if len(words) <= limit:
        return text
    head = " ".join(words[:limit])
    cuts = [m.start() for m in _CLAUSE_BREAKS.finditer(head)]
    best = max((cut for cut in cuts if len(head[:cut].split()) >= limit // 2), default=None)
    if best is not None:
        return tidy(head[:best]) or head
    return (tidy(head) or head) + ELLIPSIS


def calm_case(text: str) -> str:
    """Typed in capitals ("WHITEBOARD SESSION") -> lower case, keeping short acronyms (SQL);
    a capitalised common first word ("The tour") -> lower case, as it sits mid-sentence."""
    letters = [ch for ch in text if ch.isalpha() and ch.lower() != ch.upper()]
    if len(letters) > 3 and all(ch.isupper() for ch in letters):
        text = " ".join(w if len(w.strip(".,;:!?()\"'")) <= 3 and w not in _SMALL_CAPS
                        else w.lower() for w in text.split())
    first = text.split()[0] if text.split() else ""
    bare = first.strip("\"'“”‘’").replace("’", "'")
    if bare[:1].isupper() and bare[1:] == bare[1:].lower() and bare.casefold() in _LOWERABLE:
        index = text.index(bare[0])
        text = text[:index] + text[index].lower() + text[index + 1:]
    return text


_SMALL_CAPS = frozenset({"THE", "A", "AN", "OF", "ON", "IN", "TO", "AT", "FOR", "AND", "OUR",
                         "MY", "WE", "IT", "IS", "WAS", "BY", "OR", "HOW", "YOU", "ME", "HER",
                         "HIS", "ITS", "ALL", "NEW", "OUT", "UP", "ONE", "TWO", "SO"})


def lead_word(text: str) -> str:
    """The first word with letters, lower case, without quotes: how a phrase starts."""
    for word in text.split():
        bare = word.strip("\"'“”‘’«»()[]{}.,;:!?").replace("’", "'").casefold()
        if any(ch.isalpha() for ch in bare):
            return bare
    return ""


def is_gerund(word: str) -> bool:
    """"sketching", "meeting": an -ing verb form (not "thing", "spring", "morning")."""
    return len(word) > 4 and word.endswith("ing") and word not in _GERUND_NOUNS


def gerund(verb: str) -> str:
    """"learn" -> "learning", "take" -> "taking", "get" -> "getting", "be" -> "being"."""
    lower = verb.lower()
    if lower in ("be", "see", "flee", "agree"):
        return verb + "ing"
    if lower.endswith("ie"):
        return verb[:-2] + "ying"
    if lower.endswith("e") and not lower.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if lower in _DOUBLED:
        return verb + verb[-1] + "ing"
    return verb + "ing"


def is_past_verb(word: str) -> bool:
    """"finished", "built": a past-tense verb starting a phrase (not "advanced SQL")."""
    if word in _IRREGULAR_PAST:
        return True
    return len(word) > 4 and word.endswith("ed") and word not in _ADJECTIVAL_ED


def shape_memory(value: str | None, people: frozenset[str] = frozenset()) -> Phrase | None:
    """A memory of any shape, ready for "I especially enjoyed …" or "because of …"."""
    text = tidy(value)
    if text is None:
        return None
    inner, quoted = unwrap(text)
    text = calm_case(inner)
    lead = lead_word(text)
    if quoted and _shape(text, lead, people) is Shape.NOUN and lead not in _DETERMINERS \
            and not is_gerund(lead) and len(text.split()) > 1:
        quoted_text = f"“{text}”"
        return Phrase(quoted_text, Shape.NOUN, f"our conversation about {quoted_text}")
    shape = _shape(text, lead, people)
    first = first_sentence(text)
    if shape is Shape.CLAUSE:
        return Phrase(text, shape, f"the moment {first}")
    if shape is Shape.SENTENCE:
        return Phrase(text, shape, f"the moment {first}")
    noun = first if lead in _DETERMINERS or is_gerund(lead) or lead in _NOUN_CLAUSE_STARTS \
        else _bare_noun(first)
    return Phrase(noun if noun != first else text, Shape.NOUN, noun)


def _shape(text: str, lead: str, people: frozenset[str]) -> Shape:
    """First person stands alone; a subject or a linking verb early on makes a clause;
    anything else ("the tour", "sketching the schema", "how they test") is a noun phrase."""
    words = [w.strip("\"'“”‘’").replace("’", "'").casefold() for w in text.split()]
    if lead in _FIRST_PERSON:
        return Shape.SENTENCE
    if lead in _NOUN_CLAUSE_STARTS:
        return Shape.NOUN
    if any(w in _COPULAS for w in words[1:5]):
        return Shape.CLAUSE
    if lead in _SUBJECTS - {"my", "our"} or lead in people:
        return Shape.CLAUSE
    return Shape.NOUN


def _bare_noun(text: str) -> str:
    """A noun phrase without a determiner: an event gets "the"; a topic gets a frame."""
    words = [w.strip(".,;:!?").casefold() for w in text.split()]
    head_zone = []
    for word in words[:4]:
        if word in ("on", "about", "of", "with", "for", "in", "around"):
            break
        head_zone.append(word)
    if any(word in EVENT_NOUNS for word in head_zone):
        return f"the {text}"
    if len(words) <= 3:
        return f"the {text} part of our conversation"
    return f"our conversation about {text}"


def shape_compliment(value: str | None, people: frozenset[str] = frozenset()) -> Phrase | None:
    """A compliment: a clause ("the team is close-knit"), an adjective ("so welcoming") or a
    noun phrase ("your passion for the product", "great energy" -> "the great energy")."""
    text = tidy(value)
    if text is None:
        return None
    text = calm_case(unwrap(text)[0])
    words = [w.strip("\"'“”‘’.,!").casefold() for w in text.split()]
    lead = lead_word(text)
    if len(words) <= 3 and words[-1] in ADJECTIVES and all(
            w in _INTENSIFIERS | ADJECTIVES | {"and"} for w in words):
        plain = " ".join(w for w in text.split() if w.casefold() not in _INTENSIFIERS)
        return Phrase(plain, Shape.ADJECTIVE, plain)
    shape = _shape(text, lead, people)
    if shape is not Shape.NOUN:
        return Phrase(text, shape, text)
    needs_article = not (lead in _DETERMINERS or lead in _NOUN_CLAUSE_STARTS or is_gerund(lead)
                         or lead.endswith(("'s", "s'")) or text[:1].isupper())
    noun = f"the {text}" if needs_article else text
    return Phrase(noun, Shape.NOUN, noun)


def progress_clause(value: str | None) -> str | None:
    """A logged skill as a clause with its own subject, in the user's words:
    "finished a course" -> "I finished a course"; "learning Rust" -> "I've been learning Rust";
    "Figma prototyping" -> "I've been working on Figma prototyping"."""
    text = tidy(value)
    if text is None:
        return None
    text = cap_words(calm_case(first_sentence(unwrap(text)[0])), 25)
    lead = lead_word(text)
    words = text.split()
    if lead in _FIRST_PERSON:
        return re.sub(r"^i\b", "I", text)
    if lead in ("we", "we've", "we're") or (lead in ("my", "our") and any(
            w.casefold() in _HAS_VERB or is_past_verb(w.casefold()) for w in words[1:6])):
        return text
    if is_past_verb(lead):
        return f"I {text}"
    if is_gerund(lead):
        return f"I've been {text}"
    if lead in BASE_VERBS and len(words) > 1 and words[0].casefold() == lead:
        return f"I've been {gerund(words[0])} {' '.join(words[1:])}"
    return f"I've been working on {text}"


def roles_phrase(value: str | None) -> str | None:
    """The roles or team a user would like, as what follows "especially for":
    "product analytics or data roles" stays; "the platform team" -> "openings on the platform
    team"; "product analytics" -> "product analytics roles"."""
    text = tidy(value)
    if text is None:
        return None
    text = calm_case(unwrap(text)[0])
    while (stripped := _WANT_PREFIX.sub("", text).strip()) != text:
        text = stripped
    text = cap_words(first_sentence(text), 12) if text else ""
    if not text:
        return None
    words = [w.strip(".,;:!?").casefold() for w in text.split()]
    if any(w in ROLE_NOUNS for w in words):
        return text
    if any(w in ("team", "teams", "group", "squad", "department") for w in words):
        return text if words[0] in _DETERMINERS else f"openings on the {text}" if \
            words[-1] in ("team", "group", "squad", "department") else f"openings in {text}"
    return f"{text} roles"
