"""One inbox entry's unit of work: its changes, its handled mark and its reply in one commit."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from bot.clock import Clock
from bot.errors import ReboundError
from bot.store import Store, Transaction
from bot.store.inbox import InboxTable


class LeaseLost(ReboundError):
    """The entry's lease ended and another worker took it: this unit's changes are undone."""


class _Discarded(Exception):
    """Raised inside the transaction to roll a discarded unit back."""


@dataclass(frozen=True)
class NewEntry:
    """An event handled on arrival (`Inbox.handle_now`), stored by its unit of work."""

    source_id: str
    payload: dict[str, Any]
    lane: str


class Unit:
    """`async with unit:` opens one write transaction; whatever the handler changes inside
    (the coach's own unit of work joins it), the entry's `handled` mark and the reply queued
    with `reply()` commit together when the block ends, or, on an exception, not at all.

    Look things up on the platform before entering: the transaction holds the database's
    single writer until it ends. Everything inside must run in the task that entered.
    """

    def __init__(self, store: Store, table: InboxTable, clock: Clock, *, entry_id: int | None,
                 owner: str | None, new: NewEntry | None = None) -> None:
        self._store = store
        self._table = table
        self._clock = clock
        self._entry_id = entry_id
        self._owner = owner
        self._new = new
        self._atomic: AbstractAsyncContextManager[Transaction] | None = None
        self._tx: Transaction | None = None
        self._reply: dict[str, Any] | None = None
        self._discarded = False
        self.entered = False
        self.committed = False
        self.duplicate = False
        """For `handle_now`: the event was seen before, so nothing is done or recorded."""

    @property
    def queued(self) -> dict[str, Any] | None:
        """The reply the unit committed, for delivery."""
        return self._reply if self.committed else None

    def reply(self, payload: Mapping[str, Any]) -> None:
        """Queue the answer to deliver once the unit commits (the adapter's own JSON)."""
        if self._tx is None:
            raise ReboundError("a reply is queued inside `async with unit:`")
        self._reply = dict(payload)

    def discard(self) -> None:
        """Undo the whole unit when the block ends and record nothing: the event is treated
        as never received (a form sent back with errors, to be submitted again)."""
        self._discarded = True

    async def __aenter__(self) -> Unit:
        if self.entered:
            raise ReboundError("a unit of work is entered once")
        self.entered = True
        self._atomic = self._store.atomic()
        self._tx = await self._atomic.__aenter__()
        if self._new is not None:
            try:
                self._entry_id = await self._table.add(
                    self._tx, self._new.source_id, self._new.payload, lane=self._new.lane,
                    now=self._clock.now())
                self.duplicate = self._entry_id is None
            except BaseException as error:
                await self._atomic.__aexit__(type(error), error, error.__traceback__)
                raise
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        assert self._atomic is not None and self._tx is not None
        atomic, tx, self._tx = self._atomic, self._tx, None
        if exc is not None:
            await atomic.__aexit__(exc_type, exc, tb)
            return
        try:
            if self._discarded:
                raise _Discarded
            if not self.duplicate and self._entry_id is not None and not await \
                    self._table.finish(tx, self._entry_id, owner=self._owner,
                                       reply=self._reply, now=self._clock.now()):
                raise LeaseLost(f"inbox entry {self._entry_id} is no longer ours")
        except BaseException as error:
            await atomic.__aexit__(type(error), error, error.__traceback__)
            if isinstance(error, _Discarded):
                return
            raise
        await atomic.__aexit__(None, None, None)
        self.committed = not self.duplicate
