"""Slack-bolt as the Slack adapter's dispatcher: one `AsyncApp` for requests as they arrive
and for the same requests replayed from the inbox.

Bolt does what it is good at: it reads each payload's team, user, channel and response URL
into `context`, authorizes the workspace, drops the bot's own events, picks the listener by
its matchers, and turns `ack()` into the answer Slack gets. Two things are ours:

- Durability. The front door has verified the request already (on the raw bytes) and hands
  bolt the parsed body, so bolt's own verification is off (a replayed request's timestamp is
  stale anyway) and requests are made in bolt's "socket_mode", which takes a parsed body.
  Listeners whose work waits for the inbox carry the `stored` middleware, which on arrival
  stores the request and acknowledges it without running the listener; replayed by the inbox
  worker with its unit of work in `context[UNIT]`, the listener runs.
- Running inline. `process_before_response=True`: bolt runs the listener before it answers,
  so a replay's work is done when `async_dispatch` returns and a modal's field errors are the
  answer itself. (`ack()` in a replay is a no-op: its answer goes nowhere.)

Answers don't go out through bolt's `say`/`respond` or its per-request `client`: they are
committed with the work and delivered from the outbox (`outbox.py`), and the Web API calls a
listener makes go through the workspaces' clients (one shared HTTP session, bounded retries).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.workspaces import Workspaces
from bot.inbox import Unit

JSON = dict[str, Any]
Next = Callable[[], Awaitable[None]]
Middleware = Callable[[AsyncBoltContext, JSON, Next], Awaitable[BoltResponse | None]]

UNIT = "rebound_unit"
"""The `context` key of a replayed request's unit of work (absent on arrival)."""
FAILURE = "rebound_failure"
"""The `context` key where a replay's listener error is kept for the inbox worker."""
BOLT_LOGGER = "rebound.slack.bolt"


def build_bolt(workspaces: Workspaces) -> AsyncApp:
    """The bolt app, with no listeners yet. Its logger lets errors through only: bolt logs
    request bodies (an unhandled event, a debug trace), and they hold what users wrote."""
    logger = logging.getLogger(BOLT_LOGGER)
    logger.setLevel(logging.ERROR)  # bolt's own loggers copy this level when created
    return AsyncApp(
        logger=logger, name=BOLT_LOGGER,  # bolt sets up a logger by this name: this one
        # bolt's hint says the hook never returns None, but it handles None as a refusal
        authorize=cast(Any, authorizer(workspaces)),
        client=AsyncWebClient(base_url=workspaces.api_url),
        request_verification_enabled=False, process_before_response=True,
        attaching_conversation_kwargs_enabled=False)  # AI assistant threads: not ours


def authorizer(workspaces: Workspaces) -> Callable[..., Awaitable[AuthorizeResult | None]]:
    """Bolt's `authorize` hook: the bot token of the workspace a request comes from: from the
    tokens this process was started with, else from the workspace's OAuth install (bolt's
    `AsyncInstallationStoreAuthorize`, see `tokens.py`); None (refused) for any other.

    Bolt passes arguments by parameter name (so this is a plain function, not a method)."""

    async def authorize(context: AsyncBoltContext, team_id: str | None,
                        enterprise_id: str | None,
                        user_id: str | None) -> AuthorizeResult | None:
        workspace = workspaces.get(team_id or "")
        if workspace is None:
            installed = workspaces.installed
            if installed is None or not team_id:
                return None
            return await installed.authorize(context=context, enterprise_id=enterprise_id,
                                             team_id=team_id, user_id=user_id)
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=workspace.team_id,
                               team=workspace.team_name, bot_token=workspace.bot_token,
                               bot_user_id=workspace.bot_user_id, bot_id=workspace.bot_id)

    return authorize


def bolt_request(body: JSON, *, unit: Unit | None = None) -> AsyncBoltRequest | None:
    """A verified, parsed request body as bolt's request (its `context` filled in), with the
    replay's unit of work if any; None if bolt can't read it (a signed body of an odd shape
    makes bolt's context extraction raise)."""
    try:
        return AsyncBoltRequest(body=body, mode="socket_mode",
                                context={UNIT: unit} if unit is not None else None)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError):
        return None


def unit_of(context: AsyncBoltContext) -> Unit:
    """The replayed request's unit of work."""
    unit = context.get(UNIT)
    if not isinstance(unit, Unit):
        raise TypeError("this listener runs only for requests replayed from the inbox")
    return unit


def is_replay(context: AsyncBoltContext) -> bool:
    return UNIT in context


def lane(context: AsyncBoltContext) -> str:
    """One user's requests are handled in the order they came."""
    return f"{context.team_id or ''}:{context.user_id or ''}"


def source_id(kind: str, body: JSON) -> str:
    """What makes a redelivery or a replay of a request recognisable: an event's id, or the
    trigger id of a command or button press (a replayed `/coach` carries the same one)."""
    key = body.get("event_id") if kind == "event" else body.get("trigger_id")
    if not isinstance(key, str) or not key:
        key = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32]
    return f"{kind}:{key}"


def acknowledged() -> BoltResponse:
    """The empty 200 that tells Slack the request arrived."""
    return BoltResponse(status=200, body="")
