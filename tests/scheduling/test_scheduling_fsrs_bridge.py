"""The fsrs bridge: golden intervals, day-number elapsed time, due at day start, fuzz."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest

from trainer.domain import CardPhase, CardState, Preset, Rating
from trainer.scheduling.days import SchedulerDay
from trainer.scheduling.fsrs_bridge import (
    DEFAULT_PARAMETERS,
    from_fsrs_card,
    preview_intervals,
    retrievability,
    review,
    to_fsrs_card,
    validate_parameters,
)
from trainer.scheduling.intervals import fuzz_range

UTC_PRESET = Preset(timezone="UTC")  # day starts 04:00 UTC
A, H, G, E = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def walk(ratings: list[Rating], preset: Preset = UTC_PRESET) -> list[tuple[CardState, int]]:
    """Answer on time: learning steps when due, review cards at 12:00 on their due day.

    Returns each new state with its interval (scheduler days, or seconds for a step)."""
    days = SchedulerDay.for_preset(preset)
    state, now, out = CardState(), at(2026, 1, 5, 12), []
    for rating in ratings:
        state = review(state, rating, now, preset, card_id=7, fuzz=False)
        if state.phase is CardPhase.REVIEW:
            out.append((state, days.day_number(state.due) - days.day_number(now)))
            now = state.due + timedelta(hours=8)
        else:
            out.append((state, int((state.due - now).total_seconds())))
            now = state.due
    return out


def test_golden_intervals_for_a_fixed_sequence_with_fuzz_off() -> None:
    ratings = [G, G, G, G, H, A, G, G, E, G]
    result = walk(ratings)
    phases = [s.phase.name for s, _ in result]
    intervals = [ivl for _, ivl in result]
    assert phases == [
        "LEARNING", "REVIEW", "REVIEW", "REVIEW", "REVIEW",
        "RELEARNING", "REVIEW", "REVIEW", "REVIEW", "REVIEW",
    ]  # fmt: skip
    # seconds for the (re)learning steps, scheduler days for review intervals
    assert intervals == [600, 2, 11, 46, 116, 600, 4, 9, 26, 54]
    final = result[-1][0]
    assert final.reps == 10
    assert final.lapses == 1
    assert final.stability == pytest.approx(53.5478, abs=1e-4)
    assert final.difficulty == pytest.approx(7.6114, abs=1e-4)


def test_new_card_first_review_matches_py_fsrs() -> None:
    now = at(2026, 1, 5, 12)
    for rating in Rating:
        ours = review(CardState(), rating, now, UTC_PRESET, card_id=1, fuzz=False)
        theirs, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
            fsrs.Card(card_id=1), fsrs.Rating(int(rating)), now
        )
        assert (ours.stability, ours.difficulty, ours.step) == (
            theirs.stability,
            theirs.difficulty,
            theirs.step,
        )
        assert ours.phase == CardPhase(int(theirs.state))


def test_elapsed_days_are_day_number_differences_not_24_hour_periods() -> None:
    # Reviewed at 23:00, then at 05:00 the next morning: only six hours, but the day
    # rolled over at 04:00, so one scheduler day has passed (a long-term review).
    reviewed = CardState(
        phase=CardPhase.REVIEW,
        stability=3.0,
        difficulty=5.0,
        due=at(2026, 1, 6, 4),
        last_review=at(2026, 1, 5, 23),
        reps=3,
    )
    ours = review(reviewed, G, at(2026, 1, 6, 5), UTC_PRESET, card_id=2, fuzz=False)
    one_day_card = fsrs.Card(
        card_id=2, state=fsrs.State.Review, stability=3.0, difficulty=5.0,
        due=at(2026, 1, 6, 4), last_review=at(2026, 1, 5, 5),
    )  # fmt: skip
    one_day, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        one_day_card, fsrs.Rating.Good, at(2026, 1, 6, 5)
    )
    assert ours.stability == one_day.stability
    # Twenty hours later but before 04:00: still the same scheduler day (short-term).
    same_day = review(reviewed, G, at(2026, 1, 6, 3, 59), UTC_PRESET, card_id=2, fuzz=False)
    assert same_day.stability < ours.stability
    assert same_day.last_review == at(2026, 1, 6, 3, 59)


def test_review_cards_fall_due_at_the_start_of_their_local_day() -> None:
    preset = Preset(timezone="Europe/Berlin", day_start_hour=4)
    berlin = ZoneInfo("Europe/Berlin")
    state = review(CardState(), E, datetime(2026, 7, 1, 21, 37, tzinfo=berlin), preset, 3)
    assert state.phase is CardPhase.REVIEW
    assert state.due.tzinfo is UTC
    local_due = state.due.astimezone(berlin)
    assert (local_due.hour, local_due.minute, local_due.second) == (4, 0, 0)


def test_learning_steps_stay_exact_to_the_second() -> None:
    now = at(2026, 1, 5, 12, 34, 56)
    again = review(CardState(), A, now, UTC_PRESET, card_id=4)
    assert again.phase is CardPhase.LEARNING
    assert again.due == now + timedelta(minutes=1)
    hard = review(again, H, now + timedelta(minutes=1), UTC_PRESET, card_id=4)
    assert hard.due == now + timedelta(minutes=1) + timedelta(minutes=5, seconds=30)


def test_lapses_count_only_again_from_the_review_phase() -> None:
    states = [s for s, _ in walk([A, A, G, G, A, A, G, A])]
    assert [s.lapses for s in states] == [0, 0, 0, 0, 1, 1, 1, 2]
    assert [s.reps for s in states] == list(range(1, 9))


def test_any_aware_zone_is_normalised_and_naive_times_refused() -> None:
    berlin_now = datetime(2026, 1, 5, 13, tzinfo=ZoneInfo("Europe/Berlin"))
    via_berlin = review(CardState(), G, berlin_now, UTC_PRESET, card_id=5)
    via_utc = review(CardState(), G, at(2026, 1, 5, 12), UTC_PRESET, card_id=5)
    assert via_berlin == via_utc
    assert via_berlin.last_review.tzinfo is UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        review(CardState(), G, datetime(2026, 1, 5, 12), UTC_PRESET, card_id=5)


def test_fuzz_is_deterministic_per_card_and_review_and_stays_in_range() -> None:
    base = CardState(
        phase=CardPhase.REVIEW, stability=40.0, difficulty=5.0,
        due=at(2026, 1, 5, 4), last_review=at(2025, 11, 26, 12), reps=5,
    )  # fmt: skip
    now = at(2026, 1, 5, 12)
    unfuzzed = review(base, G, now, UTC_PRESET, card_id=1, fuzz=False)
    days = SchedulerDay.for_preset(UTC_PRESET)
    plain = days.day_number(unfuzzed.due) - days.day_number(now)
    low, high = fuzz_range(plain, UTC_PRESET.maximum_interval)
    state_before = random.getstate()
    seen = set()
    for card_id in range(200):
        first = review(base, G, now, UTC_PRESET, card_id=card_id)
        assert first == review(base, G, now, UTC_PRESET, card_id=card_id)
        ivl = days.day_number(first.due) - days.day_number(now)
        assert low <= ivl <= high
        seen.add(ivl)
    assert random.getstate() == state_before  # the global generator is never touched
    assert seen == set(range(low, high + 1))
    seeded = {review(base, G, now, UTC_PRESET, card_id=1, fuzz_seed=s).due for s in range(50)}
    assert len(seeded) > 1


def test_preview_shows_exactly_what_answering_does() -> None:
    state, _ = walk([G, G, G])[-1]
    now = state.due + timedelta(hours=3)
    preview = preview_intervals(state, now, UTC_PRESET, card_id=9)
    assert set(preview) == set(Rating)
    for rating, wait in preview.items():
        assert review(state, rating, now, UTC_PRESET, card_id=9).due - now == wait
    assert preview[A] == timedelta(minutes=10)
    assert preview[H] < preview[G] < preview[E]


def test_retrievability_counts_scheduler_days() -> None:
    state = CardState(
        phase=CardPhase.REVIEW, stability=10.0, difficulty=5.0,
        due=at(2026, 1, 15, 4), last_review=at(2026, 1, 5, 12), reps=3,
    )  # fmt: skip
    assert retrievability(CardState(), at(2026, 1, 5), UTC_PRESET) == 0.0
    assert retrievability(state, at(2026, 1, 6, 3), UTC_PRESET) == 1.0  # same day
    # After as many days as the stability, recall probability is 90 % by definition.
    assert retrievability(state, at(2026, 1, 15, 5), UTC_PRESET) == pytest.approx(0.9)


def test_card_conversion_round_trips() -> None:
    state, _ = walk([G, G, G])[-1]
    days = SchedulerDay.for_preset(UTC_PRESET)
    card = to_fsrs_card(state, 11, state.last_review, days)
    back = from_fsrs_card(card, reps=state.reps, lapses=state.lapses)
    assert back == state


def test_inconsistent_states_are_refused() -> None:
    broken = CardState(phase=CardPhase.REVIEW, stability=None, difficulty=5.0)
    with pytest.raises(ValueError, match="card 3: a REVIEW card needs stability"):
        review(broken, G, at(2026, 1, 5), UTC_PRESET, card_id=3)


def test_parameters_are_checked_against_fsrs_bounds() -> None:
    assert validate_parameters(DEFAULT_PARAMETERS) == DEFAULT_PARAMETERS
    bad = list(DEFAULT_PARAMETERS)
    bad[4] = 42.0
    with pytest.raises(ValueError, match=r"parameters\[4\] = 42.0 is out of bounds"):
        validate_parameters(bad)
    with pytest.raises(ValueError, match="Expected 21 parameters"):
        validate_parameters([1.0, 2.0])


def test_personal_parameters_change_the_schedule() -> None:
    personal = list(DEFAULT_PARAMETERS)
    personal[2] = 5.0  # initial stability after Good
    preset = Preset(timezone="UTC", parameters=tuple(personal))
    mine = review(CardState(), E, at(2026, 1, 5, 12), preset, 1, fuzz=False)
    default = review(CardState(), E, at(2026, 1, 5, 12), UTC_PRESET, 1, fuzz=False)
    assert mine == default  # Easy uses w[3]: unchanged
    mine = review(CardState(), G, at(2026, 1, 5, 12), preset, 1, fuzz=False)
    assert mine.stability == 5.0


def test_seven_easy_answers_in_a_row_reach_the_maximum_interval() -> None:
    """The figure docs/rating-policy.md quotes for why Easy is rare."""
    intervals = [ivl for _, ivl in walk([E] * 7)]
    assert intervals == [8, 66, 397, 1875, 7265, 23933, 36500]
    good_only = [ivl for _, ivl in walk([G] * 12)]
    assert good_only[1:] == [2, 11, 46, 163, 498, 1348, 3299, 7415, 15504, 30474, 36500]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"desired_retention": 1.0}, "desired_retention: must be between 0 and 1"),
        ({"learning_steps": (60, 0)}, "learning_steps: each step is a whole number of seconds"),
        ({"relearning_steps": (-5,)}, "relearning_steps: each step"),
        ({"maximum_interval": 0}, "maximum_interval: must be between 1 and 36500"),
    ],
    ids=["retention-1", "zero-step", "negative-relearning-step", "max-interval-0"],
)
def test_unusable_presets_are_refused_naming_the_field(change: dict, message: str) -> None:
    preset = Preset(timezone="UTC", **change)
    with pytest.raises(ValueError, match=message):
        review(CardState(), G, at(2026, 1, 5, 12), preset, card_id=1)


@pytest.mark.parametrize("seed", range(6))
def test_review_equals_py_fsrs_review_card_to_the_last_bit(seed: int) -> None:
    """``review`` runs py-fsrs's state machine in plain Python (``fsrs_math``); along
    random walks (every rating, early and late answers, two presets) it must give exactly
    what ``fsrs.Scheduler.review_card`` gives for the same card."""
    from trainer.scheduling.fsrs_bridge import scheduler_for

    rng = random.Random(seed)
    preset = UTC_PRESET if seed % 2 else Preset(timezone="Europe/Berlin", desired_retention=0.85)
    days = SchedulerDay.for_preset(preset)
    state, now = CardState(), at(2026, 1, 5, 12)
    for _ in range(40):
        rating = rng.choice(list(Rating))
        ours = review(state, rating, now, preset, card_id=3, fuzz=False)
        card = to_fsrs_card(state, 3, now, days)
        theirs, _ = scheduler_for(preset).review_card(card, fsrs.Rating(int(rating)), now)
        assert (ours.step, ours.stability, ours.difficulty) == (
            theirs.step,
            theirs.stability,
            theirs.difficulty,
        )
        assert from_fsrs_card(theirs).phase == ours.phase
        if ours.phase is not CardPhase.REVIEW:
            assert ours.due == theirs.due
        else:  # whole days, due at the start of the local day
            assert days.day_number(ours.due) - days.day_number(now) == (theirs.due - now).days
        state = ours
        late = rng.choice([0.0, 0.3, 1.0, 2.5])
        gap = (state.due - now) * (1 + late) if state.due > now else timedelta(minutes=5)
        now = now + max(gap, timedelta(minutes=1))
