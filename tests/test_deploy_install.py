"""The deployment files, checked without a container engine.

`deploy/Dockerfile`'s own build and install steps (the wheel, a fresh venv, the wheel
installed into it with its dependencies) are read out of the file and run here, with
/wheels and /opt/rebound mapped into a temp folder; then the installed `rebound` runs the
commands an operator runs. Static checks cover the rest of the Dockerfile, the compose file,
the systemd unit, .dockerignore and .env.example.
"""

from __future__ import annotations

import configparser
import http.server
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot import __version__
from bot.errors import CredentialsRefused, DatabaseUnavailable, FatalStartup, PortInUse

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
VENV = "/opt/rebound"
WHEELS = "/wheels"
TIMEOUT = 600


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction, with the stage it belongs to."""

    stage: str
    keyword: str
    args: str


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions in order; continuation lines joined and comment lines dropped."""
    instructions: list[Instruction] = []
    stage = ""
    pending = ""
    for line in text.splitlines():
        if line.strip().startswith("#") or (not line.strip() and not pending):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        keyword, _, args = (pending + line).strip().partition(" ")
        pending = ""
        keyword = keyword.upper()
        if keyword == "FROM":
            stage = args.split()[-1] if " AS " in args.upper() else str(len(instructions))
        instructions.append(Instruction(stage, keyword, " ".join(args.split())))
    return instructions


def install_steps(instructions: list[Instruction]) -> list[tuple[str, list[str]]]:
    """The Python commands of the RUN instructions: (stage, argv), in order.

    These are what build and install Rebound; the rest (users, folders) is system setup.
    """
    steps = []
    for instruction in instructions:
        if instruction.keyword != "RUN":
            continue
        for command in instruction.args.split("&&"):
            argv = shlex.split(command)
            if argv and (argv[0] == "python" or argv[0].startswith(f"{VENV}/bin/")):
                steps.append((instruction.stage, argv))
    return steps


def _instructions() -> list[Instruction]:
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


def _final(keyword: str) -> Instruction:
    found = [i for i in _instructions() if i.keyword == keyword]
    assert found, f"the Dockerfile has no {keyword}"
    return found[-1]


def _clean_env(home: Path) -> dict[str, str]:
    """This environment without the project's venv, any tokens or a database setting."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "REBOUND_DB")
    env = {key: value for key, value in os.environ.items()
           if key not in drop and not key.startswith(("SLACK_", "DISCORD_"))}
    env["HOME"] = str(home)
    return env


# --- The Dockerfile's install, performed -----------------------------------------------------


@dataclass(frozen=True)
class Installed:
    """A fresh venv with the wheel installed the Dockerfile's way."""

    work: Path
    venv: Path
    env: dict[str, str]

    def rebound(self, *args: str, stdin: str | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.venv / "bin" / "rebound"), *args], input=stdin,
                              text=True, capture_output=True, cwd=self.work,
                              env=env or self.env, timeout=120, check=False)

    def has_command(self, name: str) -> bool:
        return self.rebound(name, "--help").returncode == 0  # argparse: 2, invalid choice


def _translate(argv: list[str], paths: dict[str, Path]) -> list[str]:
    """A Dockerfile command for this machine: its paths mapped, `python` this interpreter,
    `.` the source tree (the build stage copies it to its working folder), globs expanded."""
    result: list[str] = []
    for word in argv:
        if word == "python":
            result.append(sys.executable)
            continue
        if word == ".":
            result.append(str(ROOT))
            continue
        for inside, outside in paths.items():
            if word == inside or word.startswith(inside + "/"):
                word = str(outside) + word[len(inside):]
        if "*" in word:
            folder, _, pattern = word.rpartition("/")
            matches = sorted(Path(folder).glob(pattern))
            assert len(matches) == 1, f"{word} matched {matches}"
            word = str(matches[0])
        result.append(word)
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("deploy")
    paths = {WHEELS: work / "wheels", VENV: work / "opt-rebound"}
    env = _clean_env(work)
    for stage, argv in install_steps(_instructions()):
        command = _translate(argv, paths)
        done = subprocess.run(command, cwd=ROOT if stage == "build" else work, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT, check=False)
        assert done.returncode == 0, f"{shlex.join(argv)} failed:\n{done.stderr[-3000:]}"
    return Installed(work=work, venv=paths[VENV], env=env)


def test_the_installed_venv_runs_its_own_copy_of_rebound(installed: Installed) -> None:
    where = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c",
         "import bot, rebound, sys; print(bot.__file__); print(rebound.__file__); "
         "print(sys.prefix != sys.base_prefix)"],
        text=True, capture_output=True, cwd=installed.work, env=installed.env, timeout=60,
        check=True)
    bot_file, rebound_file, in_venv = where.stdout.splitlines()
    assert Path(bot_file).is_relative_to(installed.venv)
    assert Path(rebound_file).is_relative_to(installed.venv)
    assert in_venv == "True"


def test_installed_rebound_reports_its_version_and_chats(installed: Installed) -> None:
    version = installed.rebound("--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout == f"rebound {__version__}\n"

    db = installed.work / "chat.db"
    chat = installed.rebound("chat", "--db", str(db), stdin="help\n")
    assert chat.returncode == 0, chat.stderr
    assert "log" in chat.stdout and "draft" in chat.stdout
    assert db.is_file() and (db.stat().st_mode & 0o077) == 0


def test_installed_rebound_doctor_checks_a_database(installed: Installed) -> None:
    db = installed.work / "doctor.db"
    installed.rebound("chat", "--db", str(db), stdin="help\n")  # create and migrate it

    doctor = installed.rebound("doctor", "--db", str(db))

    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert str(db) in doctor.stdout
    assert "database" in doctor.stdout


def test_installed_rebound_backs_up_a_database(installed: Installed) -> None:
    db = installed.work / "backup-source.db"
    installed.rebound("chat", "--db", str(db), stdin="help\n")
    target = installed.work / "backup-copy.db"

    backup = installed.rebound("backup", "--db", str(db), str(target))

    assert backup.returncode == 0, backup.stderr
    assert str(target) in backup.stdout and "integrity ok" in backup.stdout
    assert (target.stat().st_mode & 0o777) == 0o600


def test_the_images_command_is_one_the_installed_cli_understands(installed: Installed) -> None:
    entrypoint = yaml.safe_load(_final("ENTRYPOINT").args)
    command = yaml.safe_load(_final("CMD").args)
    assert entrypoint == ["rebound"]
    env = {**installed.env, "REBOUND_DB": str(installed.work / "run.db")}

    # No platform token: the command must get past argument parsing and refuse in one line.
    run = installed.rebound(*command, env=env)

    assert run.returncode == 2
    assert "usage:" not in run.stderr, run.stderr
    assert "SLACK_BOT_TOKEN" in run.stderr and "DISCORD_TOKEN" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr


# --- The Dockerfile, read ------------------------------------------------------------------


def test_the_dockerfile_builds_a_wheel_then_installs_it_into_a_venv() -> None:
    assert install_steps(_instructions()) == [
        ("build", ["python", "-m", "pip", "wheel", "--no-deps", "--wheel-dir", WHEELS, "."]),
        ("runtime", ["python", "-m", "venv", VENV]),
        ("runtime", [f"{VENV}/bin/python", "-m", "pip", "install", f"{WHEELS}/*.whl"]),
    ], "the install steps changed: tests/test_deploy_install.py performs exactly these"
    copies = [i.args for i in _instructions() if i.keyword == "COPY" and i.stage == "runtime"]
    assert copies == [f"--from=build {WHEELS}/ {WHEELS}/"], "the runtime gets only the wheel"


def test_the_image_is_slim_runs_as_a_user_keeps_data_on_a_volume_and_checks_health() -> None:
    instructions = _instructions()
    stages = [i.args for i in instructions if i.keyword == "FROM"]
    assert stages == ["${PYTHON_IMAGE} AS build", "${PYTHON_IMAGE} AS runtime"]
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in DOCKERFILE.read_text(encoding="utf-8")

    user = _final("USER")
    assert user.stage == "runtime"
    assert user.args.split(":")[0] not in ("root", "0")
    assert "--uid 10001" in next(i.args for i in instructions if "useradd" in i.args)

    assert "/data" in _final("VOLUME").args.split()
    env = " ".join(i.args for i in instructions if i.keyword == "ENV" and i.stage == "runtime")
    assert "REBOUND_DB=/data/rebound.db" in env.split()
    # One setting for the port: `rebound run` serves health on it, and HEALTHCHECK asks it.
    assert "REBOUND_HEALTH_PORT=8080" in env.split()

    health = _final("HEALTHCHECK").args
    assert "CMD python -c" in health and "urllib.request" in health
    assert "http://127.0.0.1:${REBOUND_HEALTH_PORT:-8080}/healthz" in health
    assert "curl" not in health and "wget" not in health
    assert _final("STOPSIGNAL").args == "SIGTERM"
    assert yaml.safe_load(_final("CMD").args) == ["run"]


@pytest.fixture
def health_server() -> Iterator[int]:
    class Healthy(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/healthz" else 404)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            del format, args

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Healthy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_healthcheck_command_passes_on_a_healthy_port_and_fails_on_a_dead_one(
        health_server: int) -> None:
    # Docker runs a shell-form HEALTHCHECK CMD with /bin/sh -c; `python` is the venv's.
    command = _final("HEALTHCHECK").args.split(" CMD ", 1)[1]
    command = re.sub(r"^python\b", shlex.quote(sys.executable), command)

    def check(port: int | None) -> int:
        env = {k: v for k, v in os.environ.items() if k != "REBOUND_HEALTH_PORT"}
        if port is not None:
            env["REBOUND_HEALTH_PORT"] = str(port)
        return subprocess.run(["/bin/sh", "-c", command], env=env, capture_output=True,
                              timeout=30, check=False).returncode

    assert check(health_server) == 0
    assert check(_unused_port()) != 0
    assert check(None) != 0  # the default, 8080, answers nothing here


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ignored_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_build_copies_everything_the_wheel_needs_and_dockerignore_lets_it_through() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]
    needed = {"pyproject.toml", project["project"]["readme"], *wheel["packages"],
              *wheel.get("force-include", {})}
    copied = set()
    for instruction in _instructions():
        if instruction.keyword == "COPY" and instruction.stage == "build":
            *sources, _ = instruction.args.split()
            copied |= {source.rstrip("/") for source in sources}
    assert needed <= copied, f"the build stage doesn't copy {sorted(needed - copied)}"
    for source in copied:
        assert (ROOT / source).exists(), source

    patterns = _ignored_patterns()
    assert patterns[0] == "*", ".dockerignore should let in only what the build needs"
    allowed = {p[1:].rstrip("/") for p in patterns if p.startswith("!")}
    assert copied <= allowed, f".dockerignore keeps out {sorted(copied - allowed)}"
    assert {"**/.env", "**/*.db"} <= set(patterns)


# --- Compose, systemd, settings ------------------------------------------------------------


def test_compose_runs_the_image_with_its_volume_env_file_restart_and_healthcheck() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    # `docker compose up` starts the services without a profile: this one alone.
    (name, service), = ((k, v) for k, v in compose["services"].items() if "profiles" not in v)
    assert name == "rebound"
    build = service["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE
    assert service["env_file"] == ".env"
    assert (DEPLOY / ".env.example").is_file()
    volume, _, mount = service["volumes"][0].partition(":")
    assert mount == "/data" and volume in compose["volumes"]
    assert service["restart"] == "unless-stopped"
    kind, test = service["healthcheck"]["test"]
    # Compose reads `$$` as a literal `$`: the container's shell runs the image's own check.
    assert kind == "CMD-SHELL"
    assert test.replace("$$", "$") == _final("HEALTHCHECK").args.split(" CMD ", 1)[1]
    assert service["read_only"] is True and service["cap_drop"] == ["ALL"]


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def test_the_systemd_unit_runs_the_same_install_hardened() -> None:
    unit = _unit(DEPLOY / "systemd" / "rebound.service")
    service = unit["Service"]
    assert service["Type"] == "exec"
    assert service["ExecStart"] == f"{VENV}/bin/rebound run --health-port 8080"
    assert service.get("DynamicUser") == "yes" or service["User"] not in ("root", "0")
    assert service["StateDirectory"] == "rebound"
    assert service["Environment"] == "REBOUND_DB=/var/lib/rebound/rebound.db"
    assert service["EnvironmentFile"] == "-/etc/rebound/rebound.env"
    assert service["Restart"] == "on-failure"
    # No restart loop for what a restart can't fix: every fatal start-up exit code.
    fatal = {FatalStartup.exit_code, CredentialsRefused.exit_code, PortInUse.exit_code,
             DatabaseUnavailable.exit_code}
    assert set(map(int, service["RestartPreventExitStatus"].split())) == fatal
    assert service["TimeoutStopSec"] == "15"
    assert service["UMask"] == "0077"
    for setting in ("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices",
                    "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs",
                    "LockPersonality", "MemoryDenyWriteExecute", "RestrictNamespaces"):
        assert service[setting] == "yes", setting
    assert service["ProtectSystem"] == "strict"
    assert service["RestrictAddressFamilies"] == "AF_INET AF_INET6 AF_UNIX"
    assert service["SystemCallFilter"] == "@system-service"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    assert not list((DEPLOY / "discord").glob("*.service")), "one unit, in deploy/systemd/"


ENV_VARIABLES = {
    "REBOUND_DB", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
    "DISCORD_TOKEN", "DISCORD_GUILD_ID", "DISCORD_APPLICATION_ID", "DISCORD_API_URL",
    "REBOUND_HEALTH_PORT", "REBOUND_LOG_FORMAT", "REBOUND_LOG_LEVEL",
}


def _documented() -> set[str]:
    text = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_code_reads() -> None:
    named: set[str] = set()
    for folder in ("bot", "adapters", "rebound"):
        for source in (ROOT / folder).rglob("*.py"):
            named |= set(re.findall(r"[\"'`]((?:REBOUND|SLACK|DISCORD)_[A-Z0-9_]+)[\"'`]",
                                    source.read_text(encoding="utf-8")))
    documented = _documented()
    assert documented >= ENV_VARIABLES, sorted(ENV_VARIABLES - documented)
    assert named <= documented, f"add {sorted(named - documented)} to deploy/.env.example"


def test_env_example_holds_no_secret_and_explains_every_variable() -> None:
    explained = False  # the lines above (a group of variables) start with an explanation
    for line in (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#? ?([A-Z][A-Z0-9_]+)=(.*)$", line)
        if match is None:
            explained = line.startswith("# ") and not line.startswith("# ---")
            continue
        name, value = match.groups()
        assert explained, f"{name} has no explanation above it"
        if name.endswith(("_TOKEN", "_SECRET")):
            assert value == "", f"{name} has a value in the example"
