"""The Slack app: Slack's requests in through the durable inbox, the coach's answers out.

Slack wants an answer within 3 seconds and doesn't send again what it got one for, so every
DM, `/coach` command and button press is stored in the inbox first and acknowledged only
then; the inbox's worker hands it to the listeners, and the answer goes out after the work
committed. Nothing acknowledged is lost to a crash, and nothing is handled twice.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any

from slack_sdk.errors import SlackApiError

from adapters.slack.background import Background
from adapters.slack.listeners import Listeners
from adapters.slack.messenger import SLACK_PLATFORM, SlackMessenger
from adapters.slack.outbox import Courier
from adapters.slack.requests import SlackRequest
from adapters.slack.signing import Refusals
from adapters.slack.transport import Answer, Transport
from adapters.slack.views import home_view
from adapters.slack.workspaces import DirectMessages, Profiles, Workspaces, error_code
from bot.clock import Clock
from bot.coach import Coach
from bot.errors import ReboundError
from bot.inbox import DeliveryResult, Inbox, InboxEntry, InboxPolicy, Unit
from bot.models import UserKey

log = logging.getLogger(__name__)

SLASH_COMMAND = "/coach"
_CHATTY_LOGGERS = ("slack_sdk", "rebound.slack.socket")


class SlackApp:
    """One Slack app serving every workspace it has a bot token for."""

    platform = SLACK_PLATFORM

    def __init__(self, workspaces: Workspaces, transport: Transport, *,
                 inbox_policy: InboxPolicy | None = None, inbox_clock: Clock | None = None,
                 durable: bool = True) -> None:
        """`inbox_clock` paces the inbox's worker (its naps, leases and retries); by default
        the coach's clock. `durable=False` bypasses the inbox (requests are acknowledged
        first and handled after, as before it existed): only for the benchmark that
        measures what the inbox costs."""
        self.workspaces = workspaces
        self.transport = transport
        self.dms = DirectMessages(workspaces)
        self.profiles = Profiles(workspaces)
        self.background = Background()
        self._courier = Courier(workspaces, self.dms)
        self._inbox_policy = inbox_policy
        self._inbox_clock = inbox_clock
        self._durable = durable
        self._direct: set[asyncio.Task[None]] = set()
        self._unknown = Refusals(what="Slack requests from workspaces without a bot token here")
        self._closing = False
        self._coach: Coach | None = None
        self._inbox: Inbox | None = None
        self._listeners: Listeners | None = None

    # -- PlatformApp -------------------------------------------------------------------------

    def bind(self, coach: Coach) -> SlackMessenger:
        """Take the coach (and its store, for the inbox); return the nudge port."""
        for name in _CHATTY_LOGGERS:  # they log request bodies and headers at DEBUG
            logging.getLogger(name).setLevel(logging.WARNING)
        self._coach = coach
        self._inbox = Inbox(coach.store, platform=SLACK_PLATFORM, handler=self,
                            clock=self.inbox_clock, policy=self._inbox_policy)
        self._listeners = Listeners(coach, self.workspaces, dms=self.dms,
                                    profiles=self.profiles, inbox=self._inbox,
                                    background=self.background)
        return SlackMessenger(self.workspaces, self.dms, self.profiles)

    async def connect(self, bot_tokens: list[str]) -> None:
        """Check each bot token with Slack and learn its workspace; before `run` and before
        the scheduler starts, so nudges always find their workspace's token."""
        for token in bot_tokens:
            workspace = await self.workspaces.connect(token)
            log.info("Slack workspace %s ready", workspace.team_id)

    async def run(self) -> None:
        """Serve Slack and work through the inbox until cancelled (after `shutdown`)."""
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self.transport.serve(self), name="slack-transport")
                group.create_task(self.inbox.run(), name="slack-inbox")
        finally:
            for task in self._direct:
                task.cancel()
            await asyncio.gather(*self._direct, return_exceptions=True)
            await self.background.cancel_all()
            await self.workspaces.close()

    async def shutdown(self, *, deadline: float) -> None:
        """Take no new requests; finish the ones in hand (or hand them back, answers kept
        for the next start) and drop App Home refreshes, all by `deadline`
        (`time.monotonic()`), however slow Slack is."""
        self._closing = True
        self.transport.close_intake()
        await asyncio.gather(self.inbox.shutdown(deadline=deadline),
                             self.background.close(deadline=deadline))

    def user_changed(self, user: UserKey) -> None:
        """Refresh the user's App Home after their data changed."""
        self._refresh_home(user.workspace, user.user_id)

    @property
    def ready(self) -> bool:
        """Whether Slack can reach the app: connected over Socket Mode, or listening."""
        return self.transport.serving and not self._closing

    @property
    def coach(self) -> Coach:
        if self._coach is None:
            raise RuntimeError("SlackApp.bind(coach) must be called first")
        return self._coach

    @property
    def inbox(self) -> Inbox:
        if self._inbox is None:
            raise RuntimeError("SlackApp.bind(coach) must be called first")
        return self._inbox

    @property
    def inbox_clock(self) -> Clock:
        return self._inbox_clock or self.coach.clock

    @property
    def listeners(self) -> Listeners:
        if self._listeners is None:
            raise RuntimeError("SlackApp.bind(coach) must be called first")
        return self._listeners

    async def settle(self) -> None:
        """Wait for background work (App Home refreshes) to end; for tests."""
        await self.background.settle()

    # -- Receiver: the front door ------------------------------------------------------------

    async def receive(self, request: SlackRequest) -> Answer:
        """Acknowledge a request once it is durable (or answered, for a modal)."""
        if self._closing:
            return Answer.unavailable()
        if request.kind == "ignore":
            return Answer()
        if self.workspaces.client(request.team_id) is None:
            self._unknown.note("ignored")
            return Answer()
        if request.kind == "home":
            self._refresh_home(request.team_id, request.user_id)
            return Answer()
        if request.kind == "view":
            return Answer(body=await self.listeners.submit_view(request))
        if not self._durable:
            task = asyncio.create_task(self._handle_directly(request))
            self._direct.add(task)
            task.add_done_callback(self._direct.discard)
            return Answer()
        try:
            await self.inbox.accept(request.source_id, request.stored(), lane=request.lane)
        except (ReboundError, sqlite3.Error, OSError) as exc:
            log.warning("couldn't store a Slack request (%s); Slack will send it again",
                        type(exc).__name__)
            return Answer.unavailable()
        return Answer()

    async def _handle_directly(self, request: SlackRequest) -> None:
        """The inbox bypassed: the same listeners, in a unit of work with no entry."""
        unit = Unit(self.coach.store, self.inbox.table, self.inbox_clock, entry_id=None,
                    owner=None)
        await self.listeners.handle(request, unit)
        if unit.queued is not None:
            await self._courier.deliver(unit.queued)

    # -- InboxHandler ------------------------------------------------------------------------

    async def handle(self, entry: InboxEntry, unit: Unit) -> None:
        request = SlackRequest.from_stored(entry.payload)
        if request.kind != "ignore":
            await self.listeners.handle(request, unit)

    async def deliver(self, entry: InboxEntry, reply: dict[str, Any]) -> DeliveryResult:
        return await self._courier.deliver(reply)

    # -- App Home ----------------------------------------------------------------------------

    def _refresh_home(self, team_id: str, user_id: str) -> None:
        if team_id and user_id:
            self.background.run(("home", team_id, user_id),
                                lambda: self.publish_home(team_id, user_id))

    async def publish_home(self, team_id: str, user_id: str) -> None:
        """Show the user's pipeline and settings on their App Home tab."""
        client = self.workspaces.answering_client(team_id)
        if client is None or not user_id:
            return
        overview = await self.coach.overview(UserKey(SLACK_PLATFORM, team_id, user_id),
                                             timezone_hint=await self.profiles.zone(team_id,
                                                                                    user_id))
        try:
            await client.views_publish(user_id=user_id, view=home_view(overview))
        except SlackApiError as exc:
            log.warning("couldn't publish App Home: %s", error_code(exc) or "unknown")

