"""Domain values shared by the core: users, rejections and the events that record what happened.

Everything here is immutable (a frozen dataclass, or a `bot.values.value` where the fire path
builds many): the store builds them, the coach reads them, nothing mutates them. A rejection's
progress is never stored; it is derived from its events (see `bot.playbook`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from bot.values import value


@value
class UserKey:
    """Who is talking: a user is unique per (platform, workspace, user id)."""

    platform: str
    workspace: str
    user_id: str


@dataclass(frozen=True)
class Profile:
    """The user's own details, used to sign drafts and in the feedback request."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


DEFAULT_TIMEZONE = "UTC"
DEFAULT_NUDGE_TIME = time(9, 30)
DEFAULT_QUIET_START = time(20, 0)
DEFAULT_QUIET_END = time(8, 0)
LINKEDIN_FREE_LIMIT = 200
LINKEDIN_PREMIUM_LIMIT = 300


@dataclass(frozen=True)
class Preferences:
    """When and how the user wants to be coached."""

    timezone: str = DEFAULT_TIMEZONE
    nudge_time: time = DEFAULT_NUDGE_TIME
    quiet_start: time = DEFAULT_QUIET_START
    quiet_end: time = DEFAULT_QUIET_END
    linkedin_limit: int = LINKEDIN_FREE_LIMIT
    checkins: bool = True
    date_order: str | None = None
    """`dmy`, `mdy` or `ymd` for all-number dates; None: guessed from the time zone."""


@dataclass(frozen=True)
class User:
    """A stored user: identity, profile and preferences.

    `unreachable` holds why direct messages to them failed for good; nudges wait until the
    user talks to the bot again and is told.
    """

    id: int
    key: UserKey
    profile: Profile
    preferences: Preferences
    created_at: datetime
    unreachable: str | None = None


class EventKind(StrEnum):
    """What can happen to a rejection; the timeline is derived from these."""

    LOGGED = "logged"
    SENT = "sent"
    REPLIED = "replied"
    FEEDBACK = "feedback"
    SNOOZED = "snoozed"
    STOPPED = "stopped"
    RESUMED = "resumed"
    UNSNOOZED = "unsnoozed"
    EDITED = "edited"
    WANTED_ROLES = "wanted-roles"


class ReplyKind(StrEnum):
    """The step-3 branches: how the interviewer answered the thank-you email."""

    BRIEF = "brief"
    CONVERSATION = "conversation"
    NONE = "none"


@dataclass(frozen=True)
class Event:
    """One recorded fact about a rejection.

    `action` names the playbook action a `sent`, `snoozed` or `unsnoozed` event belongs to;
    `value` holds the reply kind of a `replied` event, the text of a `feedback` event, the
    roles a user would like (`wanted-roles`), or the details an `edited` event replaced (JSON,
    so `undo` can put them back); `until` is the new due date of a `snoozed` event, in the
    user's local calendar; `message` is what the interviewer wrote, on a `replied` event.
    """

    kind: EventKind
    at: datetime
    action: str | None = None
    value: str | None = None
    until: date | None = None
    id: int | None = None
    message: str | None = None


@dataclass(frozen=True)
class RejectionInput:
    """What a user logs about a rejection, validated, before it is stored."""

    company: str
    role: str
    interviewer: str
    rejected_on: date
    memory: str
    interviewer_email: str | None = None
    linkedin_url: str | None = None
    compliment: str | None = None


@dataclass(frozen=True)
class Rejection:
    """A stored rejection with its events, oldest first."""

    id: int
    user_id: int
    company: str
    role: str
    interviewer: str
    rejected_on: date
    memory: str
    interviewer_email: str | None
    linkedin_url: str | None
    compliment: str | None
    created_at: datetime
    events: tuple[Event, ...] = field(default=())
    revision: int = field(default=0, compare=False)
    """Moves on every change to the rejection or its events (the store's triggers): what a
    message composed from this rejection was composed from. Not part of its value."""

    @property
    def feedback(self) -> tuple[str, ...]:
        """Feedback texts received for this rejection, oldest first."""
        return tuple(e.value for e in self.events if e.kind is EventKind.FEEDBACK and e.value)

    @property
    def their_message(self) -> str | None:
        """What the interviewer last wrote back, if the user shared it."""
        messages = [e.message for e in self.events if e.kind is EventKind.REPLIED and e.message]
        return messages[-1] if messages else None

    @property
    def wanted_roles(self) -> str | None:
        """The roles or team the user last said they would like here, for alternate-roles."""
        wanted = [e.value for e in self.events if e.kind is EventKind.WANTED_ROLES and e.value]
        return wanted[-1] if wanted else None


@dataclass(frozen=True)
class Skill:
    """A skill or piece of progress the user logged; feeds the stay-in-touch update."""

    text: str
    at: datetime
    id: int | None = None


class DraftKind(StrEnum):
    """The messages Rebound can draft; the value is the name users type."""

    THANK_YOU = "thank-you"
    REPLY = "reply"
    LINKEDIN = "linkedin"
    STAY_IN_TOUCH = "stay-in-touch"
    ALTERNATE_ROLES = "alternate-roles"
    FEEDBACK_REQUEST = "feedback-request"
    THANK_YOU_FOR_FEEDBACK = "thank-you-for-feedback"

    @property
    def label(self) -> str:
        """How the message is named in a sentence: `thank-you email`, `LinkedIn note`."""
        return _DRAFT_TITLES[self]


_DRAFT_TITLES = {
    DraftKind.THANK_YOU: "thank-you email",
    DraftKind.REPLY: "reply",
    DraftKind.LINKEDIN: "LinkedIn connection note",
    DraftKind.STAY_IN_TOUCH: "stay-in-touch email",
    DraftKind.ALTERNATE_ROLES: "alternate-roles letter",
    DraftKind.FEEDBACK_REQUEST: "feedback request",
    DraftKind.THANK_YOU_FOR_FEEDBACK: "feedback thank-you note",
}


@dataclass(frozen=True)
class Draft:
    """A rendered message: `subject` and `to` are None for a LinkedIn note."""

    kind: DraftKind
    body: str
    subject: str | None = None
    to: str | None = None

    @property
    def text(self) -> str:
        """The draft as one copyable text (subject line first, for emails)."""
        if self.subject is None:
            return self.body
        return f"Subject: {self.subject}\n\n{self.body}"
