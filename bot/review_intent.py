"""PLAYBOOK rules 2 and 3 by intent: what a message must not ask, press for or sound like.

Each sentence (subject, body and PS) is read once by `bot.intent.detect`; which categories
matter depends on the kind of message (PLAYBOOK: what each letter is for):

    first notes (thank-you, linkedin)   every category
    reply, stay-in-touch, alternate     all but feedback (asking softly, later, is fine;
                                        rule 5 checks it is not the opening)
    feedback-request                    all but feedback (asking is its point), and why
                                        only when put as a demand (with a tone problem)
    thank-you-for-feedback              who-hired, reconsider, pressure, tone and why
                                        (they have given their reasons: asking again
                                        why, or whether that was "really" the reason,
                                        argues with them)
    any other kind (kinds yet to come)  who-hired, reconsider, pressure, tone

and a later letter welcomes what it does by design (WELCOMES, by the frame's excuse): every
later letter may acknowledge the outcome ("Although I was disappointed, ...", "I understand
you felt I wasn't the right fit"), say it is writing again, and hope to join the company one
day (the stay-in-touch PS does), which includes being considered if some other opening comes
up (the whole point of the alternate-roles letter; this role back is still `reconsider`);
the feedback request and the alternate-roles letter give a phone number, and a reply may say
how to reach the writer too; a reply accepts the interviewer's own invitation ("See you on
the 12th!", not read by the model: `ANSWERS`) without proposing a meeting. A first note still
leaves out the disappointment, the talk of writing again and the hope of joining (accepting
the decision plainly is fine in any letter).

A body or PS sentence the rules find nothing in is read by the learned backstop
(`bot.intent.learned`): it is flagged when the model's probability mass on the categories it
may raise for the kind (`learned_categories`) passes the shipped threshold, in the most
likely of them. The rules decide whenever they fire (their category, their policy). The
model is not asked about a subject line (a fragment unlike what it learned from), the PS
of a stay-in-touch email (whose point is to ask about openings), a courtesy formula
(`bot.intent.gracious`: "I completely understand the decision", "No pressure at all", a
line that only gives a phone number), nor, in a later letter, a sentence that plainly tells
what the writer learned, earned or built (`_plain_news`). Precision comes first in the
later letters: each says by design things a first note must not, and a good note flagged
is the failure issue 10 counts hardest.

Each finding quotes the sentence and offers a gentler line in our own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from bot.intent import detect, set_aside
from bot.intent.gracious import accepts_invitation, is_courtesy
from bot.intent.learned import Backstop
from bot.review_model import Finding, Reading, Reviewed
from bot.review_phrases import PROGRESS
from bot.review_text import ABBREVIATIONS, shorten, split_sentences

QUOTE_LIMIT = 90
MIN_CLAUSE_WORDS = 3
_CLAUSE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
# A clause joined by "; ", ", and " or ", so " may be a second request; "so I can ..." is the
# first one's purpose, which read alone sounds like a boast or a plea.
_FINE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)|,\s+and\s+(?=\S)|,\s+so\s+(?!(?:that\s+)?(?:I|we)"
                       r"\s+(?:can|could|may|might)\b)(?=\S)", re.I)
# A clause cut at ";" ends as a sentence would: the model learned from whole sentences.
_TRAILING_JOIN = re.compile(r"\s*[;,:]\s*$")
# "Funny enough, ..." means "as it happens": the model, which learned "funny how ..." as
# sarcasm, reads the sentence without it.
_AS_IT_HAPPENS = re.compile(r"\b(?:funnily|funny|oddly|strangely|curiously|weirdly|interestingly)"
                            r"\s+enough\s*,?\s*", re.I)
_TURN = re.compile(r"\?|\b(?:but|however|though|although|yet|except|unlike|whereas"
                   r"|should|deserved?|unfair|shame)\b", re.I)
FIRST_NOTES = frozenset({"thank-you", "linkedin"})
ALWAYS = frozenset({"who-hired", "reconsider", "pressure", "tone"})
BY_KIND: dict[str, frozenset[str]] = {
    "thank-you": ALWAYS | {"why", "feedback", "hoped"},
    "linkedin": ALWAYS | {"why", "feedback", "hoped"},
    "reply": ALWAYS | {"why", "hoped"},
    "stay-in-touch": ALWAYS | {"why", "hoped"},
    "alternate-roles": ALWAYS | {"why", "hoped"},
    "feedback-request": ALWAYS | {"why", "hoped"},
    "thank-you-for-feedback": ALWAYS | {"why"},
}
ONLY_WITH_TONE = frozenset({("feedback-request", "why")})
LEARNED_LEAVES = {
    "reply": frozenset({"tone"}),
    "feedback-request": frozenset({"pressure"}),
    "alternate-roles": frozenset({"reconsider", "tone"}),
    "stay-in-touch": frozenset({"reconsider", "tone"}),
    # a thank-you for feedback talks about the reasons they gave, by design
    "thank-you-for-feedback": frozenset({"why"}),
}
LATER = frozenset({"acknowledge", "again", "future-wish", "other-roles"})
# The kinds that answer the interviewer: looking forward to the occasion they invited the
# writer to ("See you on the 12th!") accepts it, and proposes nothing.
ANSWERS = frozenset({"reply"})
WELCOMES: dict[str, frozenset[str]] = {
    "reply": LATER | {"contact"},
    "stay-in-touch": LATER,
    "alternate-roles": LATER | {"contact"},
    "feedback-request": LATER | {"contact"},
    "thank-you-for-feedback": LATER,
}

RULE_IDS = {
    "why": "no-why", "who-hired": "no-who-hired", "feedback": "no-feedback-request",
    "reconsider": "no-reconsider", "pressure": "no-pressure", "tone": "tone",
    "hoped": "no-hoped",
}
TITLES = {
    "no-why": "Don't ask why",
    "no-who-hired": "Leave the other candidate out",
    "no-feedback-request": "Save the feedback question",
    "no-reconsider": "Don't ask them to reopen it",
    "no-pressure": "No deadlines, chasing or calls",
    "tone": "Keep the tone gracious",
    "no-hoped": "Don't dwell on how much you wanted it",
}
WHY_IT_MATTERS = {
    "why": "Asking why, or how they decided, puts them on the spot, and the reasons are often "
           "not theirs to share.",
    "who-hired": "Asking about the person they hired, or measuring yourself against them, "
                 "reads as a challenge to the decision.",
    "feedback": "This first note should only say thank you; a request for feedback turns it "
                "into a favour they owe you.",
    "reconsider": "The decision is made; asking them to reopen it, hold the role or come back "
                  "to you first makes the note feel like pressure.",
    "pressure": "A deadline, a chaser, or a call or meeting asks for their time; email with no "
                "reply needed is what keeps the door open.",
    "tone": "This can read as bitter, entitled, pleading or hard on yourself; calm warmth is "
            "what they will remember.",
    "hoped": "Telling them how much you wanted the job makes them feel they let you down.",
}
SUGGESTIONS = {
    "why": "I understand you chose another candidate, and I'm grateful to have been "
           "considered.",
    "who-hired": "I hope the new person settles in well.",
    "feedback": "Thank you again for your time; I learned a lot from the process.",
    "reconsider": "I'd be glad to stay in touch.",
    "pressure": "There's no need to reply; I simply wanted to say thank you.",
    "tone": "Thank you again for the time you and the team gave me.",
    "hoped": "I really enjoyed getting to know the team and the work.",
}
ASK_LATER = {
    "why": " If you'd like their reasons, ask later in the separate feedback-request letter.",
    "feedback": " Ask it later: softly, in a reply if they write back, or in the separate "
                "feedback-request letter.",
    "pressure": " Email is the channel: leave out the call, the meeting and any date.",
}


def applies(kind: str, category: str) -> bool:
    """Whether `category` is a problem in a message of this kind (see the module table)."""
    return category in BY_KIND.get(kind, ALWAYS)


@cache  # a table by kind, asked per sentence and rule
def learned_categories(kind: str) -> frozenset[str]:
    """The categories the backstop may raise in a message of this kind: those that apply,
    less the ones the rules allow only in a particular form (a why that is also rude), and
    less what the kind does by design in words the model reads as a problem: contact
    details in the feedback request; being kept in mind for other openings, and news of
    what the writer has done since (which it still reads as tone: "I recently finished a
    SQL course, just as you suggested"), in the later letters; in a reply, which answers
    their message with stories and news of its own, tone; and in a thank-you for feedback,
    which talks about the reasons they gave, why. The rules still read those
    categories everywhere."""
    leaves = LEARNED_LEAVES.get(kind, frozenset())
    return frozenset(c for c in BY_KIND.get(kind, ALWAYS)
                     if (kind, c) not in ONLY_WITH_TONE and c not in leaves)


def learned_category(reading: Reading, kind: str, threshold: float) -> str | None:
    """The backstop's category for a sentence the rules found nothing in, if it passes: in
    a first note, when the model's mass on the categories that apply passes the threshold
    (a sentence that is plainly not `ok`, however the model splits its doubt); in a later
    letter, only when one category alone passes it. A later letter says by design much
    that the model learned as a problem in a first note, so there its doubt spread over
    several categories is no finding."""
    probabilities = reading.probabilities
    wanted = [c for c in learned_categories(kind) if c in probabilities]
    if not wanted:
        return None
    best = max(wanted, key=probabilities.__getitem__)
    mass = (sum(probabilities[c] for c in wanted) if kind in FIRST_NOTES
            else probabilities[best])
    return best if mass >= threshold else None


def scan(r: Reviewed) -> tuple[Reading, ...]:
    """Every sentence the reader sees (subject, body, PS), read by the rules and, where they
    find nothing, by the backstop."""
    pieces: list[tuple[str, bool]] = []
    if r.message.subject:
        pieces.append((r.message.subject, False))
    later = r.kind.value not in FIRST_NOTES
    pieces.extend((sentence, not (later and _plain_news(r.masked(sentence))))
                  for sentence in r.sentences)
    if r.message.ps:
        ask = r.kind.value != "stay-in-touch"
        pieces.extend((piece, ask) for piece in split_sentences(r.message.ps, r.names))
    return tuple(_read(piece, r, r.backstop if ask else None) for piece, ask in pieces)


def _plain_news(sentence: str) -> bool:
    """Whether a later letter's sentence plainly tells what the writer learned, earned or
    built ("Being turned down pushed me to finish my certificate"): news every later letter
    may bring, in words the model learned as hoped or tone. With a question or a turn ("...,
    but it clearly counted for nothing") it is the model's to read."""
    return bool(PROGRESS.search(sentence)) and not _TURN.search(sentence)


def _read(sentence: str, r: Reviewed, backstop: Backstop | None) -> Reading:
    """The rules' intents (not in what the user logged as data); the backstop's reading of
    each clause the rules say nothing about, keeping the most worrying one. A sentence can
    carry two requests ("how you decided, and what I should tighten up"): the rules may
    catch one, and the clause they find nothing in is still read by the backstop, whose
    category is then flagged as well. (The model learned from single sentences, and a writer
    who starts sentences in lower case gives the splitter no capital to cut at.) The model
    reads the sentence without the user's logged memory and compliment."""
    intents = detect(r.unlogged(r.masked(sentence)))  # names first: they may hold a logged value
    if backstop is None:
        return Reading(sentence, intents)
    clauses = _clauses(_AS_IT_HAPPENS.sub("", r.masked(r.unquoted(sentence))), fine=bool(intents))
    answers = r.kind.value in ANSWERS
    readings = [_unless_innocent(backstop.probabilities(piece), set_aside(r.unlogged(piece)))
                for piece in clauses
                if not is_courtesy(piece) and not (answers and accepts_invitation(piece))
                and not (intents and detect(r.unlogged(piece)))]
    if not readings:
        return Reading(sentence, intents)
    return Reading(sentence, intents, min(readings, key=lambda p: p.get("ok", 1.0)))


def _unless_innocent(probabilities: dict[str, float], innocent: frozenset[str]
                     ) -> dict[str, float]:
    """The model's reading less the categories whose words the rules judged innocent in
    this clause (their mass goes to `ok`): the rules know the trap ("counting on" said of
    someone else, a diary named as full), the model only sees the words."""
    if not innocent or not innocent & probabilities.keys():
        return probabilities
    kept = {c: p for c, p in probabilities.items() if c not in innocent}
    kept["ok"] = kept.get("ok", 0.0) + sum(probabilities[c] for c in innocent
                                           if c in probabilities)
    return kept


def _clauses(text: str, *, fine: bool = False) -> list[str]:
    """`text` cut after each . ! or ? (and, when `fine`, at each ; or ", and"/", so" that
    may join two requests, each piece then ending in a full stop), but not after a title or
    other abbreviation ("Dr. Okafor"), a fragment of fewer than MIN_CLAUSE_WORDS words kept
    with the clause before it (the model misreads scraps like "was D.")."""
    clauses: list[str] = []
    for piece in (_FINE_END if fine else _CLAUSE_END).split(text):
        if clauses and (len(piece.split()) < MIN_CLAUSE_WORDS
                        or clauses[-1].split()[-1].casefold() in ABBREVIATIONS):
            clauses[-1] = f"{clauses[-1]} {piece}"
        elif piece.strip():
            clauses.append(piece)
    if len(clauses) > 1 and len(clauses[0].split()) < MIN_CLAUSE_WORDS:
        clauses[:2] = [f"{clauses[0]} {clauses[1]}"]
    return [_TRAILING_JOIN.sub(".", c) for c in clauses] if fine else clauses


def intent_rule(category: str, rule_number: int) -> Callable[[Reviewed], Finding | None]:
    """The rule that flags `category` wherever it applies to the kind of message."""
    rule_id = RULE_IDS[category]

    def rule(r: Reviewed) -> Finding | None:
        if not applies(r.kind.value, category):
            return None
        welcome = WELCOMES.get(r.kind.value, frozenset())
        needs_tone = (r.kind.value, category) in ONLY_WITH_TONE
        threshold = r.backstop.threshold if r.backstop else 1.0
        quotes = [reading.sentence for reading in r.scanned
                  if (any(i.category == category and i.excuse not in welcome
                          for i in reading.intents)
                      and (not needs_tone or any(i.category == "tone" and i.excuse not in welcome
                                                 for i in reading.intents)))
                  or learned_category(reading, r.kind.value, threshold) == category]
        if not quotes:
            return None
        quote = " … ".join(shorten(q, QUOTE_LIMIT) for q in quotes)
        suggestion = SUGGESTIONS[category]
        later = ASK_LATER.get(category, "") if r.kind.value in FIRST_NOTES else ""
        message = (f"You wrote “{quote}”. {WHY_IT_MATTERS[category]} Try instead: "
                   f"“{suggestion}”{later}")
        return Finding(rule=rule_id, title=TITLES[rule_id], message=message, quote=quote,
                       suggestion=suggestion)

    rule.__name__ = f"{rule_id.replace('-', '_')}_rule"
    rule.__doc__ = (f"Rule {rule_number}: {WHY_IT_MATTERS[category]}")
    return rule
