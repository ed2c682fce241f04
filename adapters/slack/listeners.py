"""What each kind of Slack request means for the coach.

A DM, a `/coach` command or a button press arrives here from the inbox, after Slack has been
acknowledged: look-ups on Slack come first (the user's zone, their DM channel), then the
coach's work and the rendered answer commit in the entry's unit of work; the answer is sent
after the commit. The log modal's submission is answered before Slack's 3 seconds are up,
with its field errors, and saved once however often Save is pressed.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Mapping
from typing import Any

from slack_sdk.errors import SlackApiError

from adapters.slack.background import Background
from adapters.slack.blocks import chosen_blocks, escape
from adapters.slack.messenger import SLACK_PLATFORM
from adapters.slack.outbox import Destination, ephemeral_note, outbound
from adapters.slack.requests import SlackRequest
from adapters.slack.text import typed_text
from adapters.slack.views import log_modal, modal_origin, submitted_fields
from adapters.slack.workspaces import DirectMessages, Profiles, Workspaces, error_code
from bot.coach import Coach
from bot.commands import menu_reply
from bot.errors import ReboundError
from bot.inbox import Inbox, Unit
from bot.log_form import QUESTIONS
from bot.models import UserKey
from bot.session import Incoming

log = logging.getLogger(__name__)

JSON = dict[str, Any]
ALREADY_CHOSEN = "You already chose an option on that message."
VIEW_DEADLINE = 2.5
"""Seconds a modal submission may take before it is answered anyway (Slack waits 3)."""
NOT_SAVED = ("I couldn't save this just now. Press Save again: it will be saved once, "
             "however often you press it.")
_DM_CHANNEL_NAME = "directmessage"


class Listeners:
    """Slack requests in, coach calls and rendered answers out."""

    def __init__(self, coach: Coach, workspaces: Workspaces, *, dms: DirectMessages,
                 profiles: Profiles, inbox: Inbox, background: Background) -> None:
        self.coach = coach
        self.workspaces = workspaces
        self.dms = dms
        self.profiles = profiles
        self.inbox = inbox
        self.background = background

    async def handle(self, request: SlackRequest, unit: Unit) -> None:
        """Handle a stored request (its unit commits the answer with the coach's work)."""
        if request.kind == "message":
            await self._message(request, unit)
        elif request.kind == "command":
            await self._command(request, unit)
        elif request.kind == "action":
            await self._press(request, unit)

    def _user(self, request: SlackRequest) -> UserKey:
        return UserKey(SLACK_PLATFORM, request.team_id, request.user_id)

    async def _message(self, request: SlackRequest, unit: Unit) -> None:
        """A message in the bot's DM: the chat conversation, guided form included."""
        event = request.body["event"]
        channel = str(event["channel"])
        self.dms.remember(request.team_id, request.user_id, channel)
        zone = await self.profiles.zone(request.team_id, request.user_id)
        async with unit:
            reply = await self.coach.handle(Incoming(
                self._user(request), typed_text(str(event.get("text") or "")),
                timezone_hint=zone))
            unit.reply(outbound(Destination(request.team_id, request.user_id, channel=channel),
                                reply))

    async def _command(self, request: SlackRequest, unit: Unit) -> None:
        """`/coach [command]`: private in channels, a normal message in the bot's own DM."""
        body = request.body
        text = typed_text(str(body.get("text") or "")).strip()
        destination = await self._slash_destination(request)
        if text.lower() == "log":
            # Learn their zone while they fill the modal in: its submission can't wait for it.
            team, user = request.team_id, request.user_id
            self.background.run(("zone", team, user), lambda: self.profiles.zone(team, user))
            if await self._open_log_modal(request, destination):
                return
        if not text:  # the menu: nothing to look up or change
            async with unit:
                unit.reply(outbound(destination, menu_reply()))
            return
        zone = await self.profiles.zone(request.team_id, request.user_id)
        async with unit:
            reply = await self.coach.handle(Incoming(self._user(request), text,
                                                     timezone_hint=zone, command=True))
            unit.reply(outbound(destination, reply))

    async def _press(self, request: SlackRequest, unit: Unit) -> None:
        """A button press: runs its command, and retires the buttons of the message it's on
        (a second press on that message is only told so)."""
        body = request.body
        action = body["actions"][0]
        command = str(action.get("value") or "")
        container = body.get("container") or {}
        message_ts = container.get("message_ts")
        press_id = (f"press:{container.get('channel_id')}:{message_ts}"
                    if container.get("type") == "message" and message_ts else None)
        destination, retire = self._press_answer(request, _pressed_label(body, action) or
                                                 command)
        zone = await self.profiles.zone(request.team_id, request.user_id)
        async with unit:
            reply = await self.coach.handle(Incoming(
                self._user(request), command, timezone_hint=zone, command=True,
                message_id=press_id))
            if reply.duplicate:
                unit.reply(ephemeral_note(Destination(
                    request.team_id, request.user_id,
                    response_url=str(body.get("response_url") or "") or None), ALREADY_CHOSEN))
            else:
                unit.reply(outbound(destination, reply, retire=retire))

    def _press_answer(self, request: SlackRequest, label: str) -> tuple[Destination, JSON | None]:
        """Where a press is answered, and the edit that replaces the pressed buttons."""
        body = request.body
        container = body.get("container") or {}
        team, user = request.team_id, request.user_id
        if container.get("type") != "message":  # App Home: answer in the DM
            return Destination(team, user), None
        message = body.get("message") or {}
        blocks = chosen_blocks(list(message.get("blocks") or []), label)
        if container.get("is_ephemeral"):
            url = str(body.get("response_url") or "") or None
            retire = {"response_url": url, "text": escape(label), "blocks": blocks} if url \
                else None
            return Destination(team, user, response_url=url), retire
        channel = str(container.get("channel_id") or "")
        return Destination(team, user, channel=channel), {
            "channel": channel, "ts": str(container.get("message_ts") or ""),
            "text": str(message.get("text") or "") or escape(label), "blocks": blocks}

    async def _slash_destination(self, request: SlackRequest) -> Destination:
        """The bot's own DM gets real messages; anywhere else, answers are ephemeral."""
        body = request.body
        team, user = request.team_id, request.user_id
        channel = str(body.get("channel_id", ""))
        response_url = str(body.get("response_url") or "") or None
        if body.get("channel_name") == _DM_CHANNEL_NAME and channel.startswith("D"):
            try:
                if await self.dms.channel(team, user) == channel:
                    return Destination(team, user, channel=channel)
            except (SlackApiError, LookupError):
                pass
        return Destination(team, user, response_url=response_url)

    async def _open_log_modal(self, request: SlackRequest, destination: Destination) -> bool:
        """Open the log modal; False if Slack refused (the trigger expired, say), so the
        chat form asks the same questions instead."""
        client = self.workspaces.answering_client(request.team_id)
        if client is None:
            return False
        origin = {"channel": destination.channel or "",
                  "response_url": destination.response_url or ""}
        try:
            await client.views_open(trigger_id=str(request.body.get("trigger_id") or ""),
                                    view=log_modal(origin=origin))
        except SlackApiError as exc:
            log.warning("couldn't open the log modal: %s", error_code(exc) or "unknown")
            return False
        return True

    async def submit_view(self, request: SlackRequest) -> JSON | None:
        """The log modal, answered before Slack's deadline: the ack's body (field errors, the
        modal stays open with every answer kept), or None to close it. Saved once, keyed by
        the view and its hash; the confirmation goes where the modal was opened."""
        view = request.body.get("view") or {}
        origin = modal_origin(view)
        destination = Destination(request.team_id, request.user_id,
                                  channel=origin.get("channel") or None,
                                  response_url=origin.get("response_url") or None)
        errors: dict[str, str] = {}
        try:
            async with asyncio.timeout(VIEW_DEADLINE), self.inbox.handle_now(
                    request.source_id, {}, lane=request.lane) as unit:
                if unit.duplicate:
                    return None
                result = await self.coach.submit_form(
                    self._user(request), submitted_fields(view),
                    timezone_hint=self.profiles.cached_zone(request.team_id, request.user_id))
                if result.errors:
                    unit.discard()
                    errors = result.errors
                elif result.reply is not None:
                    unit.reply(outbound(destination, result.reply))
        except (TimeoutError, ReboundError, sqlite3.Error, OSError) as exc:
            log.warning("a log form wasn't saved in time (%s); the user can press Save again",
                        type(exc).__name__)
            errors = {QUESTIONS[0].field: NOT_SAVED}
        self.inbox.wake()
        return {"response_action": "errors", "errors": errors} if errors else None


def _pressed_label(body: Mapping[str, Any], action: Mapping[str, Any]) -> str:
    """The pressed button's label, as the message showed it."""
    for block in (body.get("message") or {}).get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action.get("action_id") and element.get("text"):
                return str(element["text"].get("text") or "")
    return str((action.get("text") or {}).get("text") or "")
