"""What a request from Slack is, told apart once for HTTP and Socket Mode alike.

Every payload shape (an Events API callback, a slash command's fields, an interaction) becomes
one `SlackRequest`: its kind, who sent it, and the id that makes a redelivery or a replay
recognisable (`source_id`). Listeners then read the team and user from it, never again from
the payload.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

from adapters.slack.blocks import MAILTO_ACTION
from adapters.slack.views import LOG_CALLBACK

Kind = Literal["message", "command", "action", "view", "home", "ignore"]
STORED: frozenset[Kind] = frozenset({"message", "command", "action"})
"""Kinds that go through the durable inbox (a view is handled before its answer; App Home
refreshes and everything else are not worth a write)."""


@dataclass(frozen=True)
class SlackRequest:
    """One request from Slack, classified."""

    kind: Kind
    body: dict[str, Any]
    team_id: str = ""
    user_id: str = ""
    source_id: str = ""

    @property
    def lane(self) -> str:
        """Requests of one user are handled in the order they came."""
        return f"{self.team_id}:{self.user_id}"

    def stored(self) -> dict[str, Any]:
        """What the inbox keeps of it."""
        return {"kind": self.kind, "body": self.body}

    @classmethod
    def from_stored(cls, payload: dict[str, Any]) -> SlackRequest:
        body = payload.get("body")
        kind = payload.get("kind")
        if not isinstance(body, dict) or kind not in STORED:
            return cls("ignore", {})
        envelope = {"message": "events_api", "command": "slash_commands",
                    "action": "interactive"}[str(kind)]
        return classify(envelope, body)


def classify(envelope: str, body: dict[str, Any]) -> SlackRequest:
    """Tell a payload apart: `envelope` is Socket Mode's type (`events_api`,
    `slash_commands`, `interactive`); HTTP requests are sorted into the same three first."""
    if envelope == "events_api":
        return _event(body)
    if envelope == "slash_commands":
        return _command(body)
    if envelope == "interactive":
        return _interaction(body)
    return SlackRequest("ignore", body)


def envelope_of(body: dict[str, Any]) -> str:
    """The Socket Mode envelope type an HTTP request's payload would have come in."""
    if body.get("type") == "event_callback":
        return "events_api"
    if "command" in body and "trigger_id" in body:
        return "slash_commands"
    if isinstance(body.get("type"), str) and "user" in body:
        return "interactive"
    return "unknown"


def _event(body: dict[str, Any]) -> SlackRequest:
    event = body.get("event")
    if body.get("type") != "event_callback" or not isinstance(event, dict):
        return SlackRequest("ignore", body)
    team_id = _text(body.get("team_id") or event.get("team"))
    user_id = _text(event.get("user"))
    if event.get("type") == "app_home_opened" and event.get("tab") == "home":
        return SlackRequest("home", body, team_id, user_id)
    is_users_dm = (event.get("type") == "message" and event.get("channel_type") == "im"
                   and not event.get("subtype") and not event.get("bot_id")
                   and user_id and event.get("channel"))
    if not is_users_dm:
        return SlackRequest("ignore", body, team_id, user_id)
    event_id = _text(body.get("event_id")) or _digest(body)
    return SlackRequest("message", body, team_id, user_id, f"event:{event_id}")


def _command(body: dict[str, Any]) -> SlackRequest:
    # A replayed request carries the same trigger_id: it runs once.
    trigger = _text(body.get("trigger_id")) or _digest(body)
    return SlackRequest("command", body, _text(body.get("team_id")), _text(body.get("user_id")),
                        f"command:{trigger}")


def _interaction(body: dict[str, Any]) -> SlackRequest:
    team, user = _object(body.get("team")), _object(body.get("user"))
    team_id = _text(team.get("id") or body.get("team_id") or user.get("team_id"))
    user_id = _text(user.get("id"))
    kind = body.get("type")
    if kind == "view_submission":
        view = _object(body.get("view"))
        if view.get("callback_id") != LOG_CALLBACK:
            return SlackRequest("ignore", body, team_id, user_id)
        # Save pressed again (after a slow answer) sends the same view and hash: saved once.
        key = f"view:{_text(view.get('id'))}:{_text(view.get('hash'))}"
        return SlackRequest("view", body, team_id, user_id, key)
    actions = body.get("actions")
    if kind != "block_actions" or not isinstance(actions, list) or not actions or \
            not isinstance(actions[0], dict) or actions[0].get("action_id") == MAILTO_ACTION:
        return SlackRequest("ignore", body, team_id, user_id)
    trigger = _text(body.get("trigger_id")) or _digest(body)
    return SlackRequest("action", body, team_id, user_id, f"action:{trigger}")


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32]
