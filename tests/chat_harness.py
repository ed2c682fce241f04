"""Drive the real terminal chat over a real SQLite file, one simulated process run at a time.

Each `session()` opens the database, builds the coach and runs `ConsoleChat` over the given
lines until their end, then closes everything: so two sessions in a row are a restart.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.console import ConsoleChat, Screen
from bot.clock import FakeClock
from bot.models import UserKey
from rebound.bootstrap import bootstrap, open_store

START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
DEFAULT_USER = UserKey("console", "local", "sam")


class Chat:
    """A user at the terminal, with a clock the test moves."""

    def __init__(self, db_path: Path, *, user: UserKey = DEFAULT_USER,
                 timezone: str | None = "UTC", start: datetime = START) -> None:
        self.db_path = db_path
        self.user = user
        self.timezone = timezone
        self.clock = FakeClock(start)

    async def session(self, *lines: str) -> str:
        """Run one chat process over `lines`; return everything it printed."""
        stdin = io.StringIO("".join(f"{line}\n" for line in lines))
        stdout = io.StringIO()
        async with await open_store(self.db_path) as store:
            coach = bootstrap(store=store, clock=self.clock).coach
            chat = ConsoleChat(coach, user=self.user, stdin=stdin,
                               screen=Screen(stdout, interactive=False),
                               interactive=False, timezone_hint=self.timezone)
            status = await chat.run()
        assert status == 0
        return stdout.getvalue()

    async def say(self, line: str) -> str:
        """One message in its own session."""
        return await self.session(line)

    def advance(self, **kwargs: float) -> None:
        self.clock.advance(timedelta(**kwargs))


LOG_ACME = ("log company: Acme; role: Product Designer; interviewer: Dr. Jane Smith; "
            "email: jane@acme.com; rejected: today; memory: the whiteboard session on the "
            "checkout redesign; compliment: how much the team clearly cares about research")
