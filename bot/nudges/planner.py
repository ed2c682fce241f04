"""Which nudges should exist for a user, derived from the playbook, and syncing them.

Nudges mirror each rejection's derived timeline: its next action, plus what comes due by the
passage of time alone (no reply in time after the thank-you means move on; the
stay-in-touch date), plus monthly "what did you learn?" check-ins until the stay-in-touch
email. Keys are (rejection, action, due date), so repeating an event never adds a nudge and a
snooze (a new due date) supersedes the old one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.models import EventKind, Rejection, ReplyKind, User
from bot.nudges.model import NudgeKind, PlannedNudge
from bot.nudges.timing import nudge_moment
from bot.playbook import ActionKey, Progress, add_months, derive
from bot.store import Store
from bot.store.nudges import Scheduled
from bot.timings import TIMINGS

_ACTION_KINDS = {
    ActionKey.REACH_OUT: NudgeKind.REACH_OUT,
    ActionKey.CHECK_REPLY: NudgeKind.CHECK_REPLY,
    ActionKey.REPLY: NudgeKind.ANSWER_REPLY,
    ActionKey.STAY_IN_TOUCH: NudgeKind.STAY_IN_TOUCH,
}


def is_stopped(rejection: Rejection) -> bool:
    """Whether the user asked for no more reminders about this rejection."""
    latest = None
    for event in rejection.events:
        if event.kind in (EventKind.STOPPED, EventKind.RESUMED):
            latest = event.kind
    return latest is EventKind.STOPPED


def _move_on_kind(progress: Progress) -> NudgeKind:
    if progress.reply is ReplyKind.BRIEF:
        return NudgeKind.PAUSE_OVER
    if progress.reply is ReplyKind.CONVERSATION:
        return NudgeKind.MOVE_ON
    return NudgeKind.NO_REPLY


def _kind(action: ActionKey, progress: Progress) -> NudgeKind:
    return _move_on_kind(progress) if action is ActionKey.MOVE_ON else _ACTION_KINDS[action]


def _planned(rejection: Rejection, action: ActionKey, due: date,
             progress: Progress) -> PlannedNudge:
    return PlannedNudge(key=f"r{rejection.id}:{action.value}:{due.isoformat()}",
                        kind=_kind(action, progress), due_on=due, rejection_id=rejection.id,
                        payload={"action": action.value})


def plan_rejection(rejection: Rejection, progress: Progress) -> list[PlannedNudge]:
    """The action nudges one rejection needs from today on."""
    action, due = progress.next_action, progress.next_due
    if action is None or due is None or is_stopped(rejection):
        return []
    plans = [_planned(rejection, action.key, due, progress)]
    # What time alone will bring, without any event from the user:
    following = {e.action: e for e in progress.entries if e.action is not None}
    if action.key is ActionKey.CHECK_REPLY and ActionKey.MOVE_ON in following:
        plans.append(_planned(rejection, ActionKey.MOVE_ON, following[ActionKey.MOVE_ON].on,
                              progress))
    if action.key in (ActionKey.CHECK_REPLY, ActionKey.REPLY, ActionKey.MOVE_ON):
        # The window's fixed first day, not the projection that slides while move-on waits; kept
        # while a reply is owed too, so answering doesn't cancel and re-create it.
        plans.append(_planned(rejection, ActionKey.STAY_IN_TOUCH,
                              max(progress.stay_in_touch_from, due), progress))
    return plans


def plan_check_ins(rejections: Sequence[tuple[Rejection, Progress]], *,
                   today: date) -> list[PlannedNudge]:
    """Monthly check-ins until each rejection's stay-in-touch email, one per calendar month.

    Months whose day has passed are `keep_only`: a check-in still waiting for them (the bot
    was down, or it moved from a weekend to today) must not be cancelled by the next change
    to the plan, nor must old ones be created when a rejection is logged late.
    """
    def rank(day: date) -> tuple[bool, date]:
        return day < today, day  # the month's earliest day still to come, else a passed one

    by_month: dict[str, date] = {}
    for rejection, progress in rejections:
        if progress.done or is_stopped(rejection):
            continue
        for months in range(1, TIMINGS.stay_in_touch_months):
            day = add_months(rejection.rejected_on, months)
            month = day.strftime("%Y-%m")
            if month not in by_month or rank(day) < rank(by_month[month]):
                by_month[month] = day
    return [PlannedNudge(key=f"checkin:{month}", kind=NudgeKind.CHECK_IN, due_on=day,
                         rejection_id=None, keep_only=day < today)
            for month, day in sorted(by_month.items())]


def plan_user(user: User, rejections: Sequence[Rejection], *,
              now: datetime) -> list[Scheduled]:
    """Every nudge the user should have, each with its moment in UTC."""
    zone = ZoneInfo(user.preferences.timezone)
    today = now.astimezone(zone).date()
    tracked = [(r, derive(r, today=today, tz=zone)) for r in rejections]
    planned = [p for r, progress in tracked for p in plan_rejection(r, progress)]
    if user.preferences.checkins:
        planned += plan_check_ins(tracked, today=today)
    not_before = now - timedelta(minutes=1)
    return [
        Scheduled(key=f"u{user.id}:{p.key}" if p.rejection_id is None else p.key, kind=p.kind,
                  rejection_id=p.rejection_id,
                  due_at=nudge_moment(p.due_on, user.preferences, not_before=not_before),
                  timezone=user.preferences.timezone, payload=p.payload, keep_only=p.keep_only)
        for p in planned
    ]


async def sync_user(store: Store, user: User, *, now: datetime) -> bool:
    """Bring the user's stored nudges in line with their plan; True if anything changed."""
    rejections = await store.list_rejections(user.id)
    wanted = plan_user(user, rejections, now=now)
    return await store.nudges.sync_user(user.id, wanted, now=now)
