"""``trainer stats``: tables and JSON over a collection with an imported review log."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from trainer.cli import main_group

DECK = """format = 1

[deck]
id = 'demo'
name = 'Demo'

[[problems]]
id = 'p1'
prompt = '1 + 1'
answer = '2'
tags = ['sums']

[[problems]]
id = 'p2'
prompt = '2 + 2'
answer = '4'
"""
DAY_MS = 86_400_000


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main_group, ["--db", f"sqlite:///{db}", *args])
    assert result.exit_code == 0, result.output
    return result.output


def build(tmp_path: Path) -> Path:
    db = tmp_path / "c.sqlite3"
    (tmp_path / "demo.toml").write_text(DECK, encoding="utf-8")
    run(db, "import", str(tmp_path / "demo.toml"))
    noon = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0)
    start = int((noon - timedelta(days=10)).timestamp() * 1000)  # far from the 04:00 start
    rows = [
        ("p1", start, 3, 4000),
        ("p1", start + 600_000, 3, 2000),
        ("p1", start + 3 * DAY_MS, 3, 3000),  # a review of a card with an interval
        ("p2", start, 1, 6000),
        ("p2", start + 60_000, 3, 5000),
        ("p2", start + 660_000, 3, 1000),
        ("p2", start + 2 * DAY_MS, 1, 9000),  # a lapse
    ]
    log = tmp_path / "log.csv"
    log.write_text(
        "card_id,review_time,review_rating,review_duration\n"
        + "".join(f"{k},{t},{r},{d}\n" for k, t, r, d in rows)
    )
    run(db, "import", str(log), "--deck", "Demo")
    return db


def test_json_for_one_deck(tmp_path: Path) -> None:
    db = build(tmp_path)
    data = json.loads(run(db, "stats", "--deck", "demo", "--json"))
    assert data["deck"] == "demo"
    assert data["states"]["total"] == 2 and data["states"]["new"] == 0
    month = next(w for w in data["retention"] if w["days"] == 30)
    assert (month["total"]["reviews"], month["total"]["passes"]) == (2, 1)
    assert sum(day["reviews"] for day in data["history"]) == 7
    assert len(data["forecast"]) == 30
    assert [t["tag"] for t in data["tags"]] == ["sums"]
    assert data["most_failed"][0]["problem_key"] == "p2"
    assert data["streak"]["goal"] is None


def test_tables_and_the_daily_goal(tmp_path: Path) -> None:
    db = build(tmp_path)
    out = run(db, "stats", "--deck", "Demo", "--set-goal", "15")
    assert "True retention" in out and "Streak" in out and "goal 0/15" in out
    data = json.loads(run(db, "stats", "--json"))
    assert data["streak"]["goal"] == 15 and data["deck"] is None


def test_the_deck_table_calls_unseen_problems_unseen(tmp_path: Path) -> None:
    """`trainer decks` and home say "New" for today's new problems (under the daily limit):
    here the deck's unseen problems are "Unseen", so the two never show two "New" figures."""
    db = build(tmp_path)
    out = run(db, "stats")
    header = next(line for line in out.splitlines() if "Deck / tag" in line)
    assert "Unseen" in header and "In review" in header and " New " not in header, header
    assert "day(s)" not in out
