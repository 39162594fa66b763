"""The rows the drill's store hands out.

Standard library only (like ``trainer.store.queue``): the drill must reach its first
problem without importing SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

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
