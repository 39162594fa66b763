"""Put a deck of problems straight into the store, for tests that need one without an import."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trainer.domain import Problem
from trainer.practice.services import Services
from trainer.store.models import CardRow, DeckRow, ProblemRow


def store_deck(
    services: Services,
    problems: Sequence[Problem],
    *,
    key: str = "d",
    name: str = "Deck",
    kind: str | None = None,
    preset: dict[str, Any] | None = None,
) -> dict[str, int]:
    """A deck whose problems each have a new card, in order; returns problem key -> card id."""
    now = services.clock()
    cards: dict[str, int] = {}
    with services.collection.session_scope() as session:
        deck = DeckRow(
            key=key,
            name=name,
            kind=kind,
            preset=preset if preset is not None else {"timezone": "UTC"},
            created_at=now,
        )
        session.add(deck)
        session.flush()
        for position, problem in enumerate(problems):
            row = ProblemRow(
                deck_id=deck.id,
                key=problem.key,
                note_key=problem.note_key,
                prompt=problem.prompt,
                answer=problem.answer,
                body=problem.to_dict(),
                content_hash=problem.content_hash(),
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            card = CardRow(problem_id=row.id, deck_id=deck.id, position=position)
            session.add(card)
            session.flush()
            cards[problem.key] = card.id
    return cards
