"""``stats_report`` gives the same figures on SQLite and PostgreSQL for the same history."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from trainer.clock import FrozenClock
from trainer.practice.reports import stats_report
from trainer.practice.services import Services
from trainer.store.models import ReviewRow
from trainer.wiring import build_services

from .history import History

DAY = timedelta(days=1)


def fill(services: Services, seed: int) -> None:
    """Two decks (one in Berlin time), tagged and plain cards in every phase, leeches,
    a suspended card, and 500 reviews over 400 days with memory states."""
    rng = random.Random(seed)
    history = History(services, timezone="Europe/Berlin", hour=3)
    now = services.clock()
    history.deck("b", preset={"timezone": "America/New_York", "day_start_hour": 5})
    cards = []
    for i in range(30):
        phase = (0, 1, 2, 2, 3)[i % 5]
        last = now - rng.randrange(1, 60) * DAY - rng.randrange(86_400) * timedelta(seconds=1)
        cards.append(
            history.card(
                f"p{i}",
                deck=("math", "b")[i % 2],
                tags=("algebra calc", "", "calc")[i % 3],
                phase=phase,
                stability=None if phase == 0 else rng.uniform(0.5, 80),
                difficulty=None if phase == 0 else rng.uniform(1, 10),
                due=None if phase == 0 else last + rng.randrange(1, 90) * DAY,
                last_review=None if phase == 0 else last,
                reps=rng.randrange(0, 20),
                lapses=rng.randrange(0, 9),
                leech=i % 7 == 0,
                suspended=i == 4,
            )
        )
    rows = []
    for _ in range(500):
        at = now - rng.randrange(400 * 86_400) * timedelta(seconds=1)
        last = at - rng.randrange(0, 40 * 86_400) * timedelta(seconds=1)
        rows.append(
            ReviewRow(
                card_id=rng.choice(cards),
                reviewed_at=at,
                rating=rng.randint(1, 4),
                phase_before=rng.choice((0, 1, 2, 2, 3)),
                last_review_before=last,
                due_before=last + rng.randrange(0, 30) * DAY,
                stability_before=rng.choice((None, rng.uniform(0.3, 60))),
                response_ms=rng.choice((None, rng.randrange(500, 60_000))),
                override=rng.choice((None, None, "accept")),
                phase_after=2,
            )
        )
    with services.collection.session_scope() as s:
        s.add_all(rows)


def same(a: object, b: object, where: str = "report") -> None:
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), f"{where}: {a} != {b}"
    elif isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple):
        assert len(a) == len(b), f"{where}: {len(a)} != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def test_stats_report_is_the_same_on_sqlite_and_postgresql(
    services: Services, pg_database: Callable[[], str], clock: FrozenClock, tmp_path: Path
) -> None:
    postgres = build_services(
        home=tmp_path / "pg", db_url=pg_database(), clock=clock, import_bundled=False
    )
    try:
        fill(services, seed=21)
        fill(postgres, seed=21)
        for deck in (None, "math", "b"):
            on_sqlite = asdict(stats_report(services, deck))
            on_postgres = asdict(stats_report(postgres, deck))
            same(on_sqlite, on_postgres, f"deck {deck}")
            assert on_sqlite["retention"][2]["total"]["reviews"] > 0
            assert on_sqlite["calibration"]["reviews"] > 0
    finally:
        postgres.close()
