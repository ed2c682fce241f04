"""The real Slack app (our transport, the durable inbox, our listeners, the coach, SQLite)
against the fake Slack.

`SlackRig` starts everything the way `rebound slack` does (settings, `build_slack_app`,
`connect_slack`, the shared `Service`), in HTTP mode (signed requests to `/slack/events`) or in
Socket Mode (envelopes over the fake's websocket). Requests are acknowledged once stored and
answered after, so each helper waits for the very answer it expects (a message in that DM, an
ephemeral reply to that user, the modal opening), never for "some traffic".
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import aiohttp
from fake_slack import (
    FakeSlack,
    events_json,
    interactive_form,
    sign_request,
    slash_command_form,
)

from adapters.slack.app import SlackApp
from adapters.slack.transport import HttpServer, SocketMode
from bot.clock import FakeClock
from bot.store import Store
from rebound.bootstrap import open_store
from rebound.service import Service
from rebound.slack_app import SlackSettings, build_slack_app, connect_slack
from tests.chat_harness import START
from tests.nudge_support import eventually

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
T1, T2 = "T0000000001", "T0000000002"
ALEX, BLAIR = "U0000000A1", "U0000000B2"
TOKENS = {T1: "xoxb-1111-team-one", T2: "xoxb-2222-team-two"}
APP_TOKEN = "xapp-1-A0REBOUND-123-abc"
GENERAL = "C0000GENERAL"
# API calls that show the user an answer (besides posts to a response URL).
ANSWER_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "views.open"})

JSON = dict[str, Any]
Mode = Literal["http", "socket"]


class SlackRig:
    """Two workspaces, Alex and Blair in the first and another Alex (same user id) in the
    second, a public #general channel, and the app serving them all."""

    def __init__(self, tmp_path: Path, *, mode: Mode = "http") -> None:
        self.tmp_path = tmp_path
        self.mode = mode
        self.fake = FakeSlack()
        self.clock = FakeClock(START)
        self.inbox_clock = FakeClock(START)
        """Paces the app's inbox worker (retries, leases), apart from the coach's clock."""
        self._store: Store | None = None
        self._app: SlackApp | None = None
        self._service: Service | None = None
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> SlackRig:
        await self.fake.start()
        self.fake.add_workspace(T1, bot_token=TOKENS[T1], app_token=APP_TOKEN)
        self.fake.add_workspace(T2, bot_token=TOKENS[T2])
        self.fake.add_user(T1, ALEX, tz="Europe/Berlin", name="alex")
        self.fake.add_user(T1, BLAIR, tz="America/Chicago", name="blair")
        self.fake.add_user(T2, ALEX, tz="Asia/Tokyo", name="alex2")
        self.fake.add_channel(T1, GENERAL, name="general")
        await self.start()
        return self

    async def start(self) -> None:
        """Start the app process (again, after `stop`: a restart over the same database)."""
        settings = SlackSettings(bot_tokens=(TOKENS[T1], TOKENS[T2]),
                                 app_token=APP_TOKEN if self.mode == "socket" else None,
                                 signing_secret=SECRET if self.mode == "http" else None,
                                 api_url=self.fake.api_url, http=self.mode == "http",
                                 host="127.0.0.1", port=0)
        self._store = await open_store(self.tmp_path / "rebound.db")
        self._app = build_slack_app(settings, inbox_clock=self.inbox_clock)
        self._service = Service(self._store, [self._app], clock=self.clock)
        await connect_slack(self._app, settings)
        self._task = asyncio.create_task(self._app.run())
        transport = self._app.transport
        if isinstance(transport, HttpServer):
            await asyncio.wait_for(transport.ready.wait(), 5)
        else:
            assert isinstance(transport, SocketMode)
            await asyncio.wait_for(transport.connected.wait(), 5)
            await self.fake.wait_socket_connected()

    async def stop(self) -> None:
        """Stop like SIGTERM does: the app's shutdown, then its tasks, then the store."""
        if self._task is not None:
            await self.app.shutdown(deadline=time.monotonic() + 2)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._store is not None:
            await self._store.close()
            self._store = None

    async def inbox_idle(self) -> None:
        """Wait until the app's inbox worker holds nothing and waits (first letting a worker
        that a request or the inbox clock just woke notice it)."""
        await asyncio.sleep(0)
        await eventually(lambda: self.app.inbox.idle)

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.stop()
        await self.fake.stop()

    @property
    def app(self) -> SlackApp:
        assert self._app is not None
        return self._app

    @property
    def service(self) -> Service:
        assert self._service is not None
        return self._service

    @property
    def store(self) -> Store:
        assert self._store is not None
        return self._store

    # -- what users do -----------------------------------------------------------------------

    async def slash(self, team: str, user: str, text: str, *, channel: str | None = GENERAL,
                    wait: bool = True, modal: bool | None = None,
                    trigger_id: str | None = None) -> int:
        """`/coach text` in a channel (None: in the user's DM with the bot). Returns the
        HTTP status (200 in Socket Mode once acked); with `wait`, waits for its answer: the
        log modal opening (for `log`, or when `modal` says so), a message in the DM, or an
        ephemeral reply. `trigger_id` replaces the fresh trigger Slack would send."""
        body = self.fake.slash_command_body(team, user, channel, text, trigger_id=trigger_id)
        opens = text.strip().lower() == "log" if modal is None else modal
        answered = self._answered(team, user, channel, modal=opens)
        if self.mode == "socket":
            await self.fake.socket_send("slash_commands", body)
            status = 200
        else:
            status, _ = await self.post(slash_command_form(body),
                                        "application/x-www-form-urlencoded")
        if wait and status == 200:
            await self.fake.wait_until(answered, what=f"the answer to /coach {text[:20]}")
            await self.app.settle()
        return status

    def _answered(self, team: str, user: str, channel: str | None, *,
                  modal: bool) -> Callable[[], bool]:
        """A check that the answer to a request not sent yet has arrived."""
        if modal:
            opened = len(self.fake.calls_to("views.open"))
            return lambda: len(self.fake.calls_to("views.open")) > opened
        if channel is None:
            dm = self.fake.dm_channel(team, user)
            posted = len(self.fake.bot_messages(dm))
            return lambda: len(self.fake.bot_messages(dm)) > posted
        shown = len(self.fake.ephemeral_messages(user=user))
        return lambda: len(self.fake.ephemeral_messages(user=user)) > shown

    async def dm(self, team: str, user: str, text: str, *, event_id: str | None = None,
                 retry_num: int | None = None, wait: bool = True) -> int:
        """A message in the user's DM with the bot; waits for the bot's answer."""
        channel = self.fake.dm_channel(team, user)
        body = self.fake.dm_message_event(team, user, channel, text, event_id=event_id)
        answered = self._answered(team, user, None, modal=False)
        status = await self.event(body, retry_num=retry_num)
        if wait:
            await self.fake.wait_until(answered, what="the bot's answer in the DM")
            await self.app.settle()
        return status

    async def event(self, body: JSON, *, retry_num: int | None = None) -> int:
        if self.mode == "socket":
            await self.fake.socket_send("events_api", body, retry_attempt=retry_num or 0,
                                        retry_reason="timeout" if retry_num else "")
            return 200
        headers = {"X-Slack-Retry-Num": str(retry_num),
                   "X-Slack-Retry-Reason": "timeout"} if retry_num else {}
        status, _ = await self.post(events_json(body), "application/json", headers=headers)
        return status

    async def interact(self, payload: JSON) -> tuple[int, str]:
        """A block action or view submission; returns the HTTP status and the ack body."""
        if self.mode == "socket":
            ack = await self.fake.socket_send("interactive", payload)
            return 200, json.dumps(ack.get("payload") or {})
        return await self.post(interactive_form(payload), "application/x-www-form-urlencoded")

    async def post(self, body: bytes, content_type: str, *, headers: dict[str, str] | None = None,
                   signed: bool = True, timestamp: int | None = None,
                   secret: str = SECRET) -> tuple[int, str]:
        """A raw HTTP request to /slack/events, signed like Slack's unless told otherwise."""
        transport = self.app.transport
        assert isinstance(transport, HttpServer)
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if signed:
            all_headers.update(sign_request(secret, body, timestamp or int(time.time())))
        url = f"http://127.0.0.1:{transport.bound_port}/slack/events"
        async with aiohttp.ClientSession() as session, session.post(
                url, data=body, headers=all_headers) as response:
            return response.status, await response.text()

    # -- what users see ----------------------------------------------------------------------

    def dm_texts(self, team: str, user: str) -> list[str]:
        """The bot's messages in the user's DM, each as its visible text."""
        channel = self.fake.dm_channel(team, user)
        return [block_text(m.blocks or []) or m.text for m in self.fake.bot_messages(channel)]

    def last_dm(self, team: str, user: str) -> str:
        texts = self.dm_texts(team, user)
        assert texts, "the bot sent no DM"
        return texts[-1]

    def ephemeral_texts(self) -> list[str]:
        return [block_text(e.blocks or []) or e.text for e in self.fake.ephemeral_messages()]


def block_text(blocks: list[JSON]) -> str:
    """Every piece of text in Block Kit blocks, in order, with button values in brackets."""
    return "\n".join(_texts(blocks))


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") == "button":
            yield f"[{node['text']['text']}|{node.get('value') or node.get('url')}]"
            return
        if isinstance(node.get("text"), str):
            yield node["text"]
        for key, value in node.items():
            if key != "text" or not isinstance(value, str):
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def buttons(blocks: list[JSON]) -> list[JSON]:
    """The command buttons in blocks."""
    return [element for block in blocks if block.get("type") == "actions"
            for element in block.get("elements", []) if element.get("type") == "button"]
