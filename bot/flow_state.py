"""What a user is in the middle of between two messages: one frozen type per flow, and its JSON.

The store keeps at most one of these per user (`bot.store.conversations`), rewritten after
every message, so a restart continues where the user was; `bot.flows` matches on the type.

The JSON is an object whose `"flow"` names the type, in the shape the first release wrote, so
its rows still load. A row that can't be read back (not JSON, an unknown flow, a field of the
wrong kind) becomes `Unreadable` rather than an exception: that conversation starts over, and
nothing else the user saved is touched. A half-filled log form keeps every answer it can.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, assert_never

from bot.log_form import BY_FIELD, FormState, next_field
from bot.models import DraftKind
from bot.playbook import ActionKey
from bot.syntax import SIGNATURES, CommandRef


@dataclass(frozen=True)
class PastedDraft:
    """`review` is waiting for the user to paste a draft (of `kind`, about a rejection)."""

    kind: DraftKind | None
    rejection_id: int | None


@dataclass(frozen=True)
class ProgressQuestion:
    """A stay-in-touch draft waits for what the user has done since the interview."""

    rejection_id: int


@dataclass(frozen=True)
class TheirMessage:
    """`replied … conversation` waits for what the interviewer wrote."""

    rejection_id: int


@dataclass(frozen=True)
class MarkSent:
    """Asked during the cool-down: has the message for step `step` really gone out?"""

    rejection_id: int
    step: ActionKey


@dataclass(frozen=True)
class ForgetRejection:
    """Asked before deleting one rejection (`label` names it in the answer)."""

    rejection_id: int
    label: str


@dataclass(frozen=True)
class ForgetMe:
    """Asked before deleting everything kept about the user."""


PendingAction = MarkSent | ForgetRejection | ForgetMe
"""What a yes to a `Confirmation` does."""


@dataclass(frozen=True)
class Confirmation:
    """An open yes/no question (`bot.confirm`): only an answer carrying `token`, or a typed
    one, settles it. `again` is the command that asked it, suggested once it expires."""

    action: PendingAction
    token: str
    asked_at: datetime
    again: CommandRef | None


@dataclass(frozen=True)
class Unreadable:
    """A stored state that could not be read back; `reason` is for the log, never the user."""

    reason: str


FlowState = FormState | PastedDraft | ProgressQuestion | TheirMessage | Confirmation
"""Every state that is stored."""

StoredState = FlowState | Unreadable
"""What the store hands back for a user who has a state row."""


def to_json(state: FlowState) -> dict[str, Any]:
    """The JSON object `from_json` reads back into an equal state."""
    match state:
        case FormState(answers=answers, asking=asking):
            return {"flow": "log", "answers": dict(answers), "asking": asking}
        case PastedDraft(kind=kind, rejection_id=rejection_id):
            return {"flow": "review", "kind": kind.value if kind else None,
                    "rejection_id": rejection_id}
        case ProgressQuestion(rejection_id=rejection_id):
            return {"flow": "progress", "rejection_id": rejection_id}
        case TheirMessage(rejection_id=rejection_id):
            return {"flow": "their-message", "rejection_id": rejection_id}
        case Confirmation():
            action, fields = _action_fields(state.action)
            again = [state.again.name, dict(state.again.args)] if state.again else None
            return {"flow": "confirm", "action": action, "token": state.token,
                    "asked_at": state.asked_at.isoformat(), "again": again, **fields}
        case _:
            assert_never(state)


def from_json(data: object) -> StoredState:
    """Read a state in the shape `to_json` writes (the first release's shape too);
    `Unreadable` for anything else, whatever it is."""
    if not isinstance(data, dict):
        return Unreadable("not a JSON object")
    flow = data.get("flow")
    try:
        if flow == "log":
            return _form(data)
        if flow == "review":
            kind = data.get("kind")
            return PastedDraft(kind=None if kind is None else DraftKind(kind),
                               rejection_id=_optional_id(data.get("rejection_id")))
        if flow == "progress":
            return ProgressQuestion(rejection_id=_id(data.get("rejection_id")))
        if flow == "their-message":
            return TheirMessage(rejection_id=_id(data.get("rejection_id")))
        if flow == "confirm":
            return _confirmation(data)
    except (ValueError, TypeError) as exc:
        return Unreadable(f"a {flow} state with a field that doesn't fit ({exc})")
    return Unreadable(f"unknown flow {str(flow)[:40]!r}")


def _form(data: dict[str, Any]) -> FormState:
    """A log form keeps every answer it can: unknown fields are dropped, and a question that
    can't be asked becomes the next unanswered one."""
    given = data.get("answers")
    answers = {field: value for field, value in (given.items() if isinstance(given, dict) else ())
               if field in BY_FIELD and (value is None or isinstance(value, str))}
    asking = data.get("asking")
    return FormState(answers=answers,
                     asking=asking if asking in BY_FIELD else next_field(answers))


def _confirmation(data: dict[str, Any]) -> Confirmation:
    asked_at = datetime.fromisoformat(_text(data.get("asked_at")))
    if asked_at.utcoffset() is None:
        raise ValueError("asked_at has no time zone")
    return Confirmation(action=_action(data), token=_text(data.get("token")),
                        asked_at=asked_at, again=_command(data.get("again")))


def _action(data: dict[str, Any]) -> PendingAction:
    action = data.get("action")
    if action == "sent":
        return MarkSent(rejection_id=_id(data.get("rejection_id")),
                        step=ActionKey(_text(data.get("step"))))
    if action == "forget":
        return ForgetRejection(rejection_id=_id(data.get("rejection_id")),
                               label=_text(data.get("label")))
    if action == "forget-me":
        return ForgetMe()
    raise ValueError(f"unknown action {str(action)[:40]!r}")


def _action_fields(action: PendingAction) -> tuple[str, dict[str, Any]]:
    """The action's name and its own fields, as `_action` reads them."""
    match action:
        case MarkSent(rejection_id=rejection_id, step=step):
            return "sent", {"rejection_id": rejection_id, "step": step.value}
        case ForgetRejection(rejection_id=rejection_id, label=label):
            return "forget", {"rejection_id": rejection_id, "label": label}
        case ForgetMe():
            return "forget-me", {}
        case _:
            assert_never(action)


def _command(stored: object) -> CommandRef | None:
    """The command stored as `[name, {arg: value}]`; None when there is none (or it is no
    longer a command: it is only ever a suggestion)."""
    if not (isinstance(stored, list) and len(stored) == 2 and stored[0] in SIGNATURES
            and isinstance(stored[1], dict)):
        return None
    return CommandRef(stored[0], tuple((str(k), str(v)) for k, v in stored[1].items()))


def _id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("rejection_id is not a number")
    return value


def _optional_id(value: object) -> int | None:
    return None if value is None else _id(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value
