"""Storing one review: the card's next state, the attempt's facts, one transaction.

The card must still be as it was read: if another session reviewed it meanwhile the
store refuses (``StaleCardError``), the card is read again and the review computed from
its current state (a few tries).
"""

from __future__ import annotations

from datetime import datetime

from trainer.domain import CardState, Rating, Review, Verdict
from trainer.practice.session_setup import DeckContext
from trainer.practice.showing import Showing
from trainer.store.drill_store import CardRecord, DrillStore, StaleCardError

_COMMIT_TRIES = 3


def next_state(
    card: CardRecord, before: CardState, rating: Rating, now: datetime, deck: DeckContext
) -> tuple[CardState, bool]:
    """The card's state after ``rating`` at ``now``, and whether it is now a leech."""
    from trainer.scheduling.fsrs_bridge import review as fsrs_review

    after = fsrs_review(before, rating, now, deck.preset, card.id)
    return after, bool(card.leech) or after.lapses >= deck.leech_lapses


def store_review(
    store: DrillStore,
    current: Showing,
    rating: Rating,
    now: datetime,
    verdict: Verdict | None,
    *,
    bury_until_ms: int,
) -> tuple[CardState, bool]:
    """Store the review of ``current`` and the card's new state (burying its siblings
    until ``bury_until_ms``); sets ``current.review_id``, ``current.unbury`` and, after a
    retry, ``current.card``. Returns the new state and the leech flag."""
    for attempt in range(_COMMIT_TRIES):
        try:
            return _store_once(store, current, rating, now, verdict, bury_until_ms)
        except StaleCardError:
            fresh = store.card(current.card.id)
            if fresh is None or attempt == _COMMIT_TRIES - 1:
                raise
            current.card = fresh  # what undo restores is what this review replaced
    raise AssertionError("unreachable: the last try returns or raises")


def _store_once(
    store: DrillStore,
    current: Showing,
    rating: Rating,
    now: datetime,
    verdict: Verdict | None,
    bury_until_ms: int,
) -> tuple[CardState, bool]:
    card = current.card
    before = card.state()
    after, leech = next_state(card, before, rating, now, current.deck)
    if card.note_key is not None:
        siblings = store.sibling_ids(card.deck_id, card.note_key, card.id)
        current.unbury = [
            (sid, until) for sid, until in siblings if until is None or until < bury_until_ms
        ]
    review = Review(
        reviewed_at=now,
        rating=rating,
        correct=verdict.correct if verdict is not None else False,
        reason=verdict.reason if verdict is not None else None,
        attempts=current.attempts,
        response_ms=current.response_ms,
        attempt_text="\n".join(current.texts),
        params=current.params or None,
        hint_used=current.hints_shown > 0,
        revealed=current.revealed,
    )
    current.review_id = store.record_review(
        card.id,
        before,
        after,
        review,
        leech=leech,
        bury=[sid for sid, _ in current.unbury],
        bury_until_ms=bury_until_ms,
    )
    return after, leech
