"""Yes/no questions that only their own answer can settle.

A question is stored as the user's conversation state with a one-time token, and its buttons
send `yes #<token>` or `no #<token>`. A button (or its command text) from an earlier question
carries another token: it is told that question expired, and the open one is left as it was.
A typed `yes` or `no` answers the latest open question. A question left for an hour expires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.flow_state import Confirmation, PendingAction, StoredState
from bot.replies import Button, Notice, Reply, Text, Tone
from bot.session import Turn
from bot.syntax import CommandRef, Syntax, say

LIFETIME = timedelta(hours=1)
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_TOKEN_LENGTH = 6
_ANSWER = re.compile(r"^\s*(yes|y|no|n|cancel)(?:\s+#([a-z0-9]{6}))?\s*[.!]*\s*$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    """A yes or no, and the token of the question it was given for (None when typed)."""

    yes: bool
    token: str | None


def read_answer(text: str) -> Answer | None:
    """`yes`, `no`, `cancel`, optionally with a question's token; None for anything else."""
    match = _ANSWER.match(text)
    if match is None:
        return None
    word, token = match.group(1).lower(), match.group(2)
    return Answer(yes=word in ("yes", "y"), token=token.lower() if token else None)


async def ask(turn: Turn, *, action: PendingAction, question: str, yes: str, no: str,
              again: CommandRef) -> Reply:
    """Store a question whose yes does `action`, and show it with Yes/No buttons bound to it
    alone. `again` is the command that asked it, suggested if the question expires."""
    token = "".join(turn.rng.choice(_ALPHABET) for _ in range(_TOKEN_LENGTH))
    state = Confirmation(action=action, token=token, asked_at=turn.now, again=again)
    await turn.store.set_conversation(turn.user.id, state, now=turn.now)
    how = (f"Press “{yes}” to go ahead, or “{no}”." if turn.surface.buttons
           else "Type yes to confirm, or no to cancel.")
    return Reply(parts=(Text(f"{question} {how}"),),
                 buttons=(Button(yes, f"yes #{token}"), Button(no, f"no #{token}")))


def stale(state: StoredState | None, answer: Answer, *, now: datetime,
          syntax: Syntax) -> Reply | None:
    """Why `answer` can't settle the open question `state` at `now`, or None when it can;
    written for `syntax`."""
    question = state if isinstance(state, Confirmation) else None
    if answer.token is not None and (question is None or answer.token != question.token):
        still_open = ""
        if question is not None:
            still_open = (" A newer question is still open: answer it with its buttons."
                          if syntax.surface.buttons else
                          " A newer question is still open: answer it with yes or no.")
        return Reply(parts=(Notice("That button belongs to a question that has expired "
                                   "(it was answered, or replaced by a newer one), so it did "
                                   f"nothing.{still_open}", Tone.INFO),))
    if question is not None and now - question.asked_at > LIFETIME:
        again = question.again
        hint = say(syntax, " If you still want it, type ", again, " again.") if again else ""
        return Reply(parts=(Notice("That question has expired: it was asked more than an hour "
                                   f"ago, so nothing was done.{hint}", Tone.INFO),))
    return None
