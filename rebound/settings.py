"""Settings, read once at start from the command line and the environment."""

from __future__ import annotations

import argparse
import contextlib
import getpass
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from dotenv import dotenv_values

from bot.errors import UserError
from bot.parse import parse_timezone
from bot.store.backends import Target, parse_target

APP_NAME = "rebound"


@dataclass(frozen=True)
class ChatSettings:
    """What the terminal chat needs: the database, who is chatting, and their zone."""

    db_path: Target
    """The SQLite file, or the PostgreSQL URL (`bot.store.backends`)."""
    user_id: str
    timezone: str | None
    timezone_explicit: bool
    history_file: Path
    simulate_from: datetime | None = None


def data_dir() -> Path:
    """The user's data directory for Rebound (e.g. ~/.local/share/rebound on Linux)."""
    return platformdirs.user_data_path(APP_NAME)


def chat_settings(*, db: str | None, tz: str | None, simulate: str | None,
                  environ: Mapping[str, str]) -> ChatSettings:
    """Resolve the chat's settings: `--db`, else `REBOUND_DB`, else the data directory."""
    zone = _flag_zone(tz) if tz is not None else system_timezone(environ)
    return ChatSettings(
        db_path=database_path(db, environ),
        user_id=_login_name(environ),
        timezone=zone,
        timezone_explicit=tz is not None,
        history_file=data_dir() / "chat_history",
        simulate_from=_simulated_start(simulate, zone) if simulate is not None else None,
    )


def add_db_option(parser: argparse.ArgumentParser, *, doing: str = "use") -> None:
    """`--db PATH`, the same on every subcommand."""
    parser.add_argument("--db", metavar="PATH", help=f"database to {doing}: a SQLite file "
                        "(or sqlite:///path) or a postgresql://user@host/dbname URL (default: "
                        "$REBOUND_DB, else rebound.db in your data folder)")


def database_path(db: str | None, environ: Mapping[str, str]) -> Target:
    """`--db`, else `REBOUND_DB`, else rebound.db in the user's data directory: a SQLite
    file's absolute path, or a PostgreSQL URL as given."""
    raw = db or environ.get("REBOUND_DB") or str(data_dir() / "rebound.db")
    try:
        return parse_target(raw)
    except UserError as exc:
        raise UserError(f"{'--db' if db else 'REBOUND_DB'}: {exc}") from exc


def with_dotenv(environ: Mapping[str, str], path: Path = Path(".env")) -> dict[str, str]:
    """The environment with a `.env` file's variables under it (real variables win).

    Only the bot's own commands read it, so secrets can live in a file readable by the bot's
    user alone instead of in the shell's history.
    """
    merged = {key: value for key, value in dotenv_values(path).items() if value is not None} \
        if path.is_file() else {}
    merged.update(environ)
    return merged


def _simulated_start(text: str, zone: str | None) -> datetime:
    """`--simulate 2026-03-02T10:00`, read in the user's zone unless it names an offset."""
    try:
        start = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise UserError(f"--simulate {text}: not an ISO date and time. Use a form like "
                        "2026-03-02T10:00.") from exc
    if start.tzinfo is None:
        start = start.replace(tzinfo=ZoneInfo(zone or "UTC"))
    return start


def _flag_zone(zone: str) -> str:
    """`--tz`, checked (and its case fixed) like the chat's `timezone` command."""
    try:
        return parse_timezone(zone)
    except UserError as exc:
        raise UserError(f"--tz {zone}: {exc}") from exc


def system_timezone(environ: Mapping[str, str]) -> str | None:
    """The machine's IANA zone name, from TZ, /etc/timezone or the /etc/localtime link."""
    candidates: list[str] = []
    if environ.get("TZ"):
        candidates.append(environ["TZ"].lstrip(":"))
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        try:
            ZoneInfo(name)
            return name
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return None


def _login_name(environ: Mapping[str, str]) -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return environ.get("USER", "local")
