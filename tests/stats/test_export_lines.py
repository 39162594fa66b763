"""The review export's CSV lines, formatted by SQLite, equal what csv.writer writes."""

from __future__ import annotations

import csv
import io

from trainer.commands.export import write_rows
from trainer.practice.reports import REVIEW_COLUMNS, export_rows
from trainer.practice.services import Services

from .history import History, utc


def _csv(services: Services, *, lines: bool) -> str:
    out = io.StringIO()
    with export_rows(services, "reviews") as rows:
        if not lines:
            rows.csv_lines = None  # the generic path: tuples through csv.writer
        write_rows(rows, "csv", out)
    return out.getvalue()


def test_sql_made_lines_match_csv_writer(history: History, services: Services) -> None:
    tricky = history.card('a,"b"', deck="d,1")
    plain = history.card("plain")
    history.review(
        tricky,
        utc(2026, 3, 10, 9),
        1,
        phase_before=0,
        response_ms=1234,
        reason="wrong_value",
        attempts=2,
        attempt_text='x, "y"\nz\r',
        params={"a": "3", "b": [1, 2]},
        override="reject",
        correct=False,
        hint_used=True,
        source="graded",
    )
    history.review(plain, utc(2026, 3, 11, 9), 3, interval_days=4, attempt_text="")
    history.review(
        plain, utc(2026, 3, 11, 9, 5), 4, interval_days=4, params=None, source="imported_self_rated"
    )

    fast, generic = _csv(services, lines=True), _csv(services, lines=False)
    assert fast == generic
    rows = list(csv.reader(io.StringIO(fast)))
    assert tuple(rows[0]) == REVIEW_COLUMNS
    first = dict(zip(REVIEW_COLUMNS, rows[1], strict=True))
    assert first["card_id"] == 'a,"b"' and first["deck"] == "d,1"
    assert first["attempt_text"] == 'x, "y"\nz\r'
    assert first["params"] == '{"a": "3", "b": [1, 2]}'
    assert (first["correct"], first["hint_used"], first["override"]) == ("0", "1", "reject")
    assert (first["review_state"], first["review_duration"]) == ("0", "1234")
    last = dict(zip(REVIEW_COLUMNS, rows[3], strict=True))
    assert (last["params"], last["correct"], last["review_duration"]) == ("", "", "")
    assert last["source"] == "imported_self_rated"
