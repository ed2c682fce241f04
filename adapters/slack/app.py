"""The Slack app: slack-bolt's AsyncApp wired to the coach.

It only translates. A DM, a `/coach` command or a button press becomes an `Incoming` for the
coach; the coach's `Reply` becomes Block Kit. Every listener acknowledges Slack first (Slack
wants an answer within 3 seconds) and does the work after.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import aiohttp
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import (
    ACTION_PREFIX,
    MAILTO_ACTION,
    chosen_blocks,
    fallback_text,
    reply_blocks,
)
from adapters.slack.messenger import SLACK_PLATFORM, SlackMessenger
from adapters.slack.text import typed_text
from adapters.slack.transport import Transport
from adapters.slack.views import LOG_CALLBACK, home_view, log_modal, modal_origin, submitted_fields
from adapters.slack.workspaces import DirectMessages, Profiles, Workspaces, error_code
from bot.coach import Coach
from bot.help import menu_reply
from bot.models import UserKey
from bot.replies import Code, Notice, Reply, Tone
from bot.session import Incoming
from bot.syntax import Surface, TextSyntax

log = logging.getLogger(__name__)

Ack = Callable[..., Awaitable[Any]]
Respond = Callable[..., Awaitable[Any]]

SLASH_COMMAND = "/coach"
_DM_CHANNEL_NAME = "directmessage"
_QUIET_LOGGER = "rebound.slack.bolt"
_CHATTY_LOGGERS = ("slack_sdk", "slack_bolt", "rebound.slack.socket")


@dataclass(frozen=True)
class Destination:
    """Where an answer goes: a DM channel (a real message), or a response URL (ephemeral)."""

    team_id: str
    user_id: str
    channel: str | None = None
    response_url: str | None = None

    @property
    def surface(self) -> Surface:
        """An ephemeral answer is in a channel, where only `/coach` reaches the bot; anything
        else ends up in the bot's DM, where plain messages do."""
        ephemeral = self.channel is None and self.response_url is not None
        return Surface.SLACK_CHANNEL if ephemeral else Surface.DIRECT


class SlackApp:
    """One Slack app serving every workspace it has a bot token for."""

    platform = SLACK_PLATFORM

    def __init__(self, workspaces: Workspaces, transport: Transport, *,
                 signing_secret: str | None = None) -> None:
        self.workspaces = workspaces
        self.transport = transport
        self.dms = DirectMessages(workspaces)
        self.profiles = Profiles(workspaces)
        self._signing_secret = signing_secret
        self._tasks: set[asyncio.Task[object]] = set()
        self._coach: Coach | None = None
        self._bolt: AsyncApp | None = None

    # -- PlatformApp -------------------------------------------------------------------------

    def bind(self, coach: Coach) -> SlackMessenger:
        """Build the bolt app around the coach; return the nudge port."""
        self._coach = coach
        coach.register_syntax(TextSyntax(Surface.SLACK_CHANNEL, prefix=SLASH_COMMAND + " "))
        bolt_logger = logging.getLogger(_QUIET_LOGGER)
        # Bolt logs request bodies (on a bad signature, an unhandled event); they hold what
        # users wrote, so only its errors get through. Our listeners log what matters.
        bolt_logger.setLevel(logging.ERROR)
        for name in _CHATTY_LOGGERS:  # they log request bodies and headers at DEBUG
            logging.getLogger(name).setLevel(logging.WARNING)
        self._bolt = AsyncApp(
            # bolt's hint says the hook never returns None, but it handles None as refusal
            logger=bolt_logger, authorize=cast(Any, self.workspaces.authorizer()),
            client=self.workspaces.new_client(), signing_secret=self._signing_secret or "",
            request_verification_enabled=True, process_before_response=False)
        self._register(self._bolt)
        return SlackMessenger(self.workspaces, self.dms, self.profiles)

    async def connect(self, bot_tokens: list[str]) -> None:
        """Check each bot token with Slack and learn its workspace; before `run` and before
        the scheduler starts, so nudges always find their workspace's token."""
        for token in bot_tokens:
            workspace = await self.workspaces.connect(token)
            log.info("Slack workspace %s ready", workspace.team_id)

    async def run(self) -> None:
        """Serve Slack until cancelled."""
        try:
            await self.transport.serve(self.bolt)
        finally:
            await self.settle()

    def user_changed(self, user: UserKey) -> None:
        """Refresh the user's App Home after their data changed."""
        self._spawn(self.publish_home(user.workspace, user.user_id))

    @property
    def ready(self) -> bool:
        """Whether Slack can reach the app: connected over Socket Mode, or listening."""
        return self.transport.serving

    @property
    def bolt(self) -> AsyncApp:
        if self._bolt is None:
            raise RuntimeError("SlackApp.bind(coach) must be called first")
        return self._bolt

    @property
    def coach(self) -> Coach:
        if self._coach is None:
            raise RuntimeError("SlackApp.bind(coach) must be called first")
        return self._coach

    async def settle(self) -> None:
        """Wait for background work (App Home refreshes); for tests and shutdown."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- listeners ---------------------------------------------------------------------------

    def _register(self, bolt: AsyncApp) -> None:
        bolt.command(SLASH_COMMAND)(self._on_command)
        bolt.event("message")(self._on_message)
        bolt.event("app_home_opened")(self._on_home_opened)
        bolt.action(re.compile("^" + re.escape(ACTION_PREFIX)))(self._on_button)
        bolt.action(MAILTO_ACTION)(self._on_link)
        bolt.view(LOG_CALLBACK)(self._on_log_submitted)
        bolt.error(self._on_error)

    async def _on_command(self, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        """`/coach [command]`: private in channels, a normal message in the bot's own DM."""
        await ack()
        team_id, user_id = str(body.get("team_id", "")), str(body.get("user_id", ""))
        text = typed_text(str(body.get("text") or "")).strip()
        destination = await self._slash_destination(body)
        if text.lower() == "log":
            await self._open_log_modal(body, destination)
            # Learn their zone while they fill it in, so the submission needn't wait for it.
            self._spawn(self._zone(team_id, user_id))
            return
        if not text:
            reply = menu_reply(self.coach.syntax(destination.surface))
        else:
            reply = await self.coach.handle(Incoming(
                UserKey(SLACK_PLATFORM, team_id, user_id), text,
                timezone_hint=await self._zone(team_id, user_id), command=True,
                surface=destination.surface))
        await self.send(destination, reply, respond=respond)

    async def _on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A message in the bot's DM: the chat conversation, guided form included."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        team_id = str(body.get("team_id") or event.get("team") or "")
        user_id, channel = str(event.get("user", "")), str(event.get("channel", ""))
        if not user_id or not channel:
            return
        self.dms.remember(team_id, user_id, channel)
        reply = await self.coach.handle(Incoming(
            UserKey(SLACK_PLATFORM, team_id, user_id), typed_text(str(event.get("text") or "")),
            timezone_hint=await self._zone(team_id, user_id),
            message_id=str(body.get("event_id") or "") or None, surface=Surface.DIRECT))
        if not reply.duplicate:
            await self.send(Destination(team_id, user_id, channel=channel), reply)

    async def _on_home_opened(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab") == "home":
            await self.publish_home(str(body.get("team_id", "")), str(event.get("user", "")))

    async def _on_button(self, ack: Ack, body: dict[str, Any], action: dict[str, Any],
                         respond: Respond) -> None:
        """A button press: runs its command, and retires the buttons of the message it's on."""
        await ack()
        team_id = str((body.get("team") or {}).get("id") or body.get("team_id") or "")
        user_id = str((body.get("user") or {}).get("id", ""))
        command = str(action.get("value") or "")
        label = _pressed_label(body, action) or command
        container = body.get("container") or {}
        key = UserKey(SLACK_PLATFORM, team_id, user_id)
        message_ts = container.get("message_ts")
        press_id = (f"press:{container.get('channel_id')}:{message_ts}"
                    if container.get("type") == "message" and message_ts else None)
        reply = await self.coach.handle(Incoming(
            key, command, timezone_hint=await self._zone(team_id, user_id), command=True,
            message_id=press_id, surface=Surface.SLACK_CHANNEL if container.get("is_ephemeral")
            else Surface.DIRECT))
        if reply.duplicate:
            await respond(response_type="ephemeral", replace_original=False,
                          text="You already chose an option on that message.")
            return
        destination = await self._retire_buttons(body, container, label, respond)
        await self.send(destination, reply, respond=respond)

    async def _on_link(self, ack: Ack) -> None:
        """The mail-app button is a plain link; Slack still reports the click."""
        await ack()

    async def _on_log_submitted(self, ack: Ack, body: dict[str, Any],
                                view: dict[str, Any]) -> None:
        """The log modal: errors go back onto their fields (the modal stays open with every
        answer kept); a saved rejection is confirmed where the modal was opened."""
        team_id = str((body.get("team") or {}).get("id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        origin = modal_origin(view)
        destination = Destination(team_id, user_id, channel=origin.get("channel") or None,
                                  response_url=origin.get("response_url") or None)
        result = await self.coach.submit_form(
            UserKey(SLACK_PLATFORM, team_id, user_id), submitted_fields(view),
            timezone_hint=await self._zone(team_id, user_id), surface=destination.surface)
        if result.errors:
            await ack(response_action="errors", errors=result.errors)
            return
        await ack()
        if result.reply is not None:
            await self.send(destination, result.reply)

    async def _on_error(self, error: Exception) -> None:
        """Log what failed, never the request (it holds what the user wrote)."""
        log.error("Slack listener failed: %s", type(error).__name__,
                  exc_info=(type(error), error, error.__traceback__))

    # -- answering ---------------------------------------------------------------------------

    async def send(self, to: Destination, reply: Reply, *, respond: Respond | None = None) -> None:
        """Show a reply: a DM message, or an ephemeral answer through the response URL.

        A file (the JSON export) is uploaded to the user's DM, since Slack can't attach files
        to ephemeral messages.
        """
        files = [part for part in reply.parts if isinstance(part, Code) and part.filename]
        if files:
            reply = await self._upload(to, reply, files)
        blocks, text = reply_blocks(reply), fallback_text(reply)
        if to.channel is not None:
            client = self.workspaces.client(to.team_id)
            if client is not None:
                await client.chat_postMessage(channel=to.channel, text=text, blocks=blocks,
                                              unfurl_links=False, unfurl_media=False)
                return
        if respond is not None and to.response_url is None:
            await respond(response_type="ephemeral", replace_original=False, text=text,
                          blocks=blocks)
            return
        if to.response_url is not None and await _post_to_url(to.response_url, text, blocks):
            return
        await self._send_dm(to, text, blocks)

    async def _send_dm(self, to: Destination, text: str, blocks: list[dict[str, Any]]) -> None:
        client = self.workspaces.client(to.team_id)
        if client is None:
            log.warning("no token for Slack workspace %s; an answer was dropped", to.team_id)
            return
        channel = await self.dms.channel(to.team_id, to.user_id)
        await client.chat_postMessage(channel=channel, text=text, blocks=blocks,
                                      unfurl_links=False, unfurl_media=False)

    async def _upload(self, to: Destination, reply: Reply, files: list[Code]) -> Reply:
        """Upload file parts to the user's DM; the reply keeps a note of where they went."""
        client = self.workspaces.client(to.team_id)
        if client is None:
            return reply
        rest = tuple(part for part in reply.parts if part not in files)
        try:
            channel = to.channel or await self.dms.channel(to.team_id, to.user_id)
            for part in files:
                await client.files_upload_v2(channel=channel, filename=part.filename,
                                             content=part.text, title=part.filename)
        except SlackApiError as exc:
            log.warning("Slack refused a file upload: %s", error_code(exc) or "unknown")
            return reply  # show it inline instead
        where = "here" if to.channel else "in our direct messages"
        names = ", ".join(str(part.filename) for part in files)
        return Reply(parts=(*rest, Notice(f"I've attached {names} {where}.", Tone.SUCCESS)),
                     buttons=reply.buttons)

    async def _retire_buttons(self, body: Mapping[str, Any], container: Mapping[str, Any],
                              label: str, respond: Respond) -> Destination:
        """Replace the pressed message's buttons with the choice made; say where to answer."""
        team_id = str((body.get("team") or {}).get("id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        if container.get("type") != "message":  # App Home: answer in the DM
            return Destination(team_id, user_id)
        channel = str(container.get("channel_id") or "")
        message = body.get("message") or {}
        blocks = chosen_blocks(list(message.get("blocks") or []), label)
        if container.get("is_ephemeral"):
            await respond(replace_original=True, text=label, blocks=blocks)
            return Destination(team_id, user_id, response_url=str(body.get("response_url")
                                                                   or "") or None)
        client = self.workspaces.client(team_id)
        if client is not None:
            try:
                await client.chat_update(channel=channel, ts=str(container.get("message_ts")),
                                         text=str(message.get("text") or label), blocks=blocks)
            except SlackApiError as exc:
                log.warning("couldn't retire a message's buttons: %s", error_code(exc) or "unknown")
        return Destination(team_id, user_id, channel=channel)

    async def _slash_destination(self, body: Mapping[str, Any]) -> Destination:
        """The bot's own DM gets real messages; anywhere else, answers are ephemeral."""
        team_id, user_id = str(body.get("team_id", "")), str(body.get("user_id", ""))
        channel = str(body.get("channel_id", ""))
        response_url = str(body.get("response_url") or "") or None
        if body.get("channel_name") == _DM_CHANNEL_NAME and channel.startswith("D"):
            try:
                if await self.dms.channel(team_id, user_id) == channel:
                    return Destination(team_id, user_id, channel=channel)
            except (SlackApiError, LookupError):
                pass
        return Destination(team_id, user_id, response_url=response_url)

    async def _open_log_modal(self, body: Mapping[str, Any], destination: Destination) -> None:
        origin = {"channel": destination.channel or "",
                  "response_url": destination.response_url or ""}
        client = self.workspaces.client(destination.team_id)
        if client is None:
            return
        try:
            await client.views_open(trigger_id=str(body.get("trigger_id") or ""),
                                    view=log_modal(origin=origin))
        except SlackApiError as exc:
            log.warning("couldn't open the log modal: %s", error_code(exc) or "unknown")
            # Fall back to the chat form, which asks the same questions one at a time.
            reply = await self.coach.handle(Incoming(
                UserKey(SLACK_PLATFORM, destination.team_id, destination.user_id), "log",
                command=True, surface=destination.surface))
            await self.send(destination, reply)

    async def publish_home(self, team_id: str, user_id: str) -> None:
        """Show the user's pipeline and settings on their App Home tab."""
        client = self.workspaces.client(team_id)
        if client is None or not user_id:
            return
        overview = await self.coach.overview(UserKey(SLACK_PLATFORM, team_id, user_id),
                                             timezone_hint=await self._zone(team_id, user_id))
        try:
            await client.views_publish(user_id=user_id, view=home_view(overview))
        except SlackApiError as exc:
            log.warning("couldn't publish App Home: %s", error_code(exc) or "unknown")

    async def _zone(self, team_id: str, user_id: str) -> str | None:
        """The user's zone from their Slack profile (cached by `Profiles`), if Slack says."""
        try:
            return (await self.profiles.get(team_id, user_id)).timezone
        except (SlackApiError, LookupError, aiohttp.ClientError, TimeoutError) as exc:
            log.info("no time zone from Slack for a user: %s", type(exc).__name__)
            return None

    def _spawn(self, work: Awaitable[object]) -> None:
        task: asyncio.Task[object] = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def shutdown(self, *, deadline: float) -> None:
        """Give background work (App Home refreshes) until `deadline` (a `time.monotonic()`
        value), then cancel what is left; the service then stops `run`, which stops serving."""
        if self._tasks:
            _done, late = await asyncio.wait(set(self._tasks),
                                             timeout=max(0.0, deadline - time.monotonic()))
            for task in late:
                task.cancel()


async def _post_to_url(url: str, text: str, blocks: list[dict[str, Any]]) -> bool:
    """An ephemeral answer through a response URL (valid 30 minutes, five uses)."""
    try:
        response = await AsyncWebhookClient(url).send(
            text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.info("response URL failed: %s", type(exc).__name__)
        return False
    return response.status_code == 200


def _pressed_label(body: Mapping[str, Any], action: Mapping[str, Any]) -> str:
    """The pressed button's label, as the message showed it."""
    for block in (body.get("message") or {}).get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action.get("action_id") and element.get("text"):
                return str(element["text"].get("text") or "")
    return str((action.get("text") or {}).get("text") or "")


