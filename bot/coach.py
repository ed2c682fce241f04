"""The coach: the one entry point every adapter calls with a user's message.

It finds (or creates) the user, continues any unfinished conversation, otherwise dispatches the
command, and turns every failure into a friendly answer: a `UserError` is shown as is,
anything else is logged with context and answered with a short apology.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from bot.clock import Clock
from bot.commands import command_word, dispatch
from bot.drafts import DraftRenderer
from bot.errors import UserError
from bot.flows import continue_flow, resume_prompt
from bot.models import Preferences, User, UserKey
from bot.nudges.planner import sync_user
from bot.parse import parse_timezone
from bot.playbook import DEFAULT_TIMINGS, Timings
from bot.replies import Notice, Reply, Tone
from bot.resolve import NeedsChoice
from bot.session import Incoming, Turn
from bot.store import Store

log = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 4000


class Coach:
    """Platform-agnostic core: text in, `Reply` out."""

    def __init__(self, *, store: Store, clock: Clock, drafts: DraftRenderer,
                 timings: Timings = DEFAULT_TIMINGS,
                 on_nudges_changed: Callable[[], None] | None = None) -> None:
        self._store = store
        self._clock = clock
        self._drafts = drafts
        self._timings = timings
        self._on_nudges_changed = on_nudges_changed

    async def handle(self, incoming: Incoming) -> Reply:
        """Answer one message; never raises."""
        text = _clean(incoming.text)
        if len(text) > MAX_MESSAGE_LENGTH:
            return Reply.text(
                f"That message is {len(text):,} characters; I can take up to "
                f"{MAX_MESSAGE_LENGTH:,} at a time. Nothing was saved. Please shorten it and "
                "send it again.")
        revision = self._store.revision
        try:
            # One unit of work per message: its writes and the re-planning of the user's
            # nudges commit together (one durable commit), or not at all.
            async with self._store.atomic():
                turn = await self._turn(incoming)
                notices = await self._reachability_notice(turn.user)
                reply = await self._answer(turn, text)
                if self._store.revision != revision:
                    await self.replan(incoming.user)
            return Reply(parts=(*notices, *reply.parts), buttons=reply.buttons,
                         expects_multiline=reply.expects_multiline) if notices else reply
        except NeedsChoice as choice:
            return Reply(parts=(Notice(str(choice), Tone.INFO),), buttons=choice.buttons)
        except UserError as problem:
            return Reply(parts=(Notice(str(problem), Tone.WARNING),))
        except Exception:
            log.exception("unexpected error handling a message from %s/%s/%s (command %r)",
                          incoming.user.platform, incoming.user.workspace,
                          incoming.user.user_id, command_word(text)[:20])
            return Reply.text("Sorry, something went wrong on my side. Nothing you had saved "
                              "is lost; please try again in a moment.")

    async def prepare_user(self, key: UserKey, *, timezone: str | None,
                           set_timezone: bool = False) -> User:
        """Make sure the user exists (before a chat starts); `set_timezone` applies the zone."""
        user = await self._store.get_or_create_user(
            key, now=self._clock.now(), preferences=Preferences(timezone=_valid_zone(timezone)))
        if set_timezone and timezone and user.preferences.timezone != timezone:
            user = await self._store.update_preferences(
                user.id, replace(user.preferences, timezone=_valid_zone(timezone)))
            await self.replan(key)
        return user

    async def replan(self, key: UserKey) -> None:
        """Bring the user's nudges in line with their rejections and settings."""
        user = await self._store.get_user(key)
        if user is None:
            return
        changed = await sync_user(self._store, user, now=self._clock.now(),
                                  timings=self._timings)
        if changed and self._on_nudges_changed is not None:
            self._on_nudges_changed()

    async def _reachability_notice(self, user: User) -> tuple[Notice, ...]:
        """Tell a user once that their reminders couldn't reach them, and start again."""
        if user.unreachable is None:
            return ()
        await self._store.set_unreachable(user.id, None)
        if self._on_nudges_changed is not None:
            self._on_nudges_changed()
        return (Notice(
            "I couldn't send you a reminder as a direct message "
            f"({user.unreachable}), so I paused them. Check that direct messages from me are "
            "allowed; I'll try again from now on.", Tone.WARNING),)

    async def resume(self, key: UserKey) -> Reply | None:
        """A reminder of an unfinished conversation, for adapters to show when a user returns."""
        user = await self._store.get_user(key)
        if user is None:
            return None
        state = await self._store.get_conversation(user.id)
        return await resume_prompt(self._make_turn(user), state) if state else None

    async def _answer(self, turn: Turn, text: str) -> Reply:
        state = await self._store.get_conversation(turn.user.id)
        if state:
            reply = await continue_flow(turn, state, text)
            if reply is not None:
                return reply
        if not text.strip():
            return Reply.text("Type help to see what I can do, or log to record a rejection.")
        return await dispatch(turn, text)

    async def _turn(self, incoming: Incoming) -> Turn:
        user = await self._store.get_user(incoming.user)
        if user is None:
            user = await self._store.get_or_create_user(
                incoming.user, now=self._clock.now(),
                preferences=Preferences(timezone=_valid_zone(incoming.timezone_hint)))
        return self._make_turn(user)

    def _make_turn(self, user: User) -> Turn:
        return Turn(user=user, now=self._clock.now(), store=self._store, drafts=self._drafts,
                    timings=self._timings)

def _valid_zone(hint: str | None) -> str:
    """A platform's zone hint if it is a real zone, else the default."""
    if hint:
        try:
            return parse_timezone(hint)
        except UserError:
            log.warning("ignoring an unknown time zone hint")
    return Preferences().timezone


def _clean(text: str) -> str:
    """Replace what SQLite can't store as UTF-8 (lone surrogates) and NUL characters."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
