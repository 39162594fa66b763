"""Conversions between the store's card and review columns and the domain's types."""

from __future__ import annotations

from typing import Any

from trainer.domain import AnswerKind, CardPhase, CardState, Problem
from trainer.store.epoch import from_ms
from trainer.store.queue import CardRecord


def card_state(card: CardRecord) -> CardState:
    """The FSRS memory state of a stored card."""
    return CardState(
        phase=CardPhase(card.phase),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=from_ms(card.due) if card.due is not None else None,
        last_review=from_ms(card.last_review) if card.last_review is not None else None,
        reps=card.reps,
        lapses=card.lapses,
    )


def state_values(card: CardRecord) -> tuple[Any, ...]:
    """The columns a review sets (``trainer.store.queue.STATE_COLUMNS`` order)."""
    return (
        card.phase,
        card.step,
        card.stability,
        card.difficulty,
        card.due,
        card.last_review,
        card.reps,
        card.lapses,
        bool(card.leech),
    )


def before_columns(card: CardRecord) -> dict[str, Any]:
    """The review row's ``*_before`` columns: what undo restores."""
    return {
        "phase_before": card.phase,
        "step_before": card.step,
        "stability_before": card.stability,
        "difficulty_before": card.difficulty,
        "due_before": card.due,
        "last_review_before": card.last_review,
        "reps_before": card.reps,
        "lapses_before": card.lapses,
    }


def after_columns(card: CardRecord) -> dict[str, Any]:
    return {
        "phase_after": card.phase,
        "step_after": card.step,
        "stability_after": card.stability,
        "difficulty_after": card.difficulty,
        "due_after": card.due,
    }


def problem_from(
    key: str, prompt: str, answer: str, kind: str | None, body: dict[str, Any]
) -> Problem:
    """A stored problem: its full ``body`` (``Problem.to_dict``) when there is one, else
    the indexed columns alone."""
    if body and "prompt" in body and "answer" in body:
        return Problem.from_dict({**body, "key": key})
    return Problem(key=key, prompt=prompt, answer=answer, kind=AnswerKind(kind) if kind else None)
