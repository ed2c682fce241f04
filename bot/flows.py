"""Conversations that span several messages: the guided log form, confirmations, pasted drafts,
and the follow-up questions for later letters (`bot.handlers.followups`).

Their state is stored per user after every message, so a restart continues where the user was.
"""

from __future__ import annotations

from typing import Any

from bot import confirm, log_form
from bot.commands import lookup
from bot.errors import UserError
from bot.handlers import followups
from bot.handlers.drafting import review_reply
from bot.handlers.logbook import advance_form, question_reply
from bot.handlers.tracking import record_sent
from bot.models import DraftKind
from bot.replies import Notice, Reply, Text, Tone
from bot.session import Turn
from bot.syntax import cmd

CANCEL_WORDS = frozenset({"cancel", "stop", "quit", "abort"})


async def continue_flow(turn: Turn, state: dict[str, Any], text: str) -> Reply | None:
    """Handle `text` as part of the flow in `state`; None when it isn't part of it (then it
    runs as a command)."""
    flow = state.get("flow")
    answer = confirm.read_answer(text)
    if answer is not None:
        refused = confirm.stale(state, answer, now=turn.now, syntax=turn.syntax)
        if refused is not None:
            if flow == "confirm" and answer.token in (None, state.get("token")):
                await _clear(turn)  # the open question itself expired
            return refused
    if flow == "log":
        return await _log_answer(turn, log_form.FormState.from_json(state), text)
    if flow == "confirm":
        return await _confirm(turn, state, answer)
    if flow == "review":
        return await _pasted_draft(turn, state, text)
    if flow in followups.FLOWS:
        return await followups.continue_followup(turn, state, text)
    await _clear(turn)
    return None


async def resume_prompt(turn: Turn, state: dict[str, Any]) -> Reply | None:
    """What to show when a user comes back to an unfinished flow (e.g. after a restart)."""
    if state.get("flow") in followups.FLOWS:
        return await followups.resume_followup(turn, state)
    if state.get("flow") != "log":
        return None
    form = log_form.FormState.from_json(state)
    if form.asking is None:
        return None
    reply = question_reply(turn, form)
    intro = Text("Welcome back. You were in the middle of logging a rejection; your answers "
                 "so far are saved.")
    return Reply(parts=(intro, *reply.parts), buttons=reply.buttons)


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


async def _confirm(turn: Turn, state: dict[str, Any], answer: confirm.Answer | None
                   ) -> Reply | None:
    """Act on the answer to a yes/no question; anything else drops the question."""
    await _clear(turn)
    if answer is None:
        return None
    action = state.get("action")
    if action == "sent":
        return await record_sent(turn, state, confirmed=answer.yes)
    if not answer.yes:
        return Reply.text("Cancelled. Nothing was deleted.")
    if action == "forget-me":
        await turn.store.delete_user(turn.user.id)
        return Reply.text(turn.say("Done. Everything I kept about you is gone. If you ever "
                                   "want to start again, just type ", cmd("log"), "."))
    rejection_id = state.get("rejection_id")
    deleted = isinstance(rejection_id, int) and await turn.store.delete_rejection(
        turn.user.id, rejection_id)
    label = str(state.get("label", "that rejection"))
    if not deleted:
        return Reply(parts=(Notice(f"{label} was already gone.", Tone.INFO),))
    return Reply.text(f"Deleted {label} and its history.")


async def _pasted_draft(turn: Turn, state: dict[str, Any], text: str) -> Reply:
    await _clear(turn)
    if text.strip().lower() in CANCEL_WORDS:
        return Reply.text("Okay, no review.")
    kind_value = state.get("kind")
    kind = DraftKind(kind_value) if kind_value in set(DraftKind) else None
    rejection_id = state.get("rejection_id")
    rejection = (await turn.store.get_rejection(turn.user.id, rejection_id)
                 if isinstance(rejection_id, int) else None)
    return review_reply(turn, text, kind=kind, rejection=rejection)
