"""Schema properties: times come back aware UTC, and "due now" is an index range scan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text

from trainer.store.models import CardRow, DeckRow, ProblemRow
from trainer.store.opening import open_collection
from trainer.store.types import from_ms, to_ms


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 1),
        max_value=datetime(2200, 1, 1),
        timezones=st.just(UTC),
    )
)
def test_epoch_ms_round_trip_is_exact_to_the_millisecond(moment: datetime) -> None:
    truncated = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    assert from_ms(to_ms(moment)) == truncated
    assert from_ms(to_ms(moment)).tzinfo is UTC


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        to_ms(datetime(2026, 1, 1))


def test_other_offsets_are_converted_not_mislabelled() -> None:
    plus2 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert from_ms(to_ms(plus2)) == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)


def test_times_come_back_timezone_aware_utc(tmp_path: Path) -> None:
    collection = open_collection(f"sqlite:///{tmp_path / 'c.db'}")
    when = datetime(2026, 3, 11, 10, 0, 0, 123000, tzinfo=UTC)
    with collection.session_scope() as session:
        deck = DeckRow(key="d", name="D", created_at=when)
        session.add(deck)
        session.flush()
        problem = ProblemRow(
            deck_id=deck.id,
            key="p",
            prompt="?",
            answer="1",
            content_hash="h",
            created_at=when,
            updated_at=when,
        )
        session.add(problem)
        session.flush()
        session.add(CardRow(problem_id=problem.id, deck_id=deck.id, due=when))
    with collection.session_scope(write=False) as session:
        card = session.scalars(select(CardRow)).one()
        assert card.due == when
        assert card.due is not None and card.due.tzinfo is UTC
        raw = session.execute(text("SELECT due FROM cards")).scalar()
    collection.close()
    assert raw == to_ms(when)


def test_due_now_query_is_an_index_range_scan(tmp_path: Path) -> None:
    collection = open_collection(f"sqlite:///{tmp_path / 'c.db'}")
    with collection.engine.connect() as conn:
        plan = conn.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT * FROM cards WHERE deck_id = 1 AND due <= 5 ORDER BY due"
            )
        ).fetchall()
        plan_all = conn.execute(
            text("EXPLAIN QUERY PLAN SELECT * FROM cards WHERE due <= 5 ORDER BY due")
        ).fetchall()
    collection.close()
    detail = " ".join(row[-1] for row in plan)
    detail_all = " ".join(row[-1] for row in plan_all)
    assert detail.startswith("SEARCH cards USING INDEX ix_cards_deck_due (deck_id=? AND due<?)")
    assert "SCAN" not in detail and "TEMP B-TREE" not in detail
    assert detail_all.startswith("SEARCH cards USING INDEX ix_cards_due (due<?)")
