"""Undo covers suspend, bury and skip, in order with the reviews, and says what it undid."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from trainer.clock import FrozenClock
from trainer.practice.engine import PracticeSession
from trainer.practice.services import Services
from trainer.store.models import CardRow, ReviewRow

UTC_PRESET = {"timezone": "UTC"}
CARDS = [
    {"key": "a", "prompt": "1 + 1", "answer": "2"},
    {"key": "b", "prompt": "2 + 2", "answer": "4"},
    {"key": "c", "prompt": "3 + 3", "answer": "6"},
    {"key": "d", "prompt": "4 + 4", "answer": "8"},
]


def card(services: Services, card_id: int) -> CardRow:
    with services.collection.session_scope(write=False) as session:
        row = session.get(CardRow, card_id)
        assert row is not None
        return row


def review_count(services: Services) -> int:
    with services.collection.session_scope(write=False) as session:
        return len(session.scalars(select(ReviewRow.id)).all())


def test_undo_takes_back_suspend_bury_skip_and_reviews_newest_first(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    ids = make_deck("d", CARDS, preset=UTC_PRESET)
    session = PracticeSession(services)
    first = session.next_problem()
    assert first is not None and first.problem_key == "a"
    session.submit("2")  # review of a
    assert session.next_problem().problem_key == "b"  # type: ignore[union-attr]
    session.suspend()
    assert session.next_problem().problem_key == "c"  # type: ignore[union-attr]
    session.bury()
    assert session.next_problem().problem_key == "d"  # type: ignore[union-attr]
    session.skip()
    assert card(services, ids["b"]).suspended is True
    assert card(services, ids["c"]).buried_until is not None

    undone = session.undo_action()
    assert undone is not None and undone.kind == "skip"
    assert undone.presented is not None and undone.presented.problem_key == "d"
    assert "skip" in undone.description

    undone = session.undo_action()
    assert undone is not None and undone.kind == "bury" and "bury" in undone.description
    assert undone.presented is not None and undone.presented.problem_key == "c"
    assert card(services, ids["c"]).buried_until is None

    undone = session.undo_action()
    assert undone is not None and undone.kind == "suspend" and "suspend" in undone.description
    assert undone.presented is not None and undone.presented.problem_key == "b"
    assert card(services, ids["b"]).suspended is False

    assert review_count(services) == 1
    undone = session.undo_action()
    assert undone is not None and undone.kind == "review"
    assert undone.presented is not None and undone.presented.problem_key == "a"
    assert review_count(services) == 0
    assert session.undo_action() is None

    # everything is back in today's queue: a, then b, c, d come again
    session.submit("2")
    shown = [session.next_problem() for _ in range(3)]
    assert [s.problem_key for s in shown if s is not None] == ["b", "c", "d"]


def test_a_review_after_a_suspend_is_undone_first(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    ids = make_deck("d", CARDS[:2], preset=UTC_PRESET)
    session = PracticeSession(services)
    session.next_problem()
    session.suspend()  # a
    shown = session.next_problem()
    assert shown is not None and shown.problem_key == "b"
    session.submit("4")
    assert session.undo_action().kind == "review"  # type: ignore[union-attr]
    assert card(services, ids["a"]).suspended is True
    assert session.undo_action().kind == "suspend"  # type: ignore[union-attr]
    assert card(services, ids["a"]).suspended is False
    # the old entry point follows the same order
    session2 = PracticeSession(services)
    session2.next_problem()
    session2.suspend()
    again = session2.undo()
    assert again is not None and again.problem_key == "a"
    assert card(services, ids["a"]).suspended is False


def test_undo_of_a_bury_restores_the_earlier_bury_time(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    earlier = clock() - timedelta(days=2)
    ids = make_deck("d", [{**CARDS[0], "extra": {"buried_until": earlier}}], preset=UTC_PRESET)
    session = PracticeSession(services)
    session.next_problem()
    session.bury()
    assert card(services, ids["a"]).buried_until > clock()  # type: ignore[operator]
    session.undo_action()
    assert card(services, ids["a"]).buried_until == earlier


def test_suspending_an_answered_problem_is_undone_without_showing_it_again(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    ids = make_deck("d", CARDS[:2], preset=UTC_PRESET)
    session = PracticeSession(services)
    session.next_problem()
    session.submit("2")
    session.suspend()
    undone = session.undo_action()
    assert undone is not None and undone.kind == "suspend" and undone.presented is None
    assert card(services, ids["a"]).suspended is False
    assert review_count(services) == 1
    assert session.undo_action().kind == "review"  # type: ignore[union-attr]


def test_time_spent_is_the_session_clock(services: Services, clock: FrozenClock, make_deck) -> None:
    make_deck("d", CARDS[:2], preset=UTC_PRESET)
    session = PracticeSession(services)
    assert session.started_at == clock()
    session.next_problem()
    clock.advance(timedelta(seconds=16))
    session.submit("2")
    clock.advance(timedelta(minutes=1))  # reading the answer, thinking about the next one
    assert session.summary().time_spent == timedelta(minutes=1, seconds=16)
