"""Imported review history: replayed into FSRS state, stored as marked reviews, deduplicated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from trainer.domain import (
    CardPhase,
    Deck,
    HistoryEntry,
    ImportBatch,
    Preset,
    Problem,
    Rating,
    ReviewSource,
)
from trainer.practice.importing import import_batch
from trainer.practice.services import Services
from trainer.scheduling.replay import replay_card
from trainer.store.types import to_ms

PRESET = {"day_start_hour": 4, "timezone": "UTC"}


def rows(services: Services, sql: str) -> list[tuple]:
    with services.collection.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def setup_deck(services: Services) -> None:
    problems = tuple(Problem(key=f"q{i}", prompt=f"q{i}", answer=str(i)) for i in range(3))
    import_batch(services, ImportBatch(decks=(Deck("d", "D", problems),)), source="d")
    with services.collection.engine.begin() as conn:
        conn.execute(text("UPDATE decks SET preset = :p"), {"p": '{"timezone": "UTC"}'})


def log(key: str, start: datetime, ratings: list[tuple[float, Rating]]) -> list[HistoryEntry]:
    return [
        HistoryEntry(key, start + timedelta(days=days), rating, duration_ms=4000)
        for days, rating in ratings
    ]


def test_history_replays_into_the_expected_card_state(services: Services) -> None:
    setup_deck(services)
    start = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)
    entries = log(
        "q1",
        start,
        [
            (0, Rating.AGAIN),
            (0.01, Rating.GOOD),
            (0.02, Rating.GOOD),
            (3, Rating.GOOD),
            (12, Rating.AGAIN),
            (12.01, Rating.GOOD),
            (20, Rating.EASY),
        ],
    )
    report = import_batch(
        services, ImportBatch(decks=(), history=tuple(entries)), source="log.csv", deck_name="D"
    )
    assert (report.history_imported, report.cards_replayed, report.skipped) == (7, 1, [])

    card_id = rows(
        services,
        "SELECT c.id FROM cards c JOIN problems p ON p.id = c.problem_id WHERE p.key = 'q1'",
    )[0][0]
    final, pairs = replay_card(entries, Preset(timezone="UTC"), card_id)
    card = rows(
        services,
        f"SELECT phase, step, stability, difficulty, due, last_review, reps, "
        f"lapses FROM cards WHERE id = {card_id}",
    )[0]
    assert card == (
        int(final.phase),
        final.step,
        final.stability,
        final.difficulty,
        to_ms(final.due),
        to_ms(final.last_review),
        7,
        1,
    )
    assert final.phase == CardPhase.REVIEW and final.lapses == 1

    stored = rows(
        services,
        "SELECT reviewed_at, rating, source, response_ms, phase_before, "
        "stability_before, reps_before, phase_after, stability_after, due_after "
        "FROM reviews ORDER BY reviewed_at",
    )
    assert len(stored) == 7
    for row, entry, (before, after) in zip(stored, entries, pairs, strict=True):
        assert row[0] == to_ms(entry.reviewed_at) and row[1] == int(entry.rating)
        assert row[2] == ReviewSource.IMPORTED_SELF_RATED.value and row[3] == 4000
        assert row[4:7] == (int(before.phase), before.stability, before.reps)
        assert row[7:10] == (int(after.phase), after.stability, to_ms(after.due))
    # the chain is consistent: each review starts where the previous one ended
    for prev, cur in zip(stored, stored[1:], strict=False):
        assert cur[5] == prev[8]


def test_the_same_log_twice_adds_nothing_and_unknown_problems_are_skipped(
    services: Services,
) -> None:
    setup_deck(services)
    start = datetime(2026, 1, 5, 8, tzinfo=UTC)
    entries = (
        *log("q0", start, [(0, Rating.GOOD), (2, Rating.GOOD)]),
        *log("ghost", start, [(0, Rating.GOOD)]),
    )
    batch = ImportBatch(decks=(), history=entries)
    first = import_batch(services, batch, source="log", deck_name="d")
    assert first.history_imported == 2
    assert [s.location for s in first.skipped] == ["history d/ghost"]
    card_before = rows(services, "SELECT * FROM cards ORDER BY id")
    second = import_batch(services, batch, source="log", deck_name="d")
    assert (second.history_imported, second.history_duplicates) == (0, 2)
    assert rows(services, "SELECT * FROM cards ORDER BY id") == card_before
    assert len(rows(services, "SELECT * FROM reviews")) == 2


def test_new_entries_replay_together_with_stored_reviews(services: Services) -> None:
    setup_deck(services)
    start = datetime(2026, 1, 5, 8, tzinfo=UTC)
    early = log("q2", start, [(0, Rating.GOOD), (1, Rating.GOOD)])
    late = log("q2", start, [(6, Rating.HARD)])
    import_batch(services, ImportBatch(decks=(), history=tuple(early)), source="a", deck_name="d")
    import_batch(services, ImportBatch(decks=(), history=tuple(late)), source="b", deck_name="d")
    card_id = rows(services, "SELECT id FROM cards ORDER BY position")[2][0]
    final, _ = replay_card([*early, *late], Preset(timezone="UTC"), card_id)
    assert rows(services, f"SELECT stability, reps, due FROM cards WHERE id = {card_id}") == [
        (final.stability, 3, to_ms(final.due))
    ]


def test_history_in_a_package_lands_on_its_new_problems(services: Services) -> None:
    deck = Deck("pkg", "Pkg", (Problem(key="n1", prompt="a", answer="b"),))
    history = tuple(
        HistoryEntry(
            "n1",
            datetime(2026, 2, 1, 12, tzinfo=UTC) + timedelta(days=d),
            Rating.GOOD,
            deck_key="pkg",
            source=ReviewSource.IMPORTED_SELF_RATED,
        )
        for d in (0, 1, 4)
    )
    report = import_batch(services, ImportBatch(decks=(deck,), history=history), source="x.apkg")
    assert report.added == ["n1"] and report.history_imported == 3
    assert rows(services, "SELECT reps, phase FROM cards") == [(3, int(CardPhase.REVIEW))]


def _indexes(services: Services) -> list[tuple]:
    return rows(
        services,
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
        "('reviews', 'cards') ORDER BY name",
    )


def test_a_big_history_rebuilds_indexes_exactly_and_a_failure_keeps_them(
    services: Services, monkeypatch
) -> None:
    from trainer.store import importing as store_importing

    monkeypatch.setattr(store_importing, "REBUILD_INDEXES_FROM", 1)
    setup_deck(services)
    before = _indexes(services)
    assert any(name == "ix_reviews_time" for name, _ in before)
    start = datetime(2026, 1, 5, 8, tzinfo=UTC)
    history = tuple(log("q0", start, [(0, Rating.GOOD), (3, Rating.GOOD)]))

    def fail(stage: str, done: int, total: int) -> None:
        if stage == "history":
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        import_batch(
            services,
            ImportBatch(decks=(), history=history),
            source="l",
            deck_name="d",
            progress=fail,
        )
    assert _indexes(services) == before and rows(services, "SELECT * FROM reviews") == []
    report = import_batch(
        services, ImportBatch(decks=(), history=history), source="l", deck_name="d"
    )
    assert report.history_imported == 2
    assert _indexes(services) == before
    with services.collection.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
