"""Fuzz the shapes, not only the bytes (issue 13, item 9).

Hypothesis builds files that are structurally valid but hostile: zstd frames (RLE bombs
of any size, honest frames, frames cut short) inside real packages; Anki collections
whose ``col.models``/``col.decks`` JSON has the wrong type in any slot, whose ``flds``
column is generated (``printf``, ``zeroblob``) or holds a BLOB, NULL or number; TOML,
JSON and JSONL nested thousands deep; integers of thousands of digits in TOML, JSON and
review logs. Each goes through the real import into a real collection and must either
import or fail with located one-line problems, in bounded time and memory (the
process's peak RSS), with nothing written.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import resource
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.errors import DeckFormatError, TrainerError
from trainer.practice.library import import_path
from trainer.practice.services import Services

from .test_fuzz_import import _media, _rows

_FORMATS = Path(__file__).parents[1] / "formats"
# Far above what any of these takes once bounded; the quadratic and unbounded versions
# took minutes.
TIME_BOUND = 20.0
PEAK_RSS_BOUND = 1536 * 1024 * 1024

SHAPES = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _builders() -> Any:
    if "hostile_formats" not in sys.modules:
        package = types.ModuleType("hostile_formats")
        package.__path__ = [str(_FORMATS)]
        sys.modules["hostile_formats"] = package
    return importlib.import_module("hostile_formats.hostile_builders")


B = _builders()


def _import(services: Services, path: Path) -> str:
    """Import ``path``; a refusal must be located one-line problems with nothing written."""
    db = Path(str(services.collection.engine.url.database))
    rows, media = _rows(db), _media(services)
    started = time.monotonic()
    try:
        import_path(services, path)
        outcome = "imported"
    except DeckFormatError as error:
        outcome = "refused"
        for problem in error.problems:
            line = str(problem)
            assert "\n" not in line and line.startswith(str(path)), line
        assert _rows(db) == rows, "a refused import wrote rows"
        assert _media(services) == media, "a refused import wrote media"
    except TrainerError as error:  # another user error: still one line, nothing written
        outcome = "refused"
        assert "\n" not in str(error), str(error)
        assert _rows(db) == rows and _media(services) == media
    assert time.monotonic() - started < TIME_BOUND
    # The process's peak so far: a bomb inflated whole, or rows turned into gigabytes of
    # objects, would push it past this (the test process itself uses a few hundred MB).
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < PEAK_RSS_BOUND
    media_dir = services.media_dir
    if media_dir.is_dir():
        assert not [p for p in media_dir.iterdir() if p.name.startswith(".import-")]
    return outcome


def _fresh(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.unlink(missing_ok=True)
    return path


# --- zstd frames ------------------------------------------------------------------------

_HONEST = st.binary(max_size=3000).map(B.zstd_frame)
ZSTD_FRAMES = st.one_of(
    st.builds(B.zstd_rle_frame, st.integers(0, 2**31), st.integers(0, 255)),
    _HONEST,
    st.tuples(_HONEST, st.integers(0, 64)).map(lambda t: t[0][: t[1]]),  # cut short
    st.binary(max_size=64).map(lambda b: B._ZSTD_MAGIC + b),  # a magic, then anything
)


@pytest.mark.slow
def test_zstd_frames_in_packages(services: Services, tmp_path: Path) -> None:
    outcomes: list[str] = []
    collection = B._valid_anki21b(tmp_path)

    @SHAPES
    @given(frame=ZSTD_FRAMES, slot=st.sampled_from(["collection.anki21b", "media"]))
    def run(frame: bytes, slot: str) -> None:
        members = {"meta": b"\x08\x03", "collection.anki21b": B.zstd_frame(collection)}
        members[slot] = frame
        path = B.package(_fresh(tmp_path / "in", "z.apkg"), members)
        outcomes.append(_import(services, path))

    run()
    assert "refused" in outcomes and len(outcomes) >= 30


# --- Anki collections of the wrong shape --------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)
# Where a wrong value goes: a path into the models or decks JSON.
MODEL_SLOTS = [
    (),
    ("1001",),
    ("1001", "id"),
    ("1001", "name"),
    ("1001", "type"),
    ("1001", "flds"),
    ("1001", "flds", 0),
    ("1001", "flds", 0, "name"),
    ("1001", "flds", 0, "ord"),
    ("1001", "tmpls"),
    ("1001", "tmpls", 0),
    ("1001", "tmpls", 0, "qfmt"),
    ("1001", "tmpls", 0, "ord"),
]
DECK_SLOTS = [(), ("1",), ("1", "id"), ("1", "name")]


def _put(tree: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    tree[path[0]] = _put(tree[path[0]], path[1:], value)
    return tree


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


FLDS_COLUMNS = st.one_of(
    st.none(),
    st.sampled_from(["text", "blob", "", "integer"]),
    # SQLite computes the value when the test writes the row too: sizes the builder can
    # afford (the reader refuses a generated column without computing it, at any size).
    st.builds(
        "text generated always as (printf('%.*c', {}, 'x') || char(31) || 'y') virtual".format,
        st.sampled_from([0, 1, 1000, 1_000_000]),
    ),
    st.builds("blob generated always as (zeroblob({})) virtual".format, st.integers(0, 2**31 - 1)),
)
FLDS_VALUES = st.one_of(
    st.text(max_size=40).map(lambda t: t + "\x1f4"),
    st.binary(max_size=40),
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
)


@pytest.mark.slow
def test_anki_collections_of_the_wrong_shape(services: Services, tmp_path: Path) -> None:
    outcomes: list[str] = []

    @SHAPES
    @given(
        model_slot=st.sampled_from(MODEL_SLOTS),
        deck_slot=st.sampled_from(DECK_SLOTS),
        value=JSON_VALUES,
        where=st.sampled_from(["models", "decks", "none", "deep"]),
        flds_column=FLDS_COLUMNS,
        flds=FLDS_VALUES,
        depth=st.integers(1, 200_000),
    )
    def run(
        model_slot: tuple[Any, ...],
        deck_slot: tuple[Any, ...],
        value: Any,
        where: str,
        flds_column: str | None,
        flds: object,
        depth: int,
    ) -> None:
        models: Any = json.loads(json.dumps(B.MODELS))
        decks: Any = json.loads(json.dumps(B.DECKS))
        raw_models = None
        if where == "models":
            models = _put(models, model_slot, value)
        elif where == "decks":
            decks = _put(decks, deck_slot, value)
        elif where == "deep":
            raw_models = '{"1001": ' + _nested(depth) + "}"
        if raw_models is None:
            raw_models = json.dumps(models)  # inf and nan become Infinity and NaN
        if flds is None and flds_column is None:  # the usual column is NOT NULL
            flds_column = "text"
        folder = tmp_path / "in"
        folder.mkdir(exist_ok=True)
        path = B.legacy_package(
            folder,
            "shape",
            notes=[(1001, flds), (1002, "{{c1::a}}\x1f")],
            decks=decks,
            raw_models=raw_models,
            flds_column=flds_column,
        )
        outcomes.append(_import(services, path))

    run()
    assert {"imported", "refused"} <= set(outcomes) and len(outcomes) >= 30


# --- deep nesting and huge numbers in text formats ----------------------------------------

_GOOD_LINE = json.dumps({"question": "2+2?", "answer": "4"})
_TOML_HEAD = 'format = 1\n[deck]\nid = "d"\nname = "D"\n[[problems]]\nid = "p"\nprompt = "q"\n'


def _text_file(fmt: str, kind: str, size: int) -> tuple[str, str]:
    """(file name, text) of format ``fmt`` hiding a ``kind`` of ``size`` in a valid file."""
    digits = "9" * size
    nested = _nested(size)
    if fmt == "toml":
        body = {
            "deep": f'answer = "a"\ntags = {nested}\n',
            "deep_tables": 'answer = "a"\nx = ' + "{a = " * size + "1" + "}" * size + "\n",
            "number": f'answer = "a"\n[problems.params]\na = {{ range = [0, {digits}] }}\n',
            "float": f'answer = "a"\n[problems.params]\na = {{ choice = [1e{digits}] }}\n',
        }[kind]
        return "deck.toml", _TOML_HEAD + body
    if fmt == "json":
        value = {"deep": nested, "deep_tables": nested, "number": digits, "float": f"1e{digits}"}
        return "deck.json", '[{"question": "q", "answer": ' + value[kind] + "}]"
    if fmt == "jsonl":
        value = {"deep": nested, "deep_tables": nested, "number": digits, "float": f"1e{digits}"}
        return "deck.jsonl", f'{_GOOD_LINE}\n{{"question": "q", "answer": {value[kind]}}}\n'
    header = "card_id,review_time,review_rating,review_state,review_duration\n"
    row = {
        "deep": f"p1,1767225600000,3,0,{nested}",
        "deep_tables": f"p1,{digits},3,0,1",
        "number": f"p1,1767225600000,3,0,{digits}",
        "float": f"p1,1767225600000,3,0,1e{size}",
    }[kind]
    return "revlog.csv", header + row + "\n"


@pytest.mark.slow
def test_deep_nesting_and_huge_numbers(services: Services, tmp_path: Path) -> None:
    outcomes: list[str] = []

    @SHAPES
    @given(
        fmt=st.sampled_from(["toml", "json", "jsonl", "revlog"]),
        kind=st.sampled_from(["deep", "deep_tables", "number", "float"]),
        size=st.one_of(st.integers(1, 50), st.integers(900, 1100), st.integers(4000, 20_000)),
    )
    def run(fmt: str, kind: str, size: int) -> None:
        name, text = _text_file(fmt, kind, size)
        path = _fresh(tmp_path / "in", name)
        path.write_text(text, encoding="utf-8")
        outcomes.append(_import(services, path))

    run()
    assert {"imported", "refused"} <= set(outcomes) and len(outcomes) >= 30


# --- a schema-18 collection with any value of the wrong type in any column ---------------

SCHEMA18_SLOTS = [
    ("notetypes", "id"),
    ("notetypes", "name"),
    ("notetypes", "config"),
    ("fields", "ntid"),
    ("fields", "ord"),
    ("fields", "name"),
    ("templates", "ntid"),
    ("templates", "ord"),
    ("templates", "name"),
    ("templates", "config"),
    ("decks", "id"),
    ("decks", "name"),
    ("notes", "id"),
    ("notes", "guid"),
    ("notes", "mid"),
    ("notes", "tags"),
    ("notes", "flds"),
    ("cards", "nid"),
    ("cards", "did"),
    ("cards", "odid"),
    ("cards", "ord"),
    ("revlog", "cid"),
    ("revlog", "ease"),
    ("revlog", "time"),
    ("revlog", "type"),
]
SQL_VALUES = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.binary(max_size=20),
)


@pytest.mark.slow
@pytest.mark.parametrize("slot", SCHEMA18_SLOTS, ids="-".join)
def test_schema18_columns_of_the_wrong_type(
    slot: tuple[str, str], services: Services, tmp_path: Path
) -> None:
    import sqlite3

    from hostile_formats.anki_builders import NoteSpec, schema18_collection

    outcomes: list[str] = []
    table, column = slot

    @settings(SHAPES, max_examples=12)
    @given(value=SQL_VALUES)
    def run(value: object) -> None:
        folder = tmp_path / "in"
        db = _fresh(folder, "c.anki21b")
        cards = schema18_collection(
            db,
            [
                NoteSpec("n1", ["2 + 2", "4"]),
                NoteSpec("n2", ["{{c1::Paris}} is in France", ""], cloze=True),
            ],
        )
        conn = sqlite3.connect(db)
        conn.create_collation("unicase", lambda a, b: (a > b) - (a < b))
        conn.execute(
            "INSERT INTO revlog VALUES (1767225600000, ?, 0, 3, 0, 0, 0, 5000, 1)",
            (cards[("n1", 0)],),
        )
        # NOT NULL, a primary key: a value the file cannot hold either is left out
        with contextlib.suppress(sqlite3.Error):
            conn.execute(f"UPDATE {table} SET {column} = ?", (value,))
        conn.commit()
        conn.close()
        path = B.package(
            _fresh(folder, "s18.apkg"),
            {"meta": b"\x08\x03", "collection.anki21b": B.zstd_frame(db.read_bytes())},
        )
        outcomes.append(_import(services, path))

    run()
    assert len(outcomes) >= 6
