"""The import's bulk SQL works the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from trainer.domain import (
    AnswerKind,
    Deck,
    HistoryEntry,
    ImportBatch,
    Parameter,
    Problem,
    Rating,
)
from trainer.practice.importing import import_batch
from trainer.practice.library import deck_for_export
from trainer.practice.services import Services


def test_import_update_remove_and_history_on_every_backend(backend_services: Services) -> None:
    svc = backend_services
    items = (
        Problem(key="a", prompt="1+1", answer="2", tags=("easy",)),
        Problem(
            key="b",
            prompt="Compute {x} + 1",
            answer="{=x+1}",
            kind=AnswerKind.INTEGER,
            parameters=(Parameter("x", range=(1, 5)),),
        ),
        Problem(key="c", prompt="3+3", answer="6"),
    )
    first = import_batch(svc, ImportBatch(decks=(Deck("d", "D", items),)), source="d.toml")
    assert first.added == ["a", "b", "c"]
    start = datetime(2026, 1, 2, 9, tzinfo=UTC)
    history = tuple(
        HistoryEntry("a", start + timedelta(days=d), Rating.GOOD, deck_key="d") for d in (0, 2, 7)
    )
    report = import_batch(svc, ImportBatch(decks=(), history=history), source="log")
    assert report.history_imported == 3
    changed = (Problem(key="a", prompt="1 + 1", answer="2"), items[1])
    again = import_batch(svc, ImportBatch(decks=(Deck("d", "D", changed),)), source="d.toml")
    assert (again.updated, again.unchanged, again.removed) == (["a"], 1, ["c"])
    with svc.collection.engine.connect() as conn:
        reps = conn.execute(
            text(
                "SELECT c.reps, c.phase, c.position FROM cards c JOIN problems p "
                "ON p.id = c.problem_id ORDER BY p.key"
            )
        ).all()
        reviews = conn.execute(text("SELECT COUNT(*) FROM reviews")).scalar()
    assert [tuple(r) for r in reps] == [(3, 2, reps[0][2]), (0, 0, reps[1][2]), (0, 0, reps[2][2])]
    assert reps[0][2] < reps[1][2] < reps[2][2] and reviews == 3
    exported = deck_for_export(svc, "d")
    assert [p.key for p in exported.problems] == ["a", "b"]
    assert exported.problems[1] == items[1]
