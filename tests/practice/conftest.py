"""Fixtures for the practice tests: collections built by inserting rows through the store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from trainer.domain import CardPhase, Problem
from trainer.practice.services import Services
from trainer.store.models import CardRow, DeckRow, ProblemRow


@dataclass
class CardSpec:
    """One problem and its card, as a test wants it stored."""

    key: str
    prompt: str = "1 + 1"
    answer: str = "2"
    note_key: str | None = None
    problem: Problem | None = None  # a full problem (parameters, hints); overrides the above
    phase: CardPhase = CardPhase.NEW
    due: datetime | None = None
    last_review: datetime | None = None
    stability: float | None = None
    difficulty: float | None = None
    step: int | None = None
    reps: int = 0
    lapses: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


MakeDeck = Callable[..., dict[str, int]]


@pytest.fixture
def make_deck(services: Services) -> MakeDeck:
    """``make_deck(key, [dict(key=..., phase=..., due=...), ...], preset={...})`` -> card
    ids by problem key (each dict holds ``CardSpec`` fields)."""

    def make(
        key: str,
        cards: Sequence[CardSpec | dict[str, Any]],
        *,
        preset: dict[str, Any] | None = None,
        kind: str | None = "integer",
    ) -> dict[str, int]:
        now = services.clock()
        ids: dict[str, int] = {}
        with services.collection.session_scope() as session:
            deck = DeckRow(
                key=key, name=key.title(), kind=kind, preset=preset or {}, created_at=now
            )
            session.add(deck)
            session.flush()
            for position, given in enumerate(cards):
                spec = given if isinstance(given, CardSpec) else CardSpec(**given)
                problem = spec.problem or Problem(
                    key=spec.key, prompt=spec.prompt, answer=spec.answer, note_key=spec.note_key
                )
                row = ProblemRow(
                    deck_id=deck.id,
                    key=problem.key,
                    note_key=problem.note_key,
                    prompt=problem.prompt,
                    answer=problem.answer,
                    kind=str(problem.kind) if problem.kind else None,
                    body=problem.to_dict(),
                    content_hash=problem.content_hash(),
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                session.flush()
                card = CardRow(
                    problem_id=row.id,
                    deck_id=deck.id,
                    phase=int(spec.phase),
                    step=spec.step,
                    stability=spec.stability,
                    difficulty=spec.difficulty,
                    due=spec.due,
                    last_review=spec.last_review,
                    reps=spec.reps,
                    lapses=spec.lapses,
                    position=position,
                    **spec.extra,
                )
                session.add(card)
                session.flush()
                ids[problem.key] = card.id
        return ids

    return make
