"""`log` (the guided form or one message) and `edit`: getting a rejection's details right."""

from __future__ import annotations

import re
from datetime import date

from bot import log_form
from bot.errors import UserError
from bot.fields import parse_fields
from bot.format import day, day_with_relative
from bot.handlers.common import pick, title
from bot.log_form import FIELD_ALIASES, FormState
from bot.models import Rejection, RejectionInput
from bot.replies import Button, Fields, Notice, Reply, Text, Tone
from bot.resolve import reference
from bot.session import Turn

_FIELD_START = re.compile(
    r"(?:^|\s)(" + "|".join(sorted(map(re.escape, FIELD_ALIASES), key=len, reverse=True))
    + r")\s*:", re.IGNORECASE)


async def log(turn: Turn, args: str) -> Reply:
    """Start the guided form, or log from `company: …; role: …` (asking only what's missing).

    A required field that needs another go (a memory that says there is none) is asked again
    with the reason, keeping the rest; problems with optional fields are all reported at once.
    """
    if not args.strip():
        return await advance_form(turn, log_form.start({}))
    answers, problems = log_form.check_fields(parse_fields(args, FIELD_ALIASES), turn.today)
    if any(log_form.BY_FIELD[field].optional for field in problems):
        raise log_form.fields_error(problems)
    problem = " ".join(problems.values()) or None
    return await advance_form(turn, log_form.start(answers), problem=problem)


async def advance_form(turn: Turn, state: FormState, *, problem: str | None = None) -> Reply:
    """Save the form and ask its next question, or store the rejection when it's complete."""
    if state.asking is None:
        return await _finish(turn, state)
    await turn.store.set_conversation(turn.user.id, state.to_json(), now=turn.now)
    return question_reply(state, problem=problem)


def question_reply(state: FormState, *, problem: str | None = None) -> Reply:
    """The current question, numbered, with the form's controls."""
    assert state.asking is not None
    question = log_form.BY_FIELD[state.asking]
    number = [q.field for q in log_form.QUESTIONS].index(question.field) + 1
    parts: list[Notice | Text] = [Notice(problem, Tone.WARNING)] if problem else []
    if not state.answers and not problem:
        parts.append(Text(f"Let's log it: {len(log_form.QUESTIONS)} short questions. Type skip "
                          "for an optional one, back to change your last answer, or cancel "
                          "to stop."))
    parts.append(Text(f"({number}/{len(log_form.QUESTIONS)}) {question.prompt}"))
    buttons = (Button("Skip", "skip"),) if question.optional else ()
    return Reply(parts=tuple(parts), buttons=(*buttons, Button("Cancel", "cancel")))


async def _finish(turn: Turn, state: FormState) -> Reply:
    await turn.store.set_conversation(turn.user.id, None, now=turn.now)
    return await save_rejection(turn, state.answers)


async def save_rejection(turn: Turn, answers: dict[str, str | None]) -> Reply:
    """Store a rejection from checked form answers and say what happens next.

    Used by the chat form when its last answer comes in, and by platform modals that submit
    every field at once.
    """
    data = log_form.to_input(answers, turn.today)
    rejection = await turn.store.add_rejection(turn.user.id, data, now=turn.now)
    progress = turn.progress(rejection)
    rejections = await turn.store.list_rejections(turn.user.id)
    ref = reference(rejection, rejections)
    reach_out = progress.cool_down_ends
    twins = [r for r in rejections if r.id != rejection.id
             and r.company.casefold() == rejection.company.casefold()
             and r.role.casefold() == rejection.role.casefold()]
    duplicate = tuple(Notice(
        f"You had already logged {title(rejection)} (rejected {day(twins[0].rejected_on)}). "
        f"If this one is a slip, remove it with forget {ref}.", Tone.WARNING) for _ in twins[:1])
    return Reply(parts=(*duplicate,
        Fields(f"Logged: {title(rejection)}", _detail_pairs(rejection)),
        Text("I'm sorry. A no after getting this far stings, and it's fine to feel it. Here's "
             "the good news: fewer than 1 in 100 people ever write back after a rejection, and "
             "hiring managers keep a shortlist of people to call when a role reopens. A "
             "gracious follow-up can put you on it."),
        Text(_first_step(turn, rejection, reach_out)),
    ), buttons=(Button("See the whole plan", f"plan {ref}"),
                Button("Preview the thank-you", f"draft thank-you {ref}")))


def _first_step(turn: Turn, rejection: Rejection, reach_out: date) -> str:
    """What to do now: wait out what's left of the cool-down, or reach out if it's over."""
    if turn.today >= reach_out:
        return (f"The two-week cool-down is already behind you, so the first step is due: a "
                f"short thank-you email to {rejection.interviewer}. Type draft thank-you "
                f"{rejection.company} and I'll have it ready.")
    return (f"For now, do nothing: let it settle until "
            f"{day_with_relative(reach_out, today=turn.today)}. Then you'll send "
            f"{rejection.interviewer} a short thank-you email, and I'll have it drafted.")


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


async def edit(turn: Turn, args: str) -> Reply:
    """Correct a logged rejection: `edit acme email: jane@acme.com; compliment: …`."""
    match = _FIELD_START.search(args)
    if match is None:
        raise UserError("Say which field to change, like edit acme email: jane@acme.com "
                        "(fields: company, role, interviewer, email, linkedin, rejected, "
                        "memory, compliment).")
    query, fields_text = args[:match.start()].strip(), args[match.start():]
    changes = log_form.validate_all(parse_fields(fields_text, FIELD_ALIASES), turn.today)
    item, _ref = await pick(turn, query, lambda r: f"edit {r} {fields_text.strip()}")
    return await update_rejection(turn, item.rejection, changes)


async def update_rejection(turn: Turn, rejection: Rejection,
                           changes: dict[str, str | None]) -> Reply:
    """Apply checked field changes to a rejection and show the result."""
    updated = await turn.store.update_rejection(
        turn.user.id, rejection.id, _apply(rejection, changes))
    ref = reference(updated, await turn.store.list_rejections(turn.user.id))
    return Reply(parts=(Fields(f"Updated: {title(updated)}", _detail_pairs(updated)),),
                 buttons=(Button("See the plan", f"plan {ref}"),))


def _apply(r: Rejection, changes: dict[str, str | None]) -> RejectionInput:
    """The rejection's details with `changes` (validated form answers) laid over them."""
    answers: dict[str, str | None] = {
        "company": r.company, "role": r.role, "interviewer": r.interviewer,
        "rejected": r.rejected_on.isoformat(), "memory": r.memory,
        "email": r.interviewer_email, "linkedin": r.linkedin_url, "compliment": r.compliment,
    }
    answers.update((k, v) for k, v in changes.items() if k != "rejected" or v is not None)
    return log_form.to_input(answers, r.rejected_on)
