"""Read the parts of an Anki collection (SQLite, schema 11 or 18) that become problems.

Schema 11 keeps note types and decks as JSON in ``col``; schema 18 has ``notetypes``,
``fields``, ``templates`` and ``decks`` tables with protobuf config and a ``unicase``
collation that must be registered before any query. Both become the same plain records.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from trainer.errors import DeckFormatError, FormatProblem
from trainer.formats import protobuf_wire

CLOZE_KIND = 1


@dataclass
class Template:
    ord: int
    name: str
    qfmt: str
    afmt: str


@dataclass
class NoteType:
    id: int
    name: str
    is_cloze: bool
    fields: list[str] = field(default_factory=list)
    templates: dict[int, Template] = field(default_factory=dict)


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


def _unicase(a: str, b: str) -> int:
    fa, fb = a.casefold(), b.casefold()
    return (fa > fb) - (fa < fb)


def read_collection(db_path: Path, source: str) -> Collection:
    """Read one collection file (already unpacked to a temporary file)."""
    try:
        conn = sqlite3.connect(db_path)
    except sqlite3.Error as error:
        raise _corrupt(source, error) from error
    try:
        conn.create_collation("unicase", _unicase)
        conn.execute("PRAGMA query_only = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"col", "notes", "cards"} <= tables:
            raise DeckFormatError(
                FormatProblem(
                    source, None, None, "not an Anki collection: the notes/cards tables are missing"
                )
            )
        if "notetypes" in tables:
            note_types, decks = _schema18(conn)
        else:
            note_types, decks = _schema11(conn, source)
        notes: list[Note] = conn.execute("SELECT id, guid, mid, tags, flds FROM notes").fetchall()
        cards: list[Card] = conn.execute(
            "SELECT id, nid, CASE WHEN odid != 0 THEN odid ELSE did END, ord FROM cards"
        ).fetchall()
        reviews: list[Review] = []
        if "revlog" in tables:
            reviews = conn.execute(
                "SELECT id, cid, ease, time, type FROM revlog ORDER BY id"
            ).fetchall()
        return Collection(note_types, decks, notes, cards, reviews)
    except (sqlite3.Error, protobuf_wire.WireError, KeyError, TypeError, ValueError) as error:
        raise _corrupt(source, error) from error
    finally:
        conn.close()


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
    try:
        models, decks = json.loads(row[0] or "{}"), json.loads(row[1] or "{}")
    except json.JSONDecodeError as error:
        raise _corrupt(source, error) from error
    note_types: dict[int, NoteType] = {}
    for model in models.values():
        nt = NoteType(int(model["id"]), str(model.get("name", "")), model.get("type") == CLOZE_KIND)
        flds = sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
        nt.fields = [str(f.get("name", "")) for f in flds]
        for i, t in enumerate(model.get("tmpls", [])):
            ord_ = int(t.get("ord", i))
            nt.templates[ord_] = Template(
                ord_, str(t.get("name", "")), t.get("qfmt", ""), t.get("afmt", "")
            )
        note_types[nt.id] = nt
    deck_names = {int(d["id"]): str(d.get("name", "")) for d in decks.values() if "id" in d}
    return note_types, deck_names


def _schema18(conn: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    note_types: dict[int, NoteType] = {}
    for nt_id, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        kind = protobuf_wire.first_int(bytes(config), 1)
        note_types[nt_id] = NoteType(nt_id, name, kind == CLOZE_KIND)
    for nt_id, _ord, name in conn.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
        if nt_id in note_types:
            note_types[nt_id].fields.append(name)
    for nt_id, ord_, name, config in conn.execute("SELECT ntid, ord, name, config FROM templates"):
        if nt_id in note_types:
            raw = bytes(config)
            note_types[nt_id].templates[ord_] = Template(
                ord_, name, protobuf_wire.first_text(raw, 1), protobuf_wire.first_text(raw, 2)
            )
    decks = {
        did: name.replace("\x1f", "::") for did, name in conn.execute("SELECT id, name FROM decks")
    }
    return note_types, decks
