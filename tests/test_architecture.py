"""The architecture is a test: pure cores never reach the UI, the database or the CAS."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _loaded_after_import(module: str) -> set[str]:
    code = (
        f"import sys, {module}\nprint('\\n'.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return set(out.split())


@pytest.mark.parametrize(
    "module",
    [
        "trainer.checking",
        "trainer.scheduling",
        "trainer.formats",
        "trainer.stats",
        "trainer.domain",
    ],
)
def test_pure_packages_load_neither_textual_nor_sqlalchemy(module: str) -> None:
    loaded = _loaded_after_import(module)
    assert not loaded & {"textual", "sqlalchemy", "alembic", "click"}, loaded


@pytest.mark.parametrize(
    "module", ["trainer.practice.services", "trainer.wiring", "trainer.store.db", "trainer.cli"]
)
def test_nothing_outside_the_tui_loads_textual(module: str) -> None:
    assert "textual" not in _loaded_after_import(module)


def test_the_app_and_cli_load_no_database_layer_at_import() -> None:
    """The TUI's first paint must not wait for SQLAlchemy: it loads in a worker later."""
    loaded = _loaded_after_import("trainer.cli, trainer.tui.app, trainer.practice.engine")
    assert not loaded & {"sqlalchemy", "alembic", "fsrs", "fsrs_rs_python", "numpy", "sympy"}, (
        loaded
    )


def test_startup_path_does_not_load_sympy() -> None:
    loaded = _loaded_after_import("trainer.cli, trainer.wiring, trainer.checking")
    assert "sympy" not in loaded


def test_import_linter_contracts_hold() -> None:
    runner = (
        "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())"
    )
    result = subprocess.run(
        [sys.executable, "-c", runner, "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if "No module named" in result.stderr and "importlinter" in result.stderr:
        pytest.fail("import-linter is a test dependency: pip install -e '.[test]'")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: " in result.stdout and " broken" in result.stdout
    assert "0 broken" in result.stdout, result.stdout


def test_textual_imports_live_only_in_the_tui_and_cli() -> None:
    offenders = []
    for path in (ROOT / "trainer").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("trainer/tui/") or rel == "trainer/cli.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "import textual" in source or "from textual" in source:
            offenders.append(rel)
    assert offenders == []


def test_the_application_and_the_ui_hold_no_sqlalchemy_type() -> None:
    """Not even under TYPE_CHECKING: practice, presentation and the TUI call store
    functions that take and return domain objects (import-linter checks the same with
    ``exclude_type_checking_imports = false``)."""
    offenders = []
    for package in ("practice", "presentation", "tui"):
        for path in (ROOT / "trainer" / package).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if "import sqlalchemy" in source or "from sqlalchemy" in source:
                offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


def test_import_contracts_count_type_checking_imports_and_name_the_layers() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linter = config["tool"]["importlinter"]
    assert linter["exclude_type_checking_imports"] is False
    layers = [c for c in linter["contracts"] if c["type"] == "layers"]
    assert len(layers) == 1
    order = [layer.split()[0] for layer in layers[0]["layers"]]
    assert order.index("trainer.practice") < order.index("trainer.store")
    assert order.index("trainer.store") < order.index("trainer.checking")


@pytest.mark.parametrize(
    "package", ["store", "practice", "formats", "scheduling", "stats", "presentation", "tui"]
)
def test_no_import_circles_inside(package: str) -> None:
    """Modules of one package import one way (db -> migrate was a circle, and
    anki_notes <-> anki_revisions, and reports <-> report_builder): counting imports
    inside functions and under TYPE_CHECKING."""
    import grimp

    graph = grimp.build_graph("trainer", exclude_type_checking_imports=False, cache_dir=None)
    prefix = f"trainer.{package}."
    modules = sorted(m for m in graph.modules if m.startswith(prefix))
    circles = []
    for module in modules:
        for other in graph.find_modules_directly_imported_by(module):
            if other.startswith(prefix) and graph.chain_exists(importer=other, imported=module):
                circles.append((module, other))
    assert circles == []
