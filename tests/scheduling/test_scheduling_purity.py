"""The scheduling layer stays pure, and only the bridges speak to fsrs and fsrs-rs."""

from __future__ import annotations

import ast
from pathlib import Path

import trainer

PACKAGE = Path(trainer.__file__).resolve().parent
SCHEDULING = PACKAGE / "scheduling"
BRIDGES = {
    "fsrs": SCHEDULING / "fsrs_bridge.py",
    "fsrs_rs_python": SCHEDULING / "fsrs_rs_bridge.py",
}
FORBIDDEN_IN_SCHEDULING = {"sqlalchemy", "textual", "click", "alembic", "sqlite3"}
WALL_CLOCK_CALLS = {"now", "utcnow", "today", "time", "perf_counter", "monotonic"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_the_bridges_import_fsrs_and_fsrs_rs() -> None:
    offenders = [
        (str(path.relative_to(PACKAGE)), module)
        for path in PACKAGE.rglob("*.py")
        for module in sorted(imported_roots(path) & BRIDGES.keys())
        if path != BRIDGES[module]
    ]
    assert offenders == []
    for module, bridge in BRIDGES.items():
        assert module in imported_roots(bridge)


def test_scheduling_imports_no_database_ui_or_cli() -> None:
    for path in SCHEDULING.rglob("*.py"):
        assert not imported_roots(path) & FORBIDDEN_IN_SCHEDULING, path.name


def test_scheduling_never_reads_the_wall_clock() -> None:
    for path in SCHEDULING.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                owner_name = owner.id if isinstance(owner, ast.Name) else ""
                if owner_name in {"datetime", "date", "time"}:
                    assert node.func.attr not in WALL_CLOCK_CALLS, f"{path.name}:{node.lineno}"
