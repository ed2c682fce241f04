"""The terminal chat's nudges across real processes, as a new user would run it.

The first chat sees a nudge arrive on the simulated clock; a later chat, started after the
next nudge fell due while no chat was open, delivers it at start (before reading any input),
marked late, and a chat after that does not deliver it again.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG = ("log company: Acme; role: Designer; interviewer: Jane Smith; "
       "memory: the whiteboard session\n")


def chat(db: Path, when: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--db", str(db), "--tz", "Europe/Berlin",
         "--simulate", when], input=stdin, text=True, capture_output=True, cwd=ROOT,
        timeout=60, check=False)


def nudge_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Nudge ")]


def test_a_nudge_due_while_the_chat_was_closed_arrives_late_at_the_next_start(
        tmp_path: Path) -> None:
    db = tmp_path / "chat.db"

    first = chat(db, "2026-03-02T10:00", LOG + "advance 14d\nsent Acme\n")
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    assert nudge_lines(first.stdout) == ["Nudge Mon 16 Mar 2026 09:30 · Reach out to Acme"]
    assert "Next: Check whether they replied, Mon 23 Mar 2026" in first.stdout

    # Two weeks after the thank-you without an answer, the move-on nudge is due at 09:30;
    # the chat opens at 10:00, more than the 15 minutes after which a nudge counts as late.
    second = chat(db, "2026-03-30T10:00", "list\n")
    assert second.returncode == 0, second.stderr
    assert second.stderr == ""
    # The check-reply nudge (Mon 23 Mar 09:30 CET) is just under a week late across the DST
    # change, so it too goes out late, in due order, before the move-on nudge.
    late = "Nudge Mon 30 Mar 2026 09:30 (late: I was offline then) · Move on from Acme"
    asked = "Nudge Mon 23 Mar 2026 09:30 (late: I was offline then) · Did Acme reply?"
    assert nudge_lines(second.stdout) == [asked, late]
    # Delivered at start, before the first line of input was answered.
    assert second.stdout.index(late) < second.stdout.index("Your rejections")

    third = chat(db, "2026-03-30T11:00", "")
    assert third.returncode == 0, third.stderr
    assert nudge_lines(third.stdout) == []
