"""The open-spaced-repetition review-log CSV, both variants, and the writer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.domain import CardPhase, HistoryEntry, Rating, ReviewSource
from trainer.errors import DeckFormatError
from trainer.formats.detect import ReadOptions, read_any
from trainer.formats.revlog_csv import parse_time, read_revlog, write_revlog


def test_epoch_ms_with_state(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "card_id,review_time,review_rating,review_state,review_duration\n"
        "11,1700000060000,3,2,4000\n"
        "10,1700000000000,1,0,\n"
        "12,1700000000000,0,2,100\n"
        "13,yesterday,3,2,100\n"
        "14,1700000000000,5,2,100\n"
    )
    batch = read_any(path, ReadOptions(deck_name="Imported"))
    assert batch.decks == ()
    assert [(h.problem_key, h.rating, h.phase, h.duration_ms) for h in batch.history] == [
        ("10", Rating.AGAIN, CardPhase.NEW, None),
        ("11", Rating.GOOD, CardPhase.REVIEW, 4000),
    ]
    first = batch.history[0]
    assert first.reviewed_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert first.source is ReviewSource.IMPORTED_SELF_RATED and first.deck_key == "imported"
    reasons = [(s.location.rsplit(":", 1)[1], s.reason) for s in batch.skipped]
    assert [line for line, _ in reasons] == ["4", "5", "6"]
    assert "not a review" in reasons[0][1] and "bad review row" in reasons[1][1]


def test_iso_times_without_state_and_other_column_order(tmp_path: Path) -> None:
    path = tmp_path / "josh.csv"
    path.write_text(
        "card_id,review_rating,review_time,review_duration\n"
        "1711684180217,1,2024-03-29T20:32:32.250000+00:00,25060\n"
        "1711684180217,3,2024-03-29T22:40:00+02:00,100\n"
    )
    history = read_revlog(path).history
    assert [h.phase for h in history] == [None, None]
    assert history[0].reviewed_at == datetime(2024, 3, 29, 20, 32, 32, 250000, tzinfo=UTC)
    assert history[1].reviewed_at == datetime(2024, 3, 29, 20, 40, tzinfo=UTC)
    assert parse_time("2024-03-29T20:32:32") == datetime(2024, 3, 29, 20, 32, 32, tzinfo=UTC)


def test_missing_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notalog.csv"
    path.write_text("card_id,review_time\n1,2\n")
    with pytest.raises(DeckFormatError, match="no review_rating column"):
        read_revlog(path)


def test_writer_round_trip(tmp_path: Path) -> None:
    when = datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    entries = [
        HistoryEntry("42", when, Rating.HARD, CardPhase.LEARNING, 1234),
        HistoryEntry("not-a-number", when, Rating.EASY, None, None, deck_key="d"),
    ]
    path = tmp_path / "out.csv"
    write_revlog(entries, path)
    lines = path.read_text().splitlines()
    assert lines[0] == "card_id,review_time,review_rating,review_state,review_duration"
    assert lines[1] == "42,1735787045678,2,1,1234"
    back = read_revlog(path).history
    assert back[0] == entries[0]
    assert back[1].problem_key.isdigit() and back[1].rating is Rating.EASY
    write_revlog(entries[1:], path)  # same entry, same stable card id
    assert read_revlog(path).history[0].problem_key == back[1].problem_key
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_malformed_csv_is_an_error_at_its_line_not_a_crash(tmp_path: Path) -> None:
    """Found by fuzzing: a stray carriage return inside an unquoted field."""
    path = tmp_path / "log.csv"
    path.write_bytes(
        b"card_id,review_time,review_rating,review_state,review_duration\n"
        b"p1,1767225600000,3,0,4000\np1,17673\r12000000,1,2,9000\n"
    )
    with pytest.raises(DeckFormatError, match=r"log\.csv:3: not valid CSV"):
        read_revlog(path)
