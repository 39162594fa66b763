"""Builders for Anki packages made in tests: genanki for legacy ones, and by hand (a small
schema-18 SQLite, zstd, protobuf media list) for the newest ``anki21b`` format."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from trainer.formats.protobuf_wire import encode_varint


def _pb_bytes(number: int, data: bytes) -> bytes:
    return encode_varint((number << 3) | 2) + encode_varint(len(data)) + data


def _pb_int(number: int, value: int) -> bytes:
    return encode_varint(number << 3) + encode_varint(value)


def _unicase(a: str, b: str) -> int:
    return (a.casefold() > b.casefold()) - (a.casefold() < b.casefold())


# The schema-18 tables and columns Anki's rslib creates (only what a reader touches,
# with the same names, types and the unicase collation).
SCHEMA_18 = """
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL,
  ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL,
  sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL,
  queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL,
  factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE unicase, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
"""

SCHEMA_11 = """
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
"""


@dataclass
class NoteSpec:
    guid: str
    fields: list[str]
    cloze: bool = False
    deck: str = "Default"
    tags: str = ""
    ords: list[int] = field(default_factory=lambda: [0])


BASIC_ID, CLOZE_ID = 1001, 1002


def stub_collection(path: Path) -> None:
    """The dummy legacy collection modern Anki exports carry beside the real one."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_11)
    models = {
        str(BASIC_ID): {
            "id": BASIC_ID,
            "name": "Basic",
            "type": 0,
            "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
            "tmpls": [
                {
                    "name": "Card 1",
                    "ord": 0,
                    "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}",
                }
            ],
        }
    }
    decks = {"1": {"id": 1, "name": "Default"}}
    conn.execute(
        "INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')",
        (json.dumps(models), json.dumps(decks)),
    )
    conn.execute(
        "INSERT INTO notes VALUES (1,'stub',?,0,0,'',?,'',0,0,'')",
        (
            BASIC_ID,
            "Please update to the latest Anki version, then import the "
            ".colpkg/.apkg file again.\x1f",
        ),
    )
    conn.execute("INSERT INTO cards VALUES (1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,'')")
    conn.commit()
    conn.close()


def schema18_collection(path: Path, notes: list[NoteSpec]) -> dict[tuple[str, int], int]:
    """A schema-18 collection; returns card ids by (guid, ord)."""
    conn = sqlite3.connect(path)
    conn.create_collation("unicase", _unicase)
    conn.executescript(SCHEMA_18)
    conn.execute("INSERT INTO col VALUES (1,0,0,0,18,0,0,0,'','','','','')")
    conn.execute(
        "INSERT INTO notetypes VALUES (?,?,0,0,?)", (BASIC_ID, "Basic", _pb_bytes(3, b".card {}"))
    )
    conn.execute("INSERT INTO notetypes VALUES (?,?,0,0,?)", (CLOZE_ID, "Cloze", _pb_int(1, 1)))
    for ord_, name in enumerate(["Front", "Back"]):
        conn.execute("INSERT INTO fields VALUES (?,?,?,?)", (BASIC_ID, ord_, name, b""))
    for ord_, name in enumerate(["Text", "Back Extra"]):
        conn.execute("INSERT INTO fields VALUES (?,?,?,?)", (CLOZE_ID, ord_, name, b""))
    conn.execute(
        "INSERT INTO templates VALUES (?,0,'Card 1',0,0,?)",
        (
            BASIC_ID,
            _pb_bytes(1, b"{{Front}}") + _pb_bytes(2, b"{{FrontSide}}<hr id=answer>{{Back}}"),
        ),
    )
    conn.execute(
        "INSERT INTO templates VALUES (?,1,'Card 2',0,0,?)",
        (
            BASIC_ID,
            _pb_bytes(1, b"{{Back}}") + _pb_bytes(2, b"{{FrontSide}}<hr id=answer>{{Front}}"),
        ),
    )
    conn.execute(
        "INSERT INTO templates VALUES (?,0,'Cloze',0,0,?)",
        (
            CLOZE_ID,
            _pb_bytes(1, b"{{cloze:Text}}") + _pb_bytes(2, b"{{cloze:Text}}<br>{{Back Extra}}"),
        ),
    )
    deck_ids: dict[str, int] = {}
    for spec in notes:
        name = spec.deck.replace("::", "\x1f")
        if name not in deck_ids:
            deck_ids[name] = 1 if name == "Default" else 2000 + len(deck_ids)
            conn.execute("INSERT INTO decks VALUES (?,?,0,0,?,?)", (deck_ids[name], name, b"", b""))
    card_ids: dict[tuple[str, int], int] = {}
    for i, spec in enumerate(notes, start=1):
        nid = 5000 + i
        conn.execute(
            "INSERT INTO notes VALUES (?,?,?,0,0,?,?,'',0,0,'')",
            (
                nid,
                spec.guid,
                CLOZE_ID if spec.cloze else BASIC_ID,
                spec.tags,
                "\x1f".join(spec.fields),
            ),
        )
        for ord_ in spec.ords:
            cid = 9000 + len(card_ids)
            card_ids[(spec.guid, ord_)] = cid
            conn.execute(
                "INSERT INTO cards VALUES (?,?,?,?,0,0,0,0,0,0,0,0,0,0,0,0,0,'')",
                (cid, nid, deck_ids[spec.deck.replace("::", "\x1f")], ord_),
            )
    conn.commit()
    conn.close()
    return card_ids


def media_entries(names: list[str]) -> bytes:
    out = b""
    for name in names:
        out += _pb_bytes(
            1, _pb_bytes(1, name.encode()) + _pb_int(2, 3) + _pb_bytes(3, b"\x00" * 20)
        )
    return out
