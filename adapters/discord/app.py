"""The Discord app: a discord.py client carrying the coach, run as a `PlatformApp`.

`bind` builds the client around the shared coach (with its durable inbox) and returns the nudge
port; `run` logs in, syncs `/coach` (to one server at once when a guild id is set, for
development; globally otherwise) and serves, the inbox worker beside the gateway, until
cancelled; `shutdown` stops the intake and finishes or hands back the inbox's work. Only the
non-privileged intents are asked for: message content in the bot's DMs needs none.

The client is sharded (`discord.AutoShardedClient`): each start asks Discord how many gateway
shards the bot needs (about one per 1,000 servers) and runs them all in this process, unless
the shards are given (`shards`, from `REBOUND_DISCORD_SHARDS`). DMs, and interactions outside a
server, arrive on shard 0.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands

from adapters.discord.answers import Answers
from adapters.discord.buttons import CommandButton, FormButton
from adapters.discord.commands import CoachGroup
from adapters.discord.frontend import RESTARTING, Frontend
from adapters.discord.identity import PLATFORM
from adapters.discord.inbox import DiscordInbox
from adapters.discord.messenger import DiscordMessenger
from adapters.discord.outbound import Outbound, trace
from adapters.discord.shards import Sharding, ShardPlan
from adapters.discord.syntax import DiscordSyntax
from bot.clock import Clock, SystemClock
from bot.coach import Coach
from bot.errors import CredentialsRefused
from bot.inbox import Inbox
from bot.models import UserKey
from bot.replies import Reply

log = logging.getLogger(__name__)

RESET_TOKEN = ("Copy a fresh one from https://discord.com/developers/applications -> your "
               "application -> Bot -> Reset Token.")
AUTHENTICATION_FAILED = 4004
"""The gateway's close code for a token it doesn't accept."""

PRUNE_EVERY = 3600.0
"""Seconds between two prunings of kept form answers."""
CLOSE_WITHIN = 1.0
"""Seconds closing the gateway and HTTP connections may take, however slow Discord is."""

# Above this, discord.py raises RateLimited instead of pacing itself (30 s is its least).
MAX_RATELIMIT_WAIT = 30.0


def intents() -> discord.Intents:
    """Guilds (for the command tree's cache) and DMs; nothing privileged."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.dm_messages = True
    return chosen


class ReboundClient(discord.AutoShardedClient):
    """discord.py client with the `/coach` tree, the persistent buttons and the DM chat, on
    as many gateway shards as Discord recommends (or `shards` says)."""

    def __init__(self, coach: Coach, outbound: Outbound, *, sync_guild: int | None = None,
                 shards: ShardPlan | None = None, clock: Clock | None = None,
                 **options: Any) -> None:
        """`clock` times the pause between two shards' logins; `shards` fixes which shards
        this process runs (all of the recommended number when None)."""
        if shards is not None:
            options.update(shard_count=shards.count, shard_ids=list(shards.ids))
        super().__init__(intents=intents(), max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
                         allowed_mentions=discord.AllowedMentions.none(), http_trace=trace(),
                         **options)
        self.sharding = Sharding(fixed=shards, clock=clock or SystemClock())
        answers = Answers()
        self.inbox = Inbox(coach.store, platform=PLATFORM, clock=coach.clock,
                           handler=DiscordInbox(coach, self, outbound, answers))
        self.frontend = Frontend(coach, outbound, self.inbox, answers)
        self.sync_guild = sync_guild
        self.tree = app_commands.CommandTree(self)
        self.group = CoachGroup()
        self.tree.add_command(self.group)
        self.tree.on_error = self._command_error  # type: ignore[method-assign]
        self.tree.interaction_check = self.frontend.admit  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        self.add_dynamic_items(CommandButton, FormButton)
        if self.sync_guild is not None:
            guild = discord.Object(self.sync_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to server %s", len(synced), self.sync_guild)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands (they can take a while to show up)",
                     len(synced))

    async def connect(self, *, reconnect: bool = True) -> None:
        """Ask Discord how many shards the bot needs and how many may log in at once
        (`GET /gateway/bot`), then run this process's shards until closed."""
        self.shard_count = await self.sharding.prepare(self.http)
        # discord.py swallows a cancellation that lands while a shard logs in again, and
        # would serve on; here it always ends the wait (`close` then ends the shards).
        serving = asyncio.ensure_future(super().connect(reconnect=reconnect))
        try:
            await asyncio.wait({serving})
        except asyncio.CancelledError:
            serving.cancel()
            raise
        serving.result()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False
                                   ) -> None:
        """Discord takes `max_concurrency` logins every 5 seconds."""
        await self.sharding.before_identify(shard_id, initial=initial)

    @property
    def shards_connected(self) -> bool:
        """Whether every shard this process runs is connected (false while one reconnects)."""
        running = self.shards
        wanted = self.shard_ids if self.shard_ids is not None else range(self.shard_count or 1)
        return bool(running) and all(
            shard in running and not running[shard].is_closed() for shard in wanted)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is not None:
            return
        if not isinstance(message.channel, discord.DMChannel):
            return
        try:
            if not self.frontend.jobs.admit():
                await self.frontend.answer_dm(message.channel, Reply.text(RESTARTING),
                                              nonce_key=f"dm:{message.id}")
                return
            await self.frontend.direct_message(message)
        except Exception:
            log.exception("could not answer a DM from user %s", message.author.id)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Modal submissions, matched by their custom id rather than by a modal object in
        memory, so a form opened before a restart is still taken after it."""
        if interaction.type is not discord.InteractionType.modal_submit or \
                not await self.frontend.admit(interaction):
            return
        try:
            if not await self.frontend.modal_submitted(interaction):
                log.info("a form submission this version doesn't know")
                await self.frontend.show(interaction, Reply.text(
                    "I couldn't read that form: it was opened before I was updated. Please "
                    "open it again (for a rejection, /coach log) and send it once more."))
        except Exception:
            log.exception("a form submission failed for user %s", interaction.user.id)
            await self._apologize(interaction)

    async def _command_error(self, interaction: discord.Interaction[Any],
                             error: app_commands.AppCommandError) -> None:
        log.error("command failed for user %s", interaction.user.id,
                  exc_info=(type(error), error, error.__traceback__))
        await self._apologize(interaction)

    async def _apologize(self, interaction: discord.Interaction[Any]) -> None:
        apology = Reply.text("Sorry, something went wrong on my side. Nothing you had saved "
                             "is lost; please try again in a moment.")
        try:
            if interaction.response.is_done():
                await self.frontend.followup(interaction, apology, ephemeral=True)
            else:
                await self.frontend.show(interaction, apology)
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError):
            log.warning("could not tell user %s about the failure", interaction.user.id)


async def forget_stale_forms(coach: Coach) -> None:
    """Answers kept for a form's Fix it button are deleted a day after they were kept, also
    when nobody sends a form again."""
    while True:
        pruned = await coach.store.kept_forms.prune(now=coach.clock.now())
        if pruned:
            log.info("deleted %d form answers kept for over a day", pruned)
        await coach.clock.sleep(PRUNE_EVERY)


class DiscordApp:
    """Rebound on Discord, as a `rebound.platform.PlatformApp`."""

    def __init__(self, token: str, *, sync_guild: int | None = None,
                 shards: ShardPlan | None = None, clock: Clock | None = None,
                 api_url: str | None = None, gateway_url: str | None = None,
                 **client_options: Any) -> None:
        """`shards` are the shards this process runs (None: all that Discord recommends);
        `clock` times the waits between retries and between shard logins; `api_url` and
        `gateway_url` replace Discord's own (a test double, a proxy); `client_options` go to
        `discord.AutoShardedClient` (e.g. a shorter `guild_ready_timeout`)."""
        self._token = token
        self._sync_guild = sync_guild
        self._shards = shards
        self._clock = clock or SystemClock()
        self._api_url = api_url
        self._gateway_url = gateway_url
        self._client_options = client_options
        self.outbound = Outbound(self._clock)
        self.client: ReboundClient | None = None
        self._stopping = False

    @property
    def platform(self) -> str:
        return PLATFORM

    def bind(self, coach: Coach) -> DiscordMessenger:
        self.client = ReboundClient(coach, self.outbound, sync_guild=self._sync_guild,
                                    shards=self._shards, clock=self._clock,
                                    **self._client_options)
        coach.register_syntax(DiscordSyntax(self.client.group))
        return DiscordMessenger(self.client, self.outbound)

    async def run(self) -> None:
        """Log in, connect and serve until closed; a token Discord refuses is
        `CredentialsRefused` (retrying can't fix it)."""
        if self.client is None:
            raise RuntimeError("bind the app to a coach before running it")
        # discord.py keeps both as class attributes: they hold for the whole process.
        if self._api_url is not None:
            discord.http.Route.BASE = self._api_url.rstrip("/")
        if self._gateway_url is not None:
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self._gateway_url)
        try:
            await self.client.login(self._token)
            await self._serve(self.client)
        except discord.LoginFailure as refused:
            raise CredentialsRefused(f"Discord refused DISCORD_TOKEN. {RESET_TOKEN}") from refused
        except discord.ConnectionClosed as closed:
            if closed.code == AUTHENTICATION_FAILED:
                raise CredentialsRefused(f"Discord refused DISCORD_TOKEN. {RESET_TOKEN}") \
                    from closed
            raise
        finally:
            # Also when cancelled: the scheduler's last nudge went out over this connection.
            try:
                async with asyncio.timeout(CLOSE_WITHIN):
                    await self.client.close()
            except TimeoutError:
                log.warning("stopping: Discord didn't close the connection in time")

    @staticmethod
    async def _serve(client: ReboundClient) -> None:
        """The gateway connection, the inbox worker and the pruning of kept form answers,
        side by side, until the client is closed (the worker stops first, on `shutdown`)."""
        async with asyncio.TaskGroup() as group:
            helpers = [group.create_task(client.inbox.run(), name="discord-inbox"),
                       group.create_task(forget_stale_forms(client.frontend.coach),
                                         name="discord-kept-forms")]
            await client.connect()
            for task in helpers:
                task.cancel()

    async def shutdown(self, *, deadline: float) -> None:
        """Take no new interactions or DMs from now on; let the inbox worker finish the
        events in hand and send their answers until `deadline` (a `time.monotonic()` value),
        and hand the rest back for the next start (stored events are answered then: by
        follow-up within Discord's 15 minutes, by DM after that). The connections stay open
        for the scheduler's last nudge; they close, within `CLOSE_WITHIN` seconds however
        slow Discord is, when the service cancels `run`."""
        if self.client is None:
            return
        self._stopping = True
        frontend = self.client.frontend
        frontend.jobs.close()
        self.outbound.stop_by(deadline)
        await self.client.inbox.shutdown(deadline=deadline)
        frontend.answers.release_all()
        await frontend.jobs.finish(until=deadline)

    def user_changed(self, user: UserKey) -> None:
        """Nothing on Discord shows a user's data outside the answers they asked for."""

    @property
    def ready(self) -> bool:
        """Whether the client is logged in and has had Discord's READY on every shard, each
        shard is connected now, and it is neither closed nor stopping."""
        return self.client is not None and self.client.is_ready() and \
            self.client.shards_connected and not self.client.is_closed() and \
            not self._stopping
