"""What building an Anki package's notes produces: problems beside the deck and card each
came from. Shared by ``anki_notes`` (which builds) and ``anki_revisions`` (which sets
unchanged notes aside), so neither imports the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.domain import Problem, Skipped


@dataclass
class Built:
    """Problems with the deck and card each came from (parallel lists), and what was skipped."""

    problems: list[Problem] = field(default_factory=list)
    deck_ids: list[int] = field(default_factory=list)
    card_ids: list[int | None] = field(default_factory=list)
    revisions: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Problems left unbuilt because ``known`` holds them at their revision:
    # (deck id, key, revision, card id).
    unchanged: list[tuple[int, str, str, int | None]] = field(default_factory=list)

    def add(self, problem: Problem, deck_id: int, card_id: int | None, revision: str) -> None:
        self.problems.append(problem)
        self.deck_ids.append(deck_id)
        self.card_ids.append(card_id)
        self.revisions.append(revision)


CardRef = tuple[int, int, int | None]  # ord, deck id, card id
