"""A collection made by the first schema version upgrades to head with nothing lost.

``tests/fixtures/collection_0001_initial.sql`` was written once by schema 0001_initial
and is frozen. Every later migration must carry its decks, problems, card states,
reviews and settings over unchanged.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, text

from trainer.domain import Preset
from trainer.store.db import integrity_ok
from trainer.store.migrate import HEAD_REVISION
from trainer.store.models import CardRow, DeckRow, ProblemRow, ReviewRow, SettingRow
from trainer.store.opening import open_collection

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "collection_0001_initial.sql"
T = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def _restore(path: Path) -> str:
    con = sqlite3.connect(path)
    con.executescript(FIXTURE.read_text(encoding="utf-8"))
    con.close()
    return f"sqlite:///{path}"


def test_first_schema_collection_upgrades_to_head_with_nothing_lost(tmp_path: Path) -> None:
    url = _restore(tmp_path / "old.sqlite3")
    collection = open_collection(url)
    try:
        assert integrity_ok(collection.engine)
        with collection.session_scope(write=False) as session:
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == HEAD_REVISION

            [deck] = session.scalars(select(DeckRow)).all()
            assert (deck.key, deck.name, deck.version, deck.kind) == (
                "arith",
                "Arithmetic",
                "1.0.0",
                "integer",
            )
            assert deck.options == {"abs_tol": 0.5}
            assert Preset.from_dict(deck.preset).new_per_day == 10
            assert deck.created_at == T

            problems = session.scalars(select(ProblemRow).order_by(ProblemRow.key)).all()
            assert [p.key for p in problems] == ["add-0", "add-1", "add-2", "add-3"]
            assert [p.answer for p in problems] == ["0", "2", "4", "6"]
            assert problems[1].body["solution"] == "1+1=2"

            cards = session.scalars(select(CardRow).order_by(CardRow.position)).all()
            assert [c.phase for c in cards] == [2, 2, 0, 0]
            assert [c.stability for c in cards[:2]] == [3.17, 4.17]
            assert cards[1].lapses == 1
            assert cards[0].due is not None and cards[0].due.tzinfo is UTC

            reviews = session.scalars(select(ReviewRow).order_by(ReviewRow.id)).all()
            assert len(reviews) == 4
            assert [r.rating for r in reviews] == [3, 3, 1, 3]
            assert reviews[1].override == "accept" and reviews[1].params == {"a": "3"}
            assert reviews[2].reason == "sign_error" and reviews[2].attempt_text == "-2"
            assert reviews[1].last_review_before is not None

            setting = session.get(SettingRow, "default_preset")
            assert setting is not None and Preset.from_dict(setting.value).day_start_hour == 5
    finally:
        collection.close()
