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


def make_collection(home: Path, cards: int, reviews_per_card: int, seed: int = 3) -> str:
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
            at, stability, interval = START + timedelta(hours=i % 10), 1.5, 1
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
    code, out, err = run(url, "--retention", "--dry-run")
    assert code == 0, err
    assert "log loss" in out and "RMSE (bins)" in out and "->" in out
    line = next(s for s in out.splitlines() if "suggested desired retention" in s)
    assert 0.7 <= float(line.rsplit(" ", 1)[1]) <= 0.99
    assert stored_parameters(tmp_path / "h") is None  # --dry-run stores nothing
