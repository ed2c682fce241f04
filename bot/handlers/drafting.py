"""Commands that write and check messages: `draft` and `review`."""

from __future__ import annotations

from dataclasses import replace
from difflib import get_close_matches

from bot.drafts import DraftContext, first_name, logged_values, progress_since
from bot.errors import UserError
from bot.flow_state import PastedDraft, ProgressQuestion
from bot.handlers.common import Tracked, named_like, only_active, pick, title
from bot.models import DraftKind, Event, EventKind, Rejection, ReplyKind
from bot.names import who
from bot.non_answers import is_non_answer
from bot.quick_actions import sent_button
from bot.replies import Button, DraftBlock, Notice, Part, Reply, Text, Tone
from bot.resolve import NeedsChoice
from bot.review import Finding, ReviewContext, guess_kind, review
from bot.session import Turn
from bot.syntax import CommandRef, cmd

KIND_ALIASES: dict[str, DraftKind] = {
    **{kind.value: kind for kind in DraftKind},
    "thankyou": DraftKind.THANK_YOU, "thanks": DraftKind.THANK_YOU,
    "thank": DraftKind.THANK_YOU, "reach-out": DraftKind.THANK_YOU,
    "response": DraftKind.REPLY,
    "linked-in": DraftKind.LINKEDIN, "connect": DraftKind.LINKEDIN, "note": DraftKind.LINKEDIN,
    "stay": DraftKind.STAY_IN_TOUCH, "stayintouch": DraftKind.STAY_IN_TOUCH,
    "alternate": DraftKind.ALTERNATE_ROLES, "alternate-role": DraftKind.ALTERNATE_ROLES,
    "other-roles": DraftKind.ALTERNATE_ROLES, "roles": DraftKind.ALTERNATE_ROLES,
    "feedback": DraftKind.FEEDBACK_REQUEST, "feedback-letter": DraftKind.FEEDBACK_REQUEST,
    "thanks-for-feedback": DraftKind.THANK_YOU_FOR_FEEDBACK,
    "thank-you-feedback": DraftKind.THANK_YOU_FOR_FEEDBACK,
    "feedback-thanks": DraftKind.THANK_YOU_FOR_FEEDBACK,
    "feedback-thank-you": DraftKind.THANK_YOU_FOR_FEEDBACK,
}
KIND_LIST = ", ".join(kind.value for kind in DraftKind)
MAX_ROLES_LENGTH = 200
MAX_SKILL_LENGTH = 500
_PROGRESS_ASKED = ("Before I write it: what have you learned or built since the interview? "
                   "The update is the heart of this email, so I'll only use what you tell me. ")


def progress_question(turn: Turn, company: str) -> str:
    """What the stay-in-touch draft asks for first when nothing new was logged, and how to
    answer it where the user is."""
    if turn.surface.reads_messages:
        return (_PROGRESS_ASKED + "A short phrase is enough, like finished a course on "
                "research methods. (skip writes it without an update; cancel stops.)")
    return _PROGRESS_ASKED + turn.say(
        "Tell me with ", cmd("draft", kind=DraftKind.STAY_IN_TOUCH.value, company=company,
                             details="finished a course on research methods"),
        ", or press Skip to write it without an update.")


def parse_kind(word: str) -> DraftKind:
    """A draft kind from what the user typed, with a suggestion when it's close."""
    kind = KIND_ALIASES.get(word.lower())
    if kind is not None:
        return kind
    close = get_close_matches(word.lower(), list(KIND_ALIASES), n=1, cutoff=0.6)
    hint = f" Did you mean {KIND_ALIASES[close[0]].value}?" if close else ""
    shown = f"“{word}” isn't a kind of draft I write." if word else "Which draft do you want?"
    raise UserError(f"{shown}{hint} Choose one of: {KIND_LIST}.")


async def draft(turn: Turn, call: CommandRef) -> Reply:
    """A ready-to-send draft, then timing warnings and the review's findings.

    `draft alternate-roles acme: data roles` remembers the roles the user wants;
    `draft stay-in-touch acme: finished a course` saves the progress and uses it."""
    kind = parse_kind(call.value("kind").strip())
    detail = call.value("details").strip()
    if detail and kind not in (DraftKind.ALTERNATE_ROLES, DraftKind.STAY_IN_TOUCH):
        raise UserError(
            "Only two drafts take details: ",
            cmd("draft", kind=DraftKind.ALTERNATE_ROLES.value, company="acme",
                details="the roles you'd like"), " and ",
            cmd("draft", kind=DraftKind.STAY_IN_TOUCH.value, company="acme",
                details="what you've done since the interview"),
            ". For this one, type ", cmd("draft", kind=kind.value, company="acme"), ".")
    extra = {"details": detail} if detail else {}
    item, ref = await pick(turn, call.value("company"),
                           lambda r: cmd("draft", kind=kind.value, company=r, **extra))
    if detail and kind is DraftKind.ALTERNATE_ROLES:
        item = await _remember_roles(turn, item, detail)
    if detail and kind is DraftKind.STAY_IN_TOUCH:
        state = await turn.store.get_conversation(turn.user.id)
        if isinstance(state, ProgressQuestion):  # this answers the question asked
            await turn.store.set_conversation(turn.user.id, None, now=turn.now)
        return await draft_with_progress(turn, item, ref, detail)
    if kind is DraftKind.STAY_IN_TOUCH and not (
            await _draft_context(turn, item.rejection)).progress:
        await turn.store.set_conversation(
            turn.user.id, ProgressQuestion(rejection_id=item.rejection.id), now=turn.now)
        return Reply(parts=(Text(progress_question(turn, ref)),),
                     buttons=(Button("Skip", "skip"), Button("Cancel", "cancel")))
    return await draft_reply(turn, item, ref, kind)


async def _remember_roles(turn: Turn, item: Tracked, text: str) -> Tracked:
    """Keep the roles or team the user wants (the latest wins); the rejection as it now is."""
    if len(text) > MAX_ROLES_LENGTH:
        raise UserError(f"That's {len(text)} characters; name the roles or team in under "
                        f"{MAX_ROLES_LENGTH}, like product analytics or data roles.")
    if is_non_answer(text):
        return item
    await turn.store.add_event(turn.user.id, item.rejection.id,
                               Event(EventKind.WANTED_ROLES, turn.now, value=text))
    rejection = await turn.store.get_rejection(turn.user.id, item.rejection.id)
    return item if rejection is None else Tracked(rejection, turn.progress(rejection))


async def draft_with_progress(turn: Turn, item: Tracked, ref: str, text: str) -> Reply:
    """Save what the user did since the interview as a skill, then draft stay-in-touch with it."""
    if is_non_answer(text):
        return await draft_reply(turn, item, ref, DraftKind.STAY_IN_TOUCH, note=Notice(
            turn.say("No update this time, so the email doesn't claim one. When you've done "
                     "something new, log it with ", cmd("skill", text="what you did"),
                     " and draft it again."), Tone.INFO))
    cleaned = _bounded_skill(text)
    await turn.store.add_skill(turn.user.id, cleaned, now=turn.now)
    return await draft_reply(turn, item, ref, DraftKind.STAY_IN_TOUCH, progress=(cleaned,),
                             note=Notice("Saved that as a skill, and used it below.",
                                         Tone.SUCCESS))


def _bounded_skill(text: str) -> str:
    """A skill as typed, within the length a skill may have."""
    if len(text) > MAX_SKILL_LENGTH:
        raise UserError(f"That skill is {len(text)} characters; keep it under "
                        f"{MAX_SKILL_LENGTH}.")
    return text


async def _draft_context(turn: Turn, rejection: Rejection,
                         progress: tuple[str, ...] = ()) -> DraftContext:
    """What a draft for `rejection` may use; `progress` adds what the user just told us."""
    skills = await turn.store.list_skills(turn.user.id)
    since = progress_since(skills, rejection, turn.tz)
    return DraftContext(
        rejection=rejection, profile=turn.user.profile,
        skills=tuple(s.text for s in skills),
        progress=(*since, *(p for p in progress if p not in since)),
        linkedin_limit=turn.user.preferences.linkedin_limit,
    )


async def draft_reply(turn: Turn, item: Tracked, ref: str, kind: DraftKind, *,
                      progress: tuple[str, ...] = (), note: Notice | None = None) -> Reply:
    """The draft itself, its review, and the notes that go with its kind."""
    r = item.rejection
    context = await _draft_context(turn, r, progress)
    rendered = turn.drafts.render(kind, context)
    block = DraftBlock(title=f"Your {kind.label} for {title(r)}", text=rendered.text,
                       to=rendered.to, subject=rendered.subject, body=rendered.body)
    findings = review(rendered.text, kind=kind, context=replace(
        _review_context(turn, r), logged=logged_values(context)))
    parts: list[Part] = [*(n for n in (note,) if n), block, *_finding_notices(findings),
                         *_kind_notes(turn, item, kind)]
    if not findings:
        parts.append(Notice("Review: it follows every rule of the playbook.", Tone.SUCCESS))
    action = item.progress.next_action
    ready = action is not None and action.draft is kind and action.completed_by_sent
    return Reply(parts=tuple(parts), buttons=(sent_button(ref),) if ready else ())


def _review_context(turn: Turn, rejection: Rejection | None) -> ReviewContext:
    return ReviewContext(rejection=rejection, today=turn.today,
                         linkedin_limit=turn.user.preferences.linkedin_limit)


def _finding_notices(findings: tuple[Finding, ...]) -> list[Notice]:
    """Timing warnings first (they matter most), then the other findings in rule order."""
    ordered = sorted(findings, key=lambda f: f.rule != "timing")
    return [Notice(f"{f.title} [{f.rule}]: {f.message}", Tone.WARNING) for f in ordered]


def _kind_notes(turn: Turn, item: Tracked, kind: DraftKind) -> list[Notice]:
    """Advice that belongs with a particular draft, and tips for missing details."""
    r, profile = item.rejection, turn.user.profile
    notes: list[Notice] = []
    conversation = ReplyKind.CONVERSATION.value
    if kind is DraftKind.REPLY and item.progress.reply is not ReplyKind.CONVERSATION:
        notes.append(Notice(turn.say(
            "Use this one when they answer with more than a one-liner. If they did, tell me: ",
            cmd("replied", company=r.company, how=conversation), ".")))
    elif kind is DraftKind.REPLY and not r.their_message:
        notes.append(Notice(turn.say(
            "To have the reply answer what they wrote, share their message: ",
            cmd("replied", company=r.company, how=conversation,
                message="<what they wrote>"), ".")))
    if kind is DraftKind.THANK_YOU_FOR_FEEDBACK and not r.feedback:
        notes.append(Notice(turn.say(
            "Log what they told you first (", cmd("feedback", company=r.company,
                                                  text="what they said"),
            ") and the note will say what you'll work on.")))
    if kind is DraftKind.ALTERNATE_ROLES and not r.wanted_roles:
        notes.append(Notice(turn.say(
            "To name the roles or team you'd like: ",
            cmd("draft", kind=kind.value, company=r.company,
                details="product analytics or data roles"), ". I'll remember them.")))
    if kind is DraftKind.LINKEDIN:
        person = first_name(r.interviewer) or "the person who interviewed you"
        where = (f"Their profile: {r.linkedin_url}" if r.linkedin_url else
                 f"Find {person} on LinkedIn and choose Connect, then Add a note.")
        notes.append(Notice(f"{where} The note fits LinkedIn's "
                            f"{turn.user.preferences.linkedin_limit}-character limit."))
    if kind is DraftKind.FEEDBACK_REQUEST:
        notes.append(Notice("Be ready for little or nothing back: some reasons are never "
                            "shared (a fit judgement, a role promised to someone), and no "
                            "letter changes the decision. If feedback comes, take it calmly."))
        if not (profile.email and profile.phone):
            notes.append(Notice(turn.say(
                "Add your contact details so the letter says how to reach you: ",
                cmd("profile", email="you@example.com", phone="+1 555 010 0199"))))
    if kind is not DraftKind.LINKEDIN and not r.interviewer_email:
        notes.append(Notice(turn.say(
            f"I don't have an email address for {who(r.interviewer)}. Add it with ",
            cmd("edit", company=r.company, email="name@example.com"))))
    if not profile.name:
        notes.append(Notice(turn.say("Tip: set your name (", cmd("profile", name="Sam Lee"),
                                     ") and drafts will be signed with it.")))
    return notes


async def review_command(turn: Turn, call: CommandRef) -> Reply:
    """Review the user's own draft, as an optional kind for an optional rejection; without
    the draft, ask for it (paste mode where the next message reaches me)."""
    kind = parse_kind(call.value("kind").strip()) if call.value("kind").strip() else None
    rejection = await _review_target(turn, kind, call.value("company").strip())
    text = call.value("text")
    if text.strip():
        return review_reply(turn, text, kind=kind, rejection=rejection)
    return await _ask_for_draft(turn, kind, rejection)


async def read_review(turn: Turn, text: str) -> CommandRef:
    """`review [kind] [company]: <draft>`; without a colon, `review [kind] [company]` when
    that names one of the user's rejections (or nothing), else the text is the draft
    (`review linkedin Hi Jane…`)."""
    head, colon, draft = text.partition(":")
    if colon:
        return _review_call(head, draft)
    if await _names_target(turn, text):
        return _review_call(text, "")
    kind, draft = _leading_kind(text)
    return cmd("review", **({"kind": kind} if kind else {}), text=draft)


def _review_call(head: str, draft: str) -> CommandRef:
    """`thank-you acme` before the colon: an optional kind, then an optional company."""
    words = head.strip().split(maxsplit=1)
    kind = words[0] if words and words[0].lower() in KIND_ALIASES else ""
    company = (words[1] if len(words) > 1 else "") if kind else head.strip()
    given = {"kind": kind, "company": company, "text": draft if draft.strip() else ""}
    return cmd("review", **{k: v for k, v in given.items() if v})


async def _ask_for_draft(turn: Turn, kind: DraftKind | None,
                         rejection: Rejection | None) -> Reply:
    """Paste mode where the next message reaches me; elsewhere, the command that takes the
    draft in one go (no question is left open for a message that can't come)."""
    chosen = kind or _step_kind(turn, rejection)
    about = f" as a {chosen.label}" if chosen else ""
    if not turn.surface.reads_messages:
        target = {"kind": kind.value} if kind else {}
        target |= {"company": rejection.company} if rejection else {}
        return Reply.text(turn.say(f"Send me the draft you'd like me to check{about} with ",
                                   cmd("review", **target, text="<your draft>"), "."))
    state = PastedDraft(kind=kind, rejection_id=rejection.id if rejection else None)
    await turn.store.set_conversation(turn.user.id, state, now=turn.now)
    return Reply(parts=(Text(f"Paste the draft you'd like me to check{about} (type cancel to "
                             "stop)."),), expects_multiline=True)


def _leading_kind(text: str) -> tuple[str, str]:
    """`linkedin Hi Jane…` -> (`linkedin`, `Hi Jane…`); text without a kind is left whole."""
    first, _, rest = text.strip().partition(" ")
    return (first, rest) if first.lower() in KIND_ALIASES and rest.strip() else ("", text)


async def _names_target(turn: Turn, head: str) -> bool:
    """Whether `head` is only a kind and a rejection (`stay-in-touch acme`), or nothing,
    rather than a draft typed without a colon."""
    words = head.strip().split(maxsplit=1)
    kind = KIND_ALIASES.get(words[0].lower()) if words else None
    query = (words[1] if len(words) > 1 else "") if kind else head.strip()
    if not query:
        return True
    wanted = " ".join(query.casefold().split())
    if wanted.startswith("#"):
        return True
    rejections = await named_like(turn, wanted)
    if rejections is None:
        rejections = await turn.store.list_rejections(turn.user.id)
    return any(f"{r.company} {r.role}".casefold().startswith(wanted) for r in rejections)


def _step_kind(turn: Turn, rejection: Rejection | None) -> DraftKind | None:
    """The message the rejection's current step calls for (the reply at the react step)."""
    if rejection is None:
        return None
    action = turn.progress(rejection).next_action
    return action.draft if action else None


async def _review_target(turn: Turn, kind: DraftKind | None, query: str) -> Rejection | None:
    """The rejection a review is for: the one `query` names, or the only active one. Reads
    only the rows it needs (by name, or the active ones), whatever the user's history."""
    if not query:
        only = await only_active(turn)
        return only.rejection if only else None
    chosen = {"kind": kind.value} if kind else {}
    try:
        item, _ref = await pick(turn, query, lambda ref: cmd("review", company=ref, **chosen))
    except NeedsChoice:
        raise
    except UserError:
        if not kind and not await turn.store.count_rejections(turn.user.id):
            raise UserError(f"I don't recognise “{query}”. Start with a kind ({KIND_LIST}) "
                            "or a company, or leave both out: ",
                            cmd("review", text="<your draft>"), ".") from None
        raise
    return item.rejection


def review_reply(turn: Turn, text: str, *, kind: DraftKind | None,
                 rejection: Rejection | None) -> Reply:
    """The findings for `text`, each naming its rule and how to fix it. Without a kind, it is
    reviewed as the message the rejection's current step calls for."""
    step_kind = None if kind else _step_kind(turn, rejection)
    chosen = kind or step_kind or guess_kind(text)
    findings = review(text, kind=chosen, context=_review_context(turn, rejection))
    about = f" for {title(rejection)}" if rejection else ""
    why = f" (the step {rejection.company} is at)" if step_kind and rejection else ""
    other = ("" if kind else turn.say(
        " (To check it as another kind: ", cmd("review", kind="<kind>", text="<your draft>"),
        f"; kinds: {KIND_LIST}.)"))
    intro = Text(f"Reviewed as a {chosen.label}{about}{why}.{other}")
    if not findings:
        return Reply(parts=(intro, Notice("It follows every rule of the playbook. Send it "
                                          "when the timing is right.", Tone.SUCCESS)))
    return Reply(parts=(intro, *_finding_notices(findings)),
                 buttons=(Button("Show my draft", f"draft {chosen.value} "
                                 f"{rejection.company}"),) if rejection else ())
