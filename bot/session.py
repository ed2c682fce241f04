"""The per-message context handed to every command handler."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.dates import DateContext, date_order
from bot.drafts import DraftRenderer
from bot.models import Rejection, User, UserKey
from bot.playbook import Progress, derive
from bot.store import Store
from bot.syntax import CommandRef, Piece, Surface, Syntax, cmd, say


@dataclass(frozen=True)
class Incoming:
    """One message from a user, as any adapter delivers it.

    `timezone_hint` is the zone the platform reports for the user (Slack's profile, the
    terminal's system zone); it only seeds a new user's settings.

    `command` says the text is a command for certain (a slash command, a button), not an
    answer to an open question: it runs as a command and leaves an unfinished form as it was.
    A bare answer word (`yes`, `skip`, `cancel`, ...) still goes to the open question, so a
    form's own buttons keep working.

    `message_id` is the platform's id for this delivery (a Slack event id): a message that
    arrives again with an id already handled gets a `Reply` marked `duplicate`, and nothing
    else happens.

    `surface` is where it was typed (set by the adapter): the answer names commands the way
    they work there.

    `call` is a command that came typed (a Discord slash command with its options): it runs
    as given, each value exactly as the user typed it, and `text` is not read. It is always a
    command, so an unfinished form stays as it was.
    `forms` says the platform can show a form in answer (a Slack or Discord slash command or
    button press): asking to log a rejection is then answered with the log form
    (`Reply.form`) rather than the chat's questions.
    """

    user: UserKey
    text: str
    timezone_hint: str | None = None
    command: bool = False
    message_id: str | None = None
    surface: Surface = Surface.TERMINAL
    call: CommandRef | None = None
    forms: bool = False


@dataclass(frozen=True)
class Turn:
    """Everything a handler needs for one message: who, when, and the core's services.

    `rng` is the injected source of randomness (the one-time tokens of confirmations);
    `syntax` writes commands for the surface the message came from; `forms` is
    `Incoming.forms`.
    """

    user: User
    now: datetime
    store: Store
    drafts: DraftRenderer
    syntax: Syntax
    rng: random.Random = field(default_factory=random.Random)
    forms: bool = False

    @property
    def surface(self) -> Surface:
        return self.syntax.surface

    def cmd(self, name: str, /, **args: str) -> str:
        """A command as the user would give it here: `turn.cmd("plan", company="Acme")`."""
        return self.syntax.command(cmd(name, **args))

    def say(self, *pieces: Piece) -> str:
        """A sentence with its commands written for this surface."""
        return say(self.syntax, *pieces)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.user.preferences.timezone)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    @property
    def dates(self) -> DateContext:
        """Today and the user's date order, for reading the dates they type."""
        prefs = self.user.preferences
        return DateContext(self.today, date_order(prefs.date_order, prefs.timezone))

    def progress(self, rejection: Rejection) -> Progress:
        """The rejection's derived progress as of today, in the user's zone."""
        return derive(rejection, today=self.today, tz=self.tz)
