"""Commands that follow a rejection through the playbook: list, plan, sent, replied, feedback."""

from __future__ import annotations

from bot import confirm
from bot.errors import UserError
from bot.flow_state import MarkSent, TheirMessage
from bot.format import day, day_with_relative
from bot.handlers.common import (
    Tracked,
    load_all,
    namesakes,
    next_step_line,
    pick,
    title,
)
from bot.models import Event, EventKind, ReplyKind
from bot.playbook import ActionKey, EntryStatus
from bot.quick_actions import log_button, reply_buttons, step_buttons
from bot.replies import Button, Fields, Notice, Reply, Table, Text, Tone
from bot.resolve import reference
from bot.session import Turn
from bot.syntax import CommandRef, cmd
from bot.timings import TIMINGS, spoken, spoken_months

_STATUS_MARKS = {
    EntryStatus.DONE: "done",
    EntryStatus.DUE: "due now",
    EntryStatus.UPCOMING: "upcoming",
    EntryStatus.SKIPPED: "skipped",
}
MAX_THEIR_MESSAGE = 3000
# A choice button re-sends the command; a long message is pasted again instead.
MAX_CARRIED_MESSAGE = 60
_THEIR_MESSAGE_USE = ("If you share what they wrote, your reply draft will pick up on a point "
                     "from it, in your own words.")


def their_message_prompt(turn: Turn) -> str:
    """Asks for the interviewer's message, where it can be pasted next or in a DM."""
    if turn.surface.reads_messages:
        return f"{_THEIR_MESSAGE_USE} Paste it now, or type skip."
    return f"{_THEIR_MESSAGE_USE} Paste it in a direct message to me, or press Skip."
_REPLY_WORDS = {
    "brief": ReplyKind.BRIEF, "short": ReplyKind.BRIEF, "polite": ReplyKind.BRIEF,
    "conversation": ReplyKind.CONVERSATION, "convo": ReplyKind.CONVERSATION,
    "long": ReplyKind.CONVERSATION, "chat": ReplyKind.CONVERSATION,
    "none": ReplyKind.NONE, "no": ReplyKind.NONE, "nothing": ReplyKind.NONE,
    "silence": ReplyKind.NONE,
}


LIST_PAGE = 20
"""Rejections `list` shows: the most recent ones (`list all` shows every one)."""


async def list_rejections(turn: Turn, call: CommandRef) -> Reply:
    """`list`: the most recent rejections with their step and next action; `list all`."""
    return await pipeline(turn, everything=call.value("which").strip().lower() == "all")


async def pipeline(turn: Turn, *, everything: bool = False) -> Reply:
    """The most recent rejections (or, with `everything`, all of them) with their step and
    next action (the command, and App Home's part). It reads only the rows it shows."""
    if everything:
        tracked = await load_all(turn)
        total = len(tracked)
    else:
        recent, total = await turn.store.newest_rejections(turn.user.id, limit=LIST_PAGE)
        tracked = [Tracked(r, turn.progress(r)) for r in reversed(recent)]
    if not tracked:
        return Reply.text(turn.say("No rejections logged yet. Type ", cmd("log"),
                                   " and I'll walk you through it."),
                          buttons=(log_button(),))
    rows = tuple(
        (t.rejection.company, t.rejection.role, t.progress.step.label,
         t.progress.next_action.title if t.progress.next_action else "nothing left",
         day_with_relative(t.progress.next_due, today=turn.today) if t.progress.next_due
         else "")
        for t in tracked
    )
    table = Table("Your rejections", ("Company", "Role", "Step", "Next", "When"), rows)
    if total <= len(tracked):
        return Reply(parts=(table,))
    every = (("Type list all to see every one.",) if turn.surface.reads_messages
             else ("Every one is in ", cmd("export"), "."))
    return Reply(parts=(table, Notice(turn.say(
        f"These are the {len(tracked)} you were turned down by most recently, of {total:,}. "
        "For any other, type ", cmd("plan", company="<company>"), ". ", *every))))


async def plan(turn: Turn, call: CommandRef) -> Reply:
    """One rejection's whole timeline, past and future."""
    item, ref = await pick(turn, call.value("company"), lambda r: cmd("plan", company=r))
    r, progress = item.rejection, item.progress
    details = Fields(title(r), (
        ("Interviewer", r.interviewer),
        ("Rejected on", day(r.rejected_on)),
        ("Current step", progress.step.label),
    ))
    rows = tuple((day(e.on), _STATUS_MARKS[e.status],
                  e.title + (f" ({e.note})" if e.note else "")) for e in progress.entries)
    timeline = Table("Timeline", ("Date", "Status", "What"), rows)
    return Reply(parts=(details, timeline, Text(next_step_line(turn, progress))),
                 buttons=action_buttons(item, ref))


def action_buttons(item: Tracked, ref: str) -> tuple[Button, ...]:
    """The quick actions of the step the rejection is at (the same as its nudge's)."""
    action = item.progress.next_action
    return () if action is None else step_buttons(action.key, ref)


async def sent(turn: Turn, call: CommandRef) -> Reply:
    """The current step's message went out: record it and move the playbook on.

    During the cool-down it asks first: waiting helps, and a slip (a quick-action number, a
    button) shouldn't mark the thank-you sent on day one."""
    item, ref = await pick(turn, call.value("company"), lambda r: cmd("sent", company=r))
    r, progress = item.rejection, item.progress
    action = progress.next_action
    if action is None:
        return Reply.text(f"Nothing left to send for {title(r)}: the playbook is complete.")
    if not action.completed_by_sent:
        sent_on = day(progress.thank_you_sent_on) if progress.thank_you_sent_on else "earlier"
        return Reply.text(
            f"Your thank-you email to {r.company} went out {sent_on}. The next thing to tell "
            "me is whether they answered.", buttons=reply_buttons(ref))
    if action.key is ActionKey.REACH_OUT and turn.today < progress.cool_down_ends:
        ends = day_with_relative(progress.cool_down_ends, today=turn.today)
        return await confirm.ask(
            turn, action=MarkSent(rejection_id=r.id, step=action.key), yes="Yes, it's sent",
            no="No, I'll wait", again=cmd("sent", company=ref),
            question=(
                f"The cool-down with {r.company} runs until {ends}. If the thank-you hasn't "
                "gone out yet, waiting helps: by then the sting has faded and the note reads "
                "calm, you may have something new to mention, and if the person they hired "
                "doesn't work out, your note arrives just as they think about who else to "
                f"call. Has your thank-you to {r.company} already gone out? Yes marks it sent "
                "today; no keeps the plan, and I'll remind you when the cool-down ends."))
    return await _mark_sent(turn, item, ref)


async def record_sent(turn: Turn, question: MarkSent, *, confirmed: bool) -> Reply:
    """The answer to `sent` during the cool-down: record it only when confirmed, and only if
    the step asked about is still the one due."""
    rejection = await turn.store.get_rejection(turn.user.id, question.rejection_id)
    if rejection is None:
        return Reply(parts=(Notice("That rejection is gone (it was deleted), so there's "
                                   "nothing to mark.", Tone.INFO),))
    item = Tracked(rejection, turn.progress(rejection))
    ref = reference(rejection, await namesakes(turn, rejection))
    action = item.progress.next_action
    if action is None or action.key is not question.step:
        return Reply.text(f"Nothing changed: {title(rejection)} has moved on since I asked. "
                          + next_step_line(turn, item.progress))
    if not confirmed:
        when = day_with_relative(item.progress.cool_down_ends, today=turn.today)
        return Reply.text(f"Good call: nothing is marked. I'll remind you on {when}, with the "
                          "thank-you drafted.", buttons=action_buttons(item, ref))
    return await _mark_sent(turn, item, ref)


async def _mark_sent(turn: Turn, item: Tracked, ref: str) -> Reply:
    r, progress = item.rejection, item.progress
    action = progress.next_action
    assert action is not None
    notes: list[Notice] = []
    if action.key is ActionKey.REACH_OUT and turn.today < progress.cool_down_ends:
        notes.append(Notice(
            f"That's before the cool-down ends ({day(progress.cool_down_ends)}). If the email "
            "was calm and short, no harm done; just don't follow up on it.", Tone.WARNING))
    if action.key is ActionKey.STAY_IN_TOUCH and turn.today < progress.stay_in_touch_from:
        notes.append(Notice(
            f"That's earlier than planned ({day(progress.stay_in_touch_from)}: "
            f"{spoken_months(TIMINGS.stay_in_touch_months)} after the rejection, and a good "
            "while after your last note). Leave a good gap "
            "before the next one.", Tone.WARNING))
    await turn.store.add_event(turn.user.id, r.id, Event(EventKind.SENT, turn.now,
                                                         action=action.key.value))
    updated = await _reload(turn, item)
    confirmation = Text(f"Noted: “{action.title}” done for {title(r)}. "
                        + next_step_line(turn, updated.progress))
    undo_hint = Notice(turn.say("Marked by mistake? ", cmd("undo", company=ref),
                                " takes it back."))
    return Reply(parts=(confirmation, *notes, undo_hint),
                 buttons=action_buttons(updated, ref))


async def _reload(turn: Turn, item: Tracked) -> Tracked:
    rejection = await turn.store.get_rejection(turn.user.id, item.rejection.id)
    if rejection is None:
        raise UserError("That rejection was just deleted, so there's nothing to update.")
    return Tracked(rejection, turn.progress(rejection))


async def replied(turn: Turn, call: CommandRef) -> Reply:
    """Step 3's branch: brief reply, a conversation, or no reply; what they wrote may come with
    it (`replied acme conversation: <their message>`), or be pasted next."""
    kind = _REPLY_WORDS.get(call.value("how").strip().lower())
    if kind is None:
        raise UserError("Tell me how they answered: ", cmd("replied", how="brief"), ", ",
                        cmd("replied", how="conversation"), " or ", cmd("replied", how="none"),
                        " (with the company if you have several). For a conversation, you can "
                        "add what they wrote: ",
                        cmd("replied", company="acme", how="conversation",
                            message="<what they wrote>"), ".")
    message = call.value("message").strip()
    if len(message) > MAX_THEIR_MESSAGE:
        raise UserError(f"Their message is {len(message):,} characters; share up to "
                        f"{MAX_THEIR_MESSAGE:,}, the part that matters most.")
    carried = {"message": message} if message and len(message) <= MAX_CARRIED_MESSAGE else {}
    item, ref = await pick(turn, call.value("company"),
                           lambda r: cmd("replied", company=r, how=kind.value, **carried))
    progress = item.progress
    if progress.thank_you_sent_on is None:
        raise UserError(f"You haven't marked the thank-you email to {item.rejection.company} "
                        "as sent yet. Once it's out, tell me with ", cmd("sent", company=ref),
                        ", then how they replied.")
    if progress.next_action is None or progress.next_action.key is ActionKey.STAY_IN_TOUCH:
        raise UserError(f"You've already moved on from the reply stage with "
                        f"{item.rejection.company}, so there's nothing to change there.")
    await turn.store.add_event(turn.user.id, item.rejection.id, Event(
        EventKind.REPLIED, turn.now, value=kind.value, message=message or None))
    updated = await _reload(turn, item)
    parts = [Text(_reply_advice(kind)), Text(next_step_line(turn, updated.progress))]
    if kind is ReplyKind.CONVERSATION and message:
        parts.append(Text("I've kept what they wrote: your reply draft picks up on it."))
    elif kind is ReplyKind.CONVERSATION:
        await turn.store.set_conversation(
            turn.user.id, TheirMessage(rejection_id=item.rejection.id), now=turn.now)
        return Reply(parts=(*parts, Text(their_message_prompt(turn))),
                     buttons=(Button("Skip", "skip"),), expects_multiline=True)
    return Reply(parts=tuple(parts), buttons=action_buttons(updated, ref))


def _reply_advice(kind: ReplyKind) -> str:
    if kind is ReplyKind.BRIEF:
        return ("A short, polite answer still means you're on their radar. Now give them "
                f"room: no contact for about {spoken(TIMINGS.pause_after_brief_reply)}.")
    if kind is ReplyKind.CONVERSATION:
        return ("They opened a conversation: that's the best outcome. Answer in three or four "
                "sentences: a warm opener, something genuine you remember, then a light "
                "question about what would make you a stronger candidate next time.")
    return ("No answer is common: hiring managers are swamped. Don't chase them. If nothing "
            f"arrives within {spoken(TIMINGS.no_reply_after)} of your email, we move on.")


async def feedback(turn: Turn, call: CommandRef) -> Reply:
    """Feedback the interviewer gave; it feeds the stay-in-touch update."""
    text = call.value("text").strip()
    if not text:
        raise UserError("Put the text after a colon, like ", cmd(
            "feedback", company="acme", text="they wanted more SQL experience"), ".")
    item, ref = await pick(turn, call.value("company"),
                           lambda r: cmd("feedback", company=r, text=text))
    cleaned = _bounded(text, "feedback", 2000)
    await turn.store.add_event(turn.user.id, item.rejection.id,
                               Event(EventKind.FEEDBACK, turn.now, value=cleaned))
    return Reply.text(turn.say(
        f"Saved the feedback from {item.rejection.company}. Read it twice, calmly: it's one "
        "person's view, and acting on it gives you a real update for your stay-in-touch email. "
        "A short thank-you for it is a good next step (",
        cmd("draft", kind="thank-you-for-feedback", company=ref), "), and when you've worked "
        "on it, log it with ", cmd("skill", text="what you did"), "."),
        buttons=(Button("Draft a thank-you for the feedback",
                        f"draft thank-you-for-feedback {ref}"),))


async def skill(turn: Turn, call: CommandRef) -> Reply:
    """A skill or progress the user made; the stay-in-touch draft uses the latest one."""
    text = call.value("text").strip()
    if not text:
        raise UserError("Tell me what you learned or built, like ",
                        cmd("skill", text="finished an advanced SQL course"), ".")
    cleaned = _bounded(text, "skill", 500)
    await turn.store.add_skill(turn.user.id, cleaned, now=turn.now)
    return Reply.text("Nice work, saved. Your stay-in-touch emails will report it as "
                      "progress since the interview.")


def _bounded(text: str, field: str, limit: int) -> str:
    if len(text) > limit:
        raise UserError(f"That {field} is {len(text)} characters; keep it under {limit}.")
    return text
