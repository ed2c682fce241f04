"""What the bot answers on Discord, and the handshake between an event's own task and the inbox
worker that answers it.

An interaction is stored, acknowledged by its own task, then handled and answered by the inbox
worker. Within one process the two meet here: the worker waits for the acknowledgement before
it sends a follow-up (a follow-up needs one), and the event's task waits, for a while, until
its answer is out, so the work in flight stays visible to discord.py and to a shutdown. After a
restart there is nobody to meet: the worker goes ahead on its own.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager

import discord

from adapters.discord.modals import DETAIL_FIELDS, MAIN_FIELDS
from adapters.discord.render import Outgoing, safe
from bot.log_form import BY_FIELD

MAX_NONCE = 25


class Answers:
    """In-memory handshakes, by the event's inbox source id."""

    def __init__(self) -> None:
        self._acked: dict[str, asyncio.Future[bool]] = {}
        self._answered: dict[str, asyncio.Future[None]] = {}

    @contextmanager
    def expect(self, source_id: str) -> Iterator[None]:
        """While the event's task runs: its acknowledgement and answer can be met here."""
        loop = asyncio.get_running_loop()
        self._acked[source_id] = loop.create_future()
        self._answered[source_id] = loop.create_future()
        try:
            yield
        finally:
            for table in (self._acked, self._answered):
                future = table.pop(source_id, None)
                if future is not None and not future.done():
                    future.cancel()

    def acknowledged(self, source_id: str, ok: bool) -> None:
        """The event's task answered Discord's first response (or failed to)."""
        _settle(self._acked.get(source_id), ok)

    async def was_acknowledged(self, source_id: str, *, within: float) -> bool | None:
        """Whether this process acknowledged the event: None if it isn't waiting here (it
        came in before a restart) or didn't tell within `within` seconds."""
        future = self._acked.get(source_id)
        if future is None:
            return None
        try:
            return await asyncio.wait_for(asyncio.shield(future), within)
        except (TimeoutError, asyncio.CancelledError):
            return None

    def answered(self, source_id: str) -> None:
        """The event's answer is out (or never can be): its task may end."""
        _settle(self._answered.get(source_id), None)

    async def wait_answered(self, source_id: str, *, within: float) -> None:
        """Wait until the event's answer is out, for `within` seconds at most."""
        future = self._answered.get(source_id)
        if future is not None:
            await asyncio.wait({future}, timeout=within)

    def release_all(self) -> None:
        """Stop every event's task waiting (shutting down: the worker hands its work back)."""
        for future in self._answered.values():
            _settle(future, None)


def _settle(future: asyncio.Future[bool] | asyncio.Future[None] | None,
            value: bool | None) -> None:
    if future is not None and not future.done():
        future.set_result(value)  # type: ignore[arg-type]


def errors_message(errors: Mapping[str, str]) -> str:
    """A form's problems, one line per field, in the form's order."""
    lines = ["Almost there. Nothing was saved yet; please fix these and send the form again:"]
    for name in (*MAIN_FIELDS, *DETAIL_FIELDS):
        if name in errors:
            label = BY_FIELD[name].label or name
            lines.append(f"• {label}: {safe(errors[name])}")
    return "\n".join(lines)


def nonce_for(key: str) -> str:
    """A message nonce (at most 25 characters) that is the same for every retry of a send."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:MAX_NONCE]


def channel_send(channel: discord.abc.Messageable, message: Outgoing, *,
                 view: discord.ui.View | None,
                 nonce: str) -> Callable[[], Awaitable[discord.Message]]:
    """One message send, as a call `Outbound` can repeat (files start afresh each time)."""
    def send() -> Awaitable[discord.Message]:
        return channel.send(nonce=nonce, **message.kwargs(view=view))  # type: ignore[call-overload, no-any-return]
    return send


def webhook_send(webhook: discord.Webhook, message: Outgoing, *, view: discord.ui.View | None,
                 ephemeral: bool) -> Callable[[], Awaitable[discord.WebhookMessage]]:
    """One follow-up to an interaction, as a call `Outbound` can repeat."""
    def send() -> Awaitable[discord.WebhookMessage]:
        return webhook.send(wait=True, ephemeral=ephemeral,  # type: ignore[call-overload, no-any-return]
                            **message.kwargs(view=view))
    return send
