"""The terminal chat on a database that refuses writes (disk full, read-only file): each
message gets one friendly line saying nothing was saved and what to check; stderr gets one
log line per refused write, never a traceback; what can be answered without writing still is.

Real SQLite in tmp_path: `max_page_count` makes SQLite answer "database or disk is full" once
the file would grow, and `query_only` makes every write fail as on a read-only file.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sqlite3
from pathlib import Path

import pytest

from adapters.console import ConsoleChat, Screen
from bot.clock import FakeClock
from bot.store import Store
from rebound.bootstrap import bootstrap, open_store
from tests.chat_harness import DEFAULT_USER, LOG_ACME, START

BIG_LOG = ("log company: {0}; role: Senior Product Designer for Payments and Checkout; "
           "interviewer: Jane Smith; email: jane.smith.hiring.manager@acme-payments.example; "
           "rejected: today; memory: " + "the whiteboard session on checkout " * 5 +
           "; compliment: " + "how much the team cares about research " * 3)
"""A rejection of about 1 KB: more than a 512-byte page holds, so it needs new pages."""


async def chat(store: Store, *lines: str) -> list[str]:
    """Run the chat over `lines`; return the lines it printed (blank ones dropped)."""
    stdout = io.StringIO()
    coach = bootstrap(store=store, clock=FakeClock(START)).coach
    console = ConsoleChat(coach, user=DEFAULT_USER, interactive=False, timezone_hint="UTC",
                          stdin=io.StringIO("".join(f"{line}\n" for line in lines)),
                          screen=Screen(stdout, interactive=False))
    assert await console.run() == 0
    return [line for line in stdout.getvalue().splitlines() if line.strip()]


def small_pages(path: Path) -> Path:
    """A new database file with 512-byte pages, so a long answer needs a page of its own."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA page_size = 512")
        conn.execute("CREATE TABLE scratch (x)")
        conn.execute("DROP TABLE scratch")
    return path


async def test_on_a_full_disk_each_write_is_refused_in_one_line_and_reads_still_work(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with await open_store(small_pages(tmp_path / "rebound.db")) as store:
        await chat(store, "profile name: Sam Lee")
        [[pages]] = await store.database.read("PRAGMA page_count")
        async with store.database.write() as tx:  # on the connection that writes
            await tx.execute(f"PRAGMA max_page_count = {int(pages)}")  # the disk is full
        caplog.clear()
        lines = await chat(store, BIG_LOG.format("Acme"), BIG_LOG.format("Initech"), "profile")
        assert await store.database.read("SELECT id FROM rejections") == []
    refusals = [line for line in lines if "Nothing was saved" in line]
    assert refusals == [refusals[0]] * 2 and refusals[0] == (
        "! Nothing was saved: my database can't be written because the disk is full. Please "
        "free some disk space where the database lives (or ask whoever runs me to), then send "
        "it again.")
    assert any("Sam Lee" in line for line in lines)  # a read still works
    assert not any("Traceback" in line or "went wrong" in line for line in lines)
    assert_one_log_line_each(caplog, 2, "the disk is full (SQLITE_FULL)")


async def test_on_a_read_only_database_each_message_is_refused_in_one_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with await open_store(tmp_path / "rebound.db") as store:
        await chat(store, "profile name: Sam Lee")
        async with store.database.write() as tx:  # on the connection that writes
            await tx.execute("PRAGMA query_only = ON")  # as a read-only file answers
        caplog.clear()
        lines = await chat(store, LOG_ACME, "list")
    assert len(lines) == 2
    assert all(line.startswith("! Nothing was saved: my database can't be written because "
                               "the database file is read-only. Please check that this user "
                               "can write the file and its folder") for line in lines)
    assert_one_log_line_each(caplog, 2, "the database file is read-only (SQLITE_READONLY)")


def assert_one_log_line_each(caplog: pytest.LogCaptureFixture, count: int, why: str) -> None:
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == count
    for record in records:
        assert record.exc_info is None and record.name == "bot.store.refusals"
        assert why in record.getMessage() and "nothing was saved" in record.getMessage()
