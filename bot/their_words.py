"""Reading what the interviewer wrote (or the feedback the user logged) for one point to answer.

We never quote their message back. We look for one thing a reply can acknowledge in our own
words: an invitation to apply again, a piece of advice, news of openings, an offer to stay in
touch, kind words, good wishes. Advice is kept as a short verb phrase turned around to the
writer's side ("I'd encourage you to polish your portfolio" -> "polish my portfolio"), at most
a few words; anything longer, negated or unclear gives no point, and the reply stays general
rather than pretend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.phrasing import BASE_VERBS, gerund, is_gerund, lead_word, tidy
from bot.review_text import split_sentences

MAX_POINT_WORDS = 8
_A = "['’]"
_I = re.IGNORECASE
_NEGATION = re.compile(rf"\b(?:no|not|never|none|nothing|n{_A}t|cannot|unable|unlikely)\b", _I)
_STOP = re.compile(r"\s*(?:[,;:.!?()\"“”]|\s[-–—]\s|\b(?:and|but|when|if|as|because|so|since"
                   r"|before|after|which|while|though|although|until|once|then)\b)", _I)
_APPLY_AGAIN = re.compile(r"\b(?:apply(?:ing)?\s+(?:again|in\s+the\s+future|for\s+future)"
                          r"|re-?apply(?:ing)?|future\s+(?:roles?|openings?|positions?|vacancies"
                          r"|opportunities))\b", _I)
_ENCOURAGE = re.compile(r"\bencourag", _I)
_ADVICE = (
    re.compile(rf"\b(?:I|we){_A}?(?:d|\s+would)?\s+(?:strongly\s+)?(?P<how>encourage|recommend"
               rf"|suggest|advise)\s+(?:that\s+)?(?:you\s+)?(?:to\s+)?(?P<vp>.+)", _I),
    re.compile(r"\byou\s+(?:should|could|might\s+want\s+to|may\s+want\s+to|might\s+consider"
               r"|could\s+consider|need\s+to|ought\s+to)\s+(?P<vp>.+)", _I),
    re.compile(r"\b(?:my|our|one)\s+(?:advice|suggestion|recommendation|tip)\s+(?:would\s+be"
               r"|is)\s+to\s+(?P<vp>.+)", _I),
    re.compile(r"^\s*(?:try|consider)\s+(?P<vp>.+)", _I),
)
# The user's own note of feedback: "she said I should learn Figma", "more SQL practice".
_FEEDBACK_ADVICE = (
    re.compile(r"\b(?:I|you)\s+(?:would\s+benefit\s+from|could\s+use)\s+(?P<more>.+)", _I),
    re.compile(r"\b(?:I|you)\s+(?:should|could|need\s+to|needed\s+to|ought\s+to|must"
               r"|might\s+want\s+to)\s+(?P<vp>.+)", _I),
    re.compile(r"\b(?:recommended|suggested|advised|encouraged)\s+(?:that\s+)?(?:I\s+|me\s+"
               r"|you\s+)?(?:to\s+)?(?P<vp>.+)", _I),
    re.compile(r"\b(?:work|working)\s+on\s+(?P<np>.+)", _I),
    re.compile(r"\b(?:lack(?:ed|ing)?\s+(?:of\s+)?|not\s+enough\s+|limited\s+|little\s+"
               r"|wanted\s+|needed\s+|looking\s+for\s+)(?P<more>.+)", _I),
    re.compile(r"^\s*(?P<more>more\s+.+)", _I),
)
_OPENINGS = re.compile(r"\b(?:new|upcoming|other|more|another)\s+(?:openings?|roles?|positions?"
                       rf"|vacanc(?:y|ies))\b|\b(?:will|we{_A}ll|we\s+are|we{_A}re)\s+(?:be\s+)?"
                       r"hiring\b|\b(?:openings?|roles?|positions?)\s+(?:coming|opening)\s+up\b",
                       _I)
_NOT_A_VERB = frozenset({
    "a", "an", "the", "more", "some", "any", "someone", "somebody", "that", "this", "me",
    "you", "him", "her", "them", "us", "it", "my", "your", "our", "their", "to", "not",
})
_ADVERB = re.compile(r"^(?:really|definitely|certainly|strongly|probably|possibly|perhaps"
                     r"|maybe|also|still|just|even|simply|absolutely|genuinely|honestly"
                     r"|seriously|highly|personally|actually|first)\s+", _I)
_UNFINISHED = frozenset({"whether", "that", "how", "what", "which", "who", "why", "where",
                         "if", "than"})
_HANGING = frozenset({"about", "with", "on", "in", "for", "to", "of", "at", "from", "into", "by",
                      "my", "your", "our", "their", "this", "these", "those", "more"})
_PREPOSITIONS = frozenset({"about", "around", "on", "for", "with", "in", "of", "at", "from",
                           "into", "across", "within", "using", "via", "by"})
_NO_HESITATION = re.compile(rf"\b(?:don{_A}t|do\s+not|never)\s+hesitate\s+to\b", _I)
_STAY_IN_TOUCH = re.compile(r"\b(?:stay|keep)\s+in\s+touch\b|\bconnect\s+on\s+linkedin\b"
                            r"|\breach\s+out\s+(?:again|any\s*time|in\s+the\s+future)\b", _I)
_KEEP_IN_MIND = re.compile(r"\b(?:keep|kept)\s+(?:you|your\s+\w+)\s+(?:in\s+mind|on\s+file)\b",
                           _I)
_CLOSE_CALL = re.compile(r"\b(?:close|tough|hard|difficult)\s+(?:decision|call|choice)\b", _I)
_KIND_WORDS = re.compile(r"\b(?:strong|great|impressive|excellent|solid|standout)\s+"
                         r"(?:candidate|interview|application|impression)\b|\b(?:enjoyed"
                         r"|loved)\s+(?:meeting|talking|speaking|chatting)\b|\bimpressed\b", _I)
_GOOD_WISHES = re.compile(r"\b(?:best\s+of\s+luck|good\s+luck|all\s+the\s+best|wish\s+you"
                          r"|best\s+wishes)\b", _I)
_TURN = {
    "you": "me", "your": "my", "yours": "mine", "yourself": "myself", "you're": "I'm",
    "you've": "I've", "you'll": "I'll", "you'd": "I'd", "i": "you", "me": "you", "my": "your",
    "mine": "yours", "myself": "yourself", "i'm": "you're", "i've": "you've",
    "i'll": "you'll", "i'd": "you'd", "we": "you", "us": "you", "our": "your",
    "ours": "yours", "ourselves": "yourselves", "we're": "you're", "we've": "you've",
    "we'll": "you'll", "we'd": "you'd",
}
_THIRD_PERSON = {"her": "your", "his": "your", "their": "your", "she": "you", "he": "you",
                 "they": "you", "them": "you", "him": "you"}


class PointKind(StrEnum):
    """What the interviewer's message offers a reply to acknowledge."""

    APPLY_AGAIN = "apply-again"
    ADVICE = "advice"
    OPENINGS = "openings"
    KEEP_IN_MIND = "keep-in-mind"
    STAY_IN_TOUCH = "stay-in-touch"
    CLOSE_CALL = "close-call"
    KIND_WORDS = "kind-words"
    GOOD_WISHES = "good-wishes"


@dataclass(frozen=True)
class Point:
    """One point from their message; `phrase` is a short noun phrase in the writer's voice."""

    kind: PointKind
    phrase: str | None = None


_SIMPLE: tuple[tuple[re.Pattern[str], PointKind], ...] = (
    (_OPENINGS, PointKind.OPENINGS),
    (_KEEP_IN_MIND, PointKind.KEEP_IN_MIND),
    (_STAY_IN_TOUCH, PointKind.STAY_IN_TOUCH),
    (_CLOSE_CALL, PointKind.CLOSE_CALL),
    (_KIND_WORDS, PointKind.KIND_WORDS),
    (_GOOD_WISHES, PointKind.GOOD_WISHES),
)


def read_point(message: str | None) -> Point | None:
    """The most useful point in their message for a reply, or None when nothing is clear."""
    sentences = [_NO_HESITATION.sub("feel free to", s)
                 for s in split_sentences(" ".join((message or "").split()))]
    for sentence in sentences:
        advice = None if sentence.rstrip().endswith("?") else _advice(sentence)
        if advice is not None:
            again = re.search(r"\bto apply again$", advice)
            return Point(PointKind.APPLY_AGAIN if again else PointKind.ADVICE, advice)
    for sentence in sentences:
        if _APPLY_AGAIN.search(sentence) and not _NEGATION.search(sentence):
            how = "your encouragement" if _ENCOURAGE.search(sentence) else "your invitation"
            return Point(PointKind.APPLY_AGAIN, f"{how} to apply again")
    for pattern, kind in _SIMPLE:
        for sentence in sentences:
            if pattern.search(sentence) and not (
                    kind is not PointKind.GOOD_WISHES and _NEGATION.search(sentence)):
                return Point(kind)
    return None


def _advice(sentence: str) -> str | None:
    """"I'd recommend you brush up on SQL" -> "your suggestion to brush up on SQL"."""
    if re.search(rf"\b(?:should|could|would)n{_A}t\b|\bnot\s+to\b", sentence, _I):
        return None
    for pattern in _ADVICE:
        match = pattern.search(sentence)
        if match is None:
            continue
        verb_phrase = _verb_phrase(match.group("vp"), their_voice=True)
        if verb_phrase is None:
            return None
        how = (match.groupdict().get("how") or "").casefold()
        noun = {"encourage": "your encouragement", "recommend": "your recommendation"}.get(
            how, "your suggestion")
        if is_gerund(lead_word(verb_phrase)):
            return f"{noun} about {verb_phrase}"
        return f"{noun} to {verb_phrase}"
    return None


def feedback_focus(feedback: str | None) -> str | None:
    """What the writer will work on, from feedback they logged, as a gerund phrase:
    "She said I should learn Figma prototyping" -> "learning Figma prototyping";
    "more hands-on SQL practice" -> "getting more hands-on SQL practice"."""
    text = " ".join((feedback or "").split())
    their_voice = bool(re.search(r"\byou(?:r|['’]re|['’]ve)?\b", text, _I)) and not re.search(
        r"\b(?:she|he|they)\s+(?:said|told|mentioned|felt|thought)\b", text, _I)
    for sentence in split_sentences(text):
        if re.search(rf"\b(?:should|could|would)n{_A}t\b", sentence, _I):
            continue
        for pattern in _FEEDBACK_ADVICE:
            match = pattern.search(sentence)
            if match is None:
                continue
            found = match.groupdict()
            if found.get("vp"):
                phrase = _verb_phrase(found["vp"], their_voice=their_voice)
                return _as_gerund(phrase) if phrase else None
            if found.get("np"):
                phrase = _noun_phrase(found["np"], their_voice=their_voice)
                return f"working on {phrase}" if phrase else None
            phrase = _noun_phrase(found["more"], their_voice=their_voice)
            if phrase is None or (lead_word(phrase) in _NOT_A_VERB - {"more"}):
                return None
            more = phrase if phrase.casefold().startswith("more ") else f"more {phrase}"
            return f"getting {more}"
        if lead_word(sentence) in BASE_VERBS:
            phrase = _verb_phrase(sentence, their_voice=their_voice)
            return _as_gerund(phrase) if phrase else None
    return None


def _as_gerund(verb_phrase: str) -> str:
    words = verb_phrase.split()
    if is_gerund(words[0].casefold()):
        return verb_phrase
    return " ".join([gerund(words[0]), *words[1:]])


def _verb_phrase(text: str, *, their_voice: bool) -> str | None:
    """A short verb phrase cut at the first clause break, in the writer's voice. What follows
    "you should" or "I'd encourage you to" is a verb phrase unless it starts like a noun."""
    phrase = _noun_phrase(_ADVERB.sub("", text.strip()), their_voice=their_voice)
    if phrase is None:
        return None
    lead = lead_word(phrase)
    if lead in _NOT_A_VERB or not lead.isalpha() or not phrase[:1].isalpha():
        return None
    return phrase[:1].lower() + phrase[1:] if lead in BASE_VERBS else phrase


def _noun_phrase(text: str, *, their_voice: bool) -> str | None:
    phrase = _short(tidy(_STOP.split(text, maxsplit=1)[0]))
    if phrase is None or _NEGATION.search(phrase):
        return None
    words = [w.casefold() for w in phrase.split()]
    if _UNFINISHED.intersection(words) or words[-1] in _HANGING:
        return None  # cut mid-thought ("think hard about whether this industry")
    return turn_around(phrase) if their_voice else _from_third_person(phrase)


def _short(phrase: str | None) -> str | None:
    """At most MAX_POINT_WORDS words: a longer phrase keeps what comes before its last
    preposition ("building a case study around a complex B2B workflow" -> "building a case
    study"), or is dropped."""
    if phrase is None:
        return None
    words = phrase.split()
    while len(words) > MAX_POINT_WORDS:
        cut = max((i for i, w in enumerate(words) if w.casefold() in _PREPOSITIONS and i >= 3),
                  default=None)
        if cut is None:
            return None
        words = words[:cut]
    return " ".join(words)


def turn_around(text: str) -> str:
    """Swap first and second person: "your portfolio" -> "my portfolio", "us" -> "you"."""
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return _TURN.get(word.casefold().replace("’", "'"), word)

    return re.sub(r"[A-Za-z]+(?:['’][a-z]+)?", swap, text)


def _from_third_person(text: str) -> str:
    """In the user's own note, "her" and "they" are the interviewer: "you" in a letter to them."""
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return _THIRD_PERSON.get(word.casefold(), word)

    return re.sub(r"[A-Za-z]+", swap, text)
