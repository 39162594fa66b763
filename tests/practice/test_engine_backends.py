"""The drill engine on every backend (PostgreSQL skips without a server)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from trainer.clock import FrozenClock
from trainer.domain import CardPhase, Override, Problem, Rating
from trainer.practice.engine import PracticeSession
from trainer.practice.services import Services
from trainer.store.models import CardRow, ReviewRow

from ..deck_rows import store_deck


def add_deck(services: Services, clock: FrozenClock) -> dict[str, int]:
    """Two sibling problems: one card due an hour ago (in review), one new."""
    problems = [
        Problem(key=key, prompt="2 + 2", answer="4", note_key="same-note") for key in ("due", "new")
    ]
    ids = store_deck(services, problems)
    now = clock()
    with services.collection.session_scope() as session:
        card = session.get(CardRow, ids["due"])
        assert card is not None
        card.phase, card.stability, card.difficulty, card.reps = 2, 8.0, 5.0, 2
        card.due, card.last_review = now - timedelta(hours=1), now - timedelta(days=8)
    return ids


def card_columns(services: Services, card_id: int) -> dict[str, object]:
    with services.collection.session_scope(write=False) as session:
        row = session.get(CardRow, card_id)
        return {c.name: getattr(row, c.name) for c in CardRow.__table__.columns}


def test_review_override_undo_and_siblings(backend_services: Services, clock: FrozenClock) -> None:
    services = backend_services
    ids = add_deck(services, clock)
    before = card_columns(services, ids["due"])
    session = PracticeSession(services)
    shown = session.next_problem()
    assert shown is not None and shown.card_id == ids["due"]
    assert session.counts().new == 0  # its sibling waits for another day
    assert session.submit("5").rating is Rating.AGAIN
    assert session.submit("4").finished
    assert session.override(Override.ACCEPT).rating is Rating.GOOD
    with services.collection.session_scope(write=False) as s:
        [review] = s.scalars(select(ReviewRow)).all()
        assert (review.rating, review.override, review.attempts) == (3, "accept", 2)
        assert s.get(CardRow, ids["new"]).buried_until is not None
    assert card_columns(services, ids["due"])["phase"] == CardPhase.REVIEW
    session.undo()
    assert card_columns(services, ids["due"]) == before
    assert card_columns(services, ids["new"])["buried_until"] is None
    with services.collection.session_scope(write=False) as s:
        assert s.scalars(select(ReviewRow)).all() == []
    session.close()
