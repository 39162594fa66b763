"""Drilling in the real app on a real collection: what is stored and what is shown."""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.pilot import Pilot

from trainer.domain import Rating
from trainer.practice.services import Services
from trainer.tui.app import TrainerApp
from trainer.tui.messages import AttemptGraded
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.widgets.answer_input import AnswerInput, ReadAs
from trainer.tui.widgets.feedback import FeedbackPanel
from trainer.tui.widgets.problem_view import ProblemView

from .screen_text import shown_text

SIZE = (80, 24)
Probe = Any  # the ``db`` fixture (tests/tui/conftest.py)


async def answer(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` key by key, press Enter, and wait for the grading worker."""
    for char in text:
        await pilot.press(char)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def settle(pilot: Pilot[None]) -> None:
    """Until the workers started by the last key (grading, writes) have reported back."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def feedback(app: TrainerApp) -> str:
    return shown_text(app.screen.query_one(FeedbackPanel))


def prompt(app: TrainerApp) -> str:
    return shown_text(app.screen.query_one(ProblemView))


async def test_first_run_opens_a_drill_with_a_readable_prompt(
    mini_services: Services, db: Probe
) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert "What is 6 × 7?" in prompt(app)
        assert app.screen.query_one(AnswerInput).has_focus


async def test_right_answer_is_stored_once_and_shown(mini_services: Services, db: Probe) -> None:
    messages: list[Message] = []
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        await answer(pilot, "42")
        graded = [m for m in messages if isinstance(m, AttemptGraded)]
        assert len(graded) == 1 and graded[0].outcome.verdict.correct
        assert "✓ Correct" in feedback(app)
        assert "Answer: 42" in feedback(app)
        [review] = db.reviews()
        assert review.correct is True and review.attempts == 1
        assert review.rating == int(Rating.GOOD)
        assert review.attempt_text == "42"
        # Enter again moves on to the next problem; nothing more is stored.
        await pilot.press("enter")
        await pilot.pause()
        assert "2³" in prompt(app)
        assert feedback(app) == ""
        assert len(db.reviews()) == 1


async def test_wrong_answer_is_rated_again_and_retry_updates_the_same_review(
    mini_services: Services, db: Probe
) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer(pilot, "41")
        assert "✗" in feedback(app)
        assert "Enter: retry" in feedback(app)
        [review] = db.reviews()
        assert review.correct is False and review.rating == int(Rating.AGAIN)
        # Retry with the right answer: still one review, rating kept at Again.
        await pilot.press("ctrl+u")
        await answer(pilot, "42")
        assert "✓ Correct" in feedback(app)
        [review] = db.reviews()
        assert review.attempts == 2 and review.correct is True
        assert review.rating == int(Rating.AGAIN)
        assert review.attempt_text == "41\n42"


async def test_unparseable_answer_shows_why_inline_and_stores_nothing(
    mini_services: Services, db: Probe
) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for char in "4+":
            await pilot.press(char)
        await pilot.pause()
        read_as = shown_text(app.screen.query_one(ReadAs))
        assert read_as.startswith("⚠"), read_as
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert db.reviews() == []
        assert feedback(app) == ""  # no verdict: it was not an attempt
        assert shown_text(app.screen.query_one(ReadAs)).startswith("⚠")
        assert app.screen.query_one(AnswerInput).value == "4+"  # the answer is kept


async def test_read_as_preview_follows_every_keystroke(mini_services: Services, db: Probe) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert shown_text(app.screen.query_one(ReadAs)) == "read as: 4"
        await pilot.press("2")
        await pilot.pause()
        assert shown_text(app.screen.query_one(ReadAs)) == "read as: 42"
        assert db.reviews() == []


async def test_reveal_stores_again_and_shows_answer_and_solution(
    mini_services: Services, db: Probe
) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await settle(pilot)
        text = feedback(app)
        assert "Answer revealed" in text and "Answer: 42" in text
        assert "6 · 7 = 42" in text  # the worked solution, made readable
        [review] = db.reviews()
        assert review.revealed is True and review.rating == int(Rating.AGAIN)


async def test_undo_deletes_the_review_restores_the_card_and_shows_it_again(
    mini_services: Services, db: Probe
) -> None:
    before = {c.id: (c.phase, c.due, c.reps, c.stability) for c in db.cards()}
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer(pilot, "42")
        await pilot.press("enter")
        await pilot.pause()
        assert "2³" in prompt(app)
        assert len(db.reviews()) == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert db.reviews() == []
        after = {c.id: (c.phase, c.due, c.reps, c.stability) for c in db.cards()}
        assert after == before
        assert "6 × 7" in prompt(app)  # the undone problem is shown again
        assert app.screen.query_one(AnswerInput).value == ""


async def test_override_accepts_a_wrong_verdict(mini_services: Services, db: Probe) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer(pilot, "41")
        await pilot.press("ctrl+o")
        await settle(pilot)
        [review] = db.reviews()
        assert review.override == "accept" and review.rating == int(Rating.GOOD)
        assert feedback(app).startswith("✓ Accepted: you overrode the checker")


async def test_hint_is_shown_and_caps_the_rating(mini_services: Services, db: Probe) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "Hint 1: Six sevens." in feedback(app)
        await answer(pilot, "42")
        [review] = db.reviews()
        assert review.hint_used is True and review.rating == int(Rating.HARD)


async def test_bury_moves_on_without_a_review(mini_services: Services, db: Probe) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert "2³" in prompt(app)
        assert db.reviews() == []
        buried = [c for c in db.cards() if c.buried_until is not None]
        assert len(buried) == 1


async def test_session_end_shows_what_was_done(mini_services: Services, db: Probe) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer(pilot, "42")
        await pilot.press("escape")
        await pilot.pause()
        from trainer.tui.screens.session_end import SessionEndScreen

        assert isinstance(app.screen, SessionEndScreen)
        text = shown_text(app.screen.query_one("#end-summary"))
        assert "problems done  1" in text
        assert "1  (100%)" in text


async def test_enter_on_the_unchanged_wrong_answer_is_not_a_second_attempt(
    mini_services: Services, db: Probe
) -> None:
    app = TrainerApp(mini_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer(pilot, "41")
        assert "attempt 1" in feedback(app)
        await answer(pilot, "")  # Enter again, the wrong answer still in the box
        assert "attempt 1" in feedback(app) and "attempt 2" not in feedback(app)
        said = shown_text(app.screen.query_one(ReadAs))
        assert said.startswith("⚠ not counted: the same answer as your last attempt"), said
        [review] = db.reviews()
        assert review.attempts == 1 and review.attempt_text == "41"
