"""Replaying imported history equals reviewing step by step, and the math equals py-fsrs."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest

from trainer.domain import CardPhase, CardState, HistoryEntry, Preset, Rating
from trainer.scheduling.fsrs_bridge import DEFAULT_PARAMETERS, review
from trainer.scheduling.fsrs_math import Fsrs6
from trainer.scheduling.replay import replay_card

BERLIN = ZoneInfo("Europe/Berlin")


def random_history(rng: random.Random, key: str, n: int) -> list[HistoryEntry]:
    """Reviews at random times of day, some minutes apart, some days or months apart."""
    at = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(86_400 * 60))
    entries = []
    for _ in range(n):
        rating = Rating(rng.choice([1, 1, 2, 3, 3, 3, 3, 4]))
        entries.append(HistoryEntry(key, at, rating))
        gap = rng.choice(["minutes", "hours", "days", "months"])
        seconds = {"minutes": 600, "hours": 6 * 3_600, "days": 9 * 86_400, "months": 90 * 86_400}
        at += timedelta(seconds=rng.randrange(30, seconds[gap]))
    return entries


PRESETS = [
    Preset(timezone="UTC"),
    Preset(timezone="Europe/Berlin", day_start_hour=2, learning_steps=(60,), relearning_steps=()),
    Preset(
        timezone="America/New_York",
        desired_retention=0.8,
        learning_steps=(),
        relearning_steps=(300, 1200),
        maximum_interval=100,
    ),
]


@pytest.mark.parametrize("preset", PRESETS, ids=["utc-defaults", "berlin-short-steps", "ny-odd"])
@pytest.mark.parametrize("fuzz", [False, True], ids=["fuzz-off", "fuzz-on"])
def test_replay_equals_step_by_step_review(preset: Preset, fuzz: bool) -> None:
    rng = random.Random(20260101)
    for card_id in range(60):
        entries = random_history(rng, f"p{card_id}", rng.randrange(1, 25))
        final, pairs = replay_card(entries, preset, card_id, fuzz=fuzz)
        state = CardState()
        assert len(pairs) == len(entries)
        for entry, (before, after) in zip(entries, pairs, strict=True):
            assert before == state
            state = review(state, entry.rating, entry.reviewed_at, preset, card_id, fuzz=fuzz)
            assert after == state
        assert final == state


def test_fsrs6_math_equals_py_fsrs_to_the_last_bit() -> None:
    """Same elapsed days in, bit-identical stability, difficulty, phase and step out."""
    rng = random.Random(7)
    steps = ((60, 600), (600,))
    model = Fsrs6(DEFAULT_PARAMETERS, 0.9, *steps, 36500)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    for card_id in range(300):
        card = fsrs.Card(card_id=card_id, due=datetime(2024, 1, 1, tzinfo=UTC))
        phase, step, s, d = CardPhase.NEW, None, None, None
        now = datetime(2024, 1, 1, 12, tzinfo=UTC)
        elapsed = None
        for _ in range(rng.randrange(1, 30)):
            rating = rng.choice([1, 2, 3, 3, 3, 4])
            card, _ = scheduler.review_card(card, fsrs.Rating(rating), now)
            phase, step, s, d, interval = model.step(phase, step, s, d, elapsed, rating)
            assert (int(phase), step, s, d) == (
                int(card.state),
                card.step,
                card.stability,
                card.difficulty,
            )
            if isinstance(interval, timedelta):
                assert card.due - now == interval
            else:
                assert card.due - now == timedelta(days=interval)
            elapsed = rng.choice([0, 0, 1, 2, 5, 30, 400])
            now += timedelta(days=elapsed, minutes=rng.randrange(0, 60))


def test_entries_out_of_order_are_replayed_in_time_order() -> None:
    rng = random.Random(3)
    entries = random_history(rng, "p", 12)
    shuffled = entries[:]
    rng.shuffle(shuffled)
    assert replay_card(shuffled, PRESETS[0], 1)[0] == replay_card(entries, PRESETS[0], 1)[0]


def test_history_with_local_times_counts_berlin_days() -> None:
    preset = Preset(timezone="Europe/Berlin")
    learn = datetime(2025, 3, 29, 23, 30, tzinfo=BERLIN)
    entries = [
        HistoryEntry("p", learn, Rating.GOOD),
        HistoryEntry("p", learn + timedelta(minutes=10), Rating.GOOD),
        # 03:50 CEST the night of the DST change: still the scheduler day of the learning.
        HistoryEntry("p", datetime(2025, 3, 30, 3, 50, tzinfo=BERLIN), Rating.GOOD),
    ]
    final, pairs = replay_card(entries, preset, 5, fuzz=False)
    graduated = pairs[1][1]
    assert graduated.phase is CardPhase.REVIEW
    # Same scheduler day: a short-term update, which leaves this stability unchanged.
    assert final.stability == graduated.stability
    assert final.due.astimezone(BERLIN).hour == 4
    assert final.reps == 3 and final.lapses == 0


def test_naive_review_times_are_refused_with_the_entry_named() -> None:
    entries = [HistoryEntry("alg-7", datetime(2025, 1, 1, 12), Rating.GOOD)]
    with pytest.raises(ValueError, match=r"card 9, history entry 0 \(alg-7\).*no time zone"):
        replay_card(entries, PRESETS[0], 9)


def test_empty_history_leaves_a_new_card() -> None:
    assert replay_card([], PRESETS[0], 1) == (CardState(), [])
