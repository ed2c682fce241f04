"""`rebound discord` as a new user meets it: what is missing, and the install links."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    return subprocess.run([sys.executable, "-m", "bot", "discord", *args], text=True,
                          capture_output=True, env={**clean, **env}, cwd=ROOT, timeout=60,
                          check=False)


def test_without_a_token_it_says_what_is_missing_and_where_to_get_it(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "r.db"), env={})
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DISCORD_TOKEN is not set" in lines[0]
    assert "https://discord.com/developers/applications" in lines[0]
    assert "Bot -> Reset Token" in lines[0]


def test_a_bad_guild_id_is_explained(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "r.db"),
                 env={"DISCORD_TOKEN": "x.y.z", "DISCORD_GUILD_ID": "my server"})
    assert result.returncode == 2
    assert "DISCORD_GUILD_ID must be a server id" in result.stderr
    assert "x.y.z" not in result.stderr


def test_invite_url_reads_the_application_id_from_the_token() -> None:
    token = base64.b64encode(b"123456789012345678").decode().rstrip("=") + ".abc.def"
    result = run("--invite-url", env={"DISCORD_TOKEN": token})
    assert result.returncode == 0, result.stderr
    urls = [line.strip() for line in result.stdout.splitlines() if "https://" in line]
    server, user = (parse_qs(urlparse(u).query) for u in urls)
    assert server == {"client_id": ["123456789012345678"],
                      "scope": ["bot applications.commands"], "permissions": ["0"],
                      "integration_type": ["0"]}
    assert user == {"client_id": ["123456789012345678"], "scope": ["applications.commands"],
                    "integration_type": ["1"]}
    assert token not in result.stdout


def test_invite_url_takes_an_application_id_without_a_token() -> None:
    result = run("--invite-url", env={"DISCORD_APPLICATION_ID": "987654321098765432"})
    assert result.returncode == 0, result.stderr
    assert "client_id=987654321098765432" in result.stdout
    missing = run("--invite-url", env={})
    assert missing.returncode == 2
    assert "DISCORD_APPLICATION_ID" in missing.stderr


def test_the_api_and_gateway_urls_are_checked(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "r.db"),
                 env={"DISCORD_TOKEN": "x.y.z", "DISCORD_GATEWAY_URL": "gateway.example"})
    assert result.returncode == 2
    assert "DISCORD_GATEWAY_URL must be a ws(s) URL like wss://gateway.discord.gg/" in \
        result.stderr
    result = run("--db", str(tmp_path / "r.db"),
                 env={"DISCORD_TOKEN": "x.y.z", "DISCORD_API_URL": "ftp://example"})
    assert "DISCORD_API_URL must be an http(s) URL" in result.stderr
