"""Word-level tools for what a user typed: make it safe to embed, and read its first word.

`tidy` makes any value safe to embed mid-sentence: whitespace collapsed, `...` as `…`, stray
quotes and brackets removed (one level of balanced brackets is kept), an accidental repeated
word ("the the") dropped, trailing stops and dangling words ("and", "the") cut. `calm_case`
undoes capitals typed for emphasis; `gerund`, `is_gerund` and `is_past_verb` tell how a
phrase starts. `bot.shapes` builds on these to fit a value into a sentence.
"""

from __future__ import annotations

import re

from bot.review_text import ELLIPSIS, clean, split_sentences

OPENING_BRACKETS = "([{"
CLOSING_BRACKETS = ")]}"
_PAIRS = dict(zip(CLOSING_BRACKETS, OPENING_BRACKETS, strict=True))
_TRAILING = " .!?,;:-–—" + ELLIPSIS
_DANGLING = frozenset({"and", "or", "but", "the", "a", "an", "&"})
_CLAUSE_BREAKS = re.compile(r"\s*(?:[,;:]|\s[-–—]\s|\b(?:and|but|which|where|while|because"
                            r"|so|when|although|though)\b)\s*", re.IGNORECASE)
_INNER_DANGLING = re.compile(r"\s+(?:and|or|but|the|a|an)([.!?;:,])(?=\s)")
_REPEAT = re.compile(r"(?<!\w)(\w+)(\s+)\1(?!\w)", re.IGNORECASE)
SUBJECTS = frozenset({
    "we", "we're", "we've", "we'd", "you", "you're", "you've", "you'd", "they", "they're",
    "he", "she", "it", "it's", "there", "everyone", "everybody", "my", "our",
})
FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
COPULAS = frozenset({"is", "are", "was", "were", "seems", "seemed", "felt", "looked"})
NOUN_CLAUSE_STARTS = frozenset({"how", "what", "when", "where", "why", "which", "who"})
DETERMINERS = frozenset({
    "the", "a", "an", "our", "your", "my", "their", "his", "her", "its", "that", "this",
    "those", "these", "some", "every", "each", "one", "two", "three", "all", "both",
})
_LOWERABLE = SUBJECTS | NOUN_CLAUSE_STARTS | DETERMINERS | frozenset({
    "meeting", "hearing", "learning", "seeing", "talking", "discussing", "getting",
    "exploring", "working", "walking", "reviewing", "pairing", "great", "amazing", "friendly",
    "warm", "welcoming", "genuine", "clear", "inspiring", "thoughtful", "impressive", "open",
    "supportive", "honest", "collaborative", "positive", "wonderful", "fantastic", "strong",
    "passionate", "kind", "such", "so", "very", "really", "whiteboard", "session", "finished",
    "completed", "built", "started", "learned", "learnt", "took", "passed", "earned",
    "shipped", "launched", "wrote", "published", "joined", "got", "made", "ran", "led",
})
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
_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"))


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


_SMALL_CAPS = frozenset({"THE", "A", "AN", "OF", "ON", "IN", "TO", "AT", "FOR", "AND", "OUR",
                         "MY", "WE", "IT", "IS", "WAS", "BY", "OR", "HOW", "YOU", "ME", "HER",
                         "HIS", "ITS", "ALL", "NEW", "OUT", "UP", "ONE", "TWO", "SO"})


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
