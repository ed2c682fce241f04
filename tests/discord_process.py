"""`rebound discord` as a real process, pointed at `tests.fake_discord` through
`DISCORD_API_URL` and `DISCORD_GATEWAY_URL`, for tests where the process must really stop or
die: started, killed with SIGKILL or stopped with SIGTERM, and started again on one database.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.token"
STARTUP = 30.0


@dataclass
class BotProcess:
    """One `rebound discord` process; `log` collects its stderr across restarts."""

    fake: FakeDiscord
    db: Path
    log: Path
    process: asyncio.subprocess.Process | None = None
    exits: list[int] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    """More environment variables for the process (e.g. REBOUND_DISCORD_SHARDS)."""

    async def start(self) -> None:
        """Start it and wait until it is connected to the fake gateway."""
        sessions = self.fake.sessions
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DISCORD_", "SLACK_", "REBOUND_"))}
        env.update(DISCORD_TOKEN=TOKEN, DISCORD_API_URL=self.fake.base,
                   DISCORD_GATEWAY_URL=self.fake.gateway, PYTHONUNBUFFERED="1")
        env.update(self.settings)
        with self.log.open("ab") as stderr:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "discord", "--db", str(self.db), cwd=ROOT,
                env=env, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                stderr=stderr)
        exited = asyncio.ensure_future(self.process.wait())
        connected = asyncio.ensure_future(
            self.fake.wait_for(lambda: self.fake.sessions > sessions))
        done, _ = await asyncio.wait({exited, connected}, timeout=STARTUP,
                                     return_when=asyncio.FIRST_COMPLETED)
        exited.cancel()
        connected.cancel()
        if connected not in done or connected.exception() is not None:
            raise AssertionError(f"the bot didn't connect:\n{self.log.read_text()}")

    async def kill(self) -> None:
        """SIGKILL: no cleanup of any kind."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.exits.append(await self.process.wait())
        await self.fake.drop_connections()

    async def stop(self) -> int:
        """SIGTERM; the exit code, once it has exited."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = await self.process.wait()
        self.exits.append(code)
        await self.fake.drop_connections()
        return code
