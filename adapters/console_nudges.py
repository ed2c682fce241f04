"""Nudges in the terminal: the console's outbound port, and the simulated clock.

With `rebound chat --simulate <when>`, time stands still until `advance <duration>` moves it;
every nudge that falls due on the way is delivered in order, each at its own moment, so the
nine-month playbook can be watched in a minute.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from adapters.plain import Style, render_reply
from bot.clock import FakeClock
from bot.errors import UserError
from bot.format import day
from bot.nudges.model import Delivery, OutgoingNudge
from bot.nudges.scheduler import Scheduler
from bot.parse import parse_duration
from bot.playbook import add_months

CONSOLE_PLATFORM = "console"
_SHORT_SPAN = re.compile(r"^(\d{1,4})\s*(h|hr|hrs|hour|hours|m|min|mins|minute|minutes)$")


def nudge_block(nudge: OutgoingNudge, style: Style) -> str:
    """A nudge as its own block: first line `Nudge <local date> <time>`, then the message."""
    local = nudge.due_local
    late = " (late: I was offline then)" if nudge.late else ""
    heading = f"Nudge {day(local.date())} {local:%H:%M}{late} · {nudge.title}"
    return style(heading, "title") + "\n" + render_reply(nudge.reply, style=style,
                                                         numbered_buttons=True)


class ConsoleMessenger:
    """Delivers a nudge by printing it in the open chat."""

    deduplicates = False
    """A nudge printed twice shows twice: each is recorded before the next."""

    def __init__(self, show: Callable[[OutgoingNudge], None]) -> None:
        self._show = show

    @property
    def platform(self) -> str:
        return CONSOLE_PLATFORM

    async def deliver(self, nudge: OutgoingNudge) -> Delivery:
        self._show(nudge)
        return Delivery.sent()


class Simulation:
    """A simulated clock the user moves with `advance`, delivering nudges on the way."""

    def __init__(self, clock: FakeClock, scheduler: Scheduler, zone: ZoneInfo) -> None:
        self._clock = clock
        self._scheduler = scheduler
        self._zone = zone

    def now_line(self) -> str:
        local = self._clock.now().astimezone(self._zone)
        return f"Simulated time: {day(local.date())} {local:%H:%M} ({self._zone.key})."

    def target(self, args: str) -> datetime:
        """Where `advance <args>` ends: `3h`, `14d`, `2w`, `6mo` (months on the calendar)."""
        text = " ".join(args.strip().lower().split())
        short = _SHORT_SPAN.match(text)
        now = self._clock.now()
        if short:
            amount, unit = int(short.group(1)), short.group(2)
            return now + timedelta(hours=amount) if unit.startswith("h") else \
                now + timedelta(minutes=amount)
        if not text:
            raise UserError("Say how far to move the clock, like advance 14d, advance 2w or "
                            "advance 6mo.")
        span = parse_duration(text)
        local = now.astimezone(self._zone)
        moved = add_months(local.date(), span.months) + timedelta(days=span.days)
        return datetime.combine(moved, local.time(), tzinfo=self._zone)

    async def advance(self, args: str) -> str:
        """Move the clock, delivering each nudge at its own due moment; returns a status line."""
        target = self.target(args)
        delivered = 0
        while (next_at := await self._scheduler.next_run_at()) is not None and next_at <= target:
            if next_at > self._clock.now():
                self._clock.set(next_at)
            sent = await self._scheduler.run_due()
            delivered += sent
            if sent == 0 and next_at <= self._clock.now():
                break  # nothing claimable at this moment (held elsewhere); don't spin
        if target > self._clock.now():
            self._clock.set(target)
        delivered += await self._scheduler.run_due()
        if delivered == 0:
            return self.now_line() + " Nothing fell due on the way."
        return self.now_line()
