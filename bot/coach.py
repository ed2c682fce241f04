"""The coach: the one entry point every adapter calls with a user's message.

It finds (or creates) the user, continues any unfinished conversation, otherwise dispatches the
command, and turns every failure into a friendly answer: a `UserError` is shown as is,
anything else is logged with context and answered with a short apology.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from bot import log_form
from bot.clock import Clock
from bot.commands import command_word, dispatch, is_answer_word, run
from bot.drafts import DraftRenderer
from bot.errors import UserError
from bot.flow_state import StoredState
from bot.flows import continue_flow, resume_prompt
from bot.handlers import account, tracking
from bot.handlers.logbook import save_rejection, update_rejection
from bot.models import Preferences, Profile, User, UserKey
from bot.nudges.planner import check_ins_may_change, sync_rejections, sync_user
from bot.observe import FORM, NO_OBSERVER, Observer, command_label, timed
from bot.parse import parse_timezone
from bot.replies import Notice, Reply, Tone
from bot.resolve import NeedsChoice
from bot.session import Incoming, Turn
from bot.store import Store
from bot.store.kept_forms import KeptForm
from bot.store.unit import UnitOfWork
from bot.syntax import CommandRef, Surface, Syntax, TextSyntax, cmd

log = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 4000


@dataclass(frozen=True)
class FormResult:
    """What a submitted form (a Slack or Discord modal) led to.

    Either `errors` ({field: what to fix}, nothing saved) or the `reply` to show;
    `rejection_id` names the rejection saved or changed, for a follow-up form page.
    """

    reply: Reply | None = None
    errors: dict[str, str] = field(default_factory=dict)
    rejection_id: int | None = None
    kept: int | None = None
    """With `keep_failed`, the token of the answers kept for a retry (see `kept_form`)."""


class Coach:
    """Platform-agnostic core: text in, `Reply` out."""

    def __init__(self, *, store: Store, clock: Clock, drafts: DraftRenderer,
                 on_nudges_changed: Callable[[], None] | None = None,
                 on_user_changed: Callable[[UserKey], None] | None = None,
                 default_timezone: str | None = None,
                 observer: Observer = NO_OBSERVER,
                 rng: random.Random | None = None) -> None:
        """`on_nudges_changed` wakes the scheduler; `on_user_changed` tells an adapter that a
        user's data changed (Slack refreshes their App Home); `observer` counts and times
        every message and form; `rng` makes the one-time tokens of confirmations."""
        self._store = store
        self._clock = clock
        self._drafts = drafts
        self._on_nudges_changed = on_nudges_changed
        self._on_user_changed = on_user_changed
        self._observer = observer
        self._rng = rng or random.Random()
        # The zone a new user starts in when their platform doesn't say (Discord never does).
        self._default_zone = _valid_zone(default_timezone, Preferences().timezone)
        # How commands are written on each surface; adapters register their own.
        self._syntaxes: dict[Surface, Syntax] = {surface: TextSyntax(surface)
                                                 for surface in Surface}

    def register_syntax(self, syntax: Syntax) -> None:
        """Write commands `syntax`'s way on its surface (an adapter calls this once, at start:
        Slack for `/coach <text>` in channels, Discord for its `/coach` subcommands)."""
        self._syntaxes[syntax.surface] = syntax

    def syntax(self, surface: Surface) -> Syntax:
        """How commands are written on `surface`."""
        return self._syntaxes[surface]

    @property
    def store(self) -> Store:
        """The store the coach works on (an adapter's inbox keeps its events there too)."""
        return self._store

    @property
    def clock(self) -> Clock:
        """The coach's clock, for the components that work beside it."""
        return self._clock

    async def handle(self, incoming: Incoming) -> Reply:
        """Answer one message, or run one typed command (`Incoming.call`); never raises."""
        label = incoming.call.name if incoming.call else command_label(incoming.text)
        return await timed(self._observer, incoming.user.platform, label,
                           self._handle(incoming))

    async def _handle(self, incoming: Incoming) -> Reply:
        text = _clean(incoming.text)
        call = _clean_call(incoming.call) if incoming.call is not None else None
        syntax = self.syntax(incoming.surface)
        size = sum(len(v) for _k, v in call.args) if call is not None else len(text)
        if size > MAX_MESSAGE_LENGTH:
            return Reply.text(
                f"That message is {size:,} characters; I can take up to "
                f"{MAX_MESSAGE_LENGTH:,} at a time. Nothing was saved. Please shorten it and "
                "send it again.")
        try:
            # One unit of work per message: its writes and the re-planning of what they
            # changed commit together (one durable commit), or not at all.
            async with self._store.unit() as unit:
                if incoming.message_id is not None and not await self._store.first_time(
                        incoming.user.platform, incoming.message_id, now=self._clock.now()):
                    log.info("dropped a redelivered message from %s", incoming.user.platform)
                    return Reply(duplicate=True)
                found, state = await self._store.get_user_and_conversation(incoming.user)
                turn = await self._turn(incoming, syntax, found)
                notices = await self._reachability_notice(turn.user)
                reply = await run(turn, call) if call is not None else \
                    await self._answer(turn, text, state, command=incoming.command)
                await self._replan_changes(turn.user, unit)
            self._changed(incoming.user, turn.user, unit)
            return replace(reply, parts=(*notices, *reply.parts)) if notices else reply
        except NeedsChoice as choice:
            return Reply(parts=(Notice(choice.said(syntax), Tone.INFO),), buttons=choice.buttons)
        except UserError as problem:
            return Reply(parts=(Notice(problem.said(syntax), Tone.WARNING),))
        except Exception:
            log.exception("unexpected error handling a message from %s/%s/%s (command %r)",
                          incoming.user.platform, incoming.user.workspace,
                          incoming.user.user_id,
                          call.name if call is not None else command_word(text)[:20])
            return Reply.text("Sorry, something went wrong on my side. Nothing you had saved "
                              "is lost; please try again in a moment.")

    async def submit_form(self, user: UserKey, fields: Mapping[str, str], *,
                          rejection_id: int | None = None,
                          timezone_hint: str | None = None,
                          surface: Surface = Surface.DIRECT, keep_failed: bool = False,
                          refilled_from: int | None = None) -> FormResult:
        """Log a rejection from a form submitted all at once, or, with `rejection_id`, change
        the fields given. Each field is checked on its own so a modal can show every problem
        next to its field; nothing is saved unless all of them pass. Never raises. The reply
        is written for `surface`, where it will be shown.

        For platforms whose forms forget what was typed: `keep_failed` keeps the answers of a
        form with errors (`FormResult.kept`), and `refilled_from` names kept answers this form
        was filled from, dropped now that it came back."""
        return await timed(self._observer, user.platform, FORM, self._submit_form(
            user, fields, rejection_id=rejection_id, timezone_hint=timezone_hint,
            syntax=self.syntax(surface), keep_failed=keep_failed,
            refilled_from=refilled_from))

    async def kept_form(self, user: UserKey, token: int) -> KeptForm | None:
        """The user's answers kept by a failed `submit_form`, if they are still there."""
        return await self._store.kept_forms.get(user, token, now=self._clock.now())

    async def _submit_form(self, user: UserKey, fields: Mapping[str, str], *,
                           rejection_id: int | None, timezone_hint: str | None,
                           syntax: Syntax, keep_failed: bool,
                           refilled_from: int | None) -> FormResult:
        try:
            async with self._store.unit() as unit:
                turn = await self._turn(Incoming(user, "", timezone_hint), syntax,
                                        await self._store.get_user(user))
                if refilled_from is not None:
                    await self._store.kept_forms.drop(user, refilled_from)
                if rejection_id is None:
                    answers, errors = log_form.check_form(fields, turn.dates)
                    if errors:
                        return await self._failed(user, fields, errors, rejection_id=None,
                                                  keep=keep_failed)
                    saved = await save_rejection(
                        turn, answers, notes=log_form.date_notes(fields, turn.dates))
                else:
                    rejection = await self._store.get_rejection(turn.user.id, rejection_id)
                    if rejection is None:
                        return FormResult(Reply(parts=(Notice(
                            "That rejection is gone (it was deleted), so there was nothing "
                            "to change.", Tone.WARNING),)))
                    known = {k: v for k, v in fields.items() if k in log_form.BY_FIELD}
                    changes, errors = log_form.check_fields(known, turn.dates)
                    if errors:
                        return await self._failed(user, fields, errors,
                                                  rejection_id=rejection_id, keep=keep_failed)
                    saved = await update_rejection(
                        turn, rejection, changes, notes=log_form.date_notes(known, turn.dates))
                await self._replan_changes(turn.user, unit)
            self._changed(user, turn.user, unit)
            return FormResult(saved.reply, rejection_id=saved.rejection.id)
        except UserError as problem:
            return FormResult(Reply(parts=(Notice(problem.said(syntax), Tone.WARNING),)))
        except Exception:
            log.exception("unexpected error handling a form from %s/%s/%s", user.platform,
                          user.workspace, user.user_id)
            return FormResult(Reply.text("Sorry, something went wrong on my side and the "
                                         "form wasn't saved. Please try again in a moment."))

    async def _failed(self, user: UserKey, fields: Mapping[str, str], errors: dict[str, str],
                      *, rejection_id: int | None, keep: bool) -> FormResult:
        kept = await self._store.kept_forms.keep(user, fields, rejection_id=rejection_id,
                                                 now=self._clock.now()) if keep else None
        return FormResult(errors=errors, kept=kept)

    async def overview(self, user: UserKey, *, timezone_hint: str | None = None) -> Reply:
        """The user's pipeline and settings, for a home screen next to the user's DM with the
        bot (commands are written as they are typed there).

        Read-only: it writes nothing and creates no one. Someone unknown (new, or just
        forgotten) sees the empty overview a new user would, with the default settings.
        """
        found = await self._store.get_user(user)
        if found is None:
            # Never stored: id 0 is no row's id, so every lookup below finds nothing.
            found = User(id=0, key=user, profile=Profile(), created_at=self._clock.now(),
                         preferences=Preferences(timezone=self._zone(timezone_hint)))
        turn = self._make_turn(found, self.syntax(Surface.DIRECT))
        pipeline = await tracking.pipeline(turn)
        settings = await account.show_settings(turn)
        return Reply(parts=(*pipeline.parts, *settings.parts), buttons=pipeline.buttons)

    async def companies(self, user: UserKey) -> list[str]:
        """The companies the user has logged, newest first, for autocomplete."""
        found = await self._store.get_user(user)
        if found is None:
            return []
        rejections = await self._store.list_rejections(found.id)
        names = [r.company for r in sorted(rejections, key=lambda r: r.id, reverse=True)]
        return list(dict.fromkeys(names))

    def _changed(self, key: UserKey, user: User, unit: UnitOfWork) -> None:
        """Tell the adapter when this message changed the user's data (Slack refreshes their
        App Home); a write by anyone else meanwhile is not this message's change."""
        if self._on_user_changed is not None and unit.changed(user.id):
            on_user_changed = self._on_user_changed
            self._store.after_commit(lambda: on_user_changed(key))

    async def prepare_user(self, key: UserKey, *, timezone: str | None,
                           set_timezone: bool = False) -> User:
        """Make sure the user exists (before a chat starts); `set_timezone` applies the zone."""
        user = await self._store.get_or_create_user(
            key, now=self._clock.now(), preferences=Preferences(timezone=self._zone(timezone)))
        if set_timezone and timezone and user.preferences.timezone != timezone:
            user = await self._store.update_preferences(
                user.id, replace(user.preferences, timezone=self._zone(timezone)))
            await self.replan(key)
        return user

    async def replan(self, key: UserKey) -> None:
        """Bring all the user's nudges in line with their rejections and settings (at start,
        and after a change to what every nudge of theirs depends on)."""
        user = await self._store.get_user(key)
        if user is None:
            return
        changed = await sync_user(self._store, user, now=self._clock.now())
        if changed and self._on_nudges_changed is not None:
            self._store.after_commit(self._on_nudges_changed)

    async def _replan_changes(self, user: User, unit: UnitOfWork) -> None:
        """Re-plan what `unit` changed for this user: everything after a settings change,
        else only the nudges of the rejections it wrote (and the user's check-ins)."""
        if unit.whole_plan(user.id):
            await self.replan(user.key)
            return
        rejections = unit.rejections(user.id)
        if not rejections:
            return
        check_ins = check_ins_may_change(reshaped=unit.reshaped(user.id),
                                         events=unit.events(user.id))
        await sync_rejections(self._store, user, rejections, check_ins=check_ins,
                              now=self._clock.now(), on_change=self._nudges_changed)

    def wake_scheduler(self) -> None:
        """Have the scheduler look again once the current write commits (nudges held from
        outside the coach were let go, e.g. a Slack workspace installed the app again)."""
        self._nudges_changed()

    def _nudges_changed(self) -> None:
        """Wake the scheduler once what changed the nudges commits."""
        if self._on_nudges_changed is not None:
            self._store.after_commit(self._on_nudges_changed)

    async def _reachability_notice(self, user: User) -> tuple[Notice, ...]:
        """Tell a user once that their reminders couldn't reach them, and start again."""
        if user.unreachable is None:
            return ()
        await self._store.set_unreachable(user.id, None)
        if self._on_nudges_changed is not None:
            self._store.after_commit(self._on_nudges_changed)
        return (Notice(
            "I couldn't send you a reminder as a direct message "
            f"({user.unreachable}), so I paused them. Check that direct messages from me are "
            "allowed; I'll try again from now on.", Tone.WARNING),)

    async def resume(self, key: UserKey, *, surface: Surface = Surface.TERMINAL
                     ) -> Reply | None:
        """A reminder of an unfinished conversation, for adapters to show when a user returns."""
        user, state = await self._store.get_user_and_conversation(key)
        if user is None:
            return None
        turn = self._make_turn(user, self.syntax(surface))
        return await resume_prompt(turn, state) if state else None

    async def _answer(self, turn: Turn, text: str, state: StoredState | None, *,
                      command: bool) -> Reply:
        """Continue the pending conversation (`state`, read with the user) or run the
        command."""
        if state and (not command or is_answer_word(text)):
            reply = await continue_flow(turn, state, text)
            if reply is not None:
                return reply
        if not text.strip():
            return Reply.text(turn.say("Type ", cmd("help"), " to see what I can do, or ",
                                       cmd("log"), " to record a rejection."))
        return await dispatch(turn, text)

    async def _turn(self, incoming: Incoming, syntax: Syntax, user: User | None) -> Turn:
        """The turn of `user` as found (None: new, created now)."""
        if user is None:
            user = await self._store.get_or_create_user(
                incoming.user, now=self._clock.now(),
                preferences=Preferences(timezone=self._zone(incoming.timezone_hint)))
        return self._make_turn(user, syntax, forms=incoming.forms)

    def _make_turn(self, user: User, syntax: Syntax, *, forms: bool = False) -> Turn:
        return Turn(user=user, now=self._clock.now(), store=self._store, drafts=self._drafts,
                    syntax=syntax, rng=self._rng, forms=forms)

    def _zone(self, hint: str | None) -> str:
        return _valid_zone(hint, self._default_zone)


def _valid_zone(hint: str | None, default: str) -> str:
    """A platform's zone hint if it is a real zone, else the default."""
    if hint:
        try:
            return parse_timezone(hint)
        except UserError:
            log.warning("ignoring an unknown time zone hint")
    return default


def _clean(text: str) -> str:
    """Replace what SQLite can't store as UTF-8 (lone surrogates) and NUL characters."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def _clean_call(call: CommandRef) -> CommandRef:
    """The typed command with each value cleaned as a message is (and nothing else changed)."""
    return CommandRef(call.name, tuple((k, _clean(v)) for k, v in call.args))
