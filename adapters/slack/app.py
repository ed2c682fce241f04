"""The Slack app: Slack's requests in through the durable inbox and slack-bolt, the coach's
answers out.

Slack wants an answer within 3 seconds and doesn't send again what it got one for, so every
DM, `/coach` command and button press is stored in the inbox first and acknowledged only
then; the inbox's worker replays it through the bolt app, whose listener does the work, and
the answer goes out after the work committed. Nothing acknowledged is lost to a crash, and
nothing is handled twice. A modal's submission is dispatched through bolt as it arrives,
since its field errors are the answer. (How bolt is used: `dispatch.py`.)
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.background import Background
from adapters.slack.departures import DEFAULT_GRACE, Departures
from adapters.slack.dispatch import (
    BOLT_LOGGER,
    FAILURE,
    JSON,
    Middleware,
    Next,
    acknowledged,
    bolt_request,
    build_bolt,
    is_replay,
    lane,
    source_id,
)
from adapters.slack.home import AppHome
from adapters.slack.installations import SlackInstallations, SlackOAuthStates
from adapters.slack.listeners import SLASH_COMMAND, Listeners
from adapters.slack.messenger import SLACK_PLATFORM, SlackMessenger
from adapters.slack.oauth import Installer, OAuthConfig
from adapters.slack.outbox import Courier
from adapters.slack.signing import Refusals
from adapters.slack.tokens import InstalledTokens
from adapters.slack.transport import Answer, Transport
from adapters.slack.uninstalls import Uninstalls, resume_configured
from adapters.slack.workspaces import DirectMessages, Profiles, Workspaces
from bot.clock import Clock
from bot.coach import Coach
from bot.errors import ReboundError
from bot.inbox import DeliveryResult, Inbox, InboxEntry, InboxPolicy, Unit
from bot.models import UserKey
from bot.store.errors import STORAGE_ERRORS
from bot.syntax import Surface, TextSyntax

log = logging.getLogger(__name__)

__all__ = ["SLASH_COMMAND", "SlackApp"]
_CHATTY_LOGGERS = ("slack_sdk", "slack_bolt", "rebound.slack.socket")


class SlackApp:
    """One Slack app serving every workspace it has a bot token for."""

    platform = SLACK_PLATFORM

    def __init__(self, workspaces: Workspaces, transport: Transport, *,
                 inbox_policy: InboxPolicy | None = None, inbox_clock: Clock | None = None,
                 durable: bool = True, oauth: OAuthConfig | None = None,
                 uninstall_grace: timedelta = DEFAULT_GRACE) -> None:
        """`inbox_clock` paces the inbox's worker (its naps, leases and retries); by default
        the coach's clock. `durable=False` bypasses the inbox (requests are acknowledged
        first and handled after, as before it existed): only for the benchmark that
        measures what the inbox costs. `oauth` (HTTP mode) serves workspaces that install
        the app themselves; a removed one's data goes `uninstall_grace` after."""
        self.workspaces = workspaces
        self._oauth = oauth
        self._uninstall_grace = uninstall_grace
        self.installer: Installer | None = None
        self.departures: Departures | None = None
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
        self._home: AppHome | None = None
        self._bolt: AsyncApp | None = None

    # -- PlatformApp -------------------------------------------------------------------------

    def bind(self, coach: Coach) -> SlackMessenger:
        """Take the coach (and its store, for the inbox), build the bolt app around it;
        return the nudge port."""
        for name in _CHATTY_LOGGERS:  # they log request bodies and headers at DEBUG
            logging.getLogger(name).setLevel(logging.WARNING)
        self._coach = coach
        coach.register_syntax(TextSyntax(Surface.SLACK_CHANNEL, prefix=SLASH_COMMAND + " "))
        self._inbox = Inbox(coach.store, platform=SLACK_PLATFORM, handler=self,
                            clock=self.inbox_clock, policy=self._inbox_policy)
        self._home = AppHome(coach, self.workspaces, profiles=self.profiles,
                             background=self.background)
        if self._oauth is not None:
            self._serve_installs(coach, self._oauth)
        self._bolt = build_bolt(self.workspaces)
        Listeners(coach, self.workspaces, dms=self.dms, profiles=self.profiles,
                  inbox=self._inbox, home=self._home).register(self._bolt, stored=self._stored)
        Uninstalls(coach.store, self.workspaces).register(self._bolt, stored=self._stored)
        self._bolt.error(self._on_error)
        return SlackMessenger(self.workspaces, self.dms, self.profiles)

    def _serve_installs(self, coach: Coach, oauth: OAuthConfig) -> None:
        """The OAuth install flow, its stores in the coach's database, the installed
        workspaces' tokens, and the deletion of removed workspaces' data."""
        database, logger = coach.store.database, logging.getLogger(BOLT_LOGGER)
        installations = SlackInstallations(database, clock=coach.clock,
                                           on_restored=coach.wake_scheduler)
        self.workspaces.use_installs(InstalledTokens(
            installations, oauth.credentials, logger=logger,
            client=AsyncWebClient(base_url=self.workspaces.api_url)))
        self.installer = Installer(oauth, installations=installations,
                                   states=SlackOAuthStates(database, clock=coach.clock),
                                   api_url=self.workspaces.api_url, logger=logger)
        self.departures = Departures(installations, coach.store, clock=coach.clock,
                                     grace=self._uninstall_grace)

    async def connect(self, bot_tokens: list[str]) -> None:
        """Check each bot token with Slack and learn its workspace; before `run` and before
        the scheduler starts, so nudges always find their workspace's token. (Once bound, a
        workspace an uninstall held gets its users' nudges back: its token works again.)"""
        for token in bot_tokens:
            workspace = await self.workspaces.connect(token)
            log.info("Slack workspace %s ready", workspace.team_id)
            if self._coach is None:
                continue
            resumed = await resume_configured(self.coach.store, workspace.team_id)
            if resumed:
                log.info("the reminders of %d users of Slack workspace %s resume", resumed,
                         workspace.team_id)
                self.coach.wake_scheduler()

    async def run(self) -> None:
        """Serve Slack and work through the inbox until cancelled (after `shutdown`)."""
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self.transport.serve(self), name="slack-transport")
                group.create_task(self.inbox.run(), name="slack-inbox")
                if self.departures is not None:
                    group.create_task(self.departures.run(), name="slack-departures")
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
        self.home.refresh(user.workspace, user.user_id)

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
    def home(self) -> AppHome:
        if self._home is None:
            raise RuntimeError("SlackApp.bind(coach) must be called first")
        return self._home

    @property
    def bolt(self) -> AsyncApp:
        """The bolt app every request is dispatched through."""
        if self._bolt is None:
            raise RuntimeError("SlackApp.bind(coach) must be called first")
        return self._bolt

    @property
    def inbox_clock(self) -> Clock:
        return self._inbox_clock or self.coach.clock

    async def settle(self) -> None:
        """Wait for background work (App Home refreshes) to end; for tests."""
        await self.background.settle()

    # -- Receiver: the front door ------------------------------------------------------------

    async def receive(self, request: AsyncBoltRequest) -> Answer:
        """Dispatch an arriving request through bolt; its answer is the ack, given once the
        request is durable (the `stored` middleware) or answered (a modal)."""
        if self._closing:
            return Answer.unavailable()
        if not await self.workspaces.serves(request.context.team_id or ""):
            self._unknown.note("ignored")  # before bolt, which would answer with an apology
            return Answer()
        return Answer.of(await self.bolt.async_dispatch(request))

    async def page(self, path: str, request: AsyncBoltRequest) -> BoltResponse:
        """The OAuth install's pages (`oauth.py`); without OAuth, none is served."""
        if self.installer is None or self._closing:
            return BoltResponse(status=404, body="")
        return await self.installer.page(path, request)

    def _stored(self, kind: str) -> Middleware:
        """The listener middleware of every listener whose work waits for the inbox: as a
        request arrives, store it and acknowledge it without running the listener; when the
        inbox worker replays it (its unit in `context`), run the listener."""

        async def store_then_ack(context: AsyncBoltContext, body: JSON,
                                 next: Next) -> BoltResponse | None:
            if is_replay(context):
                await next()
                return None
            if not self._durable:
                self._handle_directly(body)
                return acknowledged()
            try:
                await self.inbox.accept(source_id(kind, body), {"body": body},
                                        lane=lane(context))
            except STORAGE_ERRORS + (ReboundError, OSError,) as exc:  # noqa: RUF005 (mypy reads no * here)
                log.warning("couldn't store a Slack request (%s); Slack will send it again",
                            type(exc).__name__)
                return BoltResponse(status=503, body="")
            return acknowledged()

        return store_then_ack

    def _handle_directly(self, body: JSON) -> None:
        """The inbox bypassed: the same listeners, in a unit of work with no entry, after
        the ack."""
        async def handle() -> None:
            unit = Unit(self.coach.store, self.inbox.table, self.inbox_clock, entry_id=None,
                        owner=None)
            await self._replay(body, unit)
            if unit.queued is not None:
                await self._courier.deliver(unit.queued)

        task = asyncio.create_task(handle())
        self._direct.add(task)
        task.add_done_callback(self._direct.discard)

    async def _on_error(self, error: Exception, context: AsyncBoltContext) -> None:
        """Bolt's error hook. A replay's error goes back to the inbox worker, which tries the
        request again later; any other is logged, never with the request (it holds what the
        user wrote), and Slack gets a 500."""
        if is_replay(context):
            context[FAILURE] = error
            return
        log.error("Slack listener failed: %s", type(error).__name__,
                  exc_info=(type(error), error, error.__traceback__))

    # -- InboxHandler ------------------------------------------------------------------------

    async def handle(self, entry: InboxEntry, unit: Unit) -> None:
        """Replay a stored request through bolt; its listener works in `unit`."""
        body = entry.payload.get("body")
        if isinstance(body, dict):
            await self._replay(body, unit)

    async def _replay(self, body: JSON, unit: Unit) -> None:
        request = bolt_request(body, unit=unit)
        if request is None or not await self.workspaces.serves(request.context.team_id or ""):
            return  # nothing to do (a workspace whose token was removed since, say)
        await self.bolt.async_dispatch(request)
        failure = request.context.get(FAILURE)
        if isinstance(failure, BaseException):
            raise failure

    async def deliver(self, entry: InboxEntry, reply: dict[str, Any]) -> DeliveryResult:
        return await self._courier.deliver(reply)
