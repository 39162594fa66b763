"""The scheduling layer stays pure, and only the bridge speaks to fsrs."""

from __future__ import annotations

import ast
from pathlib import Path

import trainer

PACKAGE = Path(trainer.__file__).resolve().parent
SCHEDULING = PACKAGE / "scheduling"
FSRS_MODULES = {"fsrs", "fsrs_rs_python"}
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


def test_only_the_bridge_imports_fsrs() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if imported_roots(path) & FSRS_MODULES and path != SCHEDULING / "fsrs_bridge.py"
    ]
    assert offenders == []


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
