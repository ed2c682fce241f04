"""The follow-up playbook as data: steps, timings (`bot.timings`), and how a rejection moves on.

Hold this module against PLAYBOOK.md. A rejection's progress is never stored: `derive` computes
it from the rejection's recorded events and today's date, so `list`, `plan`, `stats` (and the
scheduler's nudges) always agree with what happened.

Dates here are the user's local calendar dates; turning a due date into a moment to nudge
(preferred hour, quiet hours, time zone) is the scheduler's job.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum

from bot.format import day
from bot.models import DraftKind, EventKind, Rejection, ReplyKind
from bot.timings import TIMINGS, spoken_months


class StepKey(StrEnum):
    """The playbook's steps as the user sees them."""

    COOL_DOWN = "cool-down"
    REACH_OUT = "reach-out"
    REACT = "react"
    MOVE_ON = "move-on"
    STAY_IN_TOUCH = "stay-in-touch"
    DONE = "done"


@dataclass(frozen=True)
class Step:
    """A playbook step: its number in PLAYBOOK.md and a short title."""

    key: StepKey
    number: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.number} · {self.title}" if self.number else self.title


STEPS: dict[StepKey, Step] = {
    s.key: s
    for s in (
        Step(StepKey.COOL_DOWN, "1", "Cool down"),
        Step(StepKey.REACH_OUT, "2", "Reach out"),
        Step(StepKey.REACT, "3", "React"),
        Step(StepKey.MOVE_ON, "4-5", "Move on and build the network"),
        Step(StepKey.STAY_IN_TOUCH, "6", "Stay in touch"),
        Step(StepKey.DONE, "", "Playbook complete"),
    )
}


class ActionKey(StrEnum):
    """Things the user does; `sent` and `snooze` events name the action they belong to."""

    REACH_OUT = "reach-out"
    CHECK_REPLY = "check-reply"
    REPLY = "reply"
    MOVE_ON = "move-on"
    STAY_IN_TOUCH = "stay-in-touch"


@dataclass(frozen=True)
class Action:
    """A due action: what to do, the draft that helps, and whether `sent` completes it."""

    key: ActionKey
    title: str
    draft: DraftKind | None
    completed_by_sent: bool


ACTIONS: dict[ActionKey, Action] = {
    a.key: a
    for a in (
        Action(ActionKey.REACH_OUT, "Send a short thank-you email", DraftKind.THANK_YOU, True),
        Action(ActionKey.CHECK_REPLY, "Check whether they replied", None, False),
        Action(ActionKey.REPLY, "Answer their reply, with a gentle feedback question",
               DraftKind.REPLY, True),
        Action(ActionKey.MOVE_ON, "Restart networking and send the LinkedIn request",
               DraftKind.LINKEDIN, True),
        Action(ActionKey.STAY_IN_TOUCH, "Send the stay-in-touch email", DraftKind.STAY_IN_TOUCH,
               True),
    )
}


class Start(StrEnum):
    """Where a rejection's plan starts, from how long after the rejection it was logged.

    ON_TIME: logged during the cool-down, the whole playbook lies ahead. LATE: logged after
    it; the thank-you is due at once (the wait has already done its job). MERGED: logged in
    the stay-in-touch window; a thank-you now and a stay-in-touch email weeks later would
    crowd them, so the stay-in-touch email is the first note, with thanks. RECONNECT: logged
    after the window closed; one short note to reconnect, due now.
    """

    ON_TIME = "on-time"
    LATE = "late"
    MERGED = "merged"
    RECONNECT = "reconnect"


_OPENING_ACTIONS = {
    Start.MERGED: Action(ActionKey.STAY_IN_TOUCH, "Send the stay-in-touch email, with thanks",
                         DraftKind.STAY_IN_TOUCH, True),
    Start.RECONNECT: Action(ActionKey.STAY_IN_TOUCH, "Send a short note to reconnect",
                            DraftKind.STAY_IN_TOUCH, True),
}


class EntryStatus(StrEnum):
    """How a timeline entry stands relative to today."""

    DONE = "done"
    DUE = "due"
    UPCOMING = "upcoming"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class PlanEntry:
    """One line of a rejection's timeline, past or future."""

    on: date
    title: str
    status: EntryStatus
    note: str = ""
    action: ActionKey | None = None


@dataclass(frozen=True)
class Progress:
    """Where a rejection stands today, derived from its events."""

    step: Step
    next_action: Action | None
    next_due: date | None
    entries: tuple[PlanEntry, ...]
    reply: ReplyKind | None
    thank_you_sent_on: date | None
    cool_down_ends: date
    stay_in_touch_from: date
    """The first day for the stay-in-touch email: the window's first day, or later when the
    thank-you went out late (see `derive`)."""
    start: Start = Start.ON_TIME

    @property
    def done(self) -> bool:
        return self.step.key is StepKey.DONE


def add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if day.day <= 28:  # every month has the day: no need to ask the calendar
        return date(year, month, day.day)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cool_down_ends(rejection: Rejection) -> date:
    """The first day a reach-out is no longer too early."""
    return rejection.rejected_on + TIMINGS.cool_down


def stay_in_touch_window(rejection: Rejection) -> tuple[date, date]:
    """The stay-in-touch window: its first day and its last, counted in months from the
    rejection (`TIMINGS`)."""
    return (
        add_months(rejection.rejected_on, TIMINGS.stay_in_touch_months),
        add_months(rejection.rejected_on, TIMINGS.stay_in_touch_window_end_months),
    )


def is_stopped(rejection: Rejection) -> bool:
    """Whether the user asked for no more reminders about this rejection."""
    latest = None
    for event in rejection.events:
        if event.kind in (EventKind.STOPPED, EventKind.RESUMED):
            latest = event.kind
    return latest is EventKind.STOPPED


def action_done(rejection: Rejection, action: ActionKey) -> bool:
    """Whether the user already did `action` (or finished the playbook), from events alone.

    Cheaper than `derive` for a scheduler checking thousands of nudges: checking for a reply
    is done once any reply is recorded; every other action once it was marked sent.
    """
    wanted = {action.value, ActionKey.STAY_IN_TOUCH.value}
    for event in rejection.events:
        if event.kind is EventKind.SENT and event.action in wanted:
            return True
        if action is ActionKey.CHECK_REPLY and event.kind is EventKind.REPLIED:
            return True
    return False


def logged_on(rejection: Rejection, tz: tzinfo) -> date:
    """The local day the rejection was logged."""
    return _local_date(rejection.created_at, tz)


def plan_start(rejection: Rejection, *, tz: tzinfo) -> Start:
    """Where the plan starts, from the day it was logged (see `Start`)."""
    logged = logged_on(rejection, tz)
    stay_from, stay_until = stay_in_touch_window(rejection)
    if logged > stay_until:
        return Start.RECONNECT
    if logged >= stay_from:
        return Start.MERGED
    return Start.LATE if logged > cool_down_ends(rejection) else Start.ON_TIME


@dataclass
class _Facts:
    """What the events say, reduced to local dates; the latest event of a kind wins."""

    sent: dict[ActionKey, date]
    snoozed: dict[ActionKey, date]
    reply: ReplyKind | None = None
    replied_on: date | None = None


_ACTION_KEYS = {key.value: key for key in ActionKey}
"""By value: a dict lookup costs a tenth of calling the enum, per event of every derive."""


def _action_key(value: str) -> ActionKey:
    return _ACTION_KEYS.get(value) or ActionKey(value)  # the enum's error for unknown ones


def _facts(rejection: Rejection, tz: tzinfo) -> _Facts:
    facts = _Facts(sent={}, snoozed={})
    for event in rejection.events:
        on = _local_date(event.at, tz)
        if event.kind is EventKind.SENT and event.action:
            facts.sent.setdefault(_action_key(event.action), on)
        elif event.kind is EventKind.SNOOZED and event.action and event.until:
            facts.snoozed[_action_key(event.action)] = event.until
        elif event.kind is EventKind.UNSNOOZED and event.action:
            facts.snoozed.pop(_action_key(event.action), None)
        elif event.kind is EventKind.REPLIED and event.value:
            facts.reply, facts.replied_on = ReplyKind(event.value), on
    return facts


def _local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def derive(rejection: Rejection, *, today: date, tz: tzinfo) -> Progress:
    """Compute a rejection's step, next action and whole timeline from its events."""
    facts = _facts(rejection, tz)
    start = plan_start(rejection, tz=tz)
    if start in _OPENING_ACTIONS and facts.sent.keys() - {ActionKey.STAY_IN_TOUCH}:
        start = Start.LATE  # they followed the early steps anyway: keep to them
    builder = _TimelineBuilder(rejection, facts, today)
    return builder.build(start, logged_on(rejection, tz))


class _TimelineBuilder:
    """Walks the playbook in order, using facts where they exist and projections after them.

    A projected (not yet done) action is assumed to happen on its due date, or today if that
    has passed, so every later date in the plan stays realistic.
    """

    def __init__(self, rejection: Rejection, facts: _Facts, today: date):
        self.r, self.f, self.today, self.t = rejection, facts, today, TIMINGS
        self.entries: list[PlanEntry] = []
        self.next: tuple[Action, date, StepKey] | None = None

    def _due(self, key: ActionKey, base: date) -> date:
        snoozed = self.f.snoozed.get(key)
        return max(base, snoozed) if snoozed else base

    def _action(self, key: ActionKey, base: date, *, waiting_step: StepKey, active_step: StepKey,
                note: str = "", action: Action | None = None) -> date:
        """Add an action's entry; return the day it was (or is expected to be) done."""
        action = action or ACTIONS[key]
        done_on = self.f.sent.get(key) if action.completed_by_sent else None
        due = self._due(key, base)
        if done_on is not None:
            self.entries.append(PlanEntry(done_on, action.title, EntryStatus.DONE, note, key))
            return done_on
        status = EntryStatus.DUE if due <= self.today else EntryStatus.UPCOMING
        if due != base:
            note = (note + "; " if note else "") + f"snoozed from {day(base)}"
        self.entries.append(PlanEntry(due, action.title, status, note, key))
        if self.next is None:
            step = active_step if self.today >= base else waiting_step
            self.next = (action, due, step)
        return max(due, self.today)

    def build(self, start: Start, logged: date) -> Progress:
        r, f, t = self.r, self.f, self.t
        cool_end = cool_down_ends(r)
        stay_from, stay_until = stay_in_touch_window(r)
        if start in _OPENING_ACTIONS:
            self._opening_note(start, logged, stay_until)
        else:
            self.entries.append(PlanEntry(r.rejected_on, "Rejection; cool down, send nothing",
                                          EntryStatus.DONE))
            sent_on = self._action(
                ActionKey.REACH_OUT, max(cool_end, logged), waiting_step=StepKey.COOL_DOWN,
                active_step=StepKey.REACH_OUT,
                note="the cool-down is over" if start is Start.ON_TIME else
                "logged after the cool-down: due now")
            moved_on_base = self._react(sent_on)
            moved_on = self._action(ActionKey.MOVE_ON, moved_on_base,
                                    waiting_step=StepKey.REACT, active_step=StepKey.MOVE_ON)
            # A late thank-you pushes the stay-in-touch email back (within its window), so
            # the two letters never arrive weeks apart.
            gap = t.stay_in_touch_window_end_months - t.stay_in_touch_months
            stay_from = max(stay_from, min(add_months(sent_on, gap), stay_until))
            self._action(ActionKey.STAY_IN_TOUCH, max(stay_from, moved_on),
                         waiting_step=StepKey.STAY_IN_TOUCH, active_step=StepKey.STAY_IN_TOUCH,
                         note=f"window until {day(stay_until)}")
        self.entries.sort(key=lambda e: e.on)
        if self.next is None:
            step, action, due = STEPS[StepKey.DONE], None, None
        else:
            action, due, step_key = self.next
            step = STEPS[step_key]
        return Progress(
            step=step, next_action=action, next_due=due, entries=tuple(self.entries),
            reply=f.reply, thank_you_sent_on=f.sent.get(ActionKey.REACH_OUT),
            cool_down_ends=cool_end, stay_in_touch_from=stay_from, start=start,
        )

    def _opening_note(self, start: Start, logged: date, stay_until: date) -> None:
        """A rejection logged months late: one note now instead of the early steps."""
        r, t = self.r, self.t
        self.entries.append(PlanEntry(r.rejected_on, "Rejection", EntryStatus.DONE))
        if start is Start.MERGED:
            skipped = "Thank-you, reply and LinkedIn: folded into one note"
            note = f"logged in the stay-in-touch window, which runs until {day(stay_until)}"
        else:
            skipped = "Thank-you and stay-in-touch email: folded into one note to reconnect"
            note = (f"logged more than {spoken_months(t.stay_in_touch_window_end_months)} "
                    "after the rejection")
        self.entries.append(PlanEntry(logged, skipped, EntryStatus.SKIPPED, note))
        self._action(ActionKey.STAY_IN_TOUCH, logged, waiting_step=StepKey.STAY_IN_TOUCH,
                     active_step=StepKey.STAY_IN_TOUCH, action=_OPENING_ACTIONS[start])

    def _react(self, sent_on: date) -> date:
        """Step 3: check for a reply, then branch. Returns the base date of moving on."""
        f, t = self.f, self.t
        check_on = sent_on + t.check_reply_after
        no_reply_by = sent_on + t.no_reply_after
        thank_you_sent = ActionKey.REACH_OUT in f.sent
        if f.reply is None or not thank_you_sent:
            implied_no_reply = thank_you_sent and self.today >= no_reply_by
            if implied_no_reply:
                self.entries.append(PlanEntry(check_on, ACTIONS[ActionKey.CHECK_REPLY].title,
                                              EntryStatus.SKIPPED, "no reply recorded"))
            else:
                self._action(ActionKey.CHECK_REPLY, check_on, waiting_step=StepKey.REACT,
                             active_step=StepKey.REACT, note="brief, a conversation, or none?")
            return no_reply_by
        replied_on = f.replied_on or check_on
        if f.reply is ReplyKind.BRIEF:
            resume = replied_on + t.pause_after_brief_reply
            self.entries.append(PlanEntry(replied_on, "They replied briefly: pause all contact",
                                          EntryStatus.DONE, f"until {day(resume)}"))
            return resume
        if f.reply is ReplyKind.CONVERSATION:
            self.entries.append(PlanEntry(replied_on, "They opened a conversation",
                                          EntryStatus.DONE))
            return self._action(ActionKey.REPLY, replied_on, waiting_step=StepKey.REACT,
                                active_step=StepKey.REACT, note="3-4 sentences")
        self.entries.append(PlanEntry(replied_on, "No reply: don't chase them", EntryStatus.DONE))
        return max(no_reply_by, replied_on)
