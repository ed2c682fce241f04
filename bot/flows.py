"""Conversations that span several messages: the guided log form, confirmations, pasted drafts,
and the follow-up questions for later letters (`bot.handlers.followups`).

Their state is stored per user after every message, so a restart continues where the user was;
each flow has its own type (`bot.flow_state`), and this module matches on it.
"""

from __future__ import annotations

import logging
from typing import assert_never

from bot import confirm, log_form
from bot.commands import lookup
from bot.errors import UserError
from bot.flow_state import (
    Confirmation,
    ForgetMe,
    ForgetRejection,
    MarkSent,
    PastedDraft,
    ProgressQuestion,
    StoredState,
    TheirMessage,
    Unreadable,
)
from bot.handlers import followups
from bot.handlers.drafting import review_reply
from bot.handlers.logbook import advance_form, question_reply
from bot.handlers.tracking import record_sent
from bot.replies import Notice, Reply, Text, Tone
from bot.session import Turn
from bot.syntax import cmd

log = logging.getLogger(__name__)

CANCEL_WORDS = frozenset({"cancel", "stop", "quit", "abort"})


async def continue_flow(turn: Turn, state: StoredState, text: str) -> Reply | None:
    """Handle `text` as part of the flow in `state`; None when it isn't part of it (then it
    runs as a command)."""
    if isinstance(state, Unreadable):
        log.warning("user %d: dropped a conversation state that can't be read (%s)",
                    turn.user.id, state.reason)
        await _clear(turn)
        return _start_over(turn)
    answer = confirm.read_answer(text)
    if answer is not None:
        refused = confirm.stale(state, answer, now=turn.now, syntax=turn.syntax)
        if refused is not None:
            if isinstance(state, Confirmation) and answer.token in (None, state.token):
                await _clear(turn)  # the open question itself expired
            return refused
    match state:
        case log_form.FormState():
            return await _log_answer(turn, state, text)
        case Confirmation():
            return await _confirm(turn, state, answer)
        case PastedDraft():
            return await _pasted_draft(turn, state, text)
        case ProgressQuestion() | TheirMessage():
            return await followups.continue_followup(turn, state, text)
        case _:
            assert_never(state)


async def resume_prompt(turn: Turn, state: StoredState) -> Reply | None:
    """What to show when a user comes back to an unfinished flow (e.g. after a restart)."""
    match state:
        case ProgressQuestion() | TheirMessage():
            return await followups.resume_followup(turn, state)
        case log_form.FormState(asking=str()):
            reply = question_reply(turn, state)
            intro = Text("Welcome back. You were in the middle of logging a rejection; your "
                         "answers so far are saved.")
            return Reply(parts=(intro, *reply.parts), buttons=reply.buttons)
        case _:
            return None  # an unreadable state is explained when the user next writes


def _start_over(turn: Turn) -> Reply:
    """What a user hears when their unfinished flow couldn't be read back."""
    return Reply(parts=(Notice(turn.say(
        "Sorry, I lost my place in what we were doing, so let's start that part over. "
        "Everything you saved is safe. I didn't use what you just sent: send it again, or "
        "type ", cmd("help"), " to see what I can do."), Tone.WARNING),))


async def _clear(turn: Turn) -> None:
    await turn.store.set_conversation(turn.user.id, None, now=turn.now)


async def _log_answer(turn: Turn, form: log_form.FormState, text: str) -> Reply:
    word = text.strip().lower()
    if word in CANCEL_WORDS:
        await _clear(turn)
        return Reply.text("Okay, I've dropped that form. Nothing was saved.")
    if form.asking is None:
        return await advance_form(turn, form)
    if word in ("help", "?"):
        return question_reply(turn, form, problem="You're logging a rejection. Answer the "
                              "question below, or type skip, back or cancel.")
    asked = form.asking
    try:
        form = log_form.answer(form, text, turn.dates)
    except UserError as exc:
        problem = exc.said(turn.syntax)
        command = lookup(word) if word.isalpha() else None
        if command is not None:
            problem += turn.say(" (You're in the middle of logging a rejection. Answer the "
                                "question, or type cancel to leave the form and then use ",
                                cmd(command.name), ".)")
        return question_reply(turn, form, problem=problem)
    notes = log_form.date_notes({"rejected": text}, turn.dates) if asked == "rejected" else ()
    return await advance_form(turn, form, notes=notes)


async def _confirm(turn: Turn, question: Confirmation, answer: confirm.Answer | None
                   ) -> Reply | None:
    """Act on the answer to a yes/no question; anything else drops the question."""
    await _clear(turn)
    if answer is None:
        return None
    action = question.action
    if isinstance(action, MarkSent):
        return await record_sent(turn, action, confirmed=answer.yes)
    if not answer.yes:
        return Reply.text("Cancelled. Nothing was deleted.")
    match action:
        case ForgetMe():
            await turn.store.delete_user(turn.user.id)
            return Reply.text(turn.say("Done. Everything I kept about you is gone. If you "
                                       "ever want to start again, just type ", cmd("log"), "."))
        case ForgetRejection(rejection_id=rejection_id, label=label):
            if not await turn.store.delete_rejection(turn.user.id, rejection_id):
                return Reply(parts=(Notice(f"{label} was already gone.", Tone.INFO),))
            return Reply.text(f"Deleted {label} and its history.")
        case _:
            assert_never(action)


async def _pasted_draft(turn: Turn, state: PastedDraft, text: str) -> Reply:
    await _clear(turn)
    if text.strip().lower() in CANCEL_WORDS:
        return Reply.text("Okay, no review.")
    rejection = (await turn.store.get_rejection(turn.user.id, state.rejection_id)
                 if state.rejection_id is not None else None)
    return review_reply(turn, text, kind=state.kind, rejection=rejection)
