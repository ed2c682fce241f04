"""Commands about nudges: which are coming, and stopping or resuming them."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.format import day
from bot.handlers.common import pick, title
from bot.models import Event, EventKind
from bot.nudges.composer import title as nudge_title
from bot.playbook import is_stopped
from bot.replies import Button, Reply, Table
from bot.session import Turn
from bot.syntax import CommandRef, cmd

_CHECK_INS = ("check-ins", "checkins", "check-in", "checkin")


async def reminders(turn: Turn) -> Reply:
    """The next nudges, with their local date and time."""
    upcoming = await turn.store.nudges.pending_for_user(turn.user.id, limit=10)
    if not upcoming:
        return Reply.text(turn.say("No reminders are scheduled. Log a rejection with ",
                                   cmd("log"), " and I'll pace you through the follow-ups."))
    rejections = await turn.store.rejections_by_ids(
        sorted({n.rejection_id for n in upcoming if n.rejection_id is not None}))
    zone = ZoneInfo(turn.user.preferences.timezone)
    rows = tuple(
        (f"{day(local.date())} {local:%H:%M}",
         nudge_title(n.kind, rejections.get(n.rejection_id or -1)))
        for n in upcoming for local in (n.due_at.astimezone(zone),))
    return Reply(parts=(Table(f"Coming reminders ({turn.user.preferences.timezone})",
                              ("When", "What"), rows),))


async def stop(turn: Turn, call: CommandRef) -> Reply:
    """Stop reminders for one rejection, or the monthly check-ins."""
    args = call.value("company")
    if args.strip().lower() in _CHECK_INS:
        await turn.store.update_preferences(
            turn.user.id, replace(turn.user.preferences, checkins=False))
        return Reply.text(turn.say("Monthly check-ins are off. Type ",
                                   cmd("resume", company="check-ins"), " to bring them back."),
                          buttons=(Button("Resume check-ins", "resume check-ins"),))
    item, ref = await pick(turn, args, lambda r: cmd("stop", company=r))
    if not is_stopped(item.rejection):
        await turn.store.add_event(turn.user.id, item.rejection.id,
                                   Event(EventKind.STOPPED, turn.now))
    return Reply.text(turn.say(f"No more reminders about {title(item.rejection)}. Its plan is "
                               "still there (", cmd("plan", company=ref), "); type ",
                               cmd("resume", company=ref), " to get reminders again."),
                      buttons=(Button("Resume reminders", f"resume {ref}"),))


async def resume(turn: Turn, call: CommandRef) -> Reply:
    """Bring back reminders stopped with `stop`."""
    args = call.value("company")
    if args.strip().lower() in _CHECK_INS:
        await turn.store.update_preferences(
            turn.user.id, replace(turn.user.preferences, checkins=True))
        return Reply.text("Monthly check-ins are back on.")
    item, _ref = await pick(turn, args, lambda r: cmd("resume", company=r))
    if is_stopped(item.rejection):
        await turn.store.add_event(turn.user.id, item.rejection.id,
                                   Event(EventKind.RESUMED, turn.now))
    return Reply.text(f"Reminders about {title(item.rejection)} are on.")
