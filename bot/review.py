"""Review a draft against PLAYBOOK.md's "Rules a draft review checks" (the bot's or the user's).

`review` parses the text once (`bot.review_text.parse_message`), reads each sentence for its
intent once (`bot.review_intent.scan`), and runs each rule in RULES, in PLAYBOOK order:

    length               all: thank-you <= 120 body words; reply and stay-in-touch <= 4 body
                         sentences, short asides ("Good luck at Henley!") not counted;
                         linkedin <= the character limit; other letters <= 180 words
    no-why ... no-hoped  rule 2 by intent, per kind (see bot.review_intent)
    tone                 rule 3 by intent, every kind
    thanks-and-specific  thank-you: thanks + something specific (the logged memory, retold in
                         any words, or another concrete moment: bot.review_specific);
                         linkedin: mentions the interview or role; the others: thanks, or
                         appreciation of the interview, their time or work done together;
                         stay-in-touch: or the update credited to the moment they shared
    feedback-not-first   every kind but the first notes
    ps-and-update        stay-in-touch
    timing               all, when both the rejection and today are known
    subject              a note when the subject line carries emoji

The known company, role and interviewer names are masked first, so "Feedback Ltd" or
"Why Labs" trigger nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot import review_phrases as phrases
from bot.drafts import first_name
from bot.format import day as format_day
from bot.intent import learned
from bot.intent.learned import Backstop
from bot.models import DraftKind, Rejection
from bot.playbook import cool_down_ends, stay_in_touch_window
from bot.review_intent import FIRST_NOTES, intent_rule, learned_category, scan
from bot.review_model import Finding, Reading, ReviewContext, Reviewed
from bot.review_specific import mentions_interview, names_something_specific, specific_hint
from bot.review_text import (
    clean,
    clean_phrase,
    count_words,
    note_length,
    parse_message,
    shorten,
)
from bot.shapes import shape_compliment, shape_memory
from bot.timings import TIMINGS, spoken_months

__all__ = ["RULES", "Finding", "ReviewContext", "guess_kind", "review", "review_with"]

THANK_YOU_MAX_WORDS = 120
LETTER_MAX_WORDS = 180
MAX_SENTENCES = 4
ASIDE_WORDS = 5  # a sentence this short ("Good luck at Henley!") is an aside: not counted
SENTENCE_KINDS = frozenset({DraftKind.REPLY, DraftKind.STAY_IN_TOUCH})
TITLES = {
    "length": "Keep it short",
    "thanks-and-specific": "Thank them and be specific",
    "feedback-not-first": "Don't open with the feedback question",
    "ps-and-update": "Add the PS and an update",
    "timing": "Mind the timing",
    "subject": "Keep the subject line plain",
}
_ARTICLES = frozenset({"the", "a", "an", "my", "our", "your", "some", "any"})
EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0xFE0F, 0xFE0F),
                (0x200D, 0x200D), (0xE0020, 0xE007F))


Rule = Callable[[Reviewed], Finding | None]


def review(text: str, *, kind: DraftKind, context: ReviewContext) -> tuple[Finding, ...]:
    """Check `text` (a full email or a bare note) as a `kind` draft; no findings: good to send."""
    return review_with(text, kind=kind, context=context, backstop=learned.shipped())


def review_with(text: str, *, kind: DraftKind, context: ReviewContext,
                backstop: Backstop | None) -> tuple[Finding, ...]:
    """`review` with another learned backstop, or none (the rules alone): for measuring."""
    message = parse_message(text)
    names = _known_names(context.rejection)
    phrases = _known_phrases(context.rejection)
    protected = names + phrases
    logged = tuple(p for v in (*context.logged, *_logged(context.rejection))
                   if (p := clean_phrase(v)))
    reviewed = Reviewed(text, message, message.sentences(protected), names, kind, context,
                        backstop, phrases=phrases + logged,
                        logged=tuple(b for value in logged for b in _bare_forms(value)))
    reviewed = replace(reviewed, scanned=scan(reviewed))
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
        count = sum(1 for s in r.sentences if count_words(s) > ASIDE_WORDS)
        if count <= MAX_SENTENCES:
            return None
        return _finding("length", f"The body has {count} full sentences; this email works best "
                        f"with 3 or {MAX_SENTENCES} (greeting, sign-off, PS and short asides "
                        "don't count). "
                        "Merge or drop sentences until it fits on one small screen.")
    cap = THANK_YOU_MAX_WORDS if r.kind is DraftKind.THANK_YOU else LETTER_MAX_WORDS
    words = count_words(r.message.body)
    if words <= cap:
        return None
    return _finding("length", f"The body runs to {words} words; aim for about {cap} or fewer. "
                    "Keep the thanks and one concrete memory, and trim everything else.")


def thanks_and_specific_rule(r: Reviewed) -> Finding | None:
    """Rule 4: it thanks them and names something specific, so they remember who you are. A
    later letter may show the thanks as appreciation ("I really valued our conversation");
    the first note says it in so many words (PLAYBOOK: thank them for the opportunity)."""
    missing: list[str] = []
    if r.kind is DraftKind.LINKEDIN:
        if not mentions_interview(r.text, r.context.rejection):
            missing.append("mention the interview or the role, so they can place you")
    else:
        message = r.message
        parts = (message.greeting, message.body, message.sign_off, message.ps)
        text = r.masked("\n".join(p for p in parts if p))
        shown = r.kind is not DraftKind.THANK_YOU and phrases.APPRECIATION.search(text)
        if not phrases.THANKS.search(text) and not shown and not _credited(r):
            missing.append("thank them (for their time or the opportunity)")
        if r.kind is DraftKind.THANK_YOU and not names_something_specific(
                r.text, r.context.rejection):
            missing.append(specific_hint(r.context.rejection))
    if not missing:
        return None
    return _finding("thanks-and-specific", f"Please {' and '.join(missing)}.")


def _credited(r: Reviewed) -> bool:
    """A stay-in-touch update credited to the moment they shared ("After our talk about the
    typhoon re-routing, I studied crisis management"): PLAYBOOK's "above all a skill built on
    their advice" is the thanks itself, shown rather than said."""
    return r.kind is DraftKind.STAY_IN_TOUCH and any(
        phrases.UPDATE.search(s) and names_something_specific(s, r.context.rejection)
        for s in r.sentences)


def feedback_not_first_rule(r: Reviewed) -> Finding | None:
    """Rule 5: opening with a request for feedback feels abrupt; it belongs later, softly put."""
    if r.kind.value in FIRST_NOTES or not r.sentences:
        return None
    first = r.sentences[0]
    reading = next(x for x in r.scanned if x.sentence == first)
    ruled = any(i.category in ("feedback", "why") for i in reading.intents)
    if not ruled and not _learned_asks(reading, r.backstop):
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
    rejection, today = r.context.rejection, r.context.today
    if rejection is None or today is None:
        return None
    if r.kind is DraftKind.STAY_IN_TOUCH:
        start, _ = stay_in_touch_window(rejection)
        if today >= start:
            return None
        return _finding("timing", f"It's early for this one: wait until {format_day(start)}, "
                        f"about {spoken_months(TIMINGS.stay_in_touch_months)} after the "
                        "rejection. Writing sooner, or more often than that, can come across "
                        "as pushy.")
    ends = cool_down_ends(rejection)
    if today >= ends:
        return None
    return _finding("timing", f"You're still in the cool-down, which ends on "
                    f"{format_day(ends)}. Waiting lets the emotions settle so the note reads "
                    "calm, gives you time to pick up something new to mention, and it may "
                    "arrive just when they need someone again.")


def _learned_asks(reading: Reading, backstop: Backstop | None) -> bool:
    """Whether the backstop reads the sentence as asking for feedback or the reasons."""
    if backstop is None:
        return False
    return learned_category(reading, "thank-you", backstop.threshold) in ("feedback", "why")


def subject_rule(r: Reviewed) -> Finding | None:
    """Note: emoji in a subject line can show as boxes, land in spam, and read as flippant.
    (Emoji in a known name, a company called "🎉", are the name, not decoration.)"""
    subject = r.message.subject
    if not subject:
        return None
    emoji = "".join(c for c in r.masked(subject) if _is_emoji(c))
    if not emoji:
        return None
    plain = " ".join("".join(c for c in subject if not _is_emoji(c)).split()) or "Thank you"
    return Finding(rule="subject", title=TITLES["subject"],
                   message=f"The subject line carries emoji ({emoji}). Some mail apps show "
                   "them as empty boxes and they can read as flippant; keep it plain: "
                   f"“{shorten(plain, 60)}”.", quote=subject, suggestion=plain)


RULES: tuple[Rule, ...] = (
    length_rule,
    intent_rule("why", 2),
    intent_rule("who-hired", 2),
    intent_rule("feedback", 2),
    intent_rule("reconsider", 2),
    intent_rule("pressure", 2),
    intent_rule("hoped", 2),
    intent_rule("tone", 3),
    thanks_and_specific_rule,
    feedback_not_first_rule,
    ps_and_update_rule,
    timing_rule,
    subject_rule,
)


def _finding(rule: str, message: str) -> Finding:
    return Finding(rule=rule, title=TITLES[rule], message=message)


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in EMOJI_RANGES)


def _known_names(rejection: Rejection | None) -> tuple[str, ...]:
    """Company, role and interviewer names, longest first; a single letter is not masked."""
    if rejection is None:
        return ()
    names = {clean(rejection.company), clean(rejection.role), clean(rejection.interviewer),
             first_name(rejection.interviewer)}
    return tuple(sorted((n for n in names if n and (len(n) > 1 or not n.isalpha())),
                        key=len, reverse=True))


def _known_phrases(rejection: Rejection | None) -> tuple[str, ...]:
    """The memory and compliment as the user typed them and as the drafts embed them (tidied:
    "We talked about the. It was 0!" becomes "we talked about. It was 0"), longest first;
    never split into sentences."""
    if rejection is None:
        return ()
    shaped = (shape_memory(rejection.memory), shape_compliment(rejection.compliment))
    values = {clean_phrase(rejection.memory), clean_phrase(rejection.compliment),
              *(clean_phrase(p.text) for p in shaped if p is not None)}
    return tuple(sorted((v for v in values if v), key=lambda v: (-len(v), v)))


def _logged(rejection: Rejection | None) -> tuple[str, ...]:
    """The feedback logged for the rejection, which drafts may quote or paraphrase."""
    return rejection.feedback if rejection is not None else ()


def _bare_forms(value: str) -> tuple[str, ...]:
    """A logged value and the same without its leading articles, longest first: a draft tidies
    "the the platform team" into "the platform team" or "platform team roles"."""
    words = value.split()
    forms = [value]
    while len(words) > 1 and words[0].casefold() in _ARTICLES:
        words = words[1:]
        forms.append(" ".join(words))
    return tuple(forms)
