"""Nudges in the terminal: `--simulate`, `advance`, late delivery on reopening, and `--tz`."""

from __future__ import annotations

import io
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from nudge_support import LOG_ACME

from rebound.cli import run_chat
from rebound.settings import ChatSettings

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 2, 10, tzinfo=BERLIN)  # a Monday


def settings(db: Path, *, simulate_from: datetime | None = START, timezone: str = "Europe/Berlin",
             explicit: bool = False) -> ChatSettings:
    return ChatSettings(db_path=db, user_id="sam", timezone=timezone,
                        timezone_explicit=explicit, history_file=db.parent / "history",
                        simulate_from=simulate_from)


async def chat(chat_settings: ChatSettings, *lines: str) -> str:
    """One run of `rebound chat` over piped lines; returns everything it printed."""
    stdout = io.StringIO()
    status = await run_chat(chat_settings, stdin=io.StringIO("".join(f"{x}\n" for x in lines)),
                            stdout=stdout, interactive=False)
    assert status == 0
    return stdout.getvalue()


def headings(out: str) -> list[str]:
    """The first line of every nudge block, in the order printed."""
    return [line for line in out.splitlines() if line.startswith("Nudge ")]


def rows(db: Path) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        return list(conn.execute("SELECT * FROM nudges ORDER BY id"))


async def test_advance_prints_the_nudge_as_its_own_block(tmp_path: Path) -> None:
    out = await chat(settings(tmp_path / "r.db"), LOG_ACME, "advance 14d")
    blocks = out.split("\n\n")
    nudge = next(b for b in blocks if b.startswith("Nudge "))
    assert nudge.splitlines()[0].startswith("Nudge Mon 16 Mar 2026 09:30")
    assert nudge.splitlines()[0].endswith("· Reach out to Acme")
    assert "draft thank-you" in out.split("Nudge Mon 16 Mar", 1)[1]
    assert out.rstrip().endswith("Simulated time: Mon 16 Mar 2026 10:00 (Europe/Berlin).")


async def test_the_readme_walk_through_yields_the_nudges_in_order(tmp_path: Path) -> None:
    out = await chat(settings(tmp_path / "r.db"), LOG_ACME, "advance 14d", "sent", "advance 7d",
                     "replied brief", "advance 3w", "sent", "advance 6mo")
    assert headings(out) == [
        "Nudge Mon 16 Mar 2026 09:30 · Reach out to Acme",
        "Nudge Mon 23 Mar 2026 09:30 · Did Acme reply?",
        "Nudge Thu 2 Apr 2026 09:30 · Monthly check-in",
        "Nudge Mon 13 Apr 2026 09:30 · Move on from Acme",
        "Nudge Mon 4 May 2026 09:30 · Monthly check-in",
        "Nudge Tue 2 Jun 2026 09:30 · Monthly check-in",
        "Nudge Thu 2 Jul 2026 09:30 · Monthly check-in",
        "Nudge Mon 3 Aug 2026 09:30 · Monthly check-in",
        "Nudge Wed 2 Sep 2026 09:30 · Stay in touch with Acme",
    ]
    # Each nudge comes after the command that led to it and before the next one's answer.
    assert out.index("Did Acme reply?") < out.index("no contact for about three weeks")
    assert out.index("The three-week pause") < out.index("Noted: “Restart networking")
    assert "Sorry" not in out


async def test_without_simulate_advance_is_an_unknown_command(tmp_path: Path) -> None:
    out = await chat(settings(tmp_path / "r.db", simulate_from=None), "advance 14d")
    assert "I don't know the command “advance”" in out
    assert "Simulated time" not in out


async def test_reopening_later_delivers_what_fell_due_marked_late(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    await chat(settings(db), LOG_ACME)
    out = await chat(settings(db, simulate_from=datetime(2026, 3, 17, 10, tzinfo=BERLIN)),
                     "list")
    assert headings(out) == [
        "Nudge Mon 16 Mar 2026 09:30 (late: I was offline then) · Reach out to Acme"]
    assert out.index("Nudge Mon 16 Mar") < out.index("Your rejections")  # before any input
    [sent] = [r for r in rows(db) if r["status"] == "sent"]
    assert (sent["kind"], sent["late"]) == ("reach-out", 1)


async def test_reopening_much_later_expires_old_nudges_with_one_summary(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    await chat(settings(db), LOG_ACME, "advance 14d")
    # Closed from Mon 16 Mar to Wed 6 May: the April check-in is five weeks late, May's
    # (Sat 2 May, so Mon 4 May 09:30) two days.
    out = await chat(settings(db, simulate_from=datetime(2026, 5, 6, 10, tzinfo=BERLIN)),
                     "list", "list")
    assert sorted(headings(out)) == [
        "Nudge Mon 4 May 2026 09:30 (late: I was offline then) · Monthly check-in",
        "Nudge Wed 6 May 2026 10:00 · Reminders you missed",
    ]
    summary = out.split("· Reminders you missed", 1)[1].split("\n\n")[0]
    assert "1 reminder passed by more than a week" in summary
    assert "- Monthly check-in (due Thu 2 Apr 2026)" in summary
    assert "Next up: Monthly check-in, Tue 2 Jun 2026 at 09:30" in summary
    assert out.index("Reminders you missed") < out.index("Your rejections")
    by_status = {(r["kind"], r["status"]) for r in rows(db)}
    assert ("check-in", "expired") in by_status and ("missed", "sent") in by_status
    # Opening again tells nothing twice.
    again = await chat(settings(db, simulate_from=datetime(2026, 5, 6, 11, tzinfo=BERLIN)),
                       "list")
    assert headings(again) == []


async def test_tz_flag_changes_the_zone_and_reschedules(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    await chat(settings(db), LOG_ACME)
    [reach_out] = [r for r in rows(db) if r["kind"] == "reach-out"]
    assert reach_out["due_at"].startswith("2026-03-16T08:30")  # 09:30 in Berlin
    out = await chat(settings(db, simulate_from=datetime(2026, 3, 3, 10, tzinfo=UTC),
                              timezone="America/New_York", explicit=True),
                     "settings", "reminders")
    assert re.search(r"Time zone:\s+America/New_York", out)
    assert "Coming reminders (America/New_York)" in out
    assert "Mon 16 Mar 2026 09:30" in out
    [moved] = [r for r in rows(db) if r["kind"] == "reach-out"]
    assert moved["id"] == reach_out["id"] and moved["status"] == "pending"
    assert moved["due_at"].startswith("2026-03-16T13:30")  # 09:30 EDT
    assert moved["timezone"] == "America/New_York"
