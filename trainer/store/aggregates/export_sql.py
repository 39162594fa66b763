"""Streaming reads for the exports: raw tuples straight from the cursor, in batches.

Times stay epoch-ms integers and JSON columns stay their stored text, so a million-row
export never builds a datetime or a dict per row. Reviews come in storage order (the
order they were stored: time order for reviews done here, card by card for an imported
history), which reads the table front to back; time order would mean a random read per
row for an imported history. Two exports of the same collection are byte-identical.
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
_QUOTE_CLASS = "'*[,\"' || char(10) || char(13) || ']*'"  # GLOB: a comma, quote or break


def _no_formula(e: str) -> str:
    """SQL for ``trainer.formats.csv_cells.safe_cell``: a leading ' on a text starting with
    = + - @ tab or CR, except a plain negative decimal number (-3, -0.25)."""
    starts = f"substr({e}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13))"
    number = (
        f"({e} GLOB '-[0-9]*' AND substr({e}, 2) NOT GLOB '*[^0-9.]*'"
        f" AND {e} NOT GLOB '*.*.*' AND {e} NOT GLOB '*.')"
    )
    return f"CASE WHEN {starts} AND NOT {number} THEN char(39) || {e} ELSE {e} END"


def _csv_text(expression: str) -> str:
    """SQL for a text CSV field as csv.writer writes it: quoted (quotes doubled) when it
    holds a comma, a quote or a line break; NULL stays NULL (printf's %s prints ''). A
    formula-like text is neutralised first (``_no_formula``; docs/exports.md)."""
    expression = f"({_no_formula(expression)})"
    quoted = f"'\"' || replace({expression}, '\"', '\"\"') || '\"'"
    return f"CASE WHEN {expression} GLOB {_QUOTE_CLASS} THEN {quoted} ELSE {expression} END"


_CARD_KEYS_FILL = (
    f"INSERT INTO temp.{_CARD_KEYS_TABLE} SELECT c.id, p.key, dk.key, p.id,"
    f" {_csv_text('p.key')}, {_csv_text('dk.key')} || ',' || p.id FROM cards c"
    " JOIN problems p ON p.id = c.problem_id JOIN decks dk ON dk.id = c.deck_id WHERE 1 = 1{decks}"
)
REVIEW_EXPORT_SQLITE = (
    "SELECT m.problem_key, r.reviewed_at, r.rating, r.phase_before, r.response_ms, r.reason,"
    " r.attempts, r.attempt_text, m.deck_key, m.problem_id, NULLIF(r.params, 'null'),"
    " r.override, r.source, r.correct, r.hint_used, r.revealed FROM reviews r"
    f" JOIN temp.{_CARD_KEYS_TABLE} m ON m.id = r.card_id WHERE r.reviewed_at >= :since"
    " ORDER BY r.id"
)


# One CSV line per review, formatted by SQLite's printf (one string per row for Python
# instead of sixteen objects, and no csv.writer pass). Reason, override and source are
# fixed codes and numbers need no quoting; keys are quoted once per card in the temp table.
REVIEW_CSV_SQLITE = (
    "SELECT printf('" + ",".join(["%s"] * 15) + "', m.key_field, r.reviewed_at, r.rating,"
    " r.phase_before, r.response_ms, r.reason, r.attempts,"
    f" {_csv_text('r.attempt_text')}, m.deck_fields,"
    " '\"' || replace(NULLIF(r.params, 'null'), '\"', '\"\"') || '\"',"
    " r.override, r.source, r.correct, r.hint_used, r.revealed) FROM reviews r"
    f" JOIN temp.{_CARD_KEYS_TABLE} m ON m.id = r.card_id WHERE r.reviewed_at >= :since"
    " ORDER BY r.id"
)
REVIEW_EXPORT_SQL = (
    "SELECT p.key, r.reviewed_at, r.rating, r.phase_before, r.response_ms, r.reason,"
    " r.attempts, r.attempt_text, dk.key, p.id, NULLIF(CAST(r.params AS TEXT), 'null'),"
    " r.override,"
    " r.source, CASE WHEN r.correct THEN 1 WHEN NOT r.correct THEN 0 END,"
    " CASE WHEN r.hint_used THEN 1 ELSE 0 END, CASE WHEN r.revealed THEN 1 ELSE 0 END"
    " FROM reviews r JOIN cards c ON c.id = r.card_id"
    " JOIN problems p ON p.id = c.problem_id JOIN decks dk ON dk.id = c.deck_id"
    " WHERE r.reviewed_at >= :since{decks} ORDER BY r.id"
)

CARD_EXPORT_SQL = (
    "SELECT p.key, dk.key, p.id, c.phase, c.step, c.stability, c.difficulty, c.due,"
    " c.last_review, c.reps, c.lapses, CASE WHEN c.suspended THEN 1 ELSE 0 END,"
    " CASE WHEN c.leech THEN 1 ELSE 0 END, CASE WHEN p.removed_at IS NULL THEN 0 ELSE 1 END"
    " FROM cards c JOIN problems p ON p.id = c.problem_id JOIN decks dk ON dk.id = c.deck_id"
    # CAST: PostgreSQL must see one type for the parameter in both places.
    " WHERE (CAST(:since AS BIGINT) IS NULL OR c.last_review >= CAST(:since AS BIGINT))"
    "{decks} ORDER BY dk.key, p.key"
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
                yield list(batch)  # the DBAPI's tuples as they come
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
    hint used, revealed)`` in storage order."""
    if conn.dialect.name != "sqlite":
        sql = REVIEW_EXPORT_SQL.format(decks=in_decks("c.deck_id", decks))
        yield from _stream(conn, sql, {"since": since_ms})
        return
    yield from _stream(
        conn, _sqlite_review_sql(conn, REVIEW_EXPORT_SQLITE, since_ms, decks), {"since": since_ms}
    )


def review_csv_batches(conn: Connection, since_ms: int, decks: Decks) -> Iterator[list[tuple[str]]]:
    """The same rows as ``review_batches``, each already one CSV line (SQLite only): the
    database formats the fields, so Python handles one string per row, not sixteen."""
    sql = _sqlite_review_sql(conn, REVIEW_CSV_SQLITE, since_ms, decks)
    yield from _stream(conn, sql, {"since": since_ms})


def _sqlite_review_sql(conn: Connection, sql: str, since_ms: int, decks: Decks) -> str:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{_CARD_KEYS_TABLE}")
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE {_CARD_KEYS_TABLE} (id INTEGER PRIMARY KEY, problem_key TEXT,"
        " deck_key TEXT, problem_id INTEGER, key_field TEXT, deck_fields TEXT)"
    )
    conn.execute(text(_CARD_KEYS_FILL.format(decks=in_decks("c.deck_id", decks))))
    conn.exec_driver_sql("PRAGMA mmap_size = 1073741824")  # read the file mapped
    if since_ms <= 0:  # everything: read the table in order instead of through the index
        sql = sql.replace("WHERE r.reviewed_at >= :since", "WHERE +r.reviewed_at >= :since")
    return sql


def card_batches(
    conn: Connection, since_ms: int | None, decks: Decks
) -> Iterator[list[tuple[Any, ...]]]:
    """Batches of ``(problem key, deck key, problem id, phase, step, stability, difficulty,
    due ms, last review ms, reps, lapses, suspended, leech, removed)`` by deck and key."""
    sql = CARD_EXPORT_SQL.format(decks=in_decks("c.deck_id", decks))
    return _stream(conn, sql, {"since": since_ms})
