"""What a nudge says: the step that's due, how to do it, and quick actions as buttons.

A step's text is composed when its nudge is planned (`planned_message`) and kept with what it
was composed from; delivery uses it only while all of that still matches, and otherwise
composes it then from the rejection as it stands (`compose`), so edits made after the nudge
was planned show up either way. Buttons name rejections as `#id`, which stays unambiguous
however many rejections the user logs later. Nudges arrive as direct messages (or in the
terminal), so the commands they mention are written as typed there.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.format import day, elapsed
from bot.models import Rejection, User
from bot.names import who
from bot.nudges.model import Nudge, NudgeKind
from bot.nudges.policy import SchedulerPolicy
from bot.playbook import ActionKey, action_done, is_stopped
from bot.quick_actions import step_buttons
from bot.replies import Button, Reply, Text
from bot.store.codec import parse_utc
from bot.syntax import Piece, Surface, TextSyntax, cmd, say
from bot.timings import TIMINGS, spoken
from bot.values import value

_DIRECT = TextSyntax(Surface.DIRECT)
NETWORKING_IDEAS = (
    "reconnect with two former colleagues this week",
    "ask one person in a role you admire for a 20-minute video chat",
    "leave a thoughtful comment on posts from people at companies you'd like to join",
)
_LATENESS = SchedulerPolicy().lateness_limit
_ACTIONS = {action.value: action for action in ActionKey}
"""By value: a dict lookup costs a twentieth of calling the enum."""
_REACH_OUT = ActionKey.REACH_OUT.value
"""The step of a payload that names none (read once: an enum's `.value` is a property)."""
_TITLES = {
    NudgeKind.REACH_OUT: "Reach out to {company}",
    NudgeKind.CHECK_REPLY: "Did {company} reply?",
    NudgeKind.ANSWER_REPLY: "Answer {company}'s reply",
    NudgeKind.PAUSE_OVER: "Move on from {company}",
    NudgeKind.NO_REPLY: "Move on from {company}",
    NudgeKind.MOVE_ON: "Move on from {company}",
    NudgeKind.STAY_IN_TOUCH: "Stay in touch with {company}",
    NudgeKind.CHECK_IN: "Monthly check-in",
    NudgeKind.MISSED: "Reminders you missed",
}


@value
class Composed:
    """A nudge's message, or None when it no longer applies (the step was done meanwhile)."""

    reply: Reply | None
    reason: str = ""
    title: str = ""


def title(kind: NudgeKind, rejection: Rejection | None) -> str:
    """A short name for a nudge, as listed in the missed-reminders summary."""
    company = rejection.company if rejection else "a rejection you removed"
    return _TITLES[kind].format(company=company)


def compose(nudge: Nudge, *, user: User, rejection: Rejection | None,
            rejections: Mapping[int, Rejection] | None = None,
            next_up: str | None = None,
            lateness: timedelta = _LATENESS) -> Composed:
    """The message for `nudge`, or why it should be cancelled instead of sent.

    `rejections`, `next_up` and `lateness` (how late a reminder may still go out) only
    matter for the missed-reminders summary.
    """
    heading = title(nudge.kind, rejection)
    if nudge.kind is NudgeKind.CHECK_IN:
        return check_in(enabled=user.preferences.checkins)
    if nudge.kind is NudgeKind.MISSED:
        return Composed(_missed(nudge, user=user, rejections=rejections or {},
                                next_up=next_up, lateness=lateness), title=heading)
    if rejection is None:
        return Composed(None, "the rejection was deleted")
    action = step_action(nudge.payload)
    reason = _not_due(rejection, action)
    if reason is not None:
        return Composed(None, reason)
    on = nudge.due_at.astimezone(ZoneInfo(nudge.timezone)).date()
    return Composed(step_reply(_action_text(nudge.kind, rejection, on=on), action=action,
                               rejection_id=rejection.id), title=heading)


def check_in(*, enabled: bool) -> Composed:
    """The monthly check-in, the same for everyone, unless the user turned check-ins off."""
    return _CHECK_IN if enabled else Composed(None, "monthly check-ins were turned off")


def step_action(payload: Mapping[str, Any]) -> ActionKey:
    """The playbook step a nudge of a rejection reminds of (a KeyError if it names none)."""
    return _ACTIONS[str(payload.get("action", _REACH_OUT))]


def step_reply(text: str, *, action: ActionKey, rejection_id: int) -> Reply:
    """A step's nudge: its text, and the step's buttons naming the rejection as `#id`."""
    return Reply(parts=(Text(text),), buttons=step_buttons(action, f"#{rejection_id}"))


def planned_message(kind: NudgeKind, rejection: Rejection, *, payload: Mapping[str, Any],
                    due_at: datetime, timezone: str) -> tuple[str, str] | None:
    """The title and text `compose` gives the step's nudge due at `due_at` while `rejection`
    stays as it is now: composed when the nudge is planned, so that delivering it reads and
    builds nothing (`bot.nudges.prepare`). None for the kinds composed only at delivery
    (check-ins, summaries) and for a step that would not be sent."""
    if kind in (NudgeKind.CHECK_IN, NudgeKind.MISSED):
        return None
    action = step_action(payload)
    if _not_due(rejection, action) is not None:
        return None
    on = due_at.astimezone(ZoneInfo(timezone)).date()
    return title(kind, rejection), _action_text(kind, rejection, on=on)


def _not_due(rejection: Rejection, action: ActionKey) -> str | None:
    """Why the step's nudge should not go out any more, if it shouldn't."""
    if is_stopped(rejection):
        return "reminders for this rejection were stopped"
    if action_done(rejection, action):
        return "the step was already done"
    return None


def _draft(kind: str, rejection: Rejection) -> Piece:
    return cmd("draft", kind=kind, company=rejection.company)


def _type(*pieces: Piece) -> str:
    return say(_DIRECT, "Type ", *pieces)


def _action_text(kind: NudgeKind, r: Rejection, *, on: date) -> str:
    """What the nudge for a step says; its buttons are the step's (`bot.quick_actions`)."""
    person = who(r.interviewer)  # "Maria and Raj", or "your interviewer"
    since = elapsed(r.rejected_on, today=on)
    if kind is NudgeKind.REACH_OUT:
        return (f"It's been {since} since {r.company} said no, and the cool-down is over. "
                f"Today is a good day for a short thank-you email to {person}: thank "
                "them, mention one moment you remember, and leave it there. "
                + _type(_draft("thank-you", r), " to see it ready to send."))
    if kind is NudgeKind.CHECK_REPLY:
        return (f"{_capital(spoken(TIMINGS.check_reply_after))} ago you thanked {person} at "
                f"{r.company}. Did they answer? "
                "A one-liner counts as brief; anything more is a conversation.")
    if kind is NudgeKind.ANSWER_REPLY:
        return (f"{_capital(person)} opened a conversation. Keep it going "
                "with three or four sentences, "
                "and ask what would make you a stronger candidate next time. "
                + _type(_draft("reply", r), " for a draft."))
    if kind is NudgeKind.STAY_IN_TOUCH:
        return (f"It's been {since} since {r.company}. Time for a short hello to {person}: "
                "thanks, what you've learned since (your logged skills help), and a PS "
                "asking about openings. " + _type(_draft("stay-in-touch", r), " to see it."))
    return (_move_on_text(kind, r) + " Now restart your networking in earnest, for "
            "example: " + "; ".join(NETWORKING_IDEAS) + f". And connect with {person} on "
            "LinkedIn: " + say(_DIRECT, "type ", _draft("linkedin", r),
                               " for a note that fits the limit."))


def _capital(text: str) -> str:
    """The first letter in capitals, the rest as it is (names keep their own case)."""
    return text[:1].upper() + text[1:]


def _move_on_text(kind: NudgeKind, r: Rejection) -> str:
    person = who(r.interviewer)
    if kind is NudgeKind.PAUSE_OVER:
        pause = spoken(TIMINGS.pause_after_brief_reply, adjective=True)
        return (f"The {pause} pause after {person}'s reply is over. The "
                f"{r.role} role has gone, but you've laid the groundwork.")
    if kind is NudgeKind.NO_REPLY:
        return (f"{_capital(spoken(TIMINGS.no_reply_after))} and no answer from {r.company}: "
                "don't chase it. Your email did its job, and the groundwork is laid.")
    return (f"Your reply to {person} is sent: well done. The {r.role} role has gone, "
            "so it's time to move on.")


def _check_in() -> Reply:
    return Reply(parts=(Text(
        "Monthly check-in: what did you learn or build since last time? A course, a "
        "project, a new tool, advice you acted on. "
        + say(_DIRECT, "Tell me with ", cmd("skill", text="what you did"), ", and it becomes "
              "the update in your stay-in-touch emails.")),),
        buttons=(Button("Stop monthly check-ins", "stop check-ins"),))


_CHECK_IN = Composed(_check_in(), title=_TITLES[NudgeKind.CHECK_IN])


def _missed(nudge: Nudge, *, user: User, rejections: Mapping[int, Rejection],
            next_up: str | None, lateness: timedelta) -> Reply:
    zone = ZoneInfo(user.preferences.timezone)
    items = nudge.payload.get("missed", [])
    if not isinstance(items, list):  # a summary of nothing would only confuse
        raise ValueError("a missed-reminders summary needs a list of what was missed")
    lines = []
    for item in items[:10]:
        try:
            kind = NudgeKind(item["kind"])
            due = parse_utc(item["due_at"]).astimezone(zone).date()
        except (KeyError, TypeError, ValueError):
            continue
        lines.append(f"- {title(kind, rejections.get(item.get('rejection_id') or -1))} "
                     f"(due {day(due)})")
    extra = len(items) - 10
    if extra > 0:
        lines.append(f"- and {extra} more")
    count = len(items)
    text = (f"I was offline for a while, and {count} reminder"
            f"{'s' if count != 1 else ''} passed by more than {spoken(lateness)}, so I won't "
            "send them late:\n" + "\n".join(lines) + "\n" +
            (f"Next up: {next_up}. " if next_up else "") +
            "Nothing is lost: " + say(_DIRECT, "type ", cmd("list"),
                                      " to see where each rejection stands."))
    return Reply(parts=(Text(text),), buttons=(Button("Show my list", "list"),))
