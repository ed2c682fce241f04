"""The core stays platform-agnostic: nothing in bot/ reaches the adapters or chat SDKs."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("adapters", "rebound", "slack_bolt", "slack_sdk", "discord")
# `python -m bot` must start the app, so its launcher is the one file allowed to hand over.
LAUNCHER = ROOT / "bot" / "__main__.py"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_modules_import_nothing_platform_specific() -> None:
    offenders = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if path == LAUNCHER:
            continue
        bad = {m for m in _imported_modules(path) if m.split(".")[0] in FORBIDDEN}
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_importing_the_whole_core_loads_no_adapter() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in sorted((ROOT / "bot").rglob("*.py")) if p != LAUNCHER
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_no_module_reads_the_environment_at_import_time() -> None:
    for path in sorted((ROOT / "bot").rglob("*.py")):
        assert "os.environ" not in path.read_text(encoding="utf-8"), path


def test_the_slack_adapter_is_built_on_slack_bolt() -> None:
    """The required stack: slack-bolt is a runtime dependency, and the Slack request path
    (front door, dispatcher, listeners, app) imports it. tests/test_slack_bolt.py shows the
    requests really go through it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("slack-bolt") for dep in project["dependencies"])
    slack = ROOT / "adapters" / "slack"
    for name in ("transport.py", "dispatch.py", "listeners.py", "app.py"):
        assert any(m.split(".")[0] == "slack_bolt" for m in _imported_modules(slack / name)), name


def _runtime_and_type_only_imports(path: Path) -> tuple[set[str], set[str]]:
    """The modules `path` imports when it runs, and those imported only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
                "TYPE_CHECKING", "typing.TYPE_CHECKING"):
            type_only.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    runtime: set[str] = set()
    typing_only: set[str] = set()
    for node in ast.walk(tree):
        names: set[str] = set()
        if isinstance(node, ast.Import):
            names = {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names = {"." * node.level + (node.module or "")}
        (typing_only if id(node) in type_only else runtime).update(names)
    return runtime, typing_only


def test_released_migrations_are_frozen() -> None:
    """Migrations are literal SQL: nothing of ours (bot.models' defaults, say) can rewrite a
    released one. The runner's transaction type may be named for type checking only."""
    runtime, typing_only = _runtime_and_type_only_imports(ROOT / "bot" / "store" / "migrations.py")
    assert {m for m in runtime if m.split(".")[0] not in sys.stdlib_module_names} == set()
    assert "bot.models" not in runtime | typing_only
    assert typing_only <= {"bot.store.db"}


def test_only_the_state_codec_reads_the_flow_tag() -> None:
    """Flows are told apart by their types (`bot.flow_state`); the `"flow"` key of the stored
    JSON belongs to its codec alone."""
    codec = ROOT / "bot" / "flow_state.py"
    readers = sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "bot").rglob("*.py")
        if path != codec and any(
            isinstance(node, ast.Constant) and node.value == "flow"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))))
    assert readers == []
