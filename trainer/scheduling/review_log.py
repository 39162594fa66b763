"""A deck's review history in columns, the input of fitting and evaluating FSRS parameters.

A million reviews as Python tuples cost more to build and walk than the fit itself, so
the history is four numpy arrays: every card's reviews one after another, in time order
within a card. ``elapsed`` counts scheduler days since the card's previous review
(differences of ``SchedulerDay.day_number``; 0 for a card's first review), as Anki and
fsrs-rs count them.

A review made at least one scheduler day after the one before it is *predictable*: FSRS
predicts its outcome from the card's history, and fsrs-rs turns it into one training item
(the history up to and including it). A review on the same day as the one before
(elapsed 0) shapes the memory state but is not predicted.

``times`` orders the predictable reviews for fsrs-rs, which weights recent items more
(its recency weighting expects items sorted by review time).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class ReviewLog:
    """Reviews of many cards, concatenated card after card.

    ``starts[c]:starts[c + 1]`` are card ``c``'s reviews; ``ratings`` are 1-4, ``elapsed``
    whole scheduler days since the card's previous review, ``times`` any increasing
    order key (epoch ms when read from a collection).
    """

    ratings: IntArray
    elapsed: IntArray
    times: IntArray
    starts: IntArray

    def __post_init__(self) -> None:
        n = len(self.ratings)
        if len(self.elapsed) != n or len(self.times) != n:
            raise ValueError("review log: ratings, elapsed and times must have one length")
        if len(self.starts) == 0 or self.starts[0] != 0 or self.starts[-1] != n:
            raise ValueError("review log: starts must run from 0 to the number of reviews")
        if len(self.starts) > 1 and np.any(np.diff(self.starts) < 1):
            raise ValueError("review log: every card needs at least one review")
        if n:
            bad = np.flatnonzero((self.ratings < 1) | (self.ratings > 4))
            if len(bad):
                card, index = self.locate(int(bad[0]))
                raise ValueError(
                    f"history {card}, review {index}: rating must be 1-4, "
                    f"got {int(self.ratings[bad[0]])}"
                )
            bad = np.flatnonzero(self.elapsed < 0)
            if len(bad):
                card, index = self.locate(int(bad[0]))
                raise ValueError(
                    f"history {card}, review {index}: elapsed days must be a whole number "
                    f">= 0, got {int(self.elapsed[bad[0]])}"
                )

    @property
    def cards(self) -> int:
        return len(self.starts) - 1

    @property
    def reviews(self) -> int:
        return len(self.ratings)

    def locate(self, review: int) -> tuple[int, int]:
        """``(card, index within the card)`` of a review's position."""
        card = int(np.searchsorted(self.starts, review, side="right")) - 1
        return card, review - int(self.starts[card])

    def first_mask(self) -> npt.NDArray[np.bool_]:
        """True at each card's first review."""
        mask = np.zeros(self.reviews, dtype=bool)
        mask[self.starts[:-1]] = True
        return mask

    def predictable(self) -> IntArray:
        """Positions of the predictable reviews, in ``times`` order (ties: log order)."""
        positions = np.flatnonzero((self.elapsed > 0) & ~self.first_mask())
        return positions[np.argsort(self.times[positions], kind="stable")]

    def count_predictable(self) -> int:
        return int(np.count_nonzero((self.elapsed > 0) & ~self.first_mask()))

    @classmethod
    def from_histories(
        cls, histories: Sequence[Sequence[tuple[int, int]]], times: Iterable[int] | None = None
    ) -> ReviewLog:
        """From per-card ``(rating, elapsed days)`` lists (empty lists are dropped).

        Without ``times`` the reviews are ordered as given, card after card."""
        kept = [h for h in histories if len(h)]
        for card, history in enumerate(kept):
            for index, pair in enumerate(history):
                if len(pair) != 2:
                    raise ValueError(f"history {card}, review {index}: expected (rating, days)")
                rating, elapsed = pair
                if isinstance(rating, bool) or not isinstance(rating, int):
                    raise ValueError(
                        f"history {card}, review {index}: rating must be 1-4, got {rating!r}"
                    )
                if isinstance(elapsed, bool) or not isinstance(elapsed, int):
                    raise ValueError(
                        f"history {card}, review {index}: elapsed days must be a whole "
                        f"number >= 0, got {elapsed!r}"
                    )
        lengths = np.fromiter((len(h) for h in kept), dtype=np.int64, count=len(kept))
        starts = np.zeros(len(kept) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        n = int(starts[-1])
        flat = np.fromiter(
            (value for h in kept for pair in h for value in pair), dtype=np.int64, count=2 * n
        )
        order = (
            np.arange(n, dtype=np.int64)
            if times is None
            else np.fromiter(times, dtype=np.int64, count=n)
        )
        return cls(ratings=flat[0::2].copy(), elapsed=flat[1::2].copy(), times=order, starts=starts)

    def histories(self) -> list[list[tuple[int, int]]]:
        """Back to per-card ``(rating, elapsed days)`` lists (first review's elapsed: 0)."""
        pairs = list(zip(self.ratings.tolist(), self.elapsed.tolist(), strict=True))
        bounds = self.starts.tolist()
        out = [pairs[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        for history in out:
            history[0] = (history[0][0], 0)
        return out


def log_from_rows(cards: IntArray, days: IntArray, ratings: IntArray, times: IntArray) -> ReviewLog:
    """From reviews grouped by card and in time order within a card, each with its
    scheduler day number: elapsed days are differences of day numbers within a card."""
    n = len(cards)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return ReviewLog(empty, empty, empty, np.zeros(1, dtype=np.int64))
    new_card = np.empty(n, dtype=bool)
    new_card[0] = True
    np.not_equal(cards[1:], cards[:-1], out=new_card[1:])
    elapsed = np.empty(n, dtype=np.int64)
    elapsed[0] = 0
    np.subtract(days[1:], days[:-1], out=elapsed[1:])
    elapsed[new_card] = 0
    if np.any(elapsed < 0):
        at = int(np.flatnonzero(elapsed < 0)[0])
        raise ValueError(f"review {at}: its day comes before the previous review's day")
    starts = np.append(np.flatnonzero(new_card), n).astype(np.int64)
    return ReviewLog(
        ratings=np.asarray(ratings, dtype=np.int64),
        elapsed=elapsed,
        times=np.asarray(times, dtype=np.int64),
        starts=starts,
    )
