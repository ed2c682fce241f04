"""The real `rebound` entry points, run as processes with piped input."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from bot import __version__

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None,
        cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, text=True,
                          capture_output=True, env=full_env, cwd=cwd, timeout=60, check=False)


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"rebound {__version__}"


def test_piped_chat_is_plain_and_exits_cleanly_at_end_of_input(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "chat.db"
    script = ("log company: Acme; role: Designer; interviewer: Jane Smith; rejected: today; "
              "memory: the design critique\nlist\n")
    result = run("chat", "--db", str(db), stdin=script)
    assert result.returncode == 0, result.stderr
    assert "Logged: Acme (Designer)" in result.stdout
    assert "1 · Cool down" in result.stdout
    assert "\x1b[" not in result.stdout
    assert "you>" not in result.stdout
    assert result.stderr == ""
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_rebound_db_variable_chooses_the_file_and_data_persists(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    first = run("chat", stdin="profile name: Sam Lee\n", env={"REBOUND_DB": str(db)})
    assert first.returncode == 0 and db.exists()
    second = run("chat", stdin="profile\n", env={"REBOUND_DB": str(db)})
    assert "Sam Lee" in second.stdout


def test_default_database_lives_in_the_users_data_directory(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    env_without_db = {k: v for k, v in os.environ.items() if k != "REBOUND_DB"} | env
    result = subprocess.run([sys.executable, "-m", "bot", "chat"], input="list\n", text=True,
                            capture_output=True, env=env_without_db, cwd=ROOT, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "rebound" / "rebound.db").exists()


def test_unusable_database_path_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    result = run("chat", "--db", str(blocker / "x.db"), stdin="list\n")
    assert result.returncode == 5
    assert result.stderr.startswith("rebound: ")
    assert "database" in result.stderr and "Not a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_timezone_flag_is_a_clear_error(tmp_path: Path) -> None:
    result = run("chat", "--db", str(tmp_path / "x.db"), "--tz", "Mars/Base", stdin="")
    assert result.returncode == 2
    assert "--tz Mars/Base" in result.stderr


def test_no_command_prints_help() -> None:
    result = run()
    assert result.returncode == 0
    assert "chat" in result.stdout


def test_a_closed_output_pipe_ends_the_chat_quietly(tmp_path: Path) -> None:
    command = (f"printf 'help\\nhelp\\nhelp\\nlist\\n' | {sys.executable} -m bot chat --db "
               f"{tmp_path / 'x.db'} | head -1")
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], text=True,
                            capture_output=True, cwd=ROOT, timeout=60, check=False)
    assert result.stdout.strip() == "Commands"
    assert "Traceback" not in result.stderr


def test_bad_simulate_time_is_a_clear_error(tmp_path: Path) -> None:
    result = run("chat", "--db", str(tmp_path / "x.db"), "--simulate", "yesterday-ish")
    assert result.returncode == 2
    assert "--simulate yesterday-ish: not an ISO date and time" in result.stderr
    assert "Traceback" not in result.stderr


def test_tz_flag_is_matched_like_the_timezone_command(tmp_path: Path) -> None:
    result = run("chat", "--db", str(tmp_path / "x.db"), "--tz", "europe/berlin",
                 stdin="settings\n")
    assert result.returncode == 0, result.stderr
    assert "Time zone:           Europe/Berlin" in result.stdout
