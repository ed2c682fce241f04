"""Rebound's Slack app as a real process (`python -m bot slack`) against the fake Slack:
started over HTTP or Socket Mode, fed requests as Slack sends them, killed, restarted.

For fault tests and the inbox benchmark. A request counts as acknowledged only when the
process said so: HTTP 200, or a Socket Mode ack.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any, Literal

import aiohttp
from fake_slack import FakeSlack, FakeSlackError, events_json, sign_request

SECRET = "0f9e8d7c6b5a49382716f5e4d3c2b1a0"
TEAM = "T0000000001"
BOT_TOKEN = "xoxb-1111-team-one"
APP_TOKEN = "xapp-1-A0REBOUND-1-abc"
Mode = Literal["http", "socket"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SlackProcess:
    """One `rebound slack` process at a time over a database file; `start` again after a
    kill or a stop is a restart."""

    def __init__(self, fake: FakeSlack, db: Path, *, mode: Mode, log: Path,
                 environ: dict[str, str] | None = None) -> None:
        self.fake = fake
        self.db = db
        self.mode = mode
        self.log = log
        self.port = free_port()
        self._environ = environ or {}
        self._process: asyncio.subprocess.Process | None = None
        self._session: aiohttp.ClientSession | None = None
        self._connections = 0

    async def start(self) -> None:
        env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": self.fake.api_url,
               "REBOUND_DB": str(self.db), "SLACK_SEND_RATE": "1000", **self._environ}
        for name in ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN"):
            env.pop(name, None)
        args = ["slack"]
        if self.mode == "http":
            env["SLACK_SIGNING_SECRET"] = SECRET
            args += ["--http", "--port", str(self.port), "--host", "127.0.0.1"]
        else:
            env["SLACK_APP_TOKEN"] = APP_TOKEN
        with self.log.open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *args, env=env, stdin=asyncio.subprocess.DEVNULL,
                stdout=log, stderr=log)
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=64, force_close=False))
        await self._ready()

    async def _ready(self) -> None:
        """Wait until Slack can reach the process (it answers, or it connected)."""
        if self.mode == "socket":
            self._connections += 1
            await self.fake.wait_socket_connected(30, connections=self._connections)
            return
        async with asyncio.timeout(30):
            while True:
                assert self._process is not None and self._process.returncode is None, \
                    self.log.read_text(errors="replace")[-2000:]
                try:
                    async with self.session.post(self.url, data=b"{}") as response:
                        if response.status == 401:  # listening, and checking signatures
                            return
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.05)

    @property
    def session(self) -> aiohttp.ClientSession:
        assert self._session is not None
        return self._session

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    async def event(self, body: dict[str, Any]) -> bool:
        """Deliver an Events API callback as Slack does; True if it was acknowledged."""
        if self.mode == "socket":
            try:
                await self.fake.socket_send("events_api", body, timeout=10)
            except FakeSlackError:
                return False
            return True
        data = events_json(body)
        headers = {**sign_request(SECRET, data, int(time.time())),
                   "Content-Type": "application/json"}
        try:
            async with self.session.post(self.url, data=data, headers=headers) as response:
                return response.status == 200
        except (aiohttp.ClientError, ConnectionError):
            return False

    async def kill(self) -> None:
        """kill -9: no shutdown, no flush, leases left as they were."""
        assert self._process is not None
        self._process.send_signal(signal.SIGKILL)
        await self._process.wait()
        self._process = None

    async def stop(self) -> float:
        """SIGTERM; how long the process took to exit (cleanly: exit code 0)."""
        assert self._process is not None
        started = time.monotonic()
        self._process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self._process.wait(), 15)
        self._process = None
        assert code == 0, self.log.read_text(errors="replace")[-3000:]
        return time.monotonic() - started

    async def close(self) -> None:
        if self._process is not None:
            await self.kill()
        if self._session is not None:
            await self._session.close()
            self._session = None
