"""Commands about the user rather than one rejection: profile, settings, stats, export, forget."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import time
from typing import Any

from bot import confirm
from bot.dates import DateOrder, date_order, default_date_order, parse_date_order
from bot.errors import UserError
from bot.flow_state import ForgetMe, ForgetRejection
from bot.format import plural
from bot.handlers.common import load_all, pick, title
from bot.models import (
    LINKEDIN_FREE_LIMIT,
    LINKEDIN_PREMIUM_LIMIT,
    Preferences,
    Profile,
    Rejection,
    ReplyKind,
    User,
)
from bot.parse import (
    parse_clock_time,
    parse_email,
    parse_phone,
    parse_quiet_hours,
    parse_text,
    parse_timezone,
)
from bot.playbook import STEPS, Progress
from bot.replies import Code, Fields, Reply, Text
from bot.session import Turn
from bot.syntax import CommandRef, cmd
from bot.timings import TIMINGS, spoken, spoken_month_range

_CLEAR_WORDS = ("none", "clear", "-")


async def profile(turn: Turn, call: CommandRef) -> Reply:
    """Show the profile, or set the name, email and phone given (`none` clears a field)."""
    current = turn.user.profile
    given = dict(call.args)
    if given:
        current = Profile(
            name=_profile_value(given, "name", current.name),
            email=_profile_value(given, "email", current.email),
            phone=_profile_value(given, "phone", current.phone),
        )
        await turn.store.update_profile(turn.user.id, current)
    shown = Fields("Your profile", (
        ("Name", current.name or "not set"),
        ("Email", current.email or "not set"),
        ("Phone", current.phone or "not set"),
    ))
    intro = Text("Saved." if given else "Drafts are signed with your name; the "
                 "feedback request gives your email and phone.")
    hint = Text(turn.say("Change it with ", cmd("profile", name="Sam Lee",
                                                email="sam@example.com",
                                                phone="+1 555 010 0199"),
                         " (none clears a field)."))
    return Reply(parts=(intro, shown, hint))


def _profile_value(given: dict[str, str], field: str, old: str | None) -> str | None:
    if field not in given:
        return old
    raw = given[field]
    if raw.strip().lower() in _CLEAR_WORDS:
        return None
    if field == "email":
        return parse_email(raw)
    if field == "phone":
        return parse_phone(raw)
    return parse_text(raw, field="name", max_length=100)


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def settings_fields(user: User) -> Fields:
    """The user's preferences as label/value pairs."""
    prefs = user.preferences
    return Fields("Your settings", (
        ("Time zone", prefs.timezone),
        ("Nudge time", f"{_hhmm(prefs.nudge_time)} on weekdays"),
        ("Quiet hours", f"{_hhmm(prefs.quiet_start)}-{_hhmm(prefs.quiet_end)}"),
        ("LinkedIn note limit", f"{prefs.linkedin_limit} characters"),
        ("Monthly check-ins", "on" if prefs.checkins else "off"),
        ("Dates in numbers", _date_order_text(prefs)),
    ))


def _date_order_text(prefs: Preferences) -> str:
    order = date_order(prefs.date_order, prefs.timezone)
    sample = {DateOrder.DMY: "27/02/2026", DateOrder.MDY: "02/27/2026",
              DateOrder.YMD: "2026/02/27"}[order]
    how = "your choice" if prefs.date_order else "from your time zone"
    return f"{order.label} ({sample}; {how})"


async def settings(turn: Turn) -> Reply:
    """`settings`: show the user's settings and how to change each."""
    return await show_settings(turn)


async def show_settings(turn: Turn) -> Reply:
    """The user's settings and how to change each (the command, and App Home's part)."""
    return Reply(parts=(settings_fields(turn.user), Text(turn.say(
        "Change them with ", cmd("timezone", zone="Europe/Berlin"), ", ",
        cmd("hours", time="09:30"), ", ", cmd("quiet", start="20:00", end="08:00"), ", ",
        cmd("linkedin-limit", linkedin_limit="300"), " (for a LinkedIn Premium account), or ",
        cmd("dates", date_order="mdy"), " (how I read a date like 03/04: dmy, mdy, ymd, or "
        "auto to follow your time zone).")), Text(_timing_note())))


def _timing_note() -> str:
    """Why the playbook's waits aren't among the settings, and what moves one step."""
    t = TIMINGS
    window = spoken_month_range(t.stay_in_touch_months, t.stay_in_touch_window_end_months)
    return (f"The playbook's waits are its advice, the same for everyone, so they aren't "
            f"settings: a {spoken(t.cool_down, adjective=True)} cool-down, "
            f"{spoken(t.check_reply_after)} before asking whether they replied, a pause of "
            f"{spoken(t.pause_after_brief_reply)} after a brief reply, and the stay-in-touch "
            f"email {window} after the rejection. To move one step, snooze it.")


async def _save_preferences(turn: Turn, message: str, **changes: Any) -> Reply:
    user = await turn.store.update_preferences(
        turn.user.id, replace(turn.user.preferences, **changes))
    return Reply(parts=(Text(message), settings_fields(user)))


async def timezone(turn: Turn, call: CommandRef) -> Reply:
    """Set the IANA time zone dates and nudges are computed in."""
    zone = parse_timezone(call.value("zone"))
    return await _save_preferences(turn, f"Time zone set to {zone}.", timezone=zone)


async def hours(turn: Turn, call: CommandRef) -> Reply:
    """Set the preferred local time for nudges."""
    if not call.value("time").strip():
        raise UserError("Give a time, like ", cmd("hours", time="09:30"), ".")
    at = parse_clock_time(call.value("time"))
    return await _save_preferences(turn, f"Nudges will come at {_hhmm(at)} on weekdays.",
                                   nudge_time=at)


async def quiet(turn: Turn, call: CommandRef) -> Reply:
    """Set quiet hours, when no nudge is sent."""
    start, end = parse_quiet_hours(call.value("start"), call.value("end"))
    return await _save_preferences(
        turn, f"Quiet hours set to {_hhmm(start)}-{_hhmm(end)}.", quiet_start=start,
        quiet_end=end)


async def dates(turn: Turn, call: CommandRef) -> Reply:
    """Choose how all-number dates are read: dmy, mdy, ymd, or auto (from the time zone)."""
    args = call.value("date_order")
    if args.strip().lower() in ("auto", "default", "reset"):
        guess = default_date_order(turn.user.preferences.timezone)
        return await _save_preferences(
            turn, f"I'll read dates in numbers as {guess.label}, as is usual in your time "
            "zone.", date_order=None)
    order = parse_date_order(args)
    return await _save_preferences(turn, f"I'll read dates in numbers as {order.label}.",
                                   date_order=order.value)


async def linkedin_limit(turn: Turn, call: CommandRef) -> Reply:
    """Choose the LinkedIn note length: 200 (free accounts) or 300 (Premium)."""
    value = call.value("linkedin_limit").strip()
    if value not in (str(LINKEDIN_FREE_LIMIT), str(LINKEDIN_PREMIUM_LIMIT)):
        raise UserError("LinkedIn allows 200 characters on free accounts and 300 on Premium: ",
                        cmd("linkedin-limit", linkedin_limit="200"), " or ",
                        cmd("linkedin-limit", linkedin_limit="300"), ".")
    return await _save_preferences(turn, f"LinkedIn notes will fit {value} characters.",
                                   linkedin_limit=int(value))


async def stats(turn: Turn) -> Reply:
    """Counts per step, replies, response rate and feedback gathered."""
    tracked = await load_all(turn)
    if not tracked:
        return Reply.text(turn.say("No rejections logged yet, so no numbers. Type ", cmd("log"),
                                   " to start."))
    per_step = {step.label: 0 for step in STEPS.values()}
    replies = dict.fromkeys(ReplyKind, 0)
    thanked = feedback = 0
    for t in tracked:
        per_step[t.progress.step.label] += 1
        thanked += t.progress.thank_you_sent_on is not None
        if t.progress.reply is not None:
            replies[t.progress.reply] += 1
        feedback += len(t.rejection.feedback)
    answered = replies[ReplyKind.BRIEF] + replies[ReplyKind.CONVERSATION]
    rate = f"{answered * 100 // thanked}% ({answered} of {thanked})" if thanked else "n/a yet"
    skills = await turn.store.list_skills(turn.user.id)
    return Reply(parts=(
        Fields("Rejections by step", tuple((k, str(v)) for k, v in per_step.items() if v)),
        Fields("Follow-ups", (
            ("Rejections logged", str(len(tracked))),
            ("Thank-you emails sent", str(thanked)),
            ("Replies", f"{replies[ReplyKind.BRIEF]} brief, "
                        f"{plural(replies[ReplyKind.CONVERSATION], 'conversation')}, "
                        f"{replies[ReplyKind.NONE]} with no answer"),
            ("Response rate", rate),
            ("Feedback gathered", str(feedback)),
            ("Skills logged", str(len(skills))),
        )),
    ))


async def export(turn: Turn) -> Reply:
    """All of the user's data as JSON."""
    tracked = await load_all(turn)
    skills = await turn.store.list_skills(turn.user.id)
    user = turn.user
    data: dict[str, Any] = {
        "exported_at": turn.now.isoformat(),
        "user": {"platform": user.key.platform, "workspace": user.key.workspace,
                 "user_id": user.key.user_id},
        "profile": {"name": user.profile.name, "email": user.profile.email,
                    "phone": user.profile.phone},
        "settings": {"timezone": user.preferences.timezone,
                     "nudge_time": _hhmm(user.preferences.nudge_time),
                     "quiet_hours": f"{_hhmm(user.preferences.quiet_start)}-"
                                    f"{_hhmm(user.preferences.quiet_end)}",
                     "linkedin_limit": user.preferences.linkedin_limit,
                     "checkins": user.preferences.checkins,
                     "date_order": user.preferences.date_order or "auto"},
        "rejections": [_rejection_json(t.rejection, t.progress) for t in tracked],
        "skills": [{"text": s.text, "at": s.at.isoformat()} for s in skills],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return Reply(parts=(Text("Here is everything I keep about you:"),
                        Code(text, language="json", filename="rebound-export.json")))


def _rejection_json(r: Rejection, progress: Progress) -> dict[str, Any]:
    return {
        "company": r.company, "role": r.role, "interviewer": r.interviewer,
        "interviewer_email": r.interviewer_email, "linkedin_url": r.linkedin_url,
        "rejected_on": r.rejected_on.isoformat(), "memory": r.memory,
        "compliment": r.compliment, "logged_at": r.created_at.isoformat(),
        "step": progress.step.label,
        "next_action": progress.next_action.title if progress.next_action else None,
        "next_due": progress.next_due.isoformat() if progress.next_due else None,
        "events": [{"kind": e.kind.value, "at": e.at.isoformat(), "action": e.action,
                    "value": e.value, "until": e.until.isoformat() if e.until else None,
                    "message": e.message}
                   for e in r.events],
    }


async def forget(turn: Turn, call: CommandRef) -> Reply:
    """Delete one rejection, or everything about the user, after a confirmation."""
    target = call.value("company").strip()
    if not target:
        raise UserError("Say what to forget: ", cmd("forget", company="acme"),
                        " (one rejection) or ", cmd("forget", company="me"),
                        " (everything I keep about you).")
    if target.lower() == "me":
        return await confirm.ask(
            turn, action=ForgetMe(), yes="Yes, delete it", no="Cancel",
            question="This deletes everything I keep about you: every rejection, your profile "
                     "and settings. It can't be undone.", again=cmd("forget", company="me"))
    item, ref = await pick(turn, target, lambda r: cmd("forget", company=r))
    return await confirm.ask(
        turn, action=ForgetRejection(rejection_id=item.rejection.id,
                                     label=title(item.rejection)),
        yes="Yes, delete it", no="Cancel",
        question=f"This deletes {title(item.rejection)} and its whole history. It can't be "
                 "undone.", again=cmd("forget", company=ref))


async def leave(turn: Turn) -> Reply:
    """`quit`/`exit` where there's no chat to close: how to pause reminders or delete data.
    (The terminal chat closes itself on these words before they reach the coach.)"""
    return Reply.text(turn.say(
        "There's nothing to leave here: I only write when a reminder is due, and your plan "
        "waits quietly in between. To pause reminders, type ",
        cmd("stop", company="<company>"), " for one rejection or ",
        cmd("stop", company="check-ins"), " for the monthly ones (", cmd("resume"),
        " brings them back). To delete your data, type ", cmd("forget", company="<company>"),
        " for one rejection or ", cmd("forget", company="me"), " for everything."))
