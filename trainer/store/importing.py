"""The bulk SQL of an import: decks, problems, cards and imported review history.

An import writes tens of thousands of rows (a million for a big review history) in one
transaction, so this module skips the ORM and per-row SQLAlchemy parameter processing:
each statement is written once and run with the driver's ``executemany`` on a cursor of
the transaction's own DBAPI connection, in the driver's paramstyle (SQLAlchemy's per-row
parameter processing costs more than SQLite's insert itself).
New cards are made by one ``INSERT ... SELECT`` from the new problems, with no Python
loop at all. Every time is epoch milliseconds UTC, as ``trainer.store.types`` keeps it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

from trainer.domain import Deck
from trainer.store.drill_records import REVIEW_COLUMNS, STATE_COLUMNS
from trainer.store.placeholders import in_paramstyle

BATCH_ROWS = 50_000

# A problem row as the importer writes it: the key, problem_rows.encode_problem's values
# (note_key, prompt, answer, kind, body, tags, content_hash), then the source revision.
ProblemValues = tuple[str, str | None, str, str, str | None, str, str, str, str | None]
# A stored problem as a re-import compares it: id, content_hash, removed, source_rev.
StoredProblem = tuple[int, str, bool, str | None]

# The same columns the drill writes (trainer.store.drill_records is their one home).
CARD_STATE_COLUMNS = STATE_COLUMNS


def _sql(conn: Connection, statement: str) -> str:
    """``statement`` written with ``?`` placeholders, in the driver's own paramstyle."""
    return in_paramstyle(statement, conn.dialect.paramstyle)


def _many(conn: Connection, statement: str, rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    sql = _sql(conn, statement)
    cursor = conn.connection.cursor()  # the transaction's own DBAPI connection
    try:
        for start in range(0, len(rows), BATCH_ROWS):
            cursor.executemany(sql, rows[start : start + BATCH_ROWS])
    finally:
        cursor.close()


def fetch_all(conn: Connection, statement: str, params: tuple[Any, ...] = ()) -> list[Any]:
    cursor = conn.connection.cursor()
    try:
        cursor.execute(_sql(conn, statement), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _execute(conn: Connection, statement: str, params: tuple[Any, ...]) -> int:
    cursor = conn.connection.cursor()
    try:
        cursor.execute(_sql(conn, statement), params)
        return int(cursor.rowcount or 0)
    finally:
        cursor.close()


def deck_ids(conn: Connection) -> dict[str, int]:
    """Every deck's id by key."""
    return {key: deck_id for deck_id, key in fetch_all(conn, "SELECT id, key FROM decks")}


def deck_row(conn: Connection, key: str) -> dict[str, Any] | None:
    """The stored deck with ``key`` (id, name, version, bundled, preset), or ``None``."""
    rows = fetch_all(
        conn, "SELECT id, name, version, bundled, preset FROM decks WHERE key = ?", (key,)
    )
    if not rows:
        return None
    deck_id, name, version, bundled, preset = rows[0]
    preset = json.loads(preset) if isinstance(preset, str) else (preset or {})
    return {
        "id": deck_id,
        "name": name,
        "version": version,
        "bundled": bool(bundled),
        "preset": preset,
    }


def upsert_deck(
    conn: Connection, deck: Deck, *, source: str, bundled: bool, now_ms: int
) -> tuple[int, bool]:
    """Create the deck or update its metadata; ``(id, created)``. Its preset (the
    learner's settings) is kept, except ``new_order`` when the file states one."""
    options = json.dumps(deck.options.to_dict(), sort_keys=True)
    kind = deck.kind.value if deck.kind is not None else None
    existing = fetch_all(
        conn,
        "SELECT id, name, description, version, author, licence, kind, options, source, "
        "bundled, preset FROM decks WHERE key = ?",
        (deck.key,),
    )
    if existing:
        deck_id = int(existing[0][0])
        values = (
            deck.name,
            deck.description,
            deck.version,
            deck.author,
            deck.licence,
            kind,
            options,
            source,
            bundled,
        )
        stored = tuple(existing[0][1:-1])
        _apply_new_order(conn, deck_id, existing[0][-1], deck.new_order)
        if stored[:-1] != values[:-1] or bool(stored[-1]) != bundled:  # write only a change
            _execute(
                conn,
                (
                    "UPDATE decks SET name = ?, description = ?, version = ?, author = ?, "
                    "licence = ?, kind = ?, options = ?, source = ?, bundled = ? WHERE id = ?"
                ),
                (*values, deck_id),
            )
        return deck_id, False
    _execute(
        conn,
        (
            "INSERT INTO decks (key, name, description, version, author, licence, kind, "
            "options, preset, source, bundled, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ),
        (
            deck.key,
            deck.name,
            deck.description,
            deck.version,
            deck.author,
            deck.licence,
            kind,
            options,
            json.dumps({"new_order": deck.new_order} if deck.new_order else {}),
            source,
            bundled,
            now_ms,
        ),
    )
    return int(fetch_all(conn, "SELECT id FROM decks WHERE key = ?", (deck.key,))[0][0]), True


def _apply_new_order(conn: Connection, deck_id: int, stored: Any, new_order: str | None) -> None:
    """The file's ``new_order`` into the deck's preset, when it says one that differs."""
    if new_order is None:
        return
    preset = json.loads(stored) if isinstance(stored, str) else dict(stored or {})
    if preset.get("new_order") == new_order:
        return
    preset["new_order"] = new_order
    _execute(
        conn,
        "UPDATE decks SET preset = ? WHERE id = ?",
        (json.dumps(preset, sort_keys=True), deck_id),
    )


def max_problem_id(conn: Connection) -> int:
    return int(fetch_all(conn, "SELECT COALESCE(MAX(id), 0) FROM problems")[0][0])


def insert_problems(
    conn: Connection, deck_id: int, rows: Sequence[ProblemValues], created_ms: Sequence[int]
) -> None:
    """Insert new problems (in order: their ids, and so their cards' positions, follow it).

    The deck id, and the creation time when every problem shares it (as it does unless
    a file gives times), are written into the statement as integer literals: the rows
    then are the importer's tuples as they are, with three parameters fewer to bind each.
    """
    columns = (
        "INSERT INTO problems (deck_id, key, note_key, prompt, answer, kind, body, tags, "
        "content_hash, source_rev, removed_at, created_at, updated_at) VALUES "
    )
    deck = int(deck_id)
    if rows and len(set(created_ms)) == 1:
        at = int(created_ms[0])
        _many(
            conn,
            f"{columns}({deck}, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, {at}, {at})",
            rows if isinstance(rows, list) else list(rows),
        )
        return
    _many(
        conn,
        f"{columns}({deck}, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
        [(*row, at, at) for row, at in zip(rows, created_ms, strict=True)],
    )


def insert_cards_for_new_problems(conn: Connection, deck_id: int, after_problem_id: int) -> int:
    """One new card for every problem of the deck with an id above ``after_problem_id``.

    Positions continue after the deck's highest and follow problem-id order, which is
    file order. Returns how many cards were made. ``+deck_id`` keeps SQLite off the
    (deck_id, key) index: scanning the new problems by id range inserts the cards in id
    order, so the unique ``problem_id`` index is appended to instead of hit at random
    (twice as fast for 20,000 cards).
    """
    top_sql = "SELECT COALESCE(MAX(position), 0) FROM cards WHERE deck_id = ?"
    top = fetch_all(conn, top_sql, (deck_id,))[0][0]
    return _execute(
        conn,
        (
            "INSERT INTO cards (problem_id, deck_id, phase, reps, lapses, position, suspended, "
            "leech) SELECT id, deck_id, 0, 0, 0, id - ?, ?, ? FROM problems "
            "WHERE id > ? AND +deck_id = ?"
        ),
        (after_problem_id - int(top), False, False, after_problem_id, deck_id),
    )


def update_problems(
    conn: Connection, rows: Sequence[tuple[int, ProblemValues]], now_ms: int
) -> None:
    """Rewrite changed problems in place (their cards and reviews stay); clears removal."""
    _many(
        conn,
        "UPDATE problems SET note_key = ?, prompt = ?, answer = ?, kind = ?, body = ?, "
        "tags = ?, content_hash = ?, source_rev = ?, removed_at = NULL, updated_at = ? "
        "WHERE id = ?",
        [(*values[1:], now_ms, pid) for pid, values in rows],
    )


def set_source_revs(conn: Connection, rows: Sequence[tuple[str | None, int]]) -> None:
    """Restamp problems whose source row changed without changing them: ``(rev, id)``."""
    _many(conn, "UPDATE problems SET source_rev = ? WHERE id = ?", rows)


def set_removed(conn: Connection, problem_ids: Iterable[int], removed_ms: int | None) -> None:
    """Mark problems removed from their deck's file (or back, with ``None``)."""
    _many(
        conn,
        "UPDATE problems SET removed_at = ? WHERE id = ?",
        [(removed_ms, pid) for pid in problem_ids],
    )


def card_ids_by_key(conn: Connection, deck_id: int) -> dict[str, int]:
    """The deck's card ids by problem key."""
    rows = fetch_all(
        conn,
        "SELECT p.key, c.id FROM problems p JOIN cards c ON c.problem_id = p.id "
        "WHERE p.deck_id = ?",
        (deck_id,),
    )
    return dict(rows)


def reviews_of_deck(conn: Connection, deck_id: int) -> dict[int, list[tuple[int, int, str]]]:
    """Stored reviews of the deck's cards: ``card_id -> [(reviewed_at_ms, rating, source)]``."""
    out: dict[int, list[tuple[int, int, str]]] = {}
    for card_id, at, rating, source in fetch_all(
        conn,
        "SELECT r.card_id, r.reviewed_at, r.rating, r.source FROM reviews r "
        "JOIN cards c ON c.id = r.card_id WHERE c.deck_id = ? ORDER BY r.reviewed_at, r.id",
        (deck_id,),
    ):
        out.setdefault(card_id, []).append((int(at), int(rating), source))
    return out


def insert_reviews(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert review rows, each a tuple in ``REVIEW_COLUMNS`` order."""
    marks = ", ".join("?" * len(REVIEW_COLUMNS))
    _many(conn, f"INSERT INTO reviews ({', '.join(REVIEW_COLUMNS)}) VALUES ({marks})", rows)


def update_card_states(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Set cards' scheduling state: tuples in ``CARD_STATE_COLUMNS`` order, then the card id."""
    assignments = ", ".join(f"{name} = ?" for name in CARD_STATE_COLUMNS)
    _many(conn, f"UPDATE cards SET {assignments} WHERE id = ?", rows)


def _json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def deck_presets(conn: Connection) -> dict[int, dict[str, Any]]:
    """Every deck's own preset settings (overrides of the collection defaults) by id."""
    return {
        deck_id: _json_value(preset) or {}
        for deck_id, preset in fetch_all(conn, "SELECT id, preset FROM decks")
    }


def setting(conn: Connection, key: str) -> dict[str, Any] | None:
    """A settings document, read on the import's own connection."""
    rows = fetch_all(conn, "SELECT value FROM settings WHERE key = ?", (key,))
    return _json_value(rows[0][0]) if rows else None


def deck_names(conn: Connection) -> dict[int, str]:
    """Every deck's display name by id."""
    return {deck_id: name for deck_id, name in fetch_all(conn, "SELECT id, name FROM decks")}


REBUILD_INDEXES_FROM = 100_000


@contextmanager
def indexes_rebuilt_after(conn: Connection, tables: Sequence[str], rows: int) -> Iterator[None]:
    """For a big bulk write on SQLite, drop the tables' own indexes and rebuild them after.

    Inserting a million reviews keeps ``ix_reviews_time`` in time order while they arrive
    in card order: every insert lands on a random index page. Building the index once
    from the finished table is a sort, several times cheaper. Only indexes created by
    ``CREATE INDEX`` are dropped (unique constraints stay, so do lookups by them), and
    they are recreated from their own stored SQL, inside the same transaction: if the
    import fails, the rollback brings them back untouched.
    """
    if conn.dialect.name != "sqlite" or rows < REBUILD_INDEXES_FROM:
        yield
        return
    marks = ", ".join("?" * len(tables))
    saved = fetch_all(
        conn,
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        tuple(tables),
    )
    for name, _ in saved:
        _execute(conn, f'DROP INDEX "{name}"', ())
    yield
    for _, create in saved:
        _execute(conn, create, ())
