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
from typing import Any

from bot.replies import Button, Notice, Reply, Text, Tone
from bot.session import Turn
from bot.syntax import SIGNATURES, CommandRef, Syntax, say

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


async def ask(turn: Turn, *, action: str, question: str, yes: str, no: str,
              again: CommandRef, data: dict[str, Any] | None = None) -> Reply:
    """Store a question for `action` (with `data` for the handler that acts on the answer)
    and show it with Yes/No buttons bound to it alone. `again` is the command that asked it,
    suggested if the question expires."""
    token = "".join(turn.rng.choice(_ALPHABET) for _ in range(_TOKEN_LENGTH))
    state = {"flow": "confirm", "action": action, "token": token,
             "asked_at": turn.now.isoformat(), "again": [again.name, dict(again.args)],
             **(data or {})}
    await turn.store.set_conversation(turn.user.id, state, now=turn.now)
    how = (f"Press “{yes}” to go ahead, or “{no}”." if turn.surface.buttons
           else "Type yes to confirm, or no to cancel.")
    return Reply(parts=(Text(f"{question} {how}"),),
                 buttons=(Button(yes, f"yes #{token}"), Button(no, f"no #{token}")))


def stale(state: dict[str, Any] | None, answer: Answer, *, now: datetime,
          syntax: Syntax) -> Reply | None:
    """Why `answer` can't settle the open question `state` at `now`, or None when it can;
    written for `syntax`."""
    is_question = state is not None and state.get("flow") == "confirm"
    if answer.token is not None and (not is_question or state is None
                                     or answer.token != state.get("token")):
        still_open = ""
        if is_question:
            still_open = (" A newer question is still open: answer it with its buttons."
                          if syntax.surface.buttons else
                          " A newer question is still open: answer it with yes or no.")
        return Reply(parts=(Notice("That button belongs to a question that has expired "
                                   "(it was answered, or replaced by a newer one), so it did "
                                   f"nothing.{still_open}", Tone.INFO),))
    if is_question and state is not None and _asked_long_ago(state, now):
        again = _command(state.get("again"))
        hint = say(syntax, " If you still want it, type ", again, " again.") if again else ""
        return Reply(parts=(Notice("That question has expired: it was asked more than an hour "
                                   f"ago, so nothing was done.{hint}", Tone.INFO),))
    return None


def _command(stored: object) -> CommandRef | None:
    """The command `ask` stored as `[name, {arg: value}]`, if it is one."""
    if not (isinstance(stored, list) and len(stored) == 2 and stored[0] in SIGNATURES
            and isinstance(stored[1], dict)):
        return None
    return CommandRef(stored[0], tuple((str(k), str(v)) for k, v in stored[1].items()))


def _asked_long_ago(state: dict[str, Any], now: datetime) -> bool:
    try:
        asked = datetime.fromisoformat(str(state.get("asked_at")))
    except ValueError:
        return True
    return now - asked > LIFETIME
