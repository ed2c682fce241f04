"""Settings, read once at start from the command line and the environment."""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from bot.errors import UserError

APP_NAME = "rebound"


@dataclass(frozen=True)
class ChatSettings:
    """What the terminal chat needs: the database file, who is chatting, and their zone."""

    db_path: Path
    user_id: str
    timezone: str | None
    history_file: Path


def data_dir() -> Path:
    """The user's data directory for Rebound (e.g. ~/.local/share/rebound on Linux)."""
    return platformdirs.user_data_path(APP_NAME)


def chat_settings(*, db: str | None, tz: str | None, environ: Mapping[str, str]) -> ChatSettings:
    """Resolve the chat's settings: `--db`, else `REBOUND_DB`, else the data directory."""
    raw_db = db or environ.get("REBOUND_DB") or str(data_dir() / "rebound.db")
    zone = tz or system_timezone(environ)
    if tz is not None:
        _check_zone(tz)
    return ChatSettings(
        db_path=Path(raw_db).expanduser(),
        user_id=_login_name(environ),
        timezone=zone,
        history_file=data_dir() / "chat_history",
    )


def _check_zone(zone: str) -> None:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(f"--tz {zone}: not a time zone I know. Use an IANA name such as "
                        "Europe/Berlin.") from exc


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
