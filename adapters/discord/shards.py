"""Gateway shards: how many the bot runs, which of them this process runs, and the pause
Discord wants between two shards' logins.

Discord splits a bot's servers over shards (about 1,000 servers each) and says how many it
wants in `GET /gateway/bot`, together with how many shards may log in (IDENTIFY) at once,
`max_concurrency`, every 5 seconds. DMs, and interactions outside a server, arrive on shard 0.
By default one process runs every shard; `ShardPlan` ("0-1/4": shards 0 and 1 of 4) lets
several processes split them, each running its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import discord

from bot.clock import Clock
from bot.errors import ReboundError
from bot.format import plural

log = logging.getLogger(__name__)

IDENTIFY_SPACING = 5.0
"""Seconds between two logins in one of Discord's identify buckets (shard id modulo
`max_concurrency`)."""
MAX_SHARDS = 10_000
"""More than any bot needs: a count past it is a typo."""


@dataclass(frozen=True)
class ShardPlan:
    """This process runs shards `ids` of `count`."""

    ids: tuple[int, ...]
    count: int

    def describe(self) -> str:
        return f"{', '.join(map(str, self.ids))} of {self.count}"


def parse_shards(text: str) -> ShardPlan:
    """`IDS/COUNT`, the ids a list of numbers and ranges from 0: "0-1/4", "3/4", "0,2/4".
    ReboundError says what is wrong, with an example."""
    example = ("Write it as IDS/COUNT, e.g. 0-1/4 for shards 0 and 1 of 4, or leave it unset "
               "to run every shard Discord recommends in this one process.")
    ids_text, slash, count_text = text.strip().partition("/")
    if not slash or not count_text.strip().isdigit() or not ids_text.strip():
        raise ReboundError(f"{text.strip()!r} isn't a shard plan. {example}")
    count = int(count_text)
    if not 1 <= count <= MAX_SHARDS:
        raise ReboundError(f"the shard count must be from 1 to {MAX_SHARDS:,}, not {count}. "
                           f"{example}")
    ids: list[int] = []
    for part in ids_text.split(","):
        first, dash, last = part.strip().partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ReboundError(f"{part.strip()!r} isn't a shard id or a range like 0-1. "
                               f"{example}")
        low, high = int(first), int(last) if dash else int(first)
        if low > high or high >= count:
            raise ReboundError(f"shards {part.strip()} don't fit in 0-{count - 1} (shard ids "
                               f"start at 0). {example}")
        ids += [shard for shard in range(low, high + 1) if shard not in ids]
    return ShardPlan(ids=tuple(sorted(ids)), count=count)


class Sharding:
    """Asks Discord for its shard recommendation on each start and paces the logins."""

    def __init__(self, *, fixed: ShardPlan | None, clock: Clock) -> None:
        self.fixed = fixed
        self._clock = clock
        self.max_concurrency = 1

    async def prepare(self, http: discord.http.HTTPClient) -> int:
        """The number of shards to run: Discord's recommendation unless it was fixed."""
        count, _, limits = await http.get_bot_gateway()
        self.max_concurrency = max(1, int(limits.get("max_concurrency", 1)))
        if self.fixed is None:
            log.info("running %s, as Discord recommends", plural(count, "shard"))
            return count
        if count > self.fixed.count:
            log.warning("Discord recommends %s but the bot is split into %d; raise the count "
                        "in REBOUND_DISCORD_SHARDS in every process", plural(count, "shard"),
                        self.fixed.count)
        log.info("running shards %s", self.fixed.describe())
        return self.fixed.count

    async def before_identify(self, shard_id: int | None, *, initial: bool) -> None:
        """Pause before a login that would share its identify bucket with the one before."""
        if not initial and (shard_id or 0) % self.max_concurrency == 0:
            await self._clock.sleep(IDENTIFY_SPACING)
