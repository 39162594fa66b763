"""The drill engine on real SQLite collections: reviews stored, undo, override, leech."""

from __future__ import annotations

import random
from dataclasses import fields
from datetime import timedelta

import pytest
from sqlalchemy import select

from trainer.clock import FrozenClock
from trainer.domain import CardPhase, Override, Parameter, Problem, Rating
from trainer.errors import NotFoundError, TrainerError
from trainer.practice.engine import PracticeSession
from trainer.practice.services import Services
from trainer.store.models import CardRow, ReviewRow

UTC_PRESET = {"timezone": "UTC"}


def reviews(services: Services) -> list[ReviewRow]:
    with services.collection.session_scope(write=False) as session:
        return list(session.scalars(select(ReviewRow).order_by(ReviewRow.id)))


def card_row(services: Services, card_id: int) -> CardRow:
    with services.collection.session_scope(write=False) as session:
        row = session.get(CardRow, card_id)
        assert row is not None
        return row


def card_fields(row: CardRow) -> dict[str, object]:
    return {c.name: getattr(row, c.name) for c in CardRow.__table__.columns}


def review_card(clock: FrozenClock, key: str, days_ago: int = 10, **extra: object) -> dict:
    return {
        "key": key,
        "phase": CardPhase.REVIEW,
        "stability": 10.0,
        "difficulty": 5.0,
        "due": clock() - timedelta(hours=1),
        "last_review": clock() - timedelta(days=days_ago),
        "reps": 3,
        **extra,
    }


def test_correct_first_attempt_stores_good_review_before_submit_returns(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    ids = make_deck(
        "arith", [review_card(clock, "a", prompt="2 + 2", answer="4")], preset=UTC_PRESET
    )
    session = PracticeSession(services)
    shown = session.next_problem()
    assert shown is not None and shown.card_id == ids["a"] and shown.prompt == "2 + 2"
    clock.advance(seconds=5)
    outcome = session.submit("4")
    assert outcome.verdict.correct and outcome.counted and outcome.finished
    assert outcome.rating is Rating.GOOD and outcome.answer == "4"
    [row] = reviews(services)  # read through another connection: committed already
    assert row.id == outcome.review_id and row.rating == 3 and row.correct is True
    assert row.response_ms == 5000 and row.attempts == 1 and row.attempt_text == "4"
    assert row.phase_before == CardPhase.REVIEW and row.reps_before == 3
    card = card_row(services, ids["a"])
    assert card.reps == 4 and card.due == outcome.next_due and card.due > clock()
    assert session.next_problem() is None
    assert session.summary().done == 1 and session.summary().correct == 1


def test_wrong_first_attempt_is_again_and_retries_only_update_the_row(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    make_deck("arith", [review_card(clock, "a", prompt="3 * 3", answer="9")], preset=UTC_PRESET)
    session = PracticeSession(services)
    session.next_problem()
    wrong = session.submit("8")
    assert not wrong.verdict.correct and wrong.counted and not wrong.finished
    assert wrong.rating is Rating.AGAIN and wrong.answer == ""
    right = session.submit("9")
    assert right.finished and right.rating is Rating.AGAIN and right.attempts == 2
    [row] = reviews(services)
    assert row.rating == 1 and row.attempts == 2 and row.correct is True
    assert row.attempt_text == "8\n9" and row.phase_after == CardPhase.RELEARNING


def test_the_same_wrong_answer_again_is_not_a_second_attempt(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    """Enter pressed on the wrong answer still in the box counted the same mistake twice
    ("attempt 2", "8\n8" stored); it is not counted, and says why."""
    make_deck("arith", [review_card(clock, "a", prompt="3 * 3", answer="9")], preset=UTC_PRESET)
    session = PracticeSession(services)
    session.next_problem()
    assert session.submit("8").attempts == 1
    again = session.submit(" 8 ")
    assert not again.counted and again.attempts == 1 and not again.finished
    assert again.verdict.message.startswith("the same answer as your last attempt")
    assert session.submit("7").attempts == 2
    [row] = reviews(services)
    assert row.attempts == 2 and row.attempt_text == "8\n7"


def test_a_finished_outcome_carries_the_answer_as_the_checker_reads_it(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    """The front end shows it without checking anything itself (the TUI's UI thread)."""
    make_deck(
        "alg", [review_card(clock, "a", prompt="Simplify", answer="x^2/2")], preset=UTC_PRESET,
        kind="expression",
    )  # fmt: skip
    session = PracticeSession(services)
    session.next_problem()
    wrong = session.submit("x")
    assert not wrong.finished and wrong.answer_read_as == ""
    right = session.submit("x^2/2")
    assert right.finished and right.answer == "x^2/2"
    assert right.answer_read_as == session.preview("x^2/2").read_as != ""
    assert right.answer_read_as != right.answer  # read, not copied: "x²/2"


def test_input_that_is_not_an_attempt_stores_nothing(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    make_deck("arith", [review_card(clock, "a")], preset=UTC_PRESET)
    session = PracticeSession(services)
    session.next_problem()
    outcome = session.submit("   ")
    assert not outcome.counted and outcome.review_id is None and outcome.attempts == 0
    assert reviews(services) == []


def test_reveal_without_attempt_stores_again(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    make_deck("arith", [review_card(clock, "a")], preset=UTC_PRESET)
    session = PracticeSession(services)
    session.next_problem()
    outcome = session.reveal()
    assert outcome.finished and outcome.rating is Rating.AGAIN and outcome.answer == "2"
    [row] = reviews(services)
    assert row.revealed is True and row.attempts == 0 and row.rating == 1


def test_hint_caps_the_rating_at_hard(services: Services, clock: FrozenClock, make_deck) -> None:
    problem = Problem(key="h", prompt="5 + 5", answer="10", hints=("count on your fingers",))
    make_deck("arith", [{**review_card(clock, "h"), "problem": problem}], preset=UTC_PRESET)
    session = PracticeSession(services)
    shown = session.next_problem()
    assert shown is not None and shown.hints_available == 1
    assert session.hint() == "count on your fingers"
    assert session.hint() is None
    assert session.submit("10").rating is Rating.HARD
    assert reviews(services)[0].hint_used is True


def test_undo_restores_every_card_field_and_deletes_the_review(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    ids = make_deck(
        "arith",
        [review_card(clock, "a", lapses=2, extra={"buried_until": clock() - timedelta(days=3)})],
        preset=UTC_PRESET,
    )
    before = card_fields(card_row(services, ids["a"]))
    session = PracticeSession(services)
    session.next_problem()
    session.submit("7")  # wrong: a lapse, relearning
    assert card_fields(card_row(services, ids["a"])) != before
    again = session.undo()
    assert again is not None and again.card_id == ids["a"]
    assert card_fields(card_row(services, ids["a"])) == before
    assert reviews(services) == []
    assert session.undo() is None
    assert session.submit("2").rating is Rating.GOOD  # the problem is shown again


def test_override_accept_rerates_the_review_and_is_recorded(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    ids = make_deck("arith", [review_card(clock, "a")], preset=UTC_PRESET)
    session = PracticeSession(services)
    session.next_problem()
    assert session.submit("3").rating is Rating.AGAIN
    outcome = session.override(Override.ACCEPT)
    assert outcome.rating is Rating.GOOD and outcome.finished and outcome.overridden
    [row] = reviews(services)
    assert row.override == "accept" and row.rating == 3 and row.correct is True
    card = card_row(services, ids["a"])
    assert card.phase == CardPhase.REVIEW and card.lapses == 0 and card.reps == 4
    assert row.due_after == card.due
    session.override(Override.REJECT)
    [row] = reviews(services)
    assert row.override == "reject" and row.rating == 1
    assert card_row(services, ids["a"]).lapses == 1


def test_override_without_review_is_a_clear_error(services: Services, make_deck) -> None:
    make_deck("arith", [{"key": "a"}], preset=UTC_PRESET)
    session = PracticeSession(services)
    with pytest.raises(TrainerError, match="nothing to override"):
        session.override(Override.ACCEPT)


def test_eighth_lapse_flags_a_leech(services: Services, clock: FrozenClock, make_deck) -> None:
    ids = make_deck("arith", [review_card(clock, "a", lapses=7)], preset=UTC_PRESET)
    session = PracticeSession(services)
    assert session.next_problem().is_leech is False
    session.submit("0")
    assert card_row(services, ids["a"]).leech is True
    clock.advance(minutes=10)
    shown = session.next_problem()  # the relearning step, later in the session
    assert shown is not None and shown.card_id == ids["a"] and shown.is_leech
    assert shown.phase is CardPhase.RELEARNING


def test_parametric_problem_draws_fresh_values_and_stores_them(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    problem = Problem(
        key="mul",
        prompt="Compute ${a} \\times {b}$.",
        answer="{=a*b}",
        parameters=(Parameter("a", range=(12, 99)), Parameter("b", choice=("3", "4", "6", "7"))),
        constraints=("mod(a, 10) != 0",),
    )
    make_deck("mul", [{"key": "mul", "problem": problem}], preset=UTC_PRESET)
    session = PracticeSession(services, rng=random.Random(7))
    seen = []
    for _ in range(3):
        shown = session.next_problem()
        assert shown is not None
        if seen:
            assert shown.card_id == seen[0][0]
        a, b = int(shown.params["a"]), int(shown.params["b"])
        assert a % 10 != 0 and shown.prompt == f"Compute ${a} \\times {b}$."
        outcome = session.submit(str(a * b + 1))  # wrong: keeps it in learning
        assert not outcome.verdict.correct
        session.submit(str(a * b))
        seen.append((shown.card_id, shown.params))
        clock.advance(minutes=1)
    stored = [r.params for r in reviews(services)]
    assert stored == [params for _, params in seen]
    assert len({tuple(sorted(p.items())) for p in stored}) > 1  # fresh values each time


def test_unknown_deck_names_the_choices(services: Services, make_deck) -> None:
    make_deck("arith", [{"key": "a"}])
    with pytest.raises(NotFoundError, match="arith"):
        PracticeSession(services, ["nope"])
    assert PracticeSession(services, ["ARITH"]).counts().new == 1  # names match too


def test_suspend_and_bury_hide_the_problem(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    ids = make_deck("arith", [review_card(clock, "a"), review_card(clock, "b")], preset=UTC_PRESET)
    session = PracticeSession(services)
    first = session.next_problem()
    session.suspend()
    second = session.next_problem()
    session.bury()
    assert session.next_problem() is None
    assert card_row(services, first.card_id).suspended is True
    assert card_row(services, second.card_id).buried_until == clock().replace(hour=4) + timedelta(
        days=1
    )
    clock.advance(days=1)
    later = PracticeSession(services)
    assert [later.next_problem().card_id] == [second.card_id] and set(ids.values()) == {
        first.card_id,
        second.card_id,
    }


def test_problem_fields_of_presented_and_outcome(services: Services, make_deck) -> None:
    make_deck("arith", [{"key": "a", "prompt": "1 + 1", "answer": "2"}], preset=UTC_PRESET)
    session = PracticeSession(services)
    shown = session.next_problem()
    assert (shown.deck_key, shown.deck_name, shown.problem_key) == ("arith", "Arith", "a")
    assert shown.phase is CardPhase.NEW and shown.params == {}
    names = {f.name for f in fields(shown)}
    assert {"card_id", "problem_id", "kind", "shown_at", "is_leech"} <= names


def test_answers_may_be_graded_in_a_worker_thread(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    """The TUI grades in a worker thread: the session's connection must allow that."""
    import threading

    make_deck("arith", [review_card(clock, "a")], preset=UTC_PRESET)
    session = PracticeSession(services)
    session.next_problem()
    outcomes = []
    worker = threading.Thread(target=lambda: outcomes.append(session.submit("2")))
    worker.start()
    worker.join()
    assert outcomes and outcomes[0].rating is Rating.GOOD
    assert len(reviews(services)) == 1


def test_rating_uses_the_learners_median_time_on_the_deck(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    """With enough history (median 10 s), slow right answers are Hard and clearly fast
    ones on review cards are Easy; response times are capped at 60 s."""
    ids = make_deck(
        "arith",
        [review_card(clock, f"c{i}") for i in range(3)]
        + [{"key": "old", "extra": {"suspended": True}}],
        preset=UTC_PRESET,
    )
    with services.collection.session_scope() as session:
        for n in range(25):
            session.add(
                ReviewRow(
                    card_id=ids["old"],
                    reviewed_at=clock() - timedelta(days=30, minutes=n),
                    rating=3,
                    response_ms=10_000,
                    phase_before=2,
                    phase_after=2,
                )
            )
    session = PracticeSession(services)
    ratings = []
    for wait in (25, 2, 10):  # seconds: slow (> 2x median), fast (< 0.5x), ordinary
        shown = session.next_problem()
        assert shown is not None and shown.problem_key.startswith("c")
        clock.advance(seconds=wait)
        ratings.append(session.submit("2").rating)
    assert ratings == [Rating.HARD, Rating.EASY, Rating.GOOD]
    stored = [r.response_ms for r in reviews(services) if r.card_id != ids["old"]]
    assert stored == [25_000, 2_000, 10_000]


def test_reveals_do_not_count_in_the_median_answer_time(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    """Twenty-five quick reveals (1 s each) are not answers: a right answer in 10 s
    afterwards is Good, not Hard against a 1 s "median"."""
    ids = make_deck(
        "arith",
        [review_card(clock, "c0"), {"key": "old", "extra": {"suspended": True}}],
        preset=UTC_PRESET,
    )
    with services.collection.session_scope() as session:
        for n in range(25):
            session.add(
                ReviewRow(
                    card_id=ids["old"],
                    reviewed_at=clock() - timedelta(days=30, minutes=n),
                    rating=1,
                    response_ms=1_000,
                    revealed=True,
                    phase_before=2,
                    phase_after=3,
                )
            )
    session = PracticeSession(services)
    shown = session.next_problem()
    assert shown is not None and shown.problem_key == "c0"
    clock.advance(seconds=10)
    assert session.submit("2").rating is Rating.GOOD


def test_undo_twice_walks_back_through_a_learning_step(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    ids = make_deck("arith", [{"key": "n"}], preset=UTC_PRESET)
    fresh = card_fields(card_row(services, ids["n"]))
    session = PracticeSession(services)
    session.next_problem()
    session.submit("2")  # Good: the 10-minute step
    after_first = card_fields(card_row(services, ids["n"]))
    clock.advance(minutes=10)
    assert session.next_problem().phase is CardPhase.LEARNING
    session.submit("2")  # graduates
    assert card_row(services, ids["n"]).phase == CardPhase.REVIEW
    assert session.undo().phase is CardPhase.LEARNING
    assert card_fields(card_row(services, ids["n"])) == after_first
    assert session.undo().phase is CardPhase.NEW
    assert card_fields(card_row(services, ids["n"])) == fresh
    assert reviews(services) == [] and session.summary().done == 0


def test_bad_settings_are_clear_errors(services: Services, make_deck) -> None:
    from trainer.store.settings import put_setting

    make_deck("arith", [{"key": "a"}], preset={"timezone": "Mars/Olympus"})
    with pytest.raises(TrainerError, match="deck 'arith': preset: .*Mars/Olympus"):
        PracticeSession(services)
    make_deck("other", [{"key": "b"}], preset=UTC_PRESET)
    with services.collection.session_scope() as session:
        put_setting(session, "rating_policy", {"slow_factor": 0.5})
    with pytest.raises(TrainerError, match="rating_policy: slow_factor"):
        PracticeSession(services, ["other"])


def test_two_sessions_on_one_card_review_it_from_its_current_state(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    ids = make_deck("arith", [review_card(clock, "a")], preset=UTC_PRESET)
    first, second = PracticeSession(services), PracticeSession(services)
    assert first.next_problem().card_id == second.next_problem().card_id == ids["a"]
    first.submit("2")
    clock.advance(seconds=30)
    second.submit("2")  # read before the first review: re-read, computed from it
    rows = reviews(services)
    assert [r.reps_before for r in rows] == [3, 4]
    assert rows[1].due_before == rows[0].due_after
    assert card_row(services, ids["a"]).reps == 5
    with pytest.raises(TrainerError, match="reviewed again elsewhere"):
        first.undo()  # its review is no longer the card's latest
    assert len(reviews(services)) == 2
    second.undo()  # the latest one can be undone: back to the state after the first
    card = card_row(services, ids["a"])
    assert card.reps == 4 and card.due == rows[0].due_after
