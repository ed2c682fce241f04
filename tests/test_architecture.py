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


# The composition root, and the tests of the store itself (which test `Store.open`).
COMPOSITION_ROOT = ROOT / "rebound" / "bootstrap.py"
STORE_TESTS = {ROOT / "tests" / "test_store.py", ROOT / "tests" / "test_migrations.py"}
CORE_BUILDERS = {"Coach", "Scheduler", "Store"}
OUR_CODE = ("bot", "adapters", "rebound", "benchmarks", "tools")


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def _core_constructions(path: Path) -> list[str]:
    """Where a module builds the core itself: `Coach(...)`, `Scheduler(...)`, `Store(...)`,
    `Store.open(...)`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in CORE_BUILDERS:
            found.append(f"{func.id}() on line {node.lineno}")
        elif (isinstance(func, ast.Attribute) and func.attr == "open"
              and isinstance(func.value, ast.Name) and func.value.id == "Store"):
            found.append(f"Store.open() on line {node.lineno}")
    return found


def test_one_composition_root_builds_the_core() -> None:
    """Every entry point (chat, Slack, Discord, run, benchmarks) and every test harness gets
    its store, coach and scheduler from rebound/bootstrap.py."""
    offenders = {}
    for path in _python_files(*OUR_CODE, "tests"):
        if path == COMPOSITION_ROOT or path in STORE_TESTS:
            continue
        found = _core_constructions(path)
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}
    assert _core_constructions(COMPOSITION_ROOT)  # the check does see constructions


def _private_names(path: Path) -> set[str]:
    """The `_private` names a module defines: functions, classes, attributes it assigns."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def _private_reads(path: Path) -> list[tuple[int, str, str]]:
    """`obj._name` where obj is not `self` or `cls`: (line, name, expression)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            found.append((node.lineno, node.attr, ast.unparse(node)))
    return found


def test_no_module_reads_another_modules_private_fields() -> None:
    """`obj._field` is allowed only in the module that defines `_field`: a private name of one
    of our modules read from another is a seam that should be a public API. (Private names
    of libraries, like `os._exit`, are theirs to keep stable.)"""
    files = _python_files(*OUR_CODE)
    defined = {path: _private_names(path) for path in files}
    ours = set().union(*defined.values())
    offenders = [f"{path.relative_to(ROOT)}:{line}: {text}"
                 for path in files for line, name, text in _private_reads(path)
                 if name in ours and name not in defined[path]]
    assert offenders == []


def test_the_private_field_check_sees_a_violation(tmp_path: Path) -> None:
    module = tmp_path / "peek.py"
    module.write_text("def peek(service):\n    return service._apps\n", encoding="utf-8")
    assert _private_reads(module) == [(2, "_apps", "service._apps")]
    assert "_apps" not in _private_names(module)
