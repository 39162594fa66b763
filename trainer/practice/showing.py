"""One problem on screen in a drill session, and what happened to it so far."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from trainer.domain import AnswerSpec, CardState, Problem, Rating, Verdict
from trainer.practice.drill_types import Presented
from trainer.practice.session_setup import DeckContext
from trainer.store.drill_store import CardRecord


@dataclass
class Showing:
    """The problem on screen and what happened to it so far."""

    card: CardRecord  # the card as stored when it was shown (undo restores this)
    deck: DeckContext
    problem: Problem  # rendered
    params: dict[str, str]
    presented: Presented
    attempts: int = 0
    texts: list[str] = field(default_factory=list)
    hints_shown: int = 0
    review_id: int | None = None
    rating: Rating | None = None
    finished: bool = False
    revealed: bool = False
    last_verdict: Verdict | None = None
    next_due: datetime | None = None
    response_ms: int = 0
    unbury: list[tuple[int, int | None]] = field(default_factory=list)
    after: CardState | None = None  # the state the review left (override and undo check it)
    reviewed_at: datetime | None = None
    _spec: AnswerSpec | None = None

    def spec(self) -> AnswerSpec:
        """What the checker compares against: the rendered answer over the deck defaults."""
        if self._spec is None:
            self._spec = self.problem.spec(self.deck.kind, self.deck.options)
        return self._spec

    def repeated(self, text: str) -> Verdict | None:
        """The answer to ``text`` when it is the last counted attempt again, unchanged (Enter
        pressed on the wrong answer still in the box): not a new attempt, it would only
        count the same mistake twice; None otherwise."""
        if self.last_verdict is None or not self.texts:
            return None
        if " ".join(text.split()) != " ".join(self.texts[-1].split()):
            return None
        said = "the same answer as your last attempt: change it first, or reveal the answer"
        return replace(self.last_verdict, message=said)
