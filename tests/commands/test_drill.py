"""``trainer drill --plain`` driven as a learner's script would: a subprocess, piped stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from trainer.clock import system_clock
from trainer.domain import Problem
from trainer.practice.library import decline_bundled_decks
from trainer.store.models import CardRow, ProblemRow, ReviewRow
from trainer.wiring import build_services

from ..deck_rows import store_deck

PROBLEMS = (
    Problem(key="p1", prompt="What is $1 + 1$?", answer="2"),
    Problem(key="p2", prompt="What is $2 + 3$?", answer="5"),
    Problem(key="p3", prompt="What is $4 \\times 4$?", answer="16"),
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A collection with one deck of three new problems (on the real clock: the
    subprocess reads the wall clock)."""
    home = tmp_path / "home"
    services = build_services(home=home, clock=system_clock, import_bundled=False)
    decline_bundled_decks(services)  # as after a first start: nothing left to import
    store_deck(services, PROBLEMS, key="plain", name="Plain", kind="integer")
    services.close()
    return home


def run_drill(home: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAINER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "trainer", "drill", "plain", "--plain", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def stored(home: Path) -> list[tuple[str, int, int, bool | None, bool, str]]:
    services = build_services(home=home, clock=system_clock, import_bundled=False)
    try:
        with services.collection.session_scope(write=False) as session:
            rows = session.execute(
                select(
                    ProblemRow.key,
                    ReviewRow.rating,
                    ReviewRow.attempts,
                    ReviewRow.correct,
                    ReviewRow.revealed,
                    ReviewRow.attempt_text,
                )
                .join(CardRow, CardRow.id == ReviewRow.card_id)
                .join(ProblemRow, ProblemRow.id == CardRow.problem_id)
                .order_by(ReviewRow.id)
            )
            return [tuple(row) for row in rows]
    finally:
        services.close()


def test_plain_session_leaves_exactly_the_expected_reviews(home: Path) -> None:
    # p1 right; p2 wrong then right; unreadable input on p3 is not counted, then revealed.
    result = run_drill(home, "2\n6\n5\n???\n:reveal\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "What is 1 + 1?" in out  # LaTeX made readable
    assert out.count("Correct.") == 2 and out.count("Wrong.") == 1
    assert "Not counted" in out and "Revealed." in out and "Answer: 16" in out
    assert "Session over: 3 reviewed, 1 right first time (33%)" in out
    assert stored(home) == [
        ("p1", 3, 1, True, False, "2"),
        ("p2", 1, 2, True, False, "6\n5"),
        ("p3", 1, 0, False, True, ""),
    ]


def test_undo_and_override_in_plain_mode(home: Path) -> None:
    # p1 right, undone, answered wrong, overridden (accepted); p2 skipped; quit.
    result = run_drill(home, "2\n:undo\n3\n:override\n:skip\n:quit\n")
    assert result.returncode == 0, result.stderr
    assert "Undone" in result.stdout and "Overridden: counted as right." in result.stdout
    assert "Skipped." in result.stdout and "Session over: 1 reviewed" in result.stdout
    assert stored(home) == [("p1", 3, 1, True, False, "3")]


def test_end_of_input_right_away_ends_cleanly(home: Path) -> None:
    result = run_drill(home, "")
    assert result.returncode == 0, result.stderr
    assert "Session over: 0 reviewed" in result.stdout
    assert stored(home) == []


def test_unknown_deck_is_a_one_line_error(home: Path) -> None:
    env = {**os.environ, "TRAINER_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "drill", "nope", "--plain"],
        input="",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "no deck 'nope'" in result.stderr and "Traceback" not in result.stderr


def test_the_path_to_the_first_problem_imports_no_heavy_library(home: Path) -> None:
    """The everyday start (M1, and the TUI's first paint): opening an up-to-date
    collection and showing the first problem loads no SQLAlchemy, fsrs, sympy, textual,
    alembic, pint or lark."""
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from trainer.wiring import build_services\n"
        "from trainer.practice.engine import PracticeSession\n"
        f"services = build_services(home=Path({str(home)!r}))\n"
        "session = PracticeSession(services, ['plain'])\n"
        "assert session.next_problem() is not None\n"
        "heavy = ('sqlalchemy', 'fsrs', 'sympy', 'textual', 'alembic', 'pint', 'lark')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
