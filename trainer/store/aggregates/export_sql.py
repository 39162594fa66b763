"""Streaming reads for the exports: raw tuples straight from the cursor, in batches.

Times stay epoch-ms integers and JSON columns stay their stored text, so a million-row
export never builds a datetime or a dict per row. Rows come in a stable order (time, then
id) so two exports of the same collection are byte-identical.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, text

from trainer.store.aggregates.day_sql import in_decks

Decks = tuple[int, ...] | None
BATCH = 5000

# On SQLite, joining every review to the wide problems table costs more than the read
# itself: the few columns needed per card go into a small temporary table first.
_CARD_KEYS_TABLE = "export_card_keys"
_CARD_KEYS_FILL = (
    f"INSERT INTO temp.{_CARD_KEYS_TABLE} SELECT c.id, p.key, dk.key, p.id FROM cards c"
    " JOIN problems p ON p.id = c.problem_id JOIN decks dk ON dk.id = c.deck_id WHERE 1 = 1{decks}"
)
REVIEW_EXPORT_SQLITE = (
    "SELECT m.problem_key, r.reviewed_at, r.rating, r.phase_before, r.response_ms, r.reason,"
    " r.attempts, r.attempt_text, m.deck_key, m.problem_id, NULLIF(r.params, 'null'),"
    " r.override, r.source, r.correct, r.hint_used, r.revealed FROM reviews r"
    f" JOIN temp.{_CARD_KEYS_TABLE} m ON m.id = r.card_id WHERE r.reviewed_at >= :since"
    " ORDER BY r.reviewed_at, r.id"
)
REVIEW_EXPORT_SQL = (
    "SELECT p.key, r.reviewed_at, r.rating, r.phase_before, r.response_ms, r.reason,"
    " r.attempts, r.attempt_text, dk.key, p.id, NULLIF(r.params, 'null'), r.override,"
    " r.source, CASE WHEN r.correct THEN 1 WHEN NOT r.correct THEN 0 END,"
    " CASE WHEN r.hint_used THEN 1 ELSE 0 END, CASE WHEN r.revealed THEN 1 ELSE 0 END"
    " FROM reviews r JOIN cards c ON c.id = r.card_id"
    " JOIN problems p ON p.id = c.problem_id JOIN decks dk ON dk.id = c.deck_id"
    " WHERE r.reviewed_at >= :since{decks} ORDER BY r.reviewed_at, r.id"
)

CARD_EXPORT_SQL = (
    "SELECT p.key, dk.key, p.id, c.phase, c.step, c.stability, c.difficulty, c.due,"
    " c.last_review, c.reps, c.lapses, CASE WHEN c.suspended THEN 1 ELSE 0 END,"
    " CASE WHEN c.leech THEN 1 ELSE 0 END, CASE WHEN p.removed_at IS NULL THEN 0 ELSE 1 END"
    " FROM cards c JOIN problems p ON p.id = c.problem_id JOIN decks dk ON dk.id = c.deck_id"
    " WHERE (:since IS NULL OR c.last_review >= :since){decks} ORDER BY dk.key, p.key"
)


def count_reviews(conn: Connection, since_ms: int, decks: Decks) -> int:
    sql = "SELECT COUNT(*) FROM reviews r WHERE r.reviewed_at >= :since"
    if decks is not None:
        inside = in_decks("c.deck_id", decks)
        sql += f" AND r.card_id IN (SELECT c.id FROM cards c WHERE 1 = 1{inside})"
    return int(conn.execute(text(sql), {"since": since_ms}).scalar() or 0)


def count_cards(conn: Connection, decks: Decks) -> int:
    sql = f"SELECT COUNT(*) FROM cards c WHERE 1 = 1{in_decks('c.deck_id', decks)}"
    return int(conn.execute(text(sql)).scalar() or 0)


def _stream(conn: Connection, sql: str, params: dict[str, Any]) -> Iterator[list[tuple[Any, ...]]]:
    if conn.dialect.name == "sqlite":
        # The DBAPI cursor itself: no per-row SQLAlchemy Row objects on the hot path.
        raw = conn.connection.dbapi_connection
        assert raw is not None
        compiled = text(sql).bindparams(**params).compile(dialect=conn.dialect)
        names = compiled.positiontup or []
        cursor = raw.cursor()
        try:
            cursor.execute(str(compiled), [params[name] for name in names])
            while batch := cursor.fetchmany(BATCH):
                yield batch
        finally:
            # the connection may have closed first (an abandoned export)
            with contextlib.suppress(sqlite3.ProgrammingError):
                cursor.close()
        return
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(text(sql), params)
    for partition in result.partitions(BATCH):
        yield [tuple(row) for row in partition]


def review_batches(
    conn: Connection, since_ms: int, decks: Decks
) -> Iterator[list[tuple[Any, ...]]]:
    """Batches of ``(problem key, reviewed_at ms, rating, phase before, response ms, reason,
    attempts, attempt text, deck key, problem id, params JSON, override, source, correct,
    hint used, revealed)``, oldest first."""
    if conn.dialect.name != "sqlite":
        sql = REVIEW_EXPORT_SQL.format(decks=in_decks("c.deck_id", decks))
        yield from _stream(conn, sql, {"since": since_ms})
        return
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{_CARD_KEYS_TABLE}")
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE {_CARD_KEYS_TABLE} (id INTEGER PRIMARY KEY, problem_key TEXT,"
        " deck_key TEXT, problem_id INTEGER)"
    )
    conn.execute(text(_CARD_KEYS_FILL.format(decks=in_decks("c.deck_id", decks))))
    yield from _stream(conn, REVIEW_EXPORT_SQLITE, {"since": since_ms})


def card_batches(
    conn: Connection, since_ms: int | None, decks: Decks
) -> Iterator[list[tuple[Any, ...]]]:
    """Batches of ``(problem key, deck key, problem id, phase, step, stability, difficulty,
    due ms, last review ms, reps, lapses, suspended, leech, removed)`` by deck and key."""
    sql = CARD_EXPORT_SQL.format(decks=in_decks("c.deck_id", decks))
    return _stream(conn, sql, {"since": since_ms})
