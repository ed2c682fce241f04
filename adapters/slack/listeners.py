"""What each Slack request means for the coach: bolt listeners.

They are registered on the bolt app the bolt way (a command, an event, an action, a view) and
read who and where from bolt's `context` (team, user, channel, response URL), never from the
payload again. A DM, a `/coach` command or a button press reaches its listener only when the
inbox worker replays it, after Slack had its ack (the `stored` middleware, `dispatch.py`):
look-ups on Slack come first (the user's zone, their DM channel), then the coach's work and
the rendered answer commit in the request's unit of work; the answer is sent after the
commit. An answer that is the log form (`Reply.form`, however the user asked to log) opens
the modal after the commit, with the command's or the press's trigger. The log modal's
submission is handled as it arrives and answered before Slack's 3
seconds are up, with its field errors; it is saved once however often Save is pressed. An App
Home visit (which refreshes the tab on the side) and a mail link's click are only acknowledged.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError

from adapters.slack.blocks import ACTION_PREFIX, MAILTO_ACTION, chosen_blocks, escape
from adapters.slack.dispatch import Middleware, lane, unit_of
from adapters.slack.home import AppHome
from adapters.slack.messenger import SLACK_PLATFORM
from adapters.slack.outbox import Destination, ephemeral_note, outbound
from adapters.slack.text import typed_text
from adapters.slack.views import LOG_CALLBACK, log_modal, modal_origin, submitted_fields
from adapters.slack.workspaces import DirectMessages, Profiles, Workspaces, error_code
from bot.coach import Coach
from bot.errors import ReboundError
from bot.help import menu_reply
from bot.inbox import Inbox
from bot.log_form import QUESTIONS
from bot.models import UserKey
from bot.replies import Reply
from bot.session import Incoming
from bot.store.errors import STORAGE_ERRORS
from bot.syntax import Surface

log = logging.getLogger(__name__)

JSON = dict[str, Any]
SLASH_COMMAND = "/coach"
ALREADY_CHOSEN = "You already chose an option on that message."
VIEW_DEADLINE = 2.5
"""Seconds a modal submission may take before it is answered anyway (Slack waits 3)."""
NOT_SAVED = ("I couldn't save this just now. Press Save again: it will be saved once, "
             "however often you press it.")
_DM_CHANNEL_NAME = "directmessage"


class Listeners:
    """Slack requests in, coach calls and rendered answers out."""

    def __init__(self, coach: Coach, workspaces: Workspaces, *, dms: DirectMessages,
                 profiles: Profiles, inbox: Inbox, home: AppHome) -> None:
        self.coach = coach
        self.workspaces = workspaces
        self.dms = dms
        self.profiles = profiles
        self.inbox = inbox
        self.home = home

    def register(self, bolt: AsyncApp, *, stored: Callable[[str], Middleware]) -> None:
        """Add the listeners to `bolt`; `stored(kind)` is the middleware that makes a listener
        of that kind (`event`, `command`, `action`) run from the inbox."""
        bolt.event({"type": "message", "subtype": None}, matchers=[_direct_message],
                   middleware=[stored("event")])(self.message)
        bolt.command(SLASH_COMMAND, middleware=[stored("command")])(self.command)
        bolt.action(re.compile("^" + re.escape(ACTION_PREFIX)),
                    middleware=[stored("action")])(self.press)
        bolt.view(LOG_CALLBACK)(self.submit_view)
        bolt.event("app_home_opened", matchers=[_home_tab])(self.home_opened)
        bolt.action(MAILTO_ACTION)(self.link_clicked)

    async def message(self, ack: AsyncAck, context: AsyncBoltContext, event: JSON) -> None:
        """A message in the bot's DM: the chat conversation, guided form included."""
        await ack()
        unit = unit_of(context)
        team, user = _who(context)
        channel = context.channel_id or ""
        self.dms.remember(team, user, channel)
        zone = await self.profiles.zone(team, user)
        async with unit:
            reply = await self.coach.handle(Incoming(
                _user(context), typed_text(str(event.get("text") or "")), timezone_hint=zone,
                surface=Surface.DIRECT))
            unit.reply(outbound(Destination(team, user, channel=channel), reply))

    async def command(self, ack: AsyncAck, context: AsyncBoltContext, command: JSON) -> None:
        """`/coach [command]`: private in channels, a normal message in the bot's own DM."""
        await ack()
        unit = unit_of(context)
        team, user = _who(context)
        text = typed_text(str(command.get("text") or "")).strip()
        destination = await self._slash_destination(context, command)
        if not text:  # the menu: nothing to look up or change
            async with unit:
                unit.reply(outbound(destination,
                                    menu_reply(self.coach.syntax(destination.surface))))
            return
        # The zone is looked up first (and cached): a log form's submission can't wait for it.
        zone = await self.profiles.zone(team, user)
        async with unit:
            reply = await self.coach.handle(Incoming(_user(context), text, timezone_hint=zone,
                                                     command=True, forms=True,
                                                     surface=destination.surface))
            if reply.form is None:
                unit.reply(outbound(destination, reply))
        if reply.form is not None:
            await self._open_form(context, str(command.get("trigger_id") or ""), destination,
                                  reply)

    async def press(self, ack: AsyncAck, context: AsyncBoltContext, body: JSON,
                    action: JSON) -> None:
        """A button press: runs its command, and retires the buttons of the message it's on
        (a second press on that message is only told so)."""
        await ack()
        unit = unit_of(context)
        team, user = _who(context)
        command = str(action.get("value") or "")
        container = body.get("container") or {}
        message_ts = container.get("message_ts")
        press_id = (f"press:{container.get('channel_id')}:{message_ts}"
                    if container.get("type") == "message" and message_ts else None)
        destination, retire = self._press_answer(context, body,
                                                 _pressed_label(body, action) or command)
        zone = await self.profiles.zone(team, user)
        async with unit:
            reply = await self.coach.handle(Incoming(
                _user(context), command, timezone_hint=zone, command=True, forms=True,
                message_id=press_id, surface=destination.surface))
            if reply.duplicate:
                unit.reply(ephemeral_note(Destination(team, user,
                                                      response_url=context.response_url),
                                          ALREADY_CHOSEN))
            elif reply.form is None:
                unit.reply(outbound(destination, reply, retire=retire))
        if reply.form is not None and not reply.duplicate:
            # The pressed buttons stay: the form may be closed unsaved and asked for again.
            await self._open_form(context, str(body.get("trigger_id") or ""), destination,
                                  reply)

    async def submit_view(self, ack: AsyncAck, context: AsyncBoltContext, view: JSON) -> None:
        """The log modal, answered before Slack's deadline: field errors keep it open with
        every answer kept; otherwise it closes."""
        errors = await self._save_form(context, view)
        self.inbox.wake()  # the confirmation waits in the outbox
        if errors:
            await ack(response_action="errors", errors=errors)
        else:
            await ack()

    async def home_opened(self, ack: AsyncAck, context: AsyncBoltContext) -> None:
        """The App Home tab opened: refresh it on the side."""
        await ack()
        self.home.refresh(*_who(context))

    async def link_clicked(self, ack: AsyncAck) -> None:
        """The mail-app button is a plain link; Slack still reports the click."""
        await ack()

    # -- helpers ------------------------------------------------------------------------------

    async def _save_form(self, context: AsyncBoltContext, view: JSON) -> dict[str, str]:
        """Save the log modal once, keyed by the view and its hash (Save pressed again after
        a slow answer sends both again); the confirmation goes where the modal was opened.
        Returns the field errors, if any."""
        team, user = _who(context)
        origin = modal_origin(view)
        destination = Destination(team, user, channel=origin.get("channel") or None,
                                  response_url=origin.get("response_url") or None)
        key = f"view:{view.get('id') or ''}:{view.get('hash') or ''}"
        try:
            async with asyncio.timeout(VIEW_DEADLINE), \
                    self.inbox.handle_now(key, {}, lane=lane(context)) as unit:
                if unit.duplicate:
                    return {}
                result = await self.coach.submit_form(
                    _user(context), submitted_fields(view),
                    timezone_hint=self.profiles.cached_zone(team, user),
                    surface=destination.surface)
                if result.errors:
                    unit.discard()
                    return dict(result.errors)
                if result.reply is not None:
                    unit.reply(outbound(destination, result.reply))
        except STORAGE_ERRORS + (TimeoutError, ReboundError, OSError,) as exc:  # noqa: RUF005 (mypy reads no * here)
            log.warning("a log form wasn't saved in time (%s); the user can press Save again",
                        type(exc).__name__)
            return {QUESTIONS[0].field: NOT_SAVED}
        return {}

    def _press_answer(self, context: AsyncBoltContext, body: JSON,
                      label: str) -> tuple[Destination, JSON | None]:
        """Where a press is answered, and the edit that replaces the pressed buttons."""
        container = body.get("container") or {}
        team, user = _who(context)
        if container.get("type") != "message":  # App Home: answer in the DM
            return Destination(team, user), None
        message = body.get("message") or {}
        blocks = chosen_blocks(list(message.get("blocks") or []), label)
        if container.get("is_ephemeral"):
            url = context.response_url
            retire = {"response_url": url, "text": escape(label), "blocks": blocks} if url \
                else None
            return Destination(team, user, response_url=url), retire
        channel = str(container.get("channel_id") or "")
        return Destination(team, user, channel=channel), {
            "channel": channel, "ts": str(container.get("message_ts") or ""),
            "text": str(message.get("text") or "") or escape(label), "blocks": blocks}

    async def _slash_destination(self, context: AsyncBoltContext,
                                 command: JSON) -> Destination:
        """The bot's own DM gets real messages; anywhere else, answers are ephemeral."""
        team, user = _who(context)
        channel = context.channel_id or ""
        if command.get("channel_name") == _DM_CHANNEL_NAME and channel.startswith("D"):
            try:
                if await self.dms.channel(team, user) == channel:
                    return Destination(team, user, channel=channel)
            except (SlackApiError, LookupError):
                pass
        return Destination(team, user, response_url=context.response_url)

    async def _open_form(self, context: AsyncBoltContext, trigger_id: str,
                         destination: Destination, reply: Reply) -> None:
        """Answer with the log modal the reply asks for (`Reply.form`), after the unit of
        work committed. If Slack refuses it (the trigger expired, say), the reply itself is
        posted instead, in a unit of its own: its button asks for the form again."""
        assert reply.form is not None
        if await self._open_log_modal(trigger_id, destination, dict(reply.form.values)):
            return
        async with self.inbox.handle_now(f"form:{trigger_id}", {},
                                         lane=lane(context)) as unit:
            if not unit.duplicate:
                unit.reply(outbound(destination, reply))
        self.inbox.wake()

    async def _open_log_modal(self, trigger_id: str, destination: Destination,
                              values: Mapping[str, str]) -> bool:
        """Open the log modal filled in with `values`; False if Slack refused."""
        client = await self.workspaces.answering_client(destination.team_id)
        if client is None:
            return False
        origin = {"channel": destination.channel or "",
                  "response_url": destination.response_url or ""}
        try:
            await client.views_open(trigger_id=trigger_id,
                                    view=log_modal(origin=origin, values=values))
        except SlackApiError as exc:
            log.warning("couldn't open the log modal: %s", error_code(exc) or "unknown")
            return False
        return True


async def _direct_message(event: JSON) -> bool:
    """A user's own message in their DM with the bot (not a bot's post, not a channel)."""
    return event.get("channel_type") == "im" and not event.get("bot_id") and \
        bool(event.get("user")) and bool(event.get("channel"))


async def _home_tab(event: JSON) -> bool:
    return event.get("tab") == "home"


def _who(context: AsyncBoltContext) -> tuple[str, str]:
    """The workspace and user bolt read from the request."""
    return context.team_id or "", context.user_id or ""


def _user(context: AsyncBoltContext) -> UserKey:
    return UserKey(SLACK_PLATFORM, *_who(context))


def _pressed_label(body: Mapping[str, Any], action: Mapping[str, Any]) -> str:
    """The pressed button's label, as the message showed it."""
    for block in (body.get("message") or {}).get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action.get("action_id") and element.get("text"):
                return str(element["text"].get("text") or "")
    return str((action.get("text") or {}).get("text") or "")
