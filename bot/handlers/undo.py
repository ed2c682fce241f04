"""`undo [company]`: take back the last change to a rejection, and say exactly what it was.

Every change worth undoing is an event (sent, replied, snooze, unsnooze, feedback, edit,
stop, resume), and the timeline is derived from events, so undoing one is deleting it; an edit
also puts back the details its event kept. A second `undo` takes back the change before.
"""

from __future__ import annotations

import json
from datetime import date

from bot.errors import UserError
from bot.format import day, plural
from bot.handlers.common import next_step_line, pick, title
from bot.handlers.logbook import apply_changes
from bot.models import Event, EventKind, Rejection, ReplyKind
from bot.playbook import ACTIONS, ActionKey
from bot.replies import Notice, Reply, Text, Tone
from bot.session import Turn
from bot.syntax import CommandRef, cmd

UNDOABLE = frozenset({EventKind.SENT, EventKind.REPLIED, EventKind.SNOOZED,
                      EventKind.UNSNOOZED, EventKind.FEEDBACK, EventKind.EDITED,
                      EventKind.STOPPED, EventKind.RESUMED})
_SENT_NAMES = {
    ActionKey.REACH_OUT: "the thank-you", ActionKey.REPLY: "your reply",
    ActionKey.MOVE_ON: "the LinkedIn request", ActionKey.STAY_IN_TOUCH: "the stay-in-touch email",
}
_REPLY_NAMES = {ReplyKind.BRIEF: "a brief reply", ReplyKind.CONVERSATION: "a conversation",
                ReplyKind.NONE: "no reply"}
_FIELD_NAMES = {"company": "the company", "role": "the role", "interviewer": "the interviewer",
                "rejected": "the rejection date", "memory": "the memory",
                "email": "the email address", "linkedin": "the LinkedIn link",
                "compliment": "the compliment"}


async def undo(turn: Turn, call: CommandRef) -> Reply:
    """Revert the latest change to the named rejection, or to any of them."""
    args = call.value("company")
    if args.strip():
        item, _ref = await pick(turn, args, lambda r: cmd("undo", company=r))
        pool = [item.rejection]
    else:
        pool = await turn.store.list_rejections(turn.user.id)
    changes = [(r, e) for r in pool for e in r.events if e.kind in UNDOABLE]
    if not changes:
        where = f" for {title(pool[0])}" if args.strip() else ""
        return Reply.text(turn.say(
            f"There's nothing to undo{where}: no change has been recorded since it was logged. "
            "(To remove a rejection altogether, use ", cmd("forget", company="<company>"),
            ".)"))
    rejection, event = max(changes, key=lambda pair: (pair[1].at, pair[1].id or 0))
    said = _describe(rejection, event)
    if event.kind is EventKind.EDITED:
        await _restore(turn, rejection, event)
    assert event.id is not None
    if not await turn.store.delete_event(turn.user.id, rejection.id, event.id):
        raise UserError("That change was already taken back. Type ", cmd("plan"),
                        " to see where things stand.")
    updated = await turn.store.get_rejection(turn.user.id, rejection.id)
    if updated is None:
        raise UserError("That rejection was just deleted, so there's nothing to undo.")
    parts: list[Text | Notice] = [
        Notice(f"Undone: {said}", Tone.SUCCESS), Text(next_step_line(turn, turn.progress(updated)))]
    left = len(changes) - 1
    if left:
        again = cmd("undo", company=args.strip()) if args.strip() else cmd("undo")
        parts.append(Text(turn.say("Type ", again, " again to take back the change before "
                                   f"it ({plural(left, 'more change')} to go).")))
    return Reply(parts=tuple(parts))


async def _restore(turn: Turn, rejection: Rejection, event: Event) -> None:
    """Put back the details an edit replaced."""
    old = _old_values(event)
    await turn.store.update_rejection(turn.user.id, rejection.id,
                                      apply_changes(rejection, old))


def _old_values(event: Event) -> dict[str, str | None]:
    try:
        value = json.loads(event.value or "{}")
    except ValueError:
        value = {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if k in _FIELD_NAMES
            and (v is None or isinstance(v, str))}


def _shown(field: str, value: str | None) -> str:
    if not value:
        return "empty"
    if field == "rejected":
        try:
            return day(date.fromisoformat(value))
        except ValueError:
            pass
    return f"“{value}”"


def _describe(r: Rejection, event: Event) -> str:
    """What taking `event` back does, as one sentence."""
    company = r.company
    action = ActionKey(event.action) if event.action in set(ActionKey) else None
    step = f"“{ACTIONS[action].title}”" if action else "the next step"
    if event.kind is EventKind.SENT:
        name = _SENT_NAMES.get(action, "that message") if action else "that message"
        return f"{name} to {company} is no longer marked sent."
    if event.kind is EventKind.REPLIED:
        said = _REPLY_NAMES.get(ReplyKind(event.value), "their answer") \
            if event.value in set(ReplyKind) else "their answer"
        return f"{company}'s answer is no longer recorded (you had said {said})."
    if event.kind is EventKind.SNOOZED:
        return f"the snooze of {step} for {company} is gone."
    if event.kind is EventKind.UNSNOOZED:
        return f"the snooze of {step} for {company} is back."
    if event.kind is EventKind.FEEDBACK:
        return f"the feedback from {company} is removed (it said: “{event.value or ''}”)."
    if event.kind is EventKind.STOPPED:
        return f"reminders about {company} are back on."
    if event.kind is EventKind.RESUMED:
        return f"reminders about {company} are off again."
    restored = "; ".join(f"{_FIELD_NAMES[k]} is {_shown(k, v)} again"
                         for k, v in _old_values(event).items())
    return f"your edit to {company} is reverted: {restored or 'the details are as before'}."
