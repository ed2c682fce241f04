"""`log` (the guided form or one message) and `edit`: getting a rejection's details right."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from bot import log_form
from bot.errors import UserError
from bot.format import day, day_with_relative, elapsed
from bot.handlers.common import namesakes, pick, title
from bot.log_form import FormState
from bot.models import DraftKind, Event, EventKind, Rejection, RejectionInput
from bot.names import who
from bot.playbook import Progress, Start, stay_in_touch_window
from bot.quick_actions import log_button
from bot.replies import Button, Fields, FormRequest, Notice, Reply, Text, Tone
from bot.resolve import reference
from bot.sentence import read_rejection
from bot.session import Turn
from bot.syntax import CommandRef, Phrase, cmd
from bot.timings import TIMINGS, spoken, spoken_month_range

_COOL_DOWN = spoken(TIMINGS.cool_down, adjective=True)
_WINDOW = spoken_month_range(TIMINGS.stay_in_touch_months,
                             TIMINGS.stay_in_touch_window_end_months)


async def log(turn: Turn, call: CommandRef) -> Reply:
    """Start the guided form, or log from the fields given (asking only what's missing). (A
    sentence, `log Acme turned me down yesterday`, is read by `log_from_sentence`.)

    A required field that needs another go (a memory that says there is none) is asked again
    with the reason, keeping the rest; problems with optional fields are all reported at once.
    Where the platform can open a form (`Turn.forms`), anything short of a complete, valid
    rejection is answered with the form instead, filled in with what was given.
    """
    if not call.args:
        return await form_reply(turn, {}) if turn.forms else \
            await advance_form(turn, log_form.start({}))
    raw = dict(call.args)
    answers, problems = log_form.check_fields(raw, turn.dates)
    if turn.forms and (problems or log_form.start(answers).asking is not None):
        return await form_reply(turn, {**raw, **{k: v for k, v in answers.items() if v}})
    if any(log_form.BY_FIELD[field].optional for field in problems):
        raise log_form.fields_error(problems)
    problem = " ".join(problems.values()) or None
    return await advance_form(turn, log_form.start(answers), problem=problem,
                              notes=log_form.date_notes(raw, turn.dates))


async def log_from_sentence(turn: Turn, text: str) -> Reply | None:
    """A plain sentence about a rejection starts the form with what it said filled in; None
    when the text isn't one."""
    found = read_rejection(text)
    if found is None:
        return None
    checked, _problems = log_form.check_fields(found.answers, turn.dates)  # keep what's valid
    answers = {k: v for k, v in checked.items() if v is not None}
    if "company" not in answers:
        return None
    shown = tuple((log_form.BY_FIELD[k].label, day(date.fromisoformat(v)) if k == "rejected"
                   else v) for k, v in answers.items())
    controls = (" (type back to change the last answer, or cancel to stop)"
                if turn.surface.reads_messages and not turn.forms else "")
    rest = "the form has room for the rest" if turn.forms else f"I'll ask for the rest{controls}"
    intro = Text(f"I'm sorry {answers['company']} said no. Let's log it, so I can pace your "
                 f"follow-up. Here's what I understood; {rest}.")
    if turn.forms:
        asked = await form_reply(turn, answers)
    else:
        asked = await advance_form(turn, log_form.start(answers, skip_optional=False),
                                   notes=log_form.date_notes(found.answers, turn.dates))
    return replace(asked, parts=(intro, Fields("What I understood", shown), *asked.parts))


async def form_reply(turn: Turn, values: Mapping[str, str]) -> Reply:
    """The log form, filled in with `values`, as the answer where the platform has forms.

    Nothing is asked in the chat: the adapter opens the form (`Reply.form`), or, where it
    can't just now, shows this reply, whose button opens it. The values are kept for a day
    for a form button that can carry only a token (`FormRequest.kept`)."""
    kept = await turn.store.kept_forms.keep(turn.user.key, values, rejection_id=None,
                                            now=turn.now) if values else None
    request = FormRequest(values=tuple(values.items()), kept=kept)
    command = "; ".join(f"{field}: {value}" for field, value in values.items())
    filled = " with what you've told me filled in" if values else ""
    return Reply(parts=(Text(f"Log it in the form{filled}: press Open the form."),),
                 buttons=(log_button("Open the form", f"log {command}".strip(), request),),
                 form=request)


async def advance_form(turn: Turn, state: FormState, *, problem: str | None = None,
                       notes: tuple[Phrase, ...] = ()) -> Reply:
    """Save the form and ask its next question, or store the rejection when it's complete.

    `notes` (how an ambiguous date was read) are shown before the question or the result."""
    if state.asking is None:
        await turn.store.set_conversation(turn.user.id, None, now=turn.now)
        return (await save_rejection(turn, state.answers, notes=notes)).reply
    await turn.store.set_conversation(turn.user.id, state, now=turn.now)
    return question_reply(turn, state, problem=problem, notes=notes)


def question_reply(turn: Turn, state: FormState, *, problem: str | None = None,
                   notes: tuple[Phrase, ...] = ()) -> Reply:
    """The current question, numbered, with the form's controls."""
    assert state.asking is not None
    question = log_form.BY_FIELD[state.asking]
    number = [q.field for q in log_form.QUESTIONS].index(question.field) + 1
    parts: list[Notice | Text] = [Notice(problem, Tone.WARNING)] if problem else []
    parts += [Notice(turn.say(*note)) for note in notes]
    if not turn.surface.reads_messages:
        parts.append(Text("Answer in a direct message to me, where I'll ask the rest too (skip, "
                          "back and cancel work there)."))
    elif not state.answers and not problem:
        parts.append(Text(f"Let's log it: {len(log_form.QUESTIONS)} short questions. Type skip "
                          "for an optional one, back to change your last answer, or cancel "
                          "to stop."))
    parts.append(Text(f"({number}/{len(log_form.QUESTIONS)}) {question.prompt}"))
    buttons = (Button("Skip", "skip"),) if question.optional else ()
    return Reply(parts=tuple(parts), buttons=(*buttons, Button("Cancel", "cancel")))


@dataclass(frozen=True)
class Saved:
    """What logging or editing did: the rejection as stored now, and the answer to show."""

    rejection: Rejection
    reply: Reply


async def save_rejection(turn: Turn, answers: dict[str, str | None], *,
                         notes: tuple[Phrase, ...] = ()) -> Saved:
    """Store a rejection from checked form answers and say what happens next.

    Used by the chat form when its last answer comes in, and by platform modals that submit
    every field at once (which name the rejection saved in a follow-up form).
    """
    data = log_form.to_input(answers, turn.today)
    rejection = await turn.store.add_rejection(turn.user.id, data, now=turn.now)
    progress = turn.progress(rejection)
    rejections = await namesakes(turn, rejection)
    ref = reference(rejection, rejections)
    twins = [r for r in rejections if r.id != rejection.id
             and r.company.casefold() == rejection.company.casefold()
             and r.role.casefold() == rejection.role.casefold()]
    duplicate = tuple(Notice(
        turn.say(f"You had already logged {title(rejection)} (rejected "
                 f"{day(twins[0].rejected_on)}). If this one is a slip, remove it with ",
                 cmd("forget", company=ref), "."), Tone.WARNING) for _ in twins[:1])
    opening = progress.next_action.draft if progress.next_action else None
    return Saved(rejection, Reply(parts=(*duplicate, *(Notice(turn.say(*note)) for note in notes),
        Fields(f"Logged: {title(rejection)}", _detail_pairs(rejection)),
        Text("I'm sorry. A no after getting this far stings, and it's fine to feel it. Here's "
             "the good news: fewer than 1 in 100 people ever write back after a rejection, and "
             "hiring managers keep a shortlist of people to call when a role reopens. A "
             "gracious follow-up can put you on it."),
        Text(_first_step(turn, rejection, progress)),
    ), buttons=(Button("See the whole plan", f"plan {ref}"),
                Button(f"Preview the {opening.label}" if opening else "Preview the thank-you",
                       f"draft {opening or 'thank-you'} {ref}"))))


def _first_step(turn: Turn, rejection: Rejection, progress: Progress) -> str:
    """What to do now, and why: a rejection logged late starts where it still makes sense."""
    r, ago = rejection, elapsed(rejection.rejected_on, today=turn.today)
    stay = cmd("draft", kind=DraftKind.STAY_IN_TOUCH.value, company=r.company)
    thank = cmd("draft", kind=DraftKind.THANK_YOU.value, company=r.company)
    if progress.start is Start.MERGED:
        window_end = stay_in_touch_window(r)[1]
        return (f"The rejection was {ago} ago, which puts you in the stay-in-touch window "
                f"({_WINDOW} after, so until {day(window_end)}). A thank-you now and "
                "a stay-in-touch email a few weeks later would be two letters too close "
                "together, so your first note is the stay-in-touch email, opening with thanks "
                "for the interview. It's due now: " + turn.say("type ", stay, "."))
    if progress.start is Start.RECONNECT:
        return (f"The rejection was {ago} ago: too long for a thank-you note or the usual "
                "stay-in-touch email, but not too long to reconnect. Send one short note now: "
                f"thank {who(r.interviewer)} for the interview back then, say what you've been "
                "working on, and ask to be kept in mind for future openings. "
                + turn.say("Type ", stay, " for a draft to start from."))
    if progress.start is Start.LATE:
        return (f"The rejection was {ago} ago, so the {_COOL_DOWN} cool-down is already behind "
                "you, and the wait has done its job: you've had time to settle, and a calm "
                "note now reads as considered, not raw. The first step is due today: a short "
                f"thank-you email to {who(r.interviewer)}. "
                + turn.say("Type ", thank, " and I'll have it ready."))
    reach_out = progress.cool_down_ends
    if turn.today >= reach_out:
        return (f"The {_COOL_DOWN} cool-down is already behind you, so the first step is due: a "
                f"short thank-you email to {who(r.interviewer)}. "
                + turn.say("Type ", thank, " and I'll have it ready."))
    return (f"For now, do nothing: let it settle until "
            f"{day_with_relative(reach_out, today=turn.today)}. Then you'll send "
            f"{who(r.interviewer)} a short thank-you email, and I'll have it drafted.")


def _detail_pairs(r: Rejection) -> tuple[tuple[str, str], ...]:
    pairs = [("Interviewer", r.interviewer)]
    if r.interviewer_email:
        pairs.append(("Email", r.interviewer_email))
    if r.linkedin_url:
        pairs.append(("LinkedIn", r.linkedin_url))
    pairs += [("Rejected on", day(r.rejected_on)), ("Memory", r.memory)]
    if r.compliment:
        pairs.append(("Compliment", r.compliment))
    return tuple(pairs)


async def edit(turn: Turn, call: CommandRef) -> Reply:
    """Correct a logged rejection: `edit acme email: jane@acme.com; compliment: …` (a field
    `new_company` renames it)."""
    fields = {k: v for k, v in call.args if k != "company"}
    if not fields:
        raise UserError("Say which field to change, like ",
                        cmd("edit", company="acme", email="jane@acme.com"),
                        " (fields: company, role, interviewer, email, linkedin, rejected, "
                        "memory, compliment).")
    raw = {("company" if k == "new_company" else k): v for k, v in fields.items()}
    changes = log_form.validate_all(raw, turn.dates)
    item, _ref = await pick(turn, call.value("company"),
                            lambda r: cmd("edit", company=r, **fields))
    edited = await update_rejection(turn, item.rejection, changes,
                                    notes=log_form.date_notes(raw, turn.dates))
    return edited.reply


async def update_rejection(turn: Turn, rejection: Rejection, changes: dict[str, str | None],
                           *, notes: tuple[Phrase, ...] = ()) -> Saved:
    """Apply checked field changes to a rejection and show the result.

    The values replaced are kept as an `edited` event, so `undo` can put them back."""
    old = answers_of(rejection)
    new = answers_of(apply_changes(rejection, changes))
    replaced = {k: v for k, v in old.items() if new[k] != v}
    if replaced:
        await turn.store.add_event(turn.user.id, rejection.id, Event(
            EventKind.EDITED, turn.now, value=json.dumps(replaced, ensure_ascii=False)))
    updated = await turn.store.update_rejection(
        turn.user.id, rejection.id, apply_changes(rejection, changes))
    ref = reference(updated, await namesakes(turn, updated))
    parts: list[Notice | Fields] = [Notice(turn.say(*note)) for note in notes]
    parts.append(Fields(f"Updated: {title(updated)}", _detail_pairs(updated)))
    if replaced:
        parts.append(Notice(turn.say("Changed by mistake? ", cmd("undo", company=ref),
                                     " puts it back.")))
    return Saved(updated, Reply(parts=tuple(parts),
                                buttons=(Button("See the plan", f"plan {ref}"),)))


def answers_of(r: Rejection | RejectionInput) -> dict[str, str | None]:
    """A rejection's details as form answers (`rejected` as an ISO date)."""
    return {
        "company": r.company, "role": r.role, "interviewer": r.interviewer,
        "rejected": r.rejected_on.isoformat(), "memory": r.memory,
        "email": r.interviewer_email, "linkedin": r.linkedin_url, "compliment": r.compliment,
    }


def apply_changes(r: Rejection, changes: Mapping[str, str | None]) -> RejectionInput:
    """The rejection's details with `changes` (validated form answers) laid over them."""
    answers = answers_of(r)
    answers.update((k, v) for k, v in changes.items() if k != "rejected" or v is not None)
    return log_form.to_input(answers, r.rejected_on)
