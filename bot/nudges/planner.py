"""Which nudges should exist for a user, derived from the playbook, and syncing them.

Nudges mirror each rejection's derived timeline: its next action, plus what comes due by the
passage of time alone (no reply in time after the thank-you means move on; the
stay-in-touch date), plus monthly "what did you learn?" check-ins until the stay-in-touch
email. Keys are (rejection, action, due date), so repeating an event never adds a nudge and a
snooze (a new due date) supersedes the old one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.models import Event, EventKind, Rejection, ReplyKind, User
from bot.nudges.composer import planned_message
from bot.nudges.model import NudgeKind, PlannedNudge
from bot.nudges.timing import nudge_moment
from bot.nudges.wording import wording
from bot.playbook import ActionKey, Progress, action_done, add_months, derive, is_stopped
from bot.store import Store
from bot.store.nudge_plans import Scheduled
from bot.timings import TIMINGS

_ACTION_KINDS = {
    ActionKey.REACH_OUT: NudgeKind.REACH_OUT,
    ActionKey.CHECK_REPLY: NudgeKind.CHECK_REPLY,
    ActionKey.REPLY: NudgeKind.ANSWER_REPLY,
    ActionKey.STAY_IN_TOUCH: NudgeKind.STAY_IN_TOUCH,
}


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


def counts_for_check_ins(rejection: Rejection) -> bool:
    """Whether the rejection's months get check-ins: its stay-in-touch email hasn't gone out
    and its reminders aren't stopped (`Store.check_in_days` asks the same in SQL)."""
    return not is_stopped(rejection) and not action_done(rejection, ActionKey.STAY_IN_TOUCH)


def check_ins_may_change(*, reshaped: bool, events: Sequence[Event]) -> bool:
    """Whether changes to rejections can change the check-ins: a rejection added, edited,
    deleted or with an event taken back, or an event that starts or ends its check-ins (the
    stay-in-touch email sent, reminders stopped or resumed). Marking a thank-you sent or
    snoozing can't."""
    return reshaped or any(
        e.kind in (EventKind.STOPPED, EventKind.RESUMED)
        or (e.kind is EventKind.SENT and e.action == ActionKey.STAY_IN_TOUCH.value)
        for e in events)


def plan_check_ins(rejected: Sequence[date], *, today: date) -> list[PlannedNudge]:
    """Monthly check-ins until each rejection's stay-in-touch email, one per calendar month,
    from the rejection days of those that count (`counts_for_check_ins`).

    Months whose day has passed are `keep_only`: a check-in still waiting for them (the bot
    was down, or it moved from a weekend to today) must not be cancelled by the next change
    to the plan, nor must old ones be created when a rejection is logged late.
    """
    def rank(day: date) -> tuple[bool, date]:
        return day < today, day  # the month's earliest day still to come, else a passed one

    # Days grouped by month: each month's days land in one month k months on, in the same
    # order, so one bisection per (month, k) finds its best day. The cost follows the
    # number of months, not of rejections.
    by_source: dict[tuple[int, int], list[date]] = {}
    for rejected_on in sorted(set(rejected)):
        by_source.setdefault((rejected_on.year, rejected_on.month), []).append(rejected_on)
    by_month: dict[str, date] = {}
    for source in by_source.values():
        for months in range(1, TIMINGS.stay_in_touch_months):
            ahead = bisect_left(source, True, key=partial(_not_passed, months=months,
                                                          today=today))
            day = add_months(source[ahead if ahead < len(source) else 0], months)
            month = f"{day.year:04d}-{day.month:02d}"
            if month not in by_month or rank(day) < rank(by_month[month]):
                by_month[month] = day
    return [PlannedNudge(key=f"checkin:{month}", kind=NudgeKind.CHECK_IN, due_on=day,
                         rejection_id=None, keep_only=day < today)
            for month, day in sorted(by_month.items())]


def check_in_ranges(today: date) -> list[tuple[date, date]]:
    """The [start, end) day ranges whose first day that gets check-ins is all
    `plan_check_ins` needs: for each month of the last stay-in-touch period (and the next,
    for a zone change), the month itself, and the rest of it from the first day whose
    check-in k months on is not past yet. A month's other days never win a check-in.

    A month's days land k months on in one month, in order (`add_months` clamps to its last
    day), so they are all past or all to come except in today's own month, where those from
    today's day of the month on are still to come: one range at most per month, found by
    arithmetic rather than by trying each day.

    Older rejections change nothing: a rejection's last check-in is a month before its
    stay-in-touch date, so past that date all of them are a month or more overdue, sent or
    expired by the scheduler (whose lateness limit is a week)."""
    ranges: list[tuple[date, date]] = []
    month = add_months(today.replace(day=1), -TIMINGS.stay_in_touch_months)
    last = add_months(today.replace(day=1), 1)
    while month <= last:
        following = add_months(month, 1)
        ranges.append((month, following))
        ahead = (today.year - month.year) * 12 + today.month - month.month
        if 0 < ahead < TIMINGS.stay_in_touch_months and 1 < today.day <= (following - month).days:
            ranges.append((month.replace(day=today.day), following))
        month = following
    return ranges


def _not_passed(day: date, *, months: int, today: date) -> bool:
    return add_months(day, months) >= today


def plan_user(user: User, rejections: Sequence[Rejection], *,
              now: datetime) -> list[Scheduled]:
    """Every nudge the user should have, each with its moment in UTC."""
    today = now.astimezone(ZoneInfo(user.preferences.timezone)).date()
    planned = _rejection_plans(user, rejections, today=today)
    if user.preferences.checkins:
        planned += plan_check_ins([r.rejected_on for r in rejections
                                   if counts_for_check_ins(r)], today=today)
    return _scheduled(user, planned, rejections, now=now)


def _rejection_plans(user: User, rejections: Sequence[Rejection], *,
                     today: date) -> list[PlannedNudge]:
    zone = ZoneInfo(user.preferences.timezone)
    return [p for r in rejections
            for p in plan_rejection(r, derive(r, today=today, tz=zone))]


def _scheduled(user: User, planned: Sequence[PlannedNudge], rejections: Sequence[Rejection],
               *, now: datetime) -> list[Scheduled]:
    """The planned nudges with their moments, and the messages of those that name a
    rejection composed from it as it stands (so delivering them composes nothing)."""
    not_before = now - timedelta(minutes=1)
    by_id = {r.id: r for r in rejections}
    scheduled = []
    for p in planned:
        due_at = nudge_moment(p.due_on, user.preferences, not_before=not_before)
        rejection = by_id.get(p.rejection_id) if p.rejection_id is not None else None
        message = None if rejection is None else planned_message(
            p.kind, rejection, payload=p.payload, due_at=due_at,
            timezone=user.preferences.timezone)
        scheduled.append(Scheduled(
            key=f"u{user.id}:{p.key}" if p.rejection_id is None else p.key, kind=p.kind,
            rejection_id=p.rejection_id, due_at=due_at, timezone=user.preferences.timezone,
            payload=p.payload, keep_only=p.keep_only, message=message,
            composed_from=None if message is None or rejection is None else rejection.revision,
            wording=wording()))
    return scheduled


async def sync_user(store: Store, user: User, *, now: datetime) -> bool:
    """Bring the user's stored nudges in line with their plan; True if anything changed."""
    rejections = await store.list_rejections(user.id)
    wanted = plan_user(user, rejections, now=now)
    return await store.nudges.sync_user(user.id, wanted, now=now)


async def sync_rejections(store: Store, user: User, rejection_ids: Collection[int], *,
                          check_ins: bool, now: datetime,
                          on_change: Callable[[], None]) -> None:
    """Re-plan what changing `rejection_ids` can change, and nothing else: their own nudges
    and the user's check-ins. Reads those rejections, and for the check-ins only the days of
    the ones recent enough to have a check-in ahead or just behind, so the cost doesn't grow
    with the user's history. Without `check_ins` (see `check_ins_may_change`), the check-ins
    are left as they are. The writes go with the unit's next trip (its COMMIT, for a message
    that re-plans last); `on_change` hears then that nudges changed."""
    today = now.astimezone(ZoneInfo(user.preferences.timezone)).date()
    found = await store.rejections_by_ids(sorted(rejection_ids))
    mine = [r for r in found.values() if r.user_id == user.id]
    planned = _rejection_plans(user, mine, today=today)
    if check_ins and user.preferences.checkins:
        days = await store.first_check_in_days(user.id, check_in_ranges(today))
        planned += plan_check_ins(days, today=today)
    await store.nudges.sync_rejections(
        user.id, _scheduled(user, planned, mine, now=now), rejection_ids=rejection_ids,
        check_ins=check_ins, now=now, on_change=on_change)
