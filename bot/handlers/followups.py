"""Short conversations that feed the later letters: what the interviewer wrote back (pasted
after `replied conversation`), and what the user has done since the interview (asked before
the first stay-in-touch draft when nothing was logged since the rejection).

Each keeps its state per user (`their-message` or `progress`), so a restart continues it. A
short line that starts with a command (`draft reply`, `list`) isn't taken as the answer: the
question is dropped and the command runs.
"""

from __future__ import annotations

import re

from bot.commands import COMMANDS
from bot.errors import UserError
from bot.flow_state import ProgressQuestion, TheirMessage
from bot.handlers.common import Tracked, namesakes
from bot.handlers.drafting import draft_reply, draft_with_progress, progress_question
from bot.handlers.tracking import their_message_prompt
from bot.models import DraftKind, Event, EventKind, ReplyKind
from bot.replies import Button, Notice, Reply, Text, Tone
from bot.resolve import reference
from bot.session import Turn
from bot.syntax import cmd

MAX_MESSAGE_LENGTH = 3000
MAX_COMMAND_WORDS = 4
SKIP_WORDS = frozenset({"skip", "no", "none", "nothing", "n/a"})
CANCEL_WORDS = frozenset({"cancel", "stop", "quit", "abort"})
_COMMAND_NAMES = frozenset(c.name for c in COMMANDS if c.name != "hello")


async def continue_followup(turn: Turn, state: ProgressQuestion | TheirMessage, text: str
                            ) -> Reply | None:
    """Handle an answer in one of these flows; None lets the message run as a command."""
    await turn.store.set_conversation(turn.user.id, None, now=turn.now)
    word = text.strip().lower()
    if isinstance(state, ProgressQuestion) and re.match(r"(?:skill|progress)\s*:", word):
        text = text.split(":", 1)[1]
    elif word not in CANCEL_WORDS | SKIP_WORDS and _looks_like_command(text):
        return None
    item = await _tracked(turn, state.rejection_id)
    if item is None:
        return Reply(parts=(Notice("That rejection is gone (it was deleted), so there's "
                                   "nothing to add it to.", Tone.INFO),))
    tracked, ref = item
    if isinstance(state, TheirMessage):
        return await _their_message(turn, tracked, ref, text)
    if word in CANCEL_WORDS:
        return Reply.text(turn.say("Okay, no draft for now. Type ",
                                   cmd("draft", kind=DraftKind.STAY_IN_TOUCH.value, company=ref),
                                   " when you're ready."))
    if word in SKIP_WORDS:
        return await draft_with_progress(turn, tracked, ref, "nothing")
    return await draft_with_progress(turn, tracked, ref, text.strip())


async def resume_followup(turn: Turn, state: ProgressQuestion | TheirMessage
                          ) -> Reply | None:
    """The open question again, for a user coming back to it (after a restart)."""
    if isinstance(state, TheirMessage):
        return Reply(parts=(Text(f"You were about to share what they wrote. "
                                 f"{their_message_prompt(turn)}"),), expects_multiline=True)
    found = await _tracked(turn, state.rejection_id)
    if found is None:
        return None
    return Reply(parts=(Text(progress_question(turn, found[1])),))


async def _their_message(turn: Turn, item: Tracked, ref: str, text: str) -> Reply:
    word = text.strip().lower()
    if word in CANCEL_WORDS | SKIP_WORDS:
        return Reply.text(turn.say(
            "Okay. Your reply draft will stay general. You can still share their message "
            "later: ", cmd("replied", company=ref, how=ReplyKind.CONVERSATION.value,
                           message="<what they wrote>"), "."),
                          buttons=(Button("Draft the reply", f"draft reply {ref}"),))
    message = text.strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise UserError(f"That's {len(message):,} characters; paste up to "
                        f"{MAX_MESSAGE_LENGTH:,}, the part that matters most.")
    await turn.store.add_event(turn.user.id, item.rejection.id, Event(
        EventKind.REPLIED, turn.now, value=ReplyKind.CONVERSATION.value, message=message))
    found = await _tracked(turn, item.rejection.id)
    assert found is not None
    return await draft_reply(turn, found[0], ref, DraftKind.REPLY, note=Notice(
        "Saved what they wrote. Here's a reply that picks up on it without quoting it back.",
        Tone.SUCCESS))


async def _tracked(turn: Turn, rejection_id: int) -> tuple[Tracked, str] | None:
    rejection = await turn.store.get_rejection(turn.user.id, rejection_id)
    if rejection is None:
        return None
    return (Tracked(rejection, turn.progress(rejection)),
            reference(rejection, await namesakes(turn, rejection)))


def _looks_like_command(text: str) -> bool:
    """One line that starts with a command name, short or with a colon soon after it
    (`draft reply`, `feedback acme: …`): the user moved on rather than answered."""
    words = text.split()
    if "\n" in text.strip() or not words or words[0].lower().rstrip(":") not in _COMMAND_NAMES:
        return False
    return len(words) <= MAX_COMMAND_WORDS or ":" in " ".join(words[:MAX_COMMAND_WORDS])

