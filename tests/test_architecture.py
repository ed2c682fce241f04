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


# -- no import cycles ----------------------------------------------------------------------
#
# Every import counts: at module level, under `if TYPE_CHECKING:`, and inside a function. A
# cycle hidden behind TYPE_CHECKING or a local import still ties the modules together (one
# can't be read, changed or tested without the other, and the type checker follows it); the
# only way to pass is to break the dependency, by moving what both need into a module of its
# own. A package's `__init__` counts only where it is imported itself: Python runs it before
# any of its submodules, but an edge from every submodule to its package would make each
# re-export in an `__init__` look like a cycle.

OWN_PACKAGES = ("bot", "adapters", "rebound")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _own_modules() -> dict[str, Path]:
    return {_module_name(p): p for package in OWN_PACKAGES for p in (ROOT / package).rglob("*.py")}


def _import_graph() -> dict[str, set[str]]:
    """Each of our modules -> the modules of ours it imports, wherever the import is."""
    modules = _own_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    edges.add(full if full in modules else base)
        graph[name] = {m for m in edges if m in modules and m != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            if group:
                found.append(sorted([node, *group]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_in_bot_adapters_or_rebound() -> None:
    graph = _import_graph()
    assert "adapters.discord.frontend" in graph["adapters.discord.buttons"]  # it sees imports
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle_however_it_is_hidden() -> None:
    """The Discord adapter's old shape: views imported the frontend under TYPE_CHECKING, and
    the frontend imported views."""
    graph = {"frontend": {"views", "render"}, "views": {"frontend"}, "render": set(),
             "commands": {"frontend", "views"}, "a": {"b"}, "b": {"c"}, "c": {"a"}}
    assert sorted(_cycles(graph)) == [["a", "b", "c"], ["frontend", "views"]]


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
    assert typing_only <= {"bot.store.tx"}


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
