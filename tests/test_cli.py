"""The CLI skeleton, run as a real subprocess in an empty TRAINER_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from trainer import __version__


def run_trainer(
    *args: str, home: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "TRAINER_HOME": str(home), **(env or {})}
    full_env.pop("TRAINER_DB", None) if env is None or "TRAINER_DB" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_version(tmp_path: Path) -> None:
    result = run_trainer("--version", home=tmp_path)
    assert result.returncode == 0
    assert __version__ in result.stdout
    assert not (tmp_path / "collection.sqlite3").exists()


def test_decks_json_creates_the_collection_and_prints_valid_json(tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    result = run_trainer("decks", "--json", home=home)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert isinstance(payload["decks"], list)
    assert (home / "collection.sqlite3").exists()
    for deck in payload["decks"]:
        assert {"key", "name", "total", "new", "today"} <= deck.keys()
        assert set(deck["today"]) == {"new", "learning", "due"}
        assert deck["today"]["new"] <= deck["new"] <= deck["total"]


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run_trainer("--help", home=tmp_path)
    assert result.returncode == 0
    assert "decks" in result.stdout


def test_a_user_error_is_one_line_on_stderr_without_traceback(tmp_path: Path) -> None:
    result = run_trainer("--db", "sqlite:////nonexistent/dir/c.db", "decks", home=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("trainer: error:") and "/nonexistent/dir" in lines[0]


def test_trainer_db_env_selects_the_collection(tmp_path: Path) -> None:
    db = tmp_path / "elsewhere.sqlite3"
    result = run_trainer(
        "decks", "--json", home=tmp_path / "home", env={"TRAINER_DB": f"sqlite:///{db}"}
    )
    assert result.returncode == 0, result.stderr
    assert db.exists()
    assert not (tmp_path / "home" / "collection.sqlite3").exists()


def test_a_usage_error_is_one_line_naming_the_command(tmp_path: Path) -> None:
    """Not click's block ("Usage: …", "Try …", a blank line, "Error: …"): one line on
    stderr, exit 2, and a group run bare still shows its help."""
    cases = [
        (("check",), "trainer check: error: give ANSWER and ATTEMPT"),
        (("nosuch",), "trainer: error: No such command 'nosuch'"),
        (("cards", "--limit", "x"), "trainer cards: error: Invalid value for '--limit'"),
        (("--bogus",), "trainer: error: No such option '--bogus'"),
        (("import",), "trainer import: error: Missing argument 'PATH'"),
    ]
    for args, start in cases:
        result = run_trainer(*args, home=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(start), (args, result.stderr)
        assert lines[0].endswith("--help`"), lines
    bare = run_trainer("class", home=tmp_path)
    assert bare.stderr.startswith("Usage: trainer class"), bare
