"""`snooze` and `unsnooze`: moving the next action to a later day, and back to its own date.

A snooze is an event; the timeline is derived from events, so `unsnooze` (or `undo`) brings
back the step's own date however many snoozes piled up. Each step has a sense of how late is
too late, and a snooze past it is either said plainly (the stay-in-touch window, a thank-you
that drifts into it, an answer to their reply) or kept inside it (the reply check: after two
weeks of silence the plan moves on by itself).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from bot.dates import read_future_date
from bot.errors import UserError
from bot.format import day, day_with_relative
from bot.handlers.common import Tracked, next_step_line, pick, title
from bot.models import Event, EventKind, Rejection
from bot.parse import Duration, parse_duration
from bot.playbook import ActionKey, Start, derive, stay_in_touch_window
from bot.replies import Notice, Reply, Text, Tone
from bot.session import Turn
from bot.syntax import CommandRef, cmd
from bot.timings import TIMINGS, spoken, spoken_months

_UNTIL = re.compile(r"(?:until|till)\s+(.+)$", re.IGNORECASE)
_LEADING_WORD = re.compile(r"^(?:in|for|by)\s+(?=\d)", re.IGNORECASE)
_SNOOZE_EVENTS = (EventKind.SNOOZED, EventKind.UNSNOOZED)


async def snooze(turn: Turn, call: CommandRef) -> Reply:
    """Push the next action back: by a duration (`2w`, `for 2 weeks`) or to a day (`until
    next tuesday`)."""
    given = " ".join(call.value("duration").split())
    until_match = _UNTIL.match(given)
    if until_match:
        wanted = until_match.group(1)
        item, ref = await pick(turn, call.value("company"),
                               lambda r: cmd("snooze", company=r, duration=f"until {wanted}"))
        until = read_future_date(wanted, turn.dates).day
    else:
        duration = _duration(given)
        item, ref = await pick(turn, call.value("company"),
                               lambda r: cmd("snooze", company=r, duration=duration.describe()))
        progress = item.progress
        until = duration.after(max(progress.next_due or turn.today, turn.today))
    return await _snooze_to(turn, item, ref, until)


def _duration(text: str) -> Duration:
    """`2w`, or `for 2 weeks`; asks for one when there's none."""
    if not text:
        raise UserError("Say how long to snooze, or until when: ", cmd("snooze", duration="3d"),
                        ", ", cmd("snooze", duration="2w"), ", ",
                        cmd("snooze", company="acme", duration="1mo"), ", or ",
                        cmd("snooze", company="acme", duration="until next tuesday"), ".")
    return parse_duration(_LEADING_WORD.sub("", text))


async def _snooze_to(turn: Turn, item: Tracked, ref: str, until: date) -> Reply:
    progress, r = item.progress, item.rejection
    action, due = progress.next_action, progress.next_due
    if action is None or due is None:
        raise UserError(f"There's nothing left to snooze for {title(r)}.")
    notes: list[Notice] = []
    if action.key is ActionKey.CHECK_REPLY and progress.thank_you_sent_on is not None:
        last_day = progress.thank_you_sent_on + TIMINGS.no_reply_after - timedelta(days=1)
        if until > last_day:
            notes.append(Notice(
                f"The reply check stays within {spoken(TIMINGS.no_reply_after)} of your "
                f"thank-you, so I set it to "
                f"{day(last_day)}, not {day(until)}: after that, no answer counts as no reply "
                "and the plan moves on by itself. If they write later, tell me then.",
                Tone.WARNING))
            until = last_day
    if until <= due:
        return Reply.text(f"“{action.title}” for {r.company} is due "
                          f"{day_with_relative(due, today=turn.today)} already, so there's "
                          "nothing to push back. Pick a later day.")
    await turn.store.add_event(turn.user.id, r.id, Event(
        EventKind.SNOOZED, turn.now, action=action.key.value, until=until))
    own = own_due(turn, r, action.key)
    window = _window_note(turn, item, action.key, until, own)
    return Reply(parts=(
        Text(f"Snoozed: “{action.title}” for {r.company} moves to "
             f"{day_with_relative(until, today=turn.today)}."),
        *notes, *window,
        Notice(turn.say("Changed your mind? ", cmd("unsnooze", company=ref),
                        f" brings it back to its own date ({day(own)}); ",
                        cmd("undo", company=ref), " takes back just this snooze.")),
    ))


def _window_note(turn: Turn, item: Tracked, key: ActionKey, until: date,
                 own: date) -> tuple[Notice, ...]:
    """A warning when `until` is past the point where the step still reads well."""
    r = item.rejection
    stay_from, stay_until = stay_in_touch_window(r)
    if key is ActionKey.STAY_IN_TOUCH and item.progress.start is not Start.RECONNECT \
            and until > stay_until:
        text = (f"That's past the stay-in-touch window, which closes {day(stay_until)} "
                f"({spoken_months(TIMINGS.stay_in_touch_window_end_months)} after the "
                "rejection). A note after that still works, but it reads "
                "less like keeping in touch and more like starting over.")
    elif key is ActionKey.REACH_OUT and until >= stay_from:
        text = (f"That's {spoken_months(TIMINGS.stay_in_touch_months)} or more after the "
                f"rejection ({day(stay_from)}): a "
                "thank-you that late arrives out of the blue. Sooner is better.")
    elif key is ActionKey.REPLY and until > own + TIMINGS.answer_within:
        text = (f"They wrote to you around {day(own)}; an answer more than "
                f"{spoken(TIMINGS.answer_within)} later can "
                "look like a dropped thread. A short reply sooner is better than a perfect "
                "one later.")
    else:
        return ()
    return (Notice(text, Tone.WARNING),)


def own_due(turn: Turn, rejection: Rejection, key: ActionKey) -> date:
    """The day `key` falls due when none of its snoozes count."""
    events = tuple(e for e in rejection.events
                   if not (e.kind in _SNOOZE_EVENTS and e.action == key.value))
    progress = derive(replace(rejection, events=events), today=turn.today, tz=turn.tz)
    entry = next((e for e in progress.entries if e.action is key), None)
    return entry.on if entry is not None else turn.today


async def unsnooze(turn: Turn, call: CommandRef) -> Reply:
    """Bring the next action back to its own date, however many snoozes moved it."""
    item, _ref = await pick(turn, call.value("company"), lambda r: cmd("unsnooze", company=r))
    r, progress = item.rejection, item.progress
    action, due = progress.next_action, progress.next_due
    if action is None or due is None:
        raise UserError(f"There's nothing left to unsnooze for {title(r)}.")
    own = own_due(turn, r, action.key)
    if own == due:
        return Reply.text(f"“{action.title}” for {r.company} isn't snoozed: it's due "
                          f"{day_with_relative(due, today=turn.today)}.")
    await turn.store.add_event(turn.user.id, r.id, Event(
        EventKind.UNSNOOZED, turn.now, action=action.key.value))
    updated = await turn.store.get_rejection(turn.user.id, r.id)
    assert updated is not None
    return Reply(parts=(Text(f"Unsnoozed: “{action.title}” for {r.company} is back on its own "
                             f"date. " + next_step_line(turn, turn.progress(updated))),))
