"""The drill store takes domain objects: ``record_review(card, before, after, Review)``
maps them to columns itself, on every backend (PostgreSQL skips without a server)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from trainer.clock import FrozenClock
from trainer.domain import CardPhase, CardState, Override, Problem, Rating, Reason, Review
from trainer.practice.services import Services
from trainer.store.drill_store import DrillStore, StaleCardError
from trainer.store.models import CardRow, ReviewRow

from ..deck_rows import store_deck


def _one_card(services: Services) -> int:
    return store_deck(services, [Problem(key="p", prompt="2 + 2", answer="4")])["p"]


def _card(services: Services, card_id: int) -> CardRow:
    with services.collection.session_scope(write=False) as session:
        row = session.get(CardRow, card_id)
        assert row is not None
        session.expunge(row)
        return row


def _reviews(services: Services) -> list[ReviewRow]:
    with services.collection.session_scope(write=False) as session:
        rows = list(session.scalars(select(ReviewRow).order_by(ReviewRow.id)))
        session.expunge_all()
        return rows


def test_record_review_stores_the_facts_and_both_states(
    backend_services: Services, clock: FrozenClock
) -> None:
    services = backend_services
    card_id = _one_card(services)
    now = clock()
    store = DrillStore.open(services.collection)
    try:
        record = store.card(card_id)
        assert record is not None
        before = record.state()
        assert before == CardState()  # a new card: the domain's defaults, nothing lost
        after = CardState(
            phase=CardPhase.LEARNING,
            step=1,
            stability=2.5,
            difficulty=6.25,
            due=now + timedelta(minutes=10),
            last_review=now,
            reps=1,
        )
        review = Review(
            reviewed_at=now,
            rating=Rating.GOOD,
            correct=True,
            reason=Reason.EQUIVALENT,
            attempts=1,
            response_ms=4200,
            attempt_text="4",
            params={"a": "2"},
        )
        review_id = store.record_review(card_id, before, after, review, leech=False)
        stored = store.card(card_id)
        assert stored is not None and stored.state() == after  # the round trip is exact
    finally:
        store.close()
    (row,) = _reviews(services)
    assert row.id == review_id and row.card_id == card_id
    assert (row.rating, row.correct, row.reason, row.response_ms) == (3, True, "equivalent", 4200)
    assert row.params == {"a": "2"} and row.source == "graded" and row.override is None
    assert (row.phase_before, row.reps_before, row.due_before) == (0, 0, None)
    assert (row.phase_after, row.step_after, row.stability_after) == (1, 1, 2.5)
    assert row.due_after == after.due and row.reviewed_at == now


def test_a_stale_card_writes_nothing(backend_services: Services, clock: FrozenClock) -> None:
    services = backend_services
    card_id = _one_card(services)
    now = clock()
    store = DrillStore.open(services.collection)
    try:
        record = store.card(card_id)
        assert record is not None
        before = record.state()
        after = CardState(phase=CardPhase.LEARNING, step=0, due=now, last_review=now, reps=1)
        review = Review(reviewed_at=now, rating=Rating.AGAIN, correct=False)
        store.record_review(card_id, before, after, review, leech=False)
        # A second session still holding the card as it was before the first review:
        with pytest.raises(StaleCardError):
            store.record_review(card_id, before, after, review, leech=False)
    finally:
        store.close()
    assert len(_reviews(services)) == 1
    assert _card(services, card_id).reps == 1


def test_amend_and_override_change_only_what_they_name(
    backend_services: Services, clock: FrozenClock
) -> None:
    services = backend_services
    card_id = _one_card(services)
    now = clock()
    store = DrillStore.open(services.collection)
    try:
        record = store.card(card_id)
        assert record is not None
        before = record.state()
        again = CardState(phase=CardPhase.LEARNING, step=0, due=now, last_review=now, reps=1)
        review = Review(reviewed_at=now, rating=Rating.AGAIN, correct=False, attempt_text="5")
        review_id = store.record_review(card_id, before, again, review, leech=False)
        store.amend_review(review_id, attempts=2, attempt_text="5\n4", correct=True)
        store.amend_review(review_id, hint_used=True)
        good = CardState(
            phase=CardPhase.REVIEW, stability=3.0, difficulty=5.0, due=now + timedelta(days=3),
            last_review=now, reps=1,
        )  # fmt: skip
        store.override_review(
            review_id, card_id, again, good, rating=Rating.GOOD, override=Override.ACCEPT,
            leech=False,
        )  # fmt: skip
        with pytest.raises(StaleCardError):  # the card no longer holds what ``again`` says
            store.override_review(
                review_id, card_id, CardState(reps=7), good, rating=Rating.AGAIN,
                override=Override.REJECT, leech=False,
            )  # fmt: skip
    finally:
        store.close()
    (row,) = _reviews(services)
    assert (row.attempts, row.attempt_text, row.hint_used, row.revealed) == (2, "5\n4", True, False)
    assert (row.rating, row.override, row.correct, row.phase_after) == (3, "accept", True, 2)
    assert (row.reps_before, row.phase_before) == (0, 0)  # undo still restores the first state
    card = _card(services, card_id)
    assert (card.phase, card.stability, card.due) == (2, 3.0, good.due)
