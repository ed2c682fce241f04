"""Several instances on PostgreSQL: deploy/compose.yaml's `postgres` profile and the Kubernetes
manifests in deploy/k8s, parsed and checked against the code they run.

The facts that matter: the probes ask paths the real health server serves, on the port the
command line gives it; the database URL comes from a key the example Secret defines; the Slack
instances are several and a disruption budget keeps one; Discord stays one process per token;
every variable set is one Rebound reads; the containers are as locked down as the image; and
the default Compose service (one instance on SQLite) is what it always was. `kubectl
kustomize`, where installed, renders the manifests as `kubectl apply -k` would.
"""

from __future__ import annotations

import asyncio
import random
import re
import shutil
import subprocess
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
import yaml
from prometheus_client import CollectorRegistry

from adapters.discord.shards import parse_shards
from bot import __version__
from bot.clock import FakeClock
from rebound.cli import build_parser
from rebound.health import HealthServer
from rebound.metrics import PrometheusObserver
from rebound.service import Service
from tests.nudge_support import MONDAY, open_store
from tests.platform_support import FakeApp

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
CLEAN_STOP = 10
"""Seconds `rebound run` takes at most to stop on SIGTERM (deploy/README.md)."""

Manifest = dict[str, Any]


# --- reading ---------------------------------------------------------------------------------


def _load_all(path: Path) -> list[Manifest]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def _kustomization() -> Manifest:
    return yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))


def _manifests() -> list[Manifest]:
    """Every object `kubectl apply -k deploy/k8s` applies, as written."""
    found: list[Manifest] = []
    for resource in _kustomization()["resources"]:
        found += _load_all(K8S / resource)
    return found


def _one(kind: str, name: str) -> Manifest:
    matches = [m for m in _manifests()
               if m["kind"] == kind and m["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def _deployments() -> list[Manifest]:
    return [m for m in _manifests() if m["kind"] == "Deployment"]


def _container(deployment: Manifest) -> Manifest:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return dict(container)


def _env(container: Manifest) -> dict[str, Manifest]:
    return {entry["name"]: entry for entry in container.get("env", [])}


def _ports(container: Manifest) -> dict[str, int]:
    return {port["name"]: int(port["containerPort"]) for port in container["ports"]}


def _example_secret() -> Manifest:
    (secret,) = _load_all(K8S / "secret.example.yaml")
    return secret


def _variables_rebound_reads() -> set[str]:
    """Every REBOUND_/SLACK_/DISCORD_ name quoted in the code (where settings are read)."""
    named: set[str] = set()
    for folder in ("bot", "adapters", "rebound"):
        for source in (ROOT / folder).rglob("*.py"):
            named |= set(re.findall(r"[\"'`]((?:REBOUND|SLACK|DISCORD)_[A-Z0-9_]+)[\"'`]",
                                    source.read_text(encoding="utf-8")))
    return named


def _dockerfile_user() -> tuple[int, int]:
    users = re.findall(r"^USER (\d+):(\d+)$", (DEPLOY / "Dockerfile").read_text(encoding="utf-8"),
                       flags=re.MULTILINE)
    assert users, "the Dockerfile's USER should be numeric uid:gid"
    uid, gid = users[-1]
    return int(uid), int(gid)


def _compose() -> Manifest:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def _with_defaults(text: str) -> str:
    """Compose's `${NAME:-default}`, as Compose reads it when NAME is unset."""
    return re.sub(r"\$\{[A-Z0-9_]+:-([^}]*)\}", r"\1", text)


# --- Kubernetes ------------------------------------------------------------------------------


def test_the_kustomization_applies_every_manifest_but_never_the_example_secret() -> None:
    resources = _kustomization()["resources"]
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(resources) == on_disk - {"secret.example.yaml"}
    assert not any(m["kind"] == "Secret" for m in _manifests())
    (image,) = _kustomization()["images"]
    assert image["name"] == _container(_one("Deployment", "rebound-slack"))["image"]
    assert image["newTag"] == __version__, "tag the image with the version being deployed"


@pytest.mark.skipif(shutil.which("kubectl") is None,
                    reason="kubectl isn't installed: the manifests are checked as written only")
def test_kubectl_renders_the_kustomization() -> None:
    done = subprocess.run(["kubectl", "kustomize", str(K8S)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    rendered = [doc for doc in yaml.safe_load_all(done.stdout) if doc]
    assert sorted((m["kind"], m["metadata"]["name"]) for m in rendered) == sorted(
        (m["kind"], m["metadata"]["name"]) for m in _manifests())
    images = {c["image"] for m in rendered if m["kind"] == "Deployment"
              for c in m["spec"]["template"]["spec"]["containers"]}
    assert images == {f"rebound:{__version__}"}


def test_slack_runs_on_several_instances_kept_through_upgrades_and_drains() -> None:
    slack = _one("Deployment", "rebound-slack")
    assert slack["spec"]["replicas"] >= 2
    assert slack["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    pods = slack["spec"]["template"]["metadata"]["labels"]
    assert slack["spec"]["selector"]["matchLabels"].items() <= pods.items()

    budget = _one("PodDisruptionBudget", "rebound-slack")
    assert budget["spec"]["minAvailable"] == 1
    chosen = budget["spec"]["selector"]["matchLabels"].items()
    assert chosen <= pods.items(), "the budget must select the Slack pods"
    for other in _deployments():
        if other is not slack and other["metadata"]["name"] != "rebound-slack":
            labels = other["spec"]["template"]["metadata"]["labels"]
            assert not chosen <= labels.items(), \
                f"the budget would also hold {other['metadata']['name']}'s single pod"


def test_the_service_sends_slacks_requests_to_the_port_slack_listens_on() -> None:
    slack = _one("Deployment", "rebound-slack")
    container = _container(slack)
    args = build_parser().parse_args(container["args"])
    assert (args.command, args.http) == ("slack", True)
    service = _one("Service", "rebound-slack")
    assert service["spec"]["selector"].items() <= \
        slack["spec"]["template"]["metadata"]["labels"].items()
    (port,) = service["spec"]["ports"]
    assert _ports(container)[port["targetPort"]] == args.port


def test_discord_is_one_process_per_token_even_during_an_upgrade() -> None:
    discord = _one("Deployment", "rebound-discord")
    assert discord["spec"]["replicas"] == 1
    assert discord["spec"]["strategy"]["type"] == "Recreate"
    args = build_parser().parse_args(_container(discord)["args"])
    assert args.command == "discord"


@pytest.mark.parametrize("name", ["rebound-slack", "rebound-discord"])
def test_each_deployment_runs_only_its_own_platform(name: str) -> None:
    container = _container(_one("Deployment", name))
    command = build_parser().parse_args(container["args"]).command
    other = {"slack": "DISCORD_", "discord": "SLACK_"}[command]
    assert not [n for n in _env(container) if n.startswith(other)]


@pytest.mark.parametrize("name", ["rebound-slack", "rebound-discord"])
def test_probes_ask_the_health_port_the_command_line_opens_on_every_address(name: str) -> None:
    container = _container(_one("Deployment", name))
    args = build_parser().parse_args(container["args"])
    assert args.health_port is not None
    env = _env(container)
    assert env["REBOUND_HEALTH_HOST"]["value"] == "0.0.0.0", "the kubelet probes from outside"
    assert int(env["REBOUND_HEALTH_PORT"]["value"]) == args.health_port
    probes = {kind: container[kind]["httpGet"]
              for kind in ("startupProbe", "livenessProbe", "readinessProbe")}
    for kind, probe in probes.items():
        assert _ports(container)[probe["port"]] == args.health_port, kind
    assert probes["livenessProbe"]["path"] == probes["startupProbe"]["path"] == "/healthz"
    assert probes["readinessProbe"]["path"] == "/readyz"


async def test_every_probe_path_is_one_the_health_server_serves(tmp_path: Path) -> None:
    paths = {container[kind]["httpGet"]["path"]
             for container in map(_container, _deployments())
             for kind in ("startupProbe", "livenessProbe", "readinessProbe")}
    clock = FakeClock(MONDAY)
    registry = CollectorRegistry()
    async with await open_store(tmp_path) as store, aiohttp.ClientSession() as http:
        service = Service(store, [FakeApp(clock, "alpha")], clock=clock,
                          observer=PrometheusObserver(registry), rng=random.Random(7))
        server = HealthServer(service, port=0, registry=registry)
        serving = asyncio.create_task(server.serve())
        try:
            await asyncio.wait_for(server.ready.wait(), 5)

            async def status(path: str) -> int:
                url = f"http://127.0.0.1:{server.bound_port}{path}"
                async with http.get(url) as response:
                    return response.status

            assert await status("/no-such-probe") == 404
            for path in sorted(paths):
                # Not started yet: 503 is a real answer; 404 would mean a wrong path.
                assert await status(path) in (200, 503), path
        finally:
            serving.cancel()
            with suppress(asyncio.CancelledError):
                await serving


def test_the_database_url_and_tokens_come_from_keys_the_example_secret_defines() -> None:
    secret = _example_secret()
    keys = set(secret["stringData"])
    for deployment in _deployments():
        container = _container(deployment)
        database = _env(container)["REBOUND_DB"]["valueFrom"]["secretKeyRef"]
        assert database["name"] == secret["metadata"]["name"]
        assert database["key"] in keys
        for entry in _env(container).values():
            if "valueFrom" in entry:
                ref = entry["valueFrom"]["secretKeyRef"]
                assert (ref["name"], ref["key"] in keys) == (secret["metadata"]["name"], True)
            elif entry["name"].endswith(("_TOKEN", "_SECRET")) or entry["name"] == "REBOUND_DB":
                pytest.fail(f"{entry['name']} belongs in the Secret, not in the manifest")
    url = urlsplit(secret["stringData"]["database-url"])
    assert url.scheme == "postgresql" and url.password == "change-me"


def test_the_example_secret_holds_no_secret() -> None:
    values = _example_secret()["stringData"]
    for key, value in values.items():
        if key != "database-url":
            assert value == "", f"{key} has a value in the example"


def test_every_variable_the_manifests_set_is_one_rebound_reads() -> None:
    reads = _variables_rebound_reads()
    for deployment in _deployments():
        named = set(_env(_container(deployment)))
        assert named <= reads, f"Rebound doesn't read {sorted(named - reads)}"


@pytest.mark.parametrize("name", ["rebound-slack", "rebound-discord"])
def test_the_pods_run_as_locked_down_as_the_image(name: str) -> None:
    deployment = _one("Deployment", name)
    pod = deployment["spec"]["template"]["spec"]
    uid, gid = _dockerfile_user()
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert (pod["securityContext"]["runAsUser"], pod["securityContext"]["runAsGroup"]) == \
        (uid, gid)
    assert pod["automountServiceAccountToken"] is False
    container = _container(deployment)
    assert container["securityContext"] == {"allowPrivilegeEscalation": False,
                                            "readOnlyRootFilesystem": True,
                                            "capabilities": {"drop": ["ALL"]}}
    for bound in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][bound]), bound
    tmp = {m["name"] for m in container["volumeMounts"] if m["mountPath"] == "/tmp"}
    assert tmp and all("emptyDir" in v for v in pod["volumes"] if v["name"] in tmp)
    # Compose and systemd give the same clean stop the same time.
    grace = pod["terminationGracePeriodSeconds"]
    assert grace > CLEAN_STOP
    assert f"{grace}s" == _compose()["services"]["rebound"]["stop_grace_period"]


# --- Compose ---------------------------------------------------------------------------------

DEFAULT_SERVICE = {
    "build": {"context": "..", "dockerfile": "deploy/Dockerfile"},
    "image": "rebound:latest",
    "env_file": ".env",
    "volumes": ["rebound-data:/data"],
    "restart": "unless-stopped",
    "stop_grace_period": "15s",
    "healthcheck": {
        "test": ["CMD-SHELL", "python -c \"import urllib.request; urllib.request.urlopen("
                 "'http://127.0.0.1:$${REBOUND_HEALTH_PORT:-8080}/healthz', timeout=4)\""],
        "interval": "30s", "timeout": "5s", "start_period": "30s", "retries": 3},
    "read_only": True,
    "tmpfs": ["/tmp"],
    "cap_drop": ["ALL"],
    "security_opt": ["no-new-privileges:true"],
}
"""The one service `docker compose up` starts, exactly as before the `postgres` profile."""


def _profile(name: str | None) -> dict[str, Manifest]:
    services: dict[str, Manifest] = _compose()["services"]
    return {key: value for key, value in services.items()
            if (name in value.get("profiles", [])) or (name is None and "profiles" not in value)}


def test_the_default_profile_is_still_one_instance_on_sqlite() -> None:
    assert _profile(None) == {"rebound": DEFAULT_SERVICE}
    assert "rebound-data" in _compose()["volumes"]


def test_the_postgres_profile_runs_two_instances_on_one_postgres() -> None:
    services = _profile("postgres")
    assert set(services) == {"postgres", "rebound-1", "rebound-2"}
    postgres = services["postgres"]
    assert postgres["image"].split(":")[1].split(".")[0] == "16"
    volume, _, mount = postgres["volumes"][0].partition(":")
    assert volume in _compose()["volumes"] and mount == "/var/lib/postgresql/data"
    kind, check = postgres["healthcheck"]["test"]
    assert kind == "CMD-SHELL" and check.startswith("pg_isready")
    settings = postgres["environment"]

    urls = {services[name]["environment"]["REBOUND_DB"] for name in ("rebound-1", "rebound-2")}
    (url,) = urls  # one database for both
    parts = urlsplit(_with_defaults(url))
    assert parts.scheme == "postgresql" and parts.hostname == "postgres" and parts.port == 5432
    assert parts.username == settings["POSTGRES_USER"]
    assert parts.path == f"/{settings['POSTGRES_DB']}"
    assert parts.password == _with_defaults(settings["POSTGRES_PASSWORD"])
    for name in ("rebound-1", "rebound-2"):
        instance = services[name]
        assert instance["depends_on"] == {"postgres": {"condition": "service_healthy"}}
        # The same container as the default one, without its SQLite volume.
        shared = {k: v for k, v in DEFAULT_SERVICE.items() if k != "volumes"}
        assert {k: instance[k] for k in shared} == shared
        assert "volumes" not in instance


def test_the_two_instances_split_discords_shards_and_the_first_gets_the_dms() -> None:
    services = _profile("postgres")
    plans = [parse_shards(services[name]["environment"]["REBOUND_DISCORD_SHARDS"])
             for name in ("rebound-1", "rebound-2")]
    assert len({plan.count for plan in plans}) == 1
    ids = [shard for plan in plans for shard in plan.ids]
    assert sorted(ids) == list(range(plans[0].count)), "every shard run once"
    assert 0 in plans[0].ids


def test_every_variable_compose_sets_is_one_rebound_reads() -> None:
    reads = _variables_rebound_reads()
    for name, service in _compose()["services"].items():
        if name.startswith("rebound"):
            named = set(service.get("environment", {}))
            assert named <= reads, f"{name}: Rebound doesn't read {sorted(named - reads)}"
