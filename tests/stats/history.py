"""Small known collections for the stats tests, written through the store's models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from trainer.domain import Preset
from trainer.practice.overview import save_default_preset
from trainer.practice.services import Services
from trainer.store.models import CardRow, DeckRow, ProblemRow, ReviewRow

DAY = timedelta(days=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class History:
    """Decks, problems (one card each) and reviews with exactly the fields a test sets."""

    def __init__(self, services: Services, *, timezone: str = "UTC", hour: int = 4) -> None:
        self.services = services
        save_default_preset(services, Preset(timezone=timezone, day_start_hour=hour))
        self._decks: dict[str, int] = {}

    def deck(self, key: str, name: str | None = None, preset: dict | None = None) -> int:
        if key not in self._decks:
            with self.services.collection.session_scope() as s:
                row = DeckRow(
                    key=key,
                    name=name or key.title(),
                    preset=preset or {},
                    created_at=utc(2025, 1, 1),
                )
                s.add(row)
                s.flush()
                self._decks[key] = row.id
        return self._decks[key]

    def card(
        self,
        key: str,
        *,
        deck: str = "math",
        tags: str = "",
        prompt: str | None = None,
        removed: bool = False,
        **card: object,
    ) -> int:
        """A problem and its card; ``card`` sets CardRow fields (phase, due, ...)."""
        deck_id = self.deck(deck)
        with self.services.collection.session_scope() as s:
            problem = ProblemRow(
                deck_id=deck_id,
                key=key,
                prompt=prompt or f"prompt {key}",
                answer="1",
                body={},
                tags=tags,
                content_hash="x",
                removed_at=utc(2026, 1, 1) if removed else None,
                created_at=utc(2025, 1, 1),
                updated_at=utc(2025, 1, 1),
            )
            s.add(problem)
            s.flush()
            row = CardRow(problem_id=problem.id, deck_id=deck_id, **card)
            s.add(row)
            s.flush()
            return row.id

    def review(
        self,
        card_id: int,
        at: datetime,
        rating: int,
        *,
        phase_before: int = 2,
        last_review_before: datetime | None = None,
        due_before: datetime | None = None,
        stability_before: float | None = None,
        interval_days: int | None = None,
        **fields: object,
    ) -> None:
        """A review; ``interval_days`` sets a Review card's previous due to that many local
        days after its last review (at the UTC day start, 04:00)."""
        if interval_days is not None and last_review_before is None:
            last_review_before = at - interval_days * DAY
        if interval_days is not None and due_before is None:
            assert last_review_before is not None
            due_before = (last_review_before + interval_days * DAY).replace(hour=4, minute=0)
        with self.services.collection.session_scope() as s:
            s.add(
                ReviewRow(
                    card_id=card_id,
                    reviewed_at=at,
                    rating=rating,
                    phase_before=phase_before,
                    last_review_before=last_review_before,
                    due_before=due_before,
                    stability_before=stability_before,
                    phase_after=2,
                    **fields,
                )
            )
