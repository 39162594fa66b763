"""The store and the drill engine on a real PostgreSQL server, row for row like SQLite.

One representative session (right; wrong then right; unparseable then right; reveal;
undo and a fresh attempt; override both ways) runs through ``PracticeSession`` on each
backend on a frozen clock; the review rows and card states must equal those the same
session leaves in a fresh SQLite collection. Then the real CLI with ``--db
postgresql+psycopg://...``: import, a plain drill, decks, stats, export. PostgreSQL parts
skip without ``TRAINER_TEST_PG_URL``.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from trainer.clock import FrozenClock
from trainer.domain import Override
from trainer.practice.engine import PracticeSession
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.store.models import CardRow, ProblemRow, ReviewRow
from trainer.wiring import build_services

from .plain_driver import acknowledged, deck_toml, psycopg_dsn, right_answer, state_mismatches


def _session_script(services: Services, clock: FrozenClock, folder: Path) -> list[str]:
    """Import a deck and drill it; returns the verdict trail (for the failure message)."""
    folder.mkdir(parents=True, exist_ok=True)
    deck = folder / "sums.toml"
    deck.write_text(deck_toml("sums", "S", "plus", 12), encoding="utf-8")
    import_path(services, deck)
    session = PracticeSession(services, ["sums"], rng=random.Random(7))
    trail: list[str] = []

    def answer(text: str) -> None:
        clock.advance(seconds=4)
        outcome = session.submit(text)
        trail.append(f"{text}:{outcome.counted}:{outcome.verdict.correct}:{outcome.rating}")

    try:
        shown = session.next_problem()  # 1: right
        assert shown is not None
        answer(right_answer(shown.prompt))
        shown = session.next_problem()  # 2: wrong, then right
        assert shown is not None
        answer("0")
        answer(right_answer(shown.prompt))
        shown = session.next_problem()  # 3: unparseable (not counted), then right
        assert shown is not None
        answer("2 +* 2")
        answer(right_answer(shown.prompt))
        shown = session.next_problem()  # 4: reveal without an attempt
        assert shown is not None
        clock.advance(seconds=9)
        trail.append(f"reveal:{session.reveal().rating}")
        shown = session.next_problem()  # 5: right, undo, then wrong and override (accept)
        assert shown is not None
        answer(right_answer(shown.prompt))
        again = session.undo()
        assert again is not None and again.card_id == shown.card_id
        answer("1")
        trail.append(f"override:{session.override(Override.ACCEPT).rating}")
        shown = session.next_problem()  # 6: right, overridden as wrong
        assert shown is not None
        answer(right_answer(shown.prompt))
        trail.append(f"override:{session.override(Override.REJECT).rating}")
        assert session.summary().done == 6
    finally:
        session.close()
    return trail


def _snapshot(services: Services) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Review rows and card states, keyed by problem key instead of database ids."""
    with services.collection.session_scope(write=False) as session:
        keys = dict(session.execute(select(CardRow.id, ProblemRow.key).join(ProblemRow)).all())
        reviews = []
        for row in session.scalars(select(ReviewRow).order_by(ReviewRow.id)):
            values = {c.name: getattr(row, c.name) for c in ReviewRow.__table__.columns}
            values.pop("id")
            values["card_id"] = keys[values["card_id"]]
            reviews.append(values)
        cards = []
        for row in session.scalars(select(CardRow)):
            values = {c.name: getattr(row, c.name) for c in CardRow.__table__.columns}
            values.pop("problem_id")
            values["id"] = keys[values.pop("id")]
            values.pop("deck_id")
            cards.append(values)
    return reviews, sorted(cards, key=lambda c: c["id"])


def test_the_same_session_leaves_the_same_rows_on_each_backend(
    backend_services: Services, clock: FrozenClock, tmp_path: Path
) -> None:
    start = clock()
    trail = _session_script(backend_services, clock, tmp_path / "deck")
    reviews, cards = _snapshot(backend_services)
    assert [(r["card_id"], r["rating"], r["correct"], r["override"]) for r in reviews] == [
        ("S00", 3, True, None),
        ("S01", 1, True, None),  # wrong first: Again; the row then records the right retry
        ("S02", 3, True, None),  # the unparseable attempt did not count
        ("S03", 1, False, None),  # revealed
        ("S04", 3, True, "accept"),  # the undone right answer left no row
        ("S05", 1, False, "reject"),
    ], trail
    with backend_services.collection.engine.connect() as conn:
        assert not state_mismatches(conn.connection.driver_connection)

    reference_clock = FrozenClock(start)
    reference = build_services(
        home=tmp_path / "ref-home",
        db_url=f"sqlite:///{tmp_path / 'reference.sqlite3'}",
        clock=reference_clock,
        import_bundled=False,
    )
    try:
        assert _session_script(reference, reference_clock, tmp_path / "ref") == trail
        expected_reviews, expected_cards = _snapshot(reference)
    finally:
        reference.close()
    assert reviews == expected_reviews
    assert cards == expected_cards


def _trainer(url: str, home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAINER_HOME": str(home)}
    env.pop("TRAINER_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "trainer", "--db", url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def pg_cli(pg_database: Callable[[], str], tmp_path: Path) -> tuple[str, Path]:
    """A PostgreSQL collection with the "sums" deck imported through the real CLI."""
    url = pg_database()
    deck = tmp_path / "sums.toml"
    deck.write_text(deck_toml("sums", "S", "plus", 12), encoding="utf-8")
    done = _trainer(url, tmp_path, "import", str(deck))
    assert done.returncode == 0, done.stderr
    assert "added           12" in done.stdout
    return url, tmp_path


@pytest.mark.postgres
def test_cli_import_and_plain_drill_on_postgresql(pg_cli: tuple[str, Path]) -> None:
    import psycopg

    url, home = pg_cli
    answers = "3\n0\n12\n:reveal\n2 +* 2\n6\n:undo\n1\n:override\n:quit\n"
    done = _trainer(url, home, "drill", "sums", "--plain", stdin=answers)
    assert (done.returncode, done.stderr) == (0, "")
    acks = acknowledged(done.stdout)
    assert [(a.prompt, a.rating, a.correct) for a in acks] == [
        ("S00: 2 plus 1", 3, True),
        ("S01: 3 plus 8", 1, False),
        ("S02: 4 plus 2", 3, True),
    ]
    with psycopg.connect(psycopg_dsn(url)) as conn:
        from .plain_driver import stored_reviews_on

        assert stored_reviews_on(conn) == acks
        assert not state_mismatches(conn)
    for command in (("decks",), ("stats",), ("export", "daily")):
        done = _trainer(url, home, *command)
        assert (done.returncode, done.stderr) == (0, ""), command
    assert "sums" in _trainer(url, home, "decks").stdout


@pytest.mark.postgres
@pytest.mark.parametrize("what", ["reviews", "cards"])
def test_cli_export_on_postgresql(pg_cli: tuple[str, Path], what: str) -> None:
    url, home = pg_cli
    drilled = _trainer(url, home, "drill", "sums", "--plain", stdin="3\n")
    assert drilled.returncode == 0, drilled.stderr
    done = _trainer(url, home, "export", what)
    assert (done.returncode, "Traceback" in done.stderr) == (0, False), done.stderr[-500:]
