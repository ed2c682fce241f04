"""One settings object for `rebound run`: read once at start from the environment (and an
optional `.env` file), checked all at once, each problem one line naming its variable.

Every variable is listed and explained in deploy/.env.example.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.errors import DatabaseUnavailable, ReboundError, UserError
from bot.parse import parse_timezone
from bot.store.backends import Target
from rebound.discord_app import DiscordSettings, discord_settings
from rebound.settings import database_path
from rebound.slack_app import SlackSettings, slack_settings


@dataclass(frozen=True)
class Settings:
    """Everything the long-running bot needs; a platform is None when not configured."""

    db_path: Target
    """The SQLite file, or the PostgreSQL URL."""
    default_timezone: str | None
    slack: SlackSettings | None
    discord: DiscordSettings | None
    health_port: int | None
    health_host: str = "127.0.0.1"

    @property
    def platforms(self) -> list[str]:
        return [name for name, value in (("slack", self.slack), ("discord", self.discord))
                if value is not None]


def load_settings(environ: Mapping[str, str], *, db: str | None = None,
                  slack_http: bool = False, host: str = "0.0.0.0", port: int | None = None,
                  health_port: int | None = None, health_host: str | None = None,
                  only: str | None = None) -> Settings:
    """Read and check every setting; UserError names the first variable that's wrong.

    `only` ("slack" or "discord") runs one platform: its credentials are then required
    (their absence is the error), and the other platform's are ignored. `host` is where
    Slack's HTTP listener binds; the health endpoint has its own `health_host` (default
    127.0.0.1, so it is never public by accident).
    """
    db_path = database_path(db, environ)
    if isinstance(db_path, Path):  # a PostgreSQL server is checked when it is opened
        check_database_path(db_path, source="--db" if db else "REBOUND_DB")
    zone = environ.get("REBOUND_TIMEZONE", "").strip() or None
    if zone is not None:
        try:
            zone = parse_timezone(zone)
        except UserError as exc:
            raise UserError(f"REBOUND_TIMEZONE: {exc}") from exc
    slack = None
    if only == "slack" or (only is None and (environ.get("SLACK_BOT_TOKEN", "").strip()
                                             or environ.get("SLACK_CLIENT_ID", "").strip())):
        http = slack_http or (not environ.get("SLACK_APP_TOKEN", "").strip()
                              and bool(environ.get("SLACK_SIGNING_SECRET", "").strip()))
        slack = slack_settings(environ, http=http, host=host,
                               port=port if port is not None else 3000)
    discord = None
    if only == "discord" or (only is None and environ.get("DISCORD_TOKEN", "").strip()):
        try:
            discord = discord_settings(environ=environ)
        except ReboundError as exc:
            raise UserError(str(exc)) from exc
    if health_port is None and environ.get("REBOUND_HEALTH_PORT", "").strip():
        health_port = _port(environ, "REBOUND_HEALTH_PORT")
    if health_host is None:
        health_host = environ.get("REBOUND_HEALTH_HOST", "").strip() or "127.0.0.1"
    return Settings(db_path=db_path, default_timezone=zone, slack=slack, discord=discord,
                    health_port=health_port, health_host=health_host)


def _port(environ: Mapping[str, str], name: str) -> int:
    raw = environ.get(name, "").strip()
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise UserError(f"{name} must be a port number from 1 to 65535, not {raw!r}.")
    return int(raw)


def check_database_path(path: Path, *, source: str) -> None:
    """The database file (or, before the first start, its folder) must be writable;
    DatabaseUnavailable (exit code 5) says why not."""
    if path.is_dir():
        raise DatabaseUnavailable(f"{source}: {path} is a folder; give the path of a file "
                                  f"inside it, like {path / 'rebound.db'}.")
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseUnavailable(f"{source}: {path} isn't readable and writable by this "
                                      "user.")
        return
    folder = _existing_parent(path)
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnavailable(f"{source}: can't create {path}, because {folder} isn't a "
                                  "writable folder. Choose a path this user can write to.")


def _existing_parent(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path("/")
