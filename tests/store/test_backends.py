"""The store works the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from trainer.practice.overview import deck_overview
from trainer.practice.services import Services
from trainer.store.models import Base, CardRow, DeckRow, ProblemRow, ReviewRow


def _seed(services: Services, when: datetime) -> None:
    with services.collection.session_scope() as session:
        deck = DeckRow(key="d", name="Deck", created_at=when)
        session.add(deck)
        session.flush()
        for i in range(3):
            problem = ProblemRow(
                deck_id=deck.id,
                key=f"p{i}",
                prompt="?",
                answer=str(i),
                content_hash=f"h{i}",
                created_at=when,
                updated_at=when,
            )
            session.add(problem)
            session.flush()
            phase, due = (0, None) if i == 0 else (2, when + timedelta(hours=i))
            session.add(
                CardRow(problem_id=problem.id, deck_id=deck.id, phase=phase, due=due, position=i)
            )


def test_migrated_schema_matches_the_models(backend_services: Services) -> None:
    with backend_services.collection.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_counts_and_aware_times_on_every_backend(backend_services: Services) -> None:
    now = backend_services.clock()
    _seed(backend_services, now)
    [deck] = deck_overview(backend_services)
    assert (deck.problems, deck.new, deck.due) == (3, 1, 2)
    with backend_services.collection.session_scope(write=False) as session:
        dues = session.scalars(select(CardRow.due).where(CardRow.due.is_not(None))).all()
    assert all(d is not None and d.tzinfo is UTC for d in dues)
    assert sorted(dues) == [now + timedelta(hours=1), now + timedelta(hours=2)]


def test_deleting_a_deck_cascades_on_every_backend(backend_services: Services) -> None:
    _seed(backend_services, datetime(2026, 1, 1, tzinfo=UTC))
    with backend_services.collection.session_scope() as session:
        card = session.scalars(select(CardRow)).first()
        assert card is not None
        session.add(
            ReviewRow(
                card_id=card.id,
                reviewed_at=datetime(2026, 1, 1, tzinfo=UTC),
                rating=3,
                phase_before=0,
                phase_after=1,
            )
        )
    with backend_services.collection.session_scope() as session:
        session.delete(session.scalars(select(DeckRow)).one())
    with backend_services.collection.session_scope(write=False) as session:
        assert session.scalars(select(ReviewRow)).all() == []
        assert session.scalars(select(CardRow)).all() == []


def test_two_first_opens_at_once_both_succeed(backend_url: str, tmp_path: Path) -> None:
    """Two processes opening an empty collection at the same moment: one creates the
    schema and imports the bundled decks, the other waits for it, and neither fails."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "TRAINER_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "trainer", "--db", backend_url, "decks", "--json"]
    procs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert code == 0, err
        assert err == "", err
        assert json.loads(out)["decks"], out
    keys = [sorted(d["key"] for d in json.loads(out)["decks"]) for _, out, _ in results]
    assert keys[0] == keys[1]


def test_review_history_columns_on_every_backend(backend_services: Services) -> None:
    """The optimiser's bulk read: per card in time order, whatever the insertion order,
    ratings 1-4 only, other decks left out."""
    from trainer.store.review_history import deck_review_columns

    when = datetime(2026, 1, 1, tzinfo=UTC)
    _seed(backend_services, when)
    with backend_services.collection.session_scope() as session:
        cards = session.scalars(select(CardRow.id).order_by(CardRow.id)).all()
        deck_id = session.scalar(select(DeckRow.id))
        other = DeckRow(key="other", name="Other", created_at=when)
        session.add(other)
        session.flush()
        problem = ProblemRow(
            deck_id=other.id, key="o", prompt="?", answer="1", content_hash="o",
            created_at=when, updated_at=when,
        )  # fmt: skip
        session.add(problem)
        session.flush()
        stranger = CardRow(problem_id=problem.id, deck_id=other.id, phase=2, position=0)
        session.add(stranger)
        session.flush()
        # (card, hours after `when`, rating), inserted out of time order
        reviews = [
            (cards[1], 50, 3), (cards[0], 30, 1), (cards[1], 2, 4), (cards[0], 1, 3),
            (cards[0], 80, 0), (cards[1], 26, 2), (stranger.id, 5, 3),
        ]  # fmt: skip
        for card_id, hours, rating in reviews:
            session.add(
                ReviewRow(
                    card_id=card_id,
                    reviewed_at=when + timedelta(hours=hours),
                    rating=rating,
                    phase_before=2,
                    phase_after=2,
                )
            )
    per_card, times, ratings = deck_review_columns(backend_services.collection, deck_id)
    start_ms = int(when.timestamp() * 1000)
    assert per_card.tolist() == [2, 3]
    assert ((times - start_ms) // 3_600_000).tolist() == [1, 30, 2, 26, 50]
    assert ratings.tolist() == [3, 1, 4, 2, 3]


def test_review_history_sorts_a_card_aggregated_out_of_order() -> None:
    """Should a database aggregate a card's reviews out of time order, they are sorted."""
    import numpy as np

    from trainer.store.review_history import _keep_time_order

    per_card = np.array([3, 2], dtype=np.int64)
    times = np.array([30, 10, 20, 5, 40], dtype=np.int64)  # card 0 out of order
    ratings = np.array([1, 2, 3, 4, 1], dtype=np.int64)
    _keep_time_order(per_card, times, ratings)
    assert times.tolist() == [10, 20, 30, 5, 40]  # card 1 may start before card 0 ends
    assert ratings.tolist() == [2, 3, 1, 4, 1]


def test_review_times_on_every_backend(backend_services: Services) -> None:
    """Mean seconds per (phase, rating), each time capped at 60 s, untimed reviews out."""
    from trainer.store.review_history import deck_review_times

    when = datetime(2026, 1, 1, tzinfo=UTC)
    _seed(backend_services, when)
    with backend_services.collection.session_scope() as session:
        card = session.scalars(select(CardRow.id).order_by(CardRow.id)).first()
        deck_id = session.scalar(select(DeckRow.id))
        for i, (phase, rating, ms) in enumerate(
            [(2, 3, 4_000), (2, 3, 6_000), (2, 1, 200_000), (0, 3, 3_000), (2, 3, None)]
        ):
            session.add(
                ReviewRow(
                    card_id=card,
                    reviewed_at=when + timedelta(days=i),
                    rating=rating,
                    phase_before=phase,
                    phase_after=2,
                    response_ms=ms,
                )
            )
    got = sorted(deck_review_times(backend_services.collection, deck_id))
    assert got == [(0, 3, 1, 3.0), (2, 1, 1, 60.0), (2, 3, 2, 5.0)]
