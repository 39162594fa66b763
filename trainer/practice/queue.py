"""Today's queue: which card comes next, under the daily limits.

Built once per session from the store (``trainer.store.drill_store``) and then kept in memory:

* (re)learning cards come first as soon as they are due, and within the session when a
  step falls due; when nothing else is left, one due within the learn-ahead window
  (20 minutes, as Anki) is shown early;
* due reviews come in due order, or lowest retrievability first when more are due than
  the day's review limit allows (the ones most likely forgotten are the ones kept);
* new cards are spread evenly among the reviews, up to the daily new limit; a deck's new
  cards come from its sections (a problem's first tag, then its whole tag list) in turn
  (preset ``new_order = "mixed"``, the default) or in file order (``"file"``);
* with several decks, their new cards and their reviews interleave deck by deck;
* the limits count what was already done today (local scheduler day, see
  ``trainer.scheduling.days``), so a second session the same day continues the first;
* only one card per note (``note_key``) is taken a day: siblings wait for tomorrow.

Nothing here reads the clock: every method takes ``now``.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from trainer.domain import CardPhase
from trainer.store.drill_store import CardRecord

T = TypeVar("T")

NEW_ORDERS = ("mixed", "file")
LEARN_AHEAD_MS = int(timedelta(minutes=20).total_seconds() * 1000)
SKIP_WAIT_MS = 60_000  # a skipped learning step comes back no sooner than this


@dataclass(frozen=True)
class QueueCounts:
    """Cards left for today: new to introduce, (re)learning steps, and reviews due."""

    new: int
    learning: int
    due: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.due


@dataclass(frozen=True)
class DeckAllowance:
    """One deck's share of today: the limits left after what was done earlier today."""

    deck_id: int
    new_left: int
    reviews_left: int


@dataclass
class DailyQueue:
    """The in-memory queue of one session. ``take`` hands out cards; ``requeue`` takes
    back a card whose learning step falls due again today."""

    day_end_ms: int
    reviews: deque[CardRecord] = field(default_factory=deque)
    new: deque[CardRecord] = field(default_factory=deque)
    learning: list[tuple[int, int, CardRecord]] = field(default_factory=list)
    new_total: int = 0
    review_total: int = 0
    new_taken: int = 0
    review_taken: int = 0
    notes_today: set[tuple[int, str]] = field(default_factory=set)
    _tiebreak: int = 0

    @classmethod
    def build(
        cls,
        day_end_ms: int,
        learning: Iterable[CardRecord],
        reviews: Iterable[CardRecord],
        new: Iterable[CardRecord],
        new_limits: dict[int, int] | None = None,
    ) -> DailyQueue:
        """A queue from due lists already cut to the review limit (``select_reviews``) and
        new candidates in position order, of which at most ``new_limits[deck_id]`` per deck
        are kept. A card whose note already has a card in the queue waits for another day."""
        queue = cls(day_end_ms=day_end_ms)
        taken: dict[int, int] = {}
        for card in learning:
            if queue._claim_note(card):
                queue._push_learning(card)
        for card in reviews:
            if queue._claim_note(card):
                queue.reviews.append(card)
        for card in new:
            limit = None if new_limits is None else new_limits.get(card.deck_id, 0)
            if limit is not None and taken.get(card.deck_id, 0) >= limit:
                continue
            if queue._claim_note(card):
                queue.new.append(card)
                taken[card.deck_id] = taken.get(card.deck_id, 0) + 1
        queue.review_total = len(queue.reviews)
        queue.new_total = len(queue.new)
        return queue

    def _claim_note(self, card: CardRecord) -> bool:
        if card.note_key is None:
            return True
        note = (card.deck_id, card.note_key)
        if note in self.notes_today:
            return False
        self.notes_today.add(note)
        return True

    def _push_learning(self, card: CardRecord, not_before_ms: int = 0) -> None:
        self._tiebreak += 1
        heapq.heappush(self.learning, (max(card.due or 0, not_before_ms), self._tiebreak, card))

    # ------------------------------------------------------------------ handing out
    def take(self, now_ms: int) -> CardRecord | None:
        """The next card to show at ``now_ms``, removed from the queue; None when done."""
        if self.learning and self.learning[0][0] <= now_ms:
            return heapq.heappop(self.learning)[2]
        if self.reviews or self.new:
            if self._new_turn():
                self.new_taken += 1
                return self.new.popleft()
            self.review_taken += 1
            return self.reviews.popleft()
        if self.learning and self.learning[0][0] <= now_ms + LEARN_AHEAD_MS:
            return heapq.heappop(self.learning)[2]
        return None

    def _new_turn(self) -> bool:
        """Spread new cards evenly: a new one whenever they have fallen behind the reviews."""
        if not self.new:
            return False
        if not self.reviews:
            return True
        return (self.new_taken + 1) * (self.review_total + 1) <= (self.review_taken + 1) * (
            self.new_total + 1
        )

    def put_back(self, card: CardRecord, *, front: bool, now_ms: int = 0) -> None:
        """Return a card that was taken and not answered (skip: ``front=False``, to the
        back, a skipped learning step waiting ``SKIP_WAIT_MS``; undo: ``front=True``)."""
        if card.phase in (CardPhase.LEARNING, CardPhase.RELEARNING):
            self._push_learning(card, 0 if front else now_ms + SKIP_WAIT_MS)
            return
        target = self.new if card.phase == CardPhase.NEW else self.reviews
        if not front:  # a skip used its turn: else skipping new cards kept reviews waiting
            target.append(card)
            return
        if card.phase == CardPhase.NEW:
            self.new_taken = max(0, self.new_taken - 1)
        else:
            self.review_taken = max(0, self.review_taken - 1)
        target.appendleft(card)

    def requeue(self, card: CardRecord) -> None:
        """A card just answered: back into today's learning heap if a step falls due today."""
        if (
            card.phase in (CardPhase.LEARNING, CardPhase.RELEARNING)
            and card.due is not None
            and card.due < self.day_end_ms
        ):
            self._push_learning(card)

    def discard(self, card_id: int) -> None:
        """Forget a card (undone, buried or suspended elsewhere) wherever it waits."""
        self.reviews = deque(c for c in self.reviews if c.id != card_id)
        self.new = deque(c for c in self.new if c.id != card_id)
        kept = [entry for entry in self.learning if entry[2].id != card_id]
        if len(kept) != len(self.learning):
            heapq.heapify(kept)
            self.learning = kept

    def upcoming_problem_ids(self, limit: int) -> list[int]:
        """Problem ids of the next cards likely to be taken (to fetch them in one go)."""
        ids = [entry[2].problem_id for entry in self.learning[:limit]]
        for source in (self.reviews, self.new):
            for card in source:
                if len(ids) >= limit:
                    return ids
                ids.append(card.problem_id)
        return ids[:limit]

    def counts(self) -> QueueCounts:
        return QueueCounts(new=len(self.new), learning=len(self.learning), due=len(self.reviews))


def select_reviews(
    due: list[CardRecord], limit: int, retrievability: dict[int, float] | None = None
) -> list[CardRecord]:
    """At most ``limit`` due reviews: in due order, or, when more are due than the limit,
    the ``limit`` lowest-retrievability ones, lowest first."""
    if limit <= 0:
        return []
    if len(due) <= limit or retrievability is None:
        return due[:limit]
    return sorted(due, key=lambda c: (retrievability[c.id], c.due or 0))[:limit]


def round_robin(groups: Iterable[Sequence[T]]) -> list[T]:
    """One item from each group in turn, groups in the order given, until all are used."""
    lists = [group for group in groups if group]
    out: list[T] = []
    for depth in range(max((len(g) for g in lists), default=0)):
        out.extend(group[depth] for group in lists if depth < len(group))
    return out


def mix_sections(cards: Iterable[tuple[CardRecord, str]]) -> list[CardRecord]:
    """New cards gathered across their deck's sections in turn (``new_order = "mixed"``).

    A section is a problem's first tag; within a section, its sub-sections (the whole tag
    list: "equations linear", "equations quadratic") take turns too. Each keeps position
    order; sections come in the order they first appear. Untagged problems are a section.
    """
    sections: dict[str, dict[str, list[CardRecord]]] = {}
    for card, tags in cards:
        words = tags.split()
        first = words[0] if words else ""
        sections.setdefault(first, {}).setdefault(" ".join(words), []).append(card)
    return round_robin(round_robin(subs.values()) for subs in sections.values())
