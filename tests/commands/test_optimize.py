"""``trainer optimize``: fit from stored history, keep only if better, refuse when too little."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from trainer.cli import main_group
from trainer.clock import system_clock
from trainer.domain import CardPhase
from trainer.store.models import CardRow, DeckRow, ProblemRow, ReviewRow
from trainer.wiring import build_services

START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def make_collection(
    home: Path,
    cards: int,
    reviews_per_card: int,
    seed: int = 3,
    hour: int | None = None,
    seconds: float | None = None,
) -> str:
    """A deck whose learner forgets along a real forgetting curve (stability grows x2.5
    per success), so the history has something to learn from."""
    rng = random.Random(seed)
    services = build_services(home=home, clock=system_clock, import_bundled=False)
    url = services.collection.url
    with services.collection.session_scope() as session:
        deck = DeckRow(key="hist", name="History", preset={"timezone": "UTC"}, created_at=START)
        session.add(deck)
        session.flush()
        for i in range(cards):
            problem = ProblemRow(
                deck_id=deck.id,
                key=f"p{i}",
                prompt=f"{i} + 1",
                answer=str(i + 1),
                content_hash="x",
                created_at=START,
                updated_at=START,
            )
            session.add(problem)
            session.flush()
            card = CardRow(problem_id=problem.id, deck_id=deck.id, phase=int(CardPhase.REVIEW))
            session.add(card)
            session.flush()
            at = START + (
                timedelta(hours=hour - START.hour, minutes=30)
                if hour is not None
                else timedelta(hours=(i * 7) % 24, minutes=(i * 13) % 60)
            )
            stability, interval = 1.5, 1
            for n in range(reviews_per_card):
                recalled = n == 0 or rng.random() < math.exp(-interval / stability / 3)
                rating = (3 if rng.random() < 0.9 else 4) if recalled else 1
                stability = stability * 2.5 if recalled else max(0.5, stability / 2)
                session.add(
                    ReviewRow(
                        card_id=card.id,
                        reviewed_at=at,
                        rating=rating,
                        phase_before=0 if n == 0 else 2,
                        phase_after=2,
                        response_ms=None if seconds is None else int(seconds * 1000),
                    )
                )
                interval = max(1, round(stability))
                at += timedelta(days=interval)
    services.close()
    return url


def run(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main_group, ["--db", url, "optimize", *args])
    return result.exit_code, result.stdout, result.stderr


def stored_parameters(home: Path) -> list[float] | None:
    services = build_services(home=home, clock=system_clock, import_bundled=False)
    try:
        with services.collection.session_scope(write=False) as session:
            preset = session.scalar(select(DeckRow.preset).where(DeckRow.key == "hist"))
        return preset.get("parameters")
    finally:
        services.close()


def test_too_little_history_is_refused_with_the_numbers(tmp_path: Path) -> None:
    url = make_collection(tmp_path / "h", cards=10, reviews_per_card=4)
    code, out, err = run(url, "hist")
    assert code != 0
    assert "30 reviews" in err and "at least 400" in err
    assert stored_parameters(tmp_path / "h") is None


def test_a_refused_fit_beside_a_printed_retention_table_exits_0(tmp_path: Path) -> None:
    url = make_collection(tmp_path / "h", cards=10, reviews_per_card=4)
    code, out, err = run(url, "HIST", "--retention")  # a deck name in any case
    assert code == 0, err
    assert "not fitted:" in out and "at least 400" in out
    assert "suggested desired retention" in out and err == ""
    code, out, err = run(url, "hist", "--json")
    assert code == 0, err
    [report] = json.loads(out)["decks"]
    assert "at least 400" in report["refused"]


def test_fit_reports_before_and_after_and_keeps_only_if_better(tmp_path: Path) -> None:
    home = tmp_path / "h"
    url = make_collection(home, cards=150, reviews_per_card=6)
    code, out, err = run(url, "hist", "--json")
    assert code == 0, err
    [report] = json.loads(out)["decks"]
    assert report["reviews"] == 150 * 5 and report["cards"] == 150
    before, after = report["before"], report["after"]
    assert after["log_loss"] > 0 and after["rmse_bins"] >= 0
    assert report["kept"] == (after["log_loss"] < before["log_loss"])
    assert report["kept"]  # a fit to this very history beats the defaults on it
    assert stored_parameters(home) == pytest.approx(report["parameters"])
    # A second run starts from the kept parameters and keeps nothing worse.
    code, out, _ = run(url, "hist", "--json")
    [again] = json.loads(out)["decks"]
    assert again["before"]["log_loss"] == pytest.approx(after["log_loss"], abs=1e-6)


def test_text_output_and_retention_suggestion(tmp_path: Path) -> None:
    url = make_collection(tmp_path / "h", cards=150, reviews_per_card=6)
    code, out, err = run(url, "hist", "--retention", "--dry-run")
    assert code == 0, err
    assert "log loss" in out and "RMSE (bins)" in out and "->" in out
    assert "would keep:" in out and "(dry run)" in out and "  kept:" not in out
    line = next(s for s in out.splitlines() if "suggested desired retention" in s)
    assert 0.7 <= float(line.split(": ")[1].split()[0]) <= 0.95
    rows = [s.split() for s in out.splitlines() if s.strip().startswith("0.")]
    assert [r[0] for r in rows] == ["0.70", "0.75", "0.80", "0.85", "0.90", "0.95"]
    assert "current" in " ".join(next(r for r in rows if r[0] == "0.90"))
    minutes = [float(r[1]) for r in rows]
    assert minutes == sorted(minutes)  # more retention, more study time
    assert "time per review: fsrs-rs's defaults (no timed reviews yet)" in out
    assert stored_parameters(tmp_path / "h") is None  # --dry-run stores nothing


def test_retention_choices_use_the_learners_own_times(tmp_path: Path) -> None:
    def choices(seconds: float | None) -> dict:
        home = tmp_path / f"h{seconds}"
        url = make_collection(home, cards=150, reviews_per_card=6, seconds=seconds)
        code, out, err = run(url, "hist", "--retention", "--json", "--dry-run")
        assert code == 0, err
        [deck] = json.loads(out)["decks"]
        assert deck["retention"]["suggested"] == deck["suggested_retention"]
        return deck["retention"]

    quick, untimed = choices(4.0), choices(None)
    assert (quick["timed_reviews"], untimed["timed_reviews"]) == (150 * 6, 0)
    retentions = [o["retention"] for o in quick["options"]]
    assert retentions == [0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
    # 4 s a review against fsrs-rs's default 8-20 s: far less study time for the same plan
    for own, default in zip(quick["options"], untimed["options"], strict=True):
        assert own["minutes_per_day"] < 0.6 * default["minutes_per_day"]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York"])
def test_elapsed_days_are_scheduler_day_differences(tmp_path: Path, zone: str) -> None:
    """Histories count elapsed days as the scheduler does (local days, DST included)."""
    from trainer.domain import Preset
    from trainer.practice.optimizing import decks_to_optimize, load_log
    from trainer.scheduling.days import SchedulerDay

    home = tmp_path / "h"
    # 02:30 UTC is before the local day start in winter and after it in summer (Berlin),
    # so elapsed days across a DST change differ from plain 24-hour arithmetic.
    make_collection(home, cards=30, reviews_per_card=8, seed=11, hour=2)
    services = build_services(home=home, clock=system_clock, import_bundled=False)
    try:
        [deck] = decks_to_optimize(services, "hist")
        preset = Preset(timezone=zone)
        got = load_log(services, deck, preset).histories()
        days = SchedulerDay.for_preset(preset)
        with services.collection.session_scope(write=False) as session:
            rows = session.execute(
                select(ReviewRow.card_id, ReviewRow.reviewed_at, ReviewRow.rating).order_by(
                    ReviewRow.card_id, ReviewRow.reviewed_at
                )
            ).all()
        expected: dict[int, list[tuple[int, int]]] = {}
        last: dict[int, int] = {}
        for card_id, at, rating in rows:
            day = days.day_number(at)
            previous = last.get(card_id)
            expected.setdefault(card_id, []).append(
                (rating, 0 if previous is None else day - previous)
            )
            last[card_id] = day
        assert got == list(expected.values())
    finally:
        services.close()
