"""The rows the drill's store hands out.

Standard library only (like ``trainer.store.drill_store``): the drill must reach its first
problem without importing SQLAlchemy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from trainer.domain import AnswerKind, CardPhase, CardState, Problem, Review
from trainer.store.epoch import from_ms, to_ms

# Card columns in the order every fetch returns them (``CardRecord`` has the same order).
CARD_COLUMNS = (
    "id",
    "problem_id",
    "deck_id",
    "phase",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "position",
    "suspended",
    "buried_until",
    "leech",
)


class CardRecord(NamedTuple):
    """A ``cards`` row as stored (times in epoch ms), plus its problem's ``note_key``.

    A named tuple, not a dataclass: a session reads thousands of them at once."""

    id: int
    problem_id: int
    deck_id: int
    phase: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: int | None
    last_review: int | None
    reps: int
    lapses: int
    position: int
    suspended: bool
    buried_until: int | None
    leech: bool
    note_key: str | None = None

    def values(self) -> tuple[Any, ...]:
        """The stored column values, in ``CARD_COLUMNS`` order."""
        return tuple(self[: len(CARD_COLUMNS)])

    def state(self) -> CardState:
        """The card's FSRS memory state: the one form the scheduler and the engine use."""
        due, last = self.due, self.last_review
        return CardState(
            phase=CardPhase(self.phase),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=from_ms(due) if due is not None else None,
            last_review=from_ms(last) if last is not None else None,
            reps=self.reps,
            lapses=self.lapses,
        )

    def with_state(self, state: CardState, *, leech: bool) -> CardRecord:
        """This row as a review that left ``state`` (and the leech flag) stores it."""
        return self._replace(**dict(zip(STATE_COLUMNS, state_values(state, leech), strict=True)))


@dataclass(frozen=True, slots=True)
class ProblemRecord:
    id: int
    deck_id: int
    key: str
    note_key: str | None
    prompt: str
    answer: str
    kind: str | None
    body: dict[str, Any]

    def problem(self) -> Problem:
        """The stored problem: its full ``body`` (``Problem.to_dict``) when there is one,
        else the indexed columns alone."""
        body = self.body
        if body and "prompt" in body and "answer" in body:
            return Problem.from_dict({**body, "key": self.key})
        kind = AnswerKind(self.kind) if self.kind else None
        return Problem(key=self.key, prompt=self.prompt, answer=self.answer, kind=kind)


@dataclass(frozen=True, slots=True)
class DeckRecord:
    id: int
    key: str
    name: str
    kind: str | None
    options: dict[str, Any]
    preset: dict[str, Any]


# The review columns written when a review is stored, in this order.
REVIEW_COLUMNS = (
    "card_id",
    "reviewed_at",
    "rating",
    "correct",
    "reason",
    "attempts",
    "response_ms",
    "attempt_text",
    "params",
    "override",
    "hint_used",
    "revealed",
    "source",
    "phase_before",
    "step_before",
    "stability_before",
    "difficulty_before",
    "due_before",
    "last_review_before",
    "reps_before",
    "lapses_before",
    "phase_after",
    "step_after",
    "stability_after",
    "difficulty_after",
    "due_after",
)
# The card columns a review changes (the FSRS state and the leech flag).
STATE_COLUMNS = (
    "phase",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
)


def state_values(state: CardState, leech: bool) -> tuple[Any, ...]:
    """The card columns a review sets, in ``STATE_COLUMNS`` order."""
    due, last = state.due, state.last_review
    return (
        int(state.phase),
        state.step,
        state.stability,
        state.difficulty,
        to_ms(due) if due is not None else None,
        to_ms(last) if last is not None else None,
        state.reps,
        state.lapses,
        leech,
    )


def review_values(
    card_id: int, before: CardState, after: CardState, review: Review
) -> tuple[Any, ...]:
    """A review row, in ``REVIEW_COLUMNS`` order: the facts, then the state before (what
    undo restores) and after."""
    return (
        card_id,
        to_ms(review.reviewed_at),
        int(review.rating),
        review.correct,
        str(review.reason) if review.reason is not None else None,
        review.attempts,
        review.response_ms,
        review.attempt_text,
        json.dumps(review.params, sort_keys=True) if review.params else None,
        str(review.override) if review.override is not None else None,
        review.hint_used,
        review.revealed,
        str(review.source),
        *state_values(before, False)[:8],
        *after_values(after),
    )


def after_values(after: CardState) -> tuple[Any, ...]:
    """The review row's ``*_after`` columns (``AFTER_COLUMNS``)."""
    return (
        int(after.phase),
        after.step,
        after.stability,
        after.difficulty,
        to_ms(after.due) if after.due is not None else None,
    )


AFTER_COLUMNS = ("phase_after", "step_after", "stability_after", "difficulty_after", "due_after")
