"""The FSRS-6 formulas and py-fsrs 6.x's card state machine, in plain Python.

Replaying a million imported reviews through py-fsrs objects would spend most of its
time building ``Card`` objects; this module is the same arithmetic in a tight loop.
Every expression is written in the same order and with the same operations as py-fsrs
6.3 (``math.e ** x``, not ``math.exp``), so results are equal to the last bit; the
tests check that against py-fsrs itself. Elapsed time comes in as whole scheduler days
(see ``days.py``): the caller decides how days are counted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

from trainer.domain import CardPhase

STABILITY_MIN = 0.001
MIN_DIFFICULTY = 1.0
MAX_DIFFICULTY = 10.0

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
# Module constants: looking a member up on an Enum class costs ~0.2 µs each time.
_NEW, _LEARNING = CardPhase.NEW, CardPhase.LEARNING
_REVIEW, _RELEARNING = CardPhase.REVIEW, CardPhase.RELEARNING


class Fsrs6:
    """One scheduler configuration: weights, desired retention, steps and maximum interval.

    ``step()`` mirrors ``fsrs.Scheduler.review_card`` without fuzz. Phases are
    ``CardPhase`` values; a NEW card is treated as py-fsrs treats a fresh card
    (Learning, step 0, no memory state).
    """

    __slots__ = (
        "w",
        "desired_retention",
        "learning_steps",
        "relearning_steps",
        "maximum_interval",
        "decay",
        "factor",
        "_ivl_multiplier",
        "_d0_easy",
        "_short_term_again_divisor",
        "_e_w8",
    )

    def __init__(
        self,
        parameters: Sequence[float],
        desired_retention: float = 0.9,
        learning_steps: Sequence[int] = (60, 600),
        relearning_steps: Sequence[int] = (600,),
        maximum_interval: int = 36500,
    ) -> None:
        if len(parameters) != 21:
            raise ValueError(f"parameters: expected 21 FSRS-6 weights, got {len(parameters)}")
        self.w = tuple(float(p) for p in parameters)
        self.desired_retention = desired_retention
        self.learning_steps = tuple(timedelta(seconds=s) for s in learning_steps)
        self.relearning_steps = tuple(timedelta(seconds=s) for s in relearning_steps)
        self.maximum_interval = maximum_interval
        w = self.w
        self.decay = -w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1
        self._ivl_multiplier = (desired_retention ** (1 / self.decay)) - 1
        self._d0_easy = w[4] - (math.e ** (w[5] * (EASY - 1))) + 1
        self._short_term_again_divisor = math.e ** (w[17] * w[18])
        self._e_w8 = math.e ** w[8]

    # ------------------------------------------------------------------ formulas
    def retrievability(self, elapsed_days: float, stability: float) -> float:
        return (1 + self.factor * elapsed_days / stability) ** self.decay

    def initial_stability(self, rating: int) -> float:
        return max(self.w[rating - 1], STABILITY_MIN)

    def initial_difficulty(self, rating: int) -> float:
        w = self.w
        d = w[4] - (math.e ** (w[5] * (rating - 1))) + 1
        return min(max(d, MIN_DIFFICULTY), MAX_DIFFICULTY)

    def next_difficulty(self, difficulty: float, rating: int) -> float:
        w7 = self.w[7]
        delta = -(self.w[6] * (rating - 3))
        damped = difficulty + (10.0 - difficulty) * delta / 9.0
        d = w7 * self._d0_easy + (1 - w7) * damped
        return min(max(d, MIN_DIFFICULTY), MAX_DIFFICULTY)

    def short_term_stability(self, stability: float, rating: int) -> float:
        w = self.w
        increase = (math.e ** (w[17] * (rating - 3 + w[18]))) * (stability ** -w[19])
        if rating != AGAIN:
            increase = max(increase, 1.0)
        return max(stability * increase, STABILITY_MIN)

    def next_stability(
        self, difficulty: float, stability: float, retrievability: float, rating: int
    ) -> float:
        w = self.w
        if rating == AGAIN:
            long_term = (
                w[11]
                * (difficulty ** -w[12])
                * (((stability + 1) ** (w[13])) - 1)
                * (math.e ** ((1 - retrievability) * w[14]))
            )
            short_term = stability / self._short_term_again_divisor
            s = min(long_term, short_term)
        else:
            hard_penalty = w[15] if rating == HARD else 1
            easy_bonus = w[16] if rating == EASY else 1
            s = stability * (
                1
                + self._e_w8
                * (11 - difficulty)
                * (stability ** -w[9])
                * ((math.e ** ((1 - retrievability) * w[10])) - 1)
                * hard_penalty
                * easy_bonus
            )
        return max(s, STABILITY_MIN)

    def next_interval(self, stability: float) -> int:
        """Whole days until retrievability falls to the desired retention, before fuzz."""
        ivl = round((stability / self.factor) * self._ivl_multiplier)
        return min(max(ivl, 1), self.maximum_interval)

    # ------------------------------------------------------------- state machine
    def step(
        self,
        phase: CardPhase,
        step: int | None,
        stability: float | None,
        difficulty: float | None,
        elapsed_days: int | None,
        rating: int,
    ) -> tuple[CardPhase, int | None, float, float, int | timedelta]:
        """One review: ``(phase, step, stability, difficulty, interval)``.

        ``elapsed_days`` is None for a card never reviewed. ``interval`` is an ``int``
        number of days when the card ends in the Review phase, else a ``timedelta``
        learning or relearning step.
        """
        if rating not in (AGAIN, HARD, GOOD, EASY):
            raise ValueError(f"rating: expected 1-4, got {rating!r}")
        if phase == _NEW:
            phase, step, stability, difficulty = _LEARNING, 0, None, None
        short = elapsed_days is not None and elapsed_days < 1

        if phase == _REVIEW:
            assert stability is not None and difficulty is not None
            if short:
                stability = self.short_term_stability(stability, rating)
            else:
                r = 0.0 if elapsed_days is None else self.retrievability(elapsed_days, stability)
                stability = self.next_stability(difficulty, stability, r, rating)
            difficulty = self.next_difficulty(difficulty, rating)
            if rating == AGAIN and self.relearning_steps:
                return _RELEARNING, 0, stability, difficulty, self.relearning_steps[0]
            return _REVIEW, None, stability, difficulty, self.next_interval(stability)

        if phase not in (_LEARNING, _RELEARNING):
            raise ValueError(f"phase: unknown card phase {phase!r}")
        if step is None:
            raise ValueError("step: a learning or relearning card needs a step")
        if stability is None or difficulty is None:
            stability = self.initial_stability(rating)
            difficulty = self.initial_difficulty(rating)
        elif short:
            stability = self.short_term_stability(stability, rating)
            difficulty = self.next_difficulty(difficulty, rating)
        else:
            r = 0.0 if elapsed_days is None else self.retrievability(elapsed_days, stability)
            stability = self.next_stability(difficulty, stability, r, rating)
            difficulty = self.next_difficulty(difficulty, rating)

        steps = self.learning_steps if phase == _LEARNING else self.relearning_steps
        graduate = (
            not steps
            or (step >= len(steps) and rating != AGAIN)
            or rating == EASY
            or (rating == GOOD and step + 1 == len(steps))
        )
        if graduate:
            return _REVIEW, None, stability, difficulty, self.next_interval(stability)
        if rating == AGAIN:
            return phase, 0, stability, difficulty, steps[0]
        if rating == HARD:
            if step == 0 and len(steps) == 1:
                wait = steps[0] * 1.5
            elif step == 0:
                wait = (steps[0] + steps[1]) / 2.0
            else:
                wait = steps[step]
            return phase, step, stability, difficulty, wait
        return phase, step + 1, stability, difficulty, steps[step + 1]  # GOOD, not last step
