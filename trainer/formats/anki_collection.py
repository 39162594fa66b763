"""Read the parts of an Anki collection (SQLite, schema 11 or 18) that become problems.

Schema 11 keeps note types and decks as JSON in ``col``; schema 18 has ``notetypes``,
``fields``, ``templates`` and ``decks`` tables with protobuf config and a ``unicase``
collation that must be registered before any query. Both become the same plain records.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from trainer.errors import DeckFormatError, FormatProblem
from trainer.formats import protobuf_wire
from trainer.formats.anki_models import (
    CLOZE_KIND,
    NoteType,
    Template,
    deck_names_from_json,
    load_json,
    note_types_from_json,
)
from trainer.formats.limits import (
    MAX_ALL_NOTES_BYTES,
    MAX_ANKI_ROWS,
    MAX_KEY_CHARS,
    MAX_NOTE_BYTES,
    MAX_REVIEW_MS,
    MAX_TAGS_BYTES,
    SQLITE_MAX_VALUE,
)

__all__ = ["CLOZE_KIND", "Collection", "Note", "NoteType", "Template", "read_collection"]

# Rows as SQLite returns them (tuples are much cheaper than objects for 20,000 notes).
Note = tuple[int, str, int, str, str]  # id, guid, mid, tags, flds
Card = tuple[int, int, int, int]  # id, nid, did (original deck if in a filtered one), ord


Review = tuple[int, int, int, int, int]  # id (epoch ms), card id, ease, time (ms), type


@dataclass
class Collection:
    note_types: dict[int, NoteType]
    decks: dict[int, str]  # id -> "Parent::Child"
    notes: list[Note]
    cards: list[Card]
    reviews: list[Review]
    # Notes left out, with why: (guid or "note <id>", reason).
    refused: list[tuple[str, str]] = field(default_factory=list)


def _unicase(a: str, b: str) -> int:
    fa, fb = a.casefold(), b.casefold()
    return (fa > fb) - (fa < fb)


# A note is read only when its fields are text within the caps; every value is checked
# and cut to size here, in SQL, before a byte of it reaches Python.
_NOTE_OK = (
    "typeof(flds) = 'text' AND length(CAST(flds AS BLOB)) <= :note"
    " AND typeof(guid) = 'text' AND length(guid) BETWEEN 1 AND :key"
    " AND length(CAST(tags AS BLOB)) <= :tags"
)
_NOTES = (
    "SELECT CAST(id AS INTEGER), guid, CAST(mid AS INTEGER),"
    " CASE WHEN typeof(tags) = 'text' THEN tags ELSE '' END, flds"
    f" FROM notes WHERE {_NOTE_OK}"
)
_REFUSED_NOTES = (
    "SELECT CASE WHEN typeof(guid) = 'text' AND length(guid) BETWEEN 1 AND :key"
    " THEN guid ELSE 'note ' || CAST(id AS INTEGER) END,"
    " typeof(flds), length(CAST(flds AS BLOB)), length(CAST(tags AS BLOB))"
    f" FROM notes WHERE NOT ({_NOTE_OK})"
)
_CARDS = (
    "SELECT CAST(id AS INTEGER), CAST(nid AS INTEGER),"
    " CAST(CASE WHEN odid != 0 THEN odid ELSE did END AS INTEGER), CAST(ord AS INTEGER)"
    " FROM cards WHERE CAST(ord AS INTEGER) BETWEEN 0 AND 9999"
)
_REVIEWS = (
    "SELECT CAST(id AS INTEGER), CAST(cid AS INTEGER), CAST(ease AS INTEGER),"
    " CASE WHEN typeof(time) IN ('integer', 'real') AND time BETWEEN 0 AND :ms"
    " THEN CAST(time AS INTEGER) ELSE 0 END, CAST(type AS INTEGER)"
    " FROM revlog WHERE typeof(id) = 'integer' AND id BETWEEN 0 AND 253402300799999"
    " AND typeof(ease) = 'integer' AND typeof(type) = 'integer' ORDER BY id"
)
_READ_COLUMNS = {
    "notes": ("id", "guid", "mid", "tags", "flds"),
    "cards": ("id", "nid", "did", "odid", "ord"),
    "revlog": ("id", "cid", "ease", "time", "type"),
    "col": ("models", "decks"),
    "notetypes": ("id", "name", "config"),
    "fields": ("ntid", "ord", "name"),
    "templates": ("ntid", "ord", "name", "config"),
    "decks": ("id", "name"),
}


def read_collection(db_path: Path, source: str) -> Collection:
    """Read one collection file (already unpacked to a temporary file)."""
    try:
        conn = sqlite3.connect(db_path)
    except sqlite3.Error as error:
        raise _corrupt(source, error) from error
    try:
        # No value SQLite makes for this connection (a generated column, printf,
        # zeroblob) may be larger than this: it fails with "string or blob too big".
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, SQLITE_MAX_VALUE)
        conn.create_collation("unicase", _unicase)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"col", "notes", "cards"} <= tables:
            raise DeckFormatError(
                FormatProblem(
                    source, None, None, "not an Anki collection: the notes/cards tables are missing"
                )
            )
        _refuse_computed_columns(conn, tables, source)
        _refuse_too_many_rows(conn, tables, source)
        if "notetypes" in tables:
            note_types, decks = _schema18(conn)
        else:
            note_types, decks = _schema11(conn, source)
        caps = {"note": MAX_NOTE_BYTES, "key": MAX_KEY_CHARS, "tags": MAX_TAGS_BYTES}
        notes: list[Note] = conn.execute(_NOTES, caps).fetchall()
        refused: list[tuple[str, str]] = []
        if conn.execute("SELECT count(*) FROM notes").fetchone()[0] != len(notes):
            refused = [
                (where, _why_refused(kind, size, tags))
                for where, kind, size, tags in conn.execute(_REFUSED_NOTES, caps)
            ]
        cards: list[Card] = conn.execute(_CARDS).fetchall()
        reviews: list[Review] = []
        if "revlog" in tables:
            reviews = conn.execute(_REVIEWS, {"ms": MAX_REVIEW_MS}).fetchall()
        return Collection(note_types, decks, notes, cards, reviews, refused)
    except (
        sqlite3.Error,
        protobuf_wire.WireError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as error:
        raise _corrupt(source, error) from error
    finally:
        conn.close()


def _refuse_computed_columns(conn: sqlite3.Connection, tables: set[str], source: str) -> None:
    """Anki never writes a generated column; one in a table we read is an attack (its
    value is computed on every read: ``printf('%.*c', 200000000, 'x')``)."""
    for table, columns in _READ_COLUMNS.items():
        if table not in tables:
            continue
        for row in conn.execute(f"PRAGMA table_xinfo({table})"):
            name, hidden = row[1], row[6]
            if hidden in (2, 3) and name in columns:
                raise DeckFormatError(
                    FormatProblem(
                        source,
                        None,
                        f"{table}.{name}",
                        "is a generated column; an Anki collection never has one",
                    )
                )


def _refuse_too_many_rows(conn: sqlite3.Connection, tables: set[str], source: str) -> None:
    for table, cap in MAX_ANKI_ROWS.items():
        if table in tables:
            count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if count > cap:
                raise DeckFormatError(
                    FormatProblem(
                        source, None, table, f"refused: {count} rows, over the limit of {cap}"
                    )
                )
    fields = conn.execute("SELECT total(length(CAST(flds AS BLOB))) FROM notes").fetchone()[0]
    if fields > MAX_ALL_NOTES_BYTES:
        raise DeckFormatError(
            FormatProblem(
                source,
                None,
                "notes",
                f"refused: {int(fields)} bytes of fields, over the limit of {MAX_ALL_NOTES_BYTES}",
            )
        )


def _why_refused(kind: str, size: int | None, tags: int | None) -> str:
    if kind != "text":
        return f"its fields are {kind.upper()}, not text; left out"
    if size is not None and size > MAX_NOTE_BYTES:
        return f"its fields are {size} bytes, over the {MAX_NOTE_BYTES}-byte limit; left out"
    if tags is not None and tags > MAX_TAGS_BYTES:
        return f"its tags are {tags} bytes, over the {MAX_TAGS_BYTES}-byte limit; left out"
    return "its guid is missing, not text or too long; left out"


def _corrupt(source: str, error: Exception) -> DeckFormatError:
    return DeckFormatError(
        FormatProblem(source, None, None, f"the Anki collection inside cannot be read ({error})")
    )


def _schema11(conn: sqlite3.Connection, source: str) -> tuple[dict[int, NoteType], dict[int, str]]:
    row = conn.execute("SELECT models, decks FROM col").fetchone()
    if row is None:
        raise DeckFormatError(
            FormatProblem(source, None, None, "the Anki collection has no col row")
        )
    models = load_json(row[0], source, "models")
    decks = load_json(row[1], source, "decks")
    return note_types_from_json(models, source), deck_names_from_json(decks, source)


def _schema18(conn: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    note_types: dict[int, NoteType] = {}
    for nt_id, name, config in conn.execute(
        "SELECT CAST(id AS INTEGER), CAST(ifnull(name, '') AS TEXT), config FROM notetypes"
    ):
        kind = protobuf_wire.first_int(bytes(config), 1)
        note_types[nt_id] = NoteType(nt_id, name, kind == CLOZE_KIND)
    for nt_id, _ord, name in conn.execute(
        "SELECT CAST(ntid AS INTEGER), ord, CAST(ifnull(name, '') AS TEXT)"
        " FROM fields ORDER BY ntid, ord"
    ):
        if nt_id in note_types:
            note_types[nt_id].fields.append(name)
    for nt_id, ord_, name, config in conn.execute(
        "SELECT CAST(ntid AS INTEGER), CAST(ord AS INTEGER), CAST(ifnull(name, '') AS TEXT),"
        " config"
        " FROM templates"
    ):
        if nt_id in note_types:
            raw = bytes(config)
            note_types[nt_id].templates[ord_] = Template(
                ord_, name, protobuf_wire.first_text(raw, 1), protobuf_wire.first_text(raw, 2)
            )
    decks = {
        did: name.replace("\x1f", "::")
        for did, name in conn.execute(
            "SELECT CAST(id AS INTEGER), CAST(ifnull(name, '') AS TEXT) FROM decks"
        )
    }
    return note_types, decks
