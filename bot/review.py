"""Review a draft against PLAYBOOK.md's "Rules a draft review checks" (the bot's or the user's).

`review` parses the text once (`bot.review_text.parse_message`) and runs each rule in RULES,
in PLAYBOOK order. Which kinds each rule checks:

    length               all: thank-you <= 120 body words; reply and stay-in-touch <= 4 body
                         sentences; linkedin <= the character limit; other letters <= 180 words
    no-why-or-feedback   thank-you
    tone                 all
    thanks-and-specific  thank-you: thanks + something specific (the logged memory when known);
                         linkedin: mentions the interview or role; the others: thanks
    feedback-not-first   reply, feedback-request, stay-in-touch, alternate-roles
    ps-and-update        stay-in-touch
    timing               all, when both the rejection and today are known

Phrase checks look for phrases, not bare words, and the known company, role and interviewer
names are masked first, so "Feedback Ltd" or "Why Labs" trigger nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot import review_phrases as phrases
from bot.drafts import first_name
from bot.format import day as format_day
from bot.models import LINKEDIN_FREE_LIMIT, DraftKind, Rejection
from bot.playbook import DEFAULT_TIMINGS, Timings, cool_down_ends, stay_in_touch_window
from bot.review_text import (
    Message,
    clean,
    clean_phrase,
    count_words,
    find_spans,
    mentions,
    note_length,
    parse_message,
    shorten,
)

THANK_YOU_MAX_WORDS = 120
LETTER_MAX_WORDS = 180
MAX_SENTENCES = 4
NAME_MASK = "Name"
SENTENCE_KINDS = frozenset({DraftKind.REPLY, DraftKind.STAY_IN_TOUCH})
FEEDBACK_LATER_KINDS = frozenset({
    DraftKind.REPLY, DraftKind.FEEDBACK_REQUEST, DraftKind.STAY_IN_TOUCH,
    DraftKind.ALTERNATE_ROLES,
})
TITLES = {
    "length": "Keep it short",
    "no-why-or-feedback": "Just say thank you",
    "tone": "Keep the tone gracious",
    "thanks-and-specific": "Thank them and be specific",
    "feedback-not-first": "Don't open with the feedback question",
    "ps-and-update": "Add the PS and an update",
    "timing": "Mind the timing",
}


@dataclass(frozen=True)
class Finding:
    """One problem found: a stable rule id, a short title, and how to fix it."""

    rule: str
    title: str
    message: str


@dataclass(frozen=True)
class ReviewContext:
    """What the review may know besides the text; unknown parts skip the checks that need them."""

    rejection: Rejection | None = None
    today: date | None = None
    linkedin_limit: int = LINKEDIN_FREE_LIMIT
    timings: Timings = DEFAULT_TIMINGS


@dataclass(frozen=True)
class Reviewed:
    """The text under review, parsed once, with what every rule needs to know about it."""

    text: str
    message: Message
    sentences: tuple[str, ...]
    names: tuple[str, ...]
    kind: DraftKind
    context: ReviewContext

    def masked(self, text: str) -> str:
        """`text` with the known names replaced, so a company called "Why Labs" reads neutral."""
        for name in self.names:
            for start, end in reversed(find_spans(text, name, ignore_case=False)):
                text = text[:start] + NAME_MASK + text[end:]
        return text


Rule = Callable[[Reviewed], Finding | None]


def review(text: str, *, kind: DraftKind, context: ReviewContext) -> tuple[Finding, ...]:
    """Check `text` (a full email or a bare note) as a `kind` draft; no findings: good to send."""
    message = parse_message(text)
    names = _known_names(context.rejection)
    protected = names + _known_phrases(context.rejection)
    reviewed = Reviewed(text, message, message.sentences(protected), names, kind, context)
    return tuple(finding for rule in RULES if (finding := rule(reviewed)) is not None)


def guess_kind(text: str) -> DraftKind:
    """For pasted text with no kind named: a PS line means stay-in-touch; anything else is
    taken as the thank-you, the first and most common message."""
    return DraftKind.STAY_IN_TOUCH if parse_message(text).ps is not None else DraftKind.THANK_YOU


def length_rule(r: Reviewed) -> Finding | None:
    """Rule 1: busy people read short messages; the measure depends on the kind."""
    if r.kind is DraftKind.LINKEDIN:
        size, limit = note_length(r.text.strip()), r.context.linkedin_limit
        if size <= limit:
            return None
        return _finding("length", f"The note is {size} characters, {size - limit} over "
                        f"LinkedIn's {limit}-character limit. Keep a thank-you, a nod to the "
                        "interview and a line about staying connected, and cut the rest.")
    if r.kind in SENTENCE_KINDS:
        count = len(r.sentences)
        if count <= MAX_SENTENCES:
            return None
        return _finding("length", f"The body has {count} sentences; this email works best "
                        f"with 3 or {MAX_SENTENCES} (greeting, sign-off and PS don't count). "
                        "Merge or drop sentences until it fits on one small screen.")
    cap = THANK_YOU_MAX_WORDS if r.kind is DraftKind.THANK_YOU else LETTER_MAX_WORDS
    words = count_words(r.message.body)
    if words <= cap:
        return None
    return _finding("length", f"The body runs to {words} words; aim for about {cap} or fewer. "
                    "Keep the thanks and one concrete memory, and trim everything else.")


def no_why_or_feedback_rule(r: Reviewed) -> Finding | None:
    """Rule 2: the first email only thanks them; asking why or for feedback, or saying you had
    hoped for the job, puts them on the spot."""
    if r.kind is not DraftKind.THANK_YOU:
        return None
    found = phrases.matches(r.masked(r.text), phrases.WHY + phrases.FEEDBACK + phrases.HOPED)
    if not found:
        return None
    return _finding("no-why-or-feedback", f"Leave out {_quote(found)}. This first note should "
                    "simply say thank you: asking why, asking for feedback or saying you had "
                    "hoped for the job can feel like pressure. Save the feedback question for a "
                    "later reply or the separate feedback-request letter.")


def tone_rule(r: Reviewed) -> Finding | None:
    """Rule 3: a calm, gracious note is remembered; a defensive or pleading one is avoided."""
    found = phrases.matches(r.masked(r.text), (phrases.TONE,))
    if not found:
        return None
    return _finding("tone", f"Wording like {_quote(found)} can read as defensive, bitter or "
                    "pleading. Replace it with calm, warm wording: the decision is made, and "
                    "graciousness is what will stay with them.")


def thanks_and_specific_rule(r: Reviewed) -> Finding | None:
    """Rule 4: it thanks them and names something specific, so they remember who you are."""
    missing: list[str] = []
    if r.kind is DraftKind.LINKEDIN:
        if not _mentions_interview(r):
            missing.append("mention the interview or the role, so they can place you")
    else:
        message = r.message
        parts = (message.greeting, message.body, message.sign_off, message.ps)
        if not phrases.THANKS.search(r.masked("\n".join(p for p in parts if p))):
            missing.append("thank them (for their time or the opportunity)")
        if r.kind is DraftKind.THANK_YOU and not _names_something_specific(r):
            missing.append(_specific_hint(r.context.rejection))
    if not missing:
        return None
    return _finding("thanks-and-specific", f"Please {' and '.join(missing)}.")


def feedback_not_first_rule(r: Reviewed) -> Finding | None:
    """Rule 5: opening with a request for feedback feels abrupt; it belongs later, softly put."""
    if r.kind not in FEEDBACK_LATER_KINDS or not r.sentences:
        return None
    first = r.sentences[0]
    if not phrases.is_feedback_request(r.masked(first)):
        return None
    return _finding("feedback-not-first", f"The message opens with the feedback question "
                    f"(“{shorten(first, 60)}”). Start with a warm thank-you or a memory, and "
                    "bring the question in later, framed as what could make you a stronger "
                    "candidate next time.")


def ps_and_update_rule(r: Reviewed) -> Finding | None:
    """Rule 6: the stay-in-touch email shows progress and ends on a PS that keeps the door open."""
    if r.kind is not DraftKind.STAY_IN_TOUCH:
        return None
    missing: list[str] = []
    ps = r.masked(r.message.ps) if r.message.ps else None
    if ps is None:
        missing.append("Add a PS line saying you'd still love to join the team, and ask "
                       "whether any openings are coming up.")
    else:
        if not phrases.JOIN.search(ps):
            missing.append("Say in the PS that you'd still love to join the team.")
        if not phrases.OPENINGS.search(ps):
            missing.append("Ask in the PS whether any openings are coming up.")
    if not phrases.UPDATE.search(r.masked(r.message.body)):
        missing.append("Share a short update on what you've done since you spoke: a course, "
                       "a project or a skill (best of all, one they suggested).")
    return _finding("ps-and-update", " ".join(missing)) if missing else None


def timing_rule(r: Reviewed) -> Finding | None:
    """Rule 7: reaching out before the cool-down ends, or staying in touch too soon, is flagged."""
    rejection, today, timings = r.context.rejection, r.context.today, r.context.timings
    if rejection is None or today is None:
        return None
    if r.kind is DraftKind.STAY_IN_TOUCH:
        start, _ = stay_in_touch_window(rejection, timings)
        if today >= start:
            return None
        return _finding("timing", f"It's early for this one: wait until {format_day(start)}, "
                        f"about {timings.stay_in_touch_months} months after the rejection. Writing "
                        "sooner, or more often than that, can come across as pushy.")
    ends = cool_down_ends(rejection, timings)
    if today >= ends:
        return None
    return _finding("timing", f"You're still in the cool-down, which ends on "
                    f"{format_day(ends)}. Waiting lets the emotions settle so the note reads "
                    "calm, gives you time to pick up something new to mention, and it may "
                    "arrive just when they need someone again.")


RULES: tuple[Rule, ...] = (
    length_rule,
    no_why_or_feedback_rule,
    tone_rule,
    thanks_and_specific_rule,
    feedback_not_first_rule,
    ps_and_update_rule,
    timing_rule,
)


def _finding(rule: str, message: str) -> Finding:
    return Finding(rule=rule, title=TITLES[rule], message=message)


def _quote(found: list[str]) -> str:
    return ", ".join(f"“{shorten(phrase, 60)}”" for phrase in found)


def _known_names(rejection: Rejection | None) -> tuple[str, ...]:
    """Company, role and interviewer names, longest first; very short ones are not masked."""
    if rejection is None:
        return ()
    names = {clean(rejection.company), clean(rejection.role), clean(rejection.interviewer),
             first_name(rejection.interviewer)}
    return tuple(sorted((n for n in names if n and len(n) > 1), key=len, reverse=True))


def _known_phrases(rejection: Rejection | None) -> tuple[str, ...]:
    """The memory and compliment as the drafts embed them; never split into sentences."""
    if rejection is None:
        return ()
    values = (clean_phrase(rejection.memory), clean_phrase(rejection.compliment))
    return tuple(v for v in values if v)


def _names_something_specific(r: Reviewed) -> bool:
    """The logged memory when there is one, else any cue of a concrete recollection."""
    memory = clean_phrase(r.context.rejection.memory) if r.context.rejection else None
    if memory:
        return mentions(r.text, memory)
    return bool(phrases.SPECIFIC.search(r.text))


def _specific_hint(rejection: Rejection | None) -> str:
    memory = clean_phrase(rejection.memory) if rejection else None
    if memory:
        return f"mention the moment you noted from the interview: “{shorten(memory, 80)}”"
    return ("name one concrete moment from the interview (something you discussed or "
            "something they showed you)")


def _mentions_interview(r: Reviewed) -> bool:
    rejection = r.context.rejection
    if phrases.INTERVIEW.search(r.text):
        return True
    if rejection is None:
        return False
    return any(mentions(r.text, value) for value in (rejection.role, rejection.company) if value)
