"""Hostile import files, each small on disk and built in a blink: the red team's cases.

Each builder writes one file into a folder and returns its path. They are shared by the
reader tests, the fuzz tests and the subprocess test that imports them through the CLI
under memory and time limits.
"""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import zstandard

from .anki_builders import SCHEMA_11

_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_RLE_BLOCK = 128 * 1024
MiB = 1024 * 1024


def zstd_rle_frame(size: int, byte: int = 0) -> bytes:
    """A zstd frame that inflates to ``size`` copies of ``byte``: 4 bytes per 128 KiB.

    No content size in the header (the reader must count what it produces); one RLE
    block after another, the way a bomb is built by hand.
    """
    out = bytearray(_ZSTD_MAGIC)
    out += bytes([0x00, 7 << 3])  # no single segment, no checksum; 128 KiB window
    left = size
    while True:
        block = min(left, _RLE_BLOCK)
        left -= block
        last = 1 if left == 0 else 0
        header = last | (1 << 1) | (block << 3)  # type 1: RLE
        out += struct.pack("<I", header)[:3] + bytes([byte])
        if last:
            return bytes(out)


def zstd_frame(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


MODELS = {
    "1001": {
        "id": 1001,
        "name": "Basic",
        "type": 0,
        "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
        "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    },
    "1002": {
        "id": 1002,
        "name": "Cloze",
        "type": 1,
        "flds": [{"name": "Text", "ord": 0}, {"name": "Back Extra", "ord": 1}],
        "tmpls": [{"name": "Cloze", "ord": 0, "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
    },
}
DECKS = {"1": {"id": 1, "name": "Default"}}


def legacy_collection(
    path: Path,
    notes: list[tuple[int, object]] = ((1001, "2 + 2\x1f4"),),  # type: ignore[assignment]
    *,
    models: object = None,
    decks: object = None,
    raw_models: str | None = None,
    flds_column: str | None = None,
    revlog: list[tuple[object, ...]] = (),  # type: ignore[assignment]
) -> Path:
    """A schema-11 collection; ``flds_column`` replaces the ``flds`` column definition
    (a generated column, say); ``raw_models`` is stored as ``col.models`` verbatim."""
    schema = SCHEMA_11
    if flds_column is not None:
        schema = schema.replace("flds text not null", f"flds {flds_column}")
    conn = sqlite3.connect(path)
    conn.executescript(schema)
    models_text = raw_models if raw_models is not None else json.dumps(models or MODELS)
    conn.execute(
        "INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')",
        (models_text, json.dumps(DECKS if decks is None else decks)),
    )
    for i, (mid, flds) in enumerate(notes, start=1):
        if flds_column is not None and "generated" in flds_column:
            conn.execute(
                "INSERT INTO notes (id,guid,mid,mod,usn,tags,sfld,csum,flags,data) "
                "VALUES (?,?,?,0,0,'',0,0,0,'')",
                (i, f"g{i}", mid),
            )
        else:
            conn.execute(
                "INSERT INTO notes VALUES (?,?,?,0,0,'',?,0,0,0,'')", (i, f"g{i}", mid, flds)
            )
        conn.execute("INSERT INTO cards VALUES (?,?,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,'')", (i, i))
    for row in revlog:
        conn.execute("INSERT INTO revlog VALUES (?,?,0,?,0,0,0,?,?)", row)
    conn.commit()
    conn.close()
    return path


def package(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def legacy_package(folder: Path, name: str, **collection: object) -> Path:
    db = folder / f"{name}.anki2"
    db.unlink(missing_ok=True)
    legacy_collection(db, **collection)  # type: ignore[arg-type]
    data = db.read_bytes()
    db.unlink()
    return package(folder / f"{name}.apkg", {"collection.anki2": data, "media": b"{}"})


def _valid_anki21b(folder: Path) -> bytes:
    db = folder / "inner.anki2"
    db.unlink(missing_ok=True)
    legacy_collection(db)
    data = db.read_bytes()
    db.unlink()
    return data


# --- The cases: name -> builder(folder) -> path ---------------------------------------


def zstd_media_bomb(folder: Path) -> Path:
    return package(
        folder / "zstd-media.apkg",
        {
            "meta": b"\x08\x03",
            "collection.anki21b": zstd_frame(_valid_anki21b(folder)),
            "media": zstd_rle_frame(900 * MiB),
        },
    )


def zstd_collection_bomb(folder: Path) -> Path:
    return package(
        folder / "zstd-collection.apkg",
        {"meta": b"\x08\x03", "collection.anki21b": zstd_rle_frame(900 * MiB)},
    )


def generated_printf(folder: Path) -> Path:
    return legacy_package(
        folder,
        "printf",
        flds_column=(
            "text generated always as (printf('%.*c', 200000000, 'x') || char(31) || 'y') virtual"
        ),
    )


def generated_zeroblob(folder: Path) -> Path:
    return legacy_package(
        folder, "zeroblob", flds_column="blob generated always as (zeroblob(400000000)) virtual"
    )


def unclosed_clozes(folder: Path) -> Path:
    return legacy_package(folder, "cloze", notes=[(1002, "{{c1::" * 3000 + "\x1f")])


def many_clozes(folder: Path) -> Path:
    """One note of 10,000 distinct clozes and no cards: a card per cloze, each the
    whole 119 KB text again (92 s, 1.2 GB of prompts)."""
    text = "".join(f"{{{{c{i}::a}}}}" for i in range(1, 10_001))
    db = folder / "clozes.anki2"
    db.unlink(missing_ok=True)
    legacy_collection(db, notes=[(1002, text + "\x1f")])
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM cards")
    conn.commit()
    conn.close()
    return package(folder / "clozes.apkg", {"collection.anki2": db.read_bytes(), "media": b"{}"})


def unclosed_comments(folder: Path) -> Path:
    return legacy_package(folder, "comments", notes=[(1001, "<!--" * 50000 + "\x1fx")])


def unclosed_tags(folder: Path) -> Path:
    text = "<a " * 20000 + "<img src=" * 10000 + "\\(" * 20000 + "[sound:" * 10000
    return legacy_package(folder, "tags", notes=[(1001, text + "\x1fx")])


def _letters(size: int) -> str:
    """Text that does not compress much (so no ratio cap stops it first)."""
    table = bytes(97 + i % 26 for i in range(256))
    return os.urandom(size).translate(table).decode("ascii")


def huge_prompt_anki(folder: Path) -> Path:
    return legacy_package(folder, "bigprompt", notes=[(1001, _letters(50 * MiB) + "\x1fy")])


def long_prompt_anki(folder: Path) -> Path:
    """Under the note cap, over the prompt cap."""
    return legacy_package(folder, "longprompt", notes=[(1001, _letters(300_000) + "\x1fy")])


def huge_prompt_toml(folder: Path) -> Path:
    path = folder / "bigprompt.toml"
    body = "y" * (50 * 1024 * 1024)
    path.write_text(
        f'format = 1\n[deck]\nid = "big"\nname = "Big"\n\n[[problems]]\nid = "p1"\n'
        f'prompt = "{body}"\nanswer = "1"\n',
        encoding="utf-8",
    )
    return path


def long_prompt_toml(folder: Path) -> Path:
    """Under the line cap, over the prompt cap."""
    path = folder / "longprompt.toml"
    path.write_text(
        f'format = 1\n[deck]\nid = "long"\nname = "Long"\n\n[[problems]]\nid = "p1"\n'
        f'prompt = "{_letters(300_000)}"\nanswer = "1"\n',
        encoding="utf-8",
    )
    return path


def long_line_toml(folder: Path) -> Path:
    path = folder / "longline.toml"
    path.write_text(
        'format = 1\n[deck]\nid = "w"\nname = "W"\n\n[[problems]]\nid = "p1"\n'
        f'prompt = "q"\nanswer = "1"\n# {"x" * 2_000_000}\n',
        encoding="utf-8",
    )
    return path


def huge_prompt_csv(folder: Path) -> Path:
    path = folder / "bigprompt.csv"
    path.write_text("front,back\n" + "z" * (6 * 1024 * 1024) + ",1\n", encoding="utf-8")
    return path


def newline_flood_csv(folder: Path) -> Path:
    """30 MB of blank lines: 15 million strings (gigabytes), minutes of parsing."""
    path = folder / "newlines.csv"
    path.write_bytes(b"front,back\n" + b" \n" * 15_000_000)
    return path


def tiny_lines_jsonl(folder: Path) -> Path:
    path = folder / "tiny.jsonl"
    path.write_bytes(b"{}\n" * 10_000_000)
    return path


def toml_deep_arrays(folder: Path) -> Path:
    path = folder / "deep.toml"
    path.write_text(
        'format = 1\n[deck]\nid = "d"\nname = "D"\n[[problems]]\nid = "p"\n'
        'prompt = "q"\nanswer = "a"\ntags = ' + "[" * 5000 + "]" * 5000 + "\n",
        encoding="utf-8",
    )
    return path


def toml_huge_integer(folder: Path) -> Path:
    path = folder / "bigint.toml"
    path.write_text(
        'format = 1\n[deck]\nid = "d"\nname = "D"\n[[problems]]\nid = "p"\n'
        'prompt = "q"\nanswer = "a"\n[problems.params]\na = { range = [0, ' + "9" * 4400 + "] }\n",
        encoding="utf-8",
    )
    return path


def toml_many_problems(folder: Path) -> Path:
    """300,000 empty ``[[problems]]`` tables (3.9 MB): 900,000 errors, 10 s to find."""
    path = folder / "many.toml"
    path.write_text(
        'format = 1\n[deck]\nid = "m"\nname = "M"\n' + "[[problems]]\n" * 300_000,
        encoding="utf-8",
    )
    return path


def toml_many_tags(folder: Path) -> Path:
    """5,000 tags on one problem (a 30 MB deck held 7.6 million)."""
    path = folder / "tags.toml"
    tags = ", ".join(f'"t{i}"' for i in range(5000))
    path.write_text(
        'format = 1\n[deck]\nid = "t"\nname = "T"\n[[problems]]\nid = "p"\n'
        f'prompt = "q"\nanswer = "a"\ntags = [{tags}]\n',
        encoding="utf-8",
    )
    return path


def json_deep(folder: Path) -> Path:
    path = folder / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


def json_many_items(folder: Path) -> Path:
    """30 MB of ``{},``: ten million dicts (MemoryError after 27 s under 3 GB)."""
    path = folder / "items.json"
    path.write_bytes(b"[" + b"{}," * 10_000_000 + b"{}]")
    return path


def jsonl_deep_line(folder: Path) -> Path:
    path = folder / "deep.jsonl"
    good = json.dumps({"question": "2+2?", "answer": "4"})
    path.write_text(good + "\n" + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return path


def jsonl_huge_number(folder: Path) -> Path:
    path = folder / "bignum.jsonl"
    good = json.dumps({"question": "2+2?", "answer": "4"})
    path.write_text(good + '\n{"question": "q", "answer": ' + "7" * 5000 + "}\n", encoding="utf-8")
    return path


def json_huge_number(folder: Path) -> Path:
    path = folder / "bignum.json"
    path.write_text('[{"question": "q", "answer": ' + "7" * 5000 + "}]", encoding="utf-8")
    return path


def revlog_huge_duration(folder: Path) -> Path:
    path = folder / "revlog.csv"
    path.write_text(
        "card_id,review_time,review_rating,review_state,review_duration\n"
        "p1,1767225600000,3,0,1e23\n",
        encoding="utf-8",
    )
    return path


def models_list(folder: Path) -> Path:
    return legacy_package(folder, "models-list", raw_models="[]")


def models_string(folder: Path) -> Path:
    return legacy_package(folder, "models-string", raw_models='"hello"')


def decks_list(folder: Path) -> Path:
    return legacy_package(folder, "decks-list", decks=[{"id": 1, "name": "x"}])


def many_same_decks(folder: Path) -> Path:
    """20,000 decks of one name: key clashes were resolved in quadratic time."""
    decks = {str(i): {"id": i, "name": "x"} for i in range(1, 20_001)}
    return legacy_package(folder, "same-decks", decks=decks)


def tmpls_string(folder: Path) -> Path:
    models = json.loads(json.dumps(MODELS))
    models["1001"]["tmpls"] = "{{Front}}"
    return legacy_package(folder, "tmpls-string", models=models)


def model_id_infinity(folder: Path) -> Path:
    raw = json.dumps(MODELS).replace('"id": 1001', '"id": Infinity')
    return legacy_package(folder, "model-infinity", raw_models=raw)


def models_deep(folder: Path) -> Path:
    return legacy_package(
        folder, "models-deep", raw_models='{"1": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )


def flds_blob(folder: Path) -> Path:
    return legacy_package(folder, "flds-blob", notes=[(1001, b"\xff\xfe2+2\x1f4")])


def flds_null(folder: Path) -> Path:
    return legacy_package(folder, "flds-null", flds_column="text", notes=[(1001, None)])


def revlog_huge_times(folder: Path) -> Path:
    return legacy_package(
        folder,
        "revlog-huge",
        revlog=[(2**62, 1, 3, 1e23, 1), (5, 1, "y", -(2**62), 1), (6, 1, 3, "x", 2**40)],
    )


# Every case: name -> builder. Each must end in one clear line (or clean skips) quickly.
CASES: dict[str, Callable[[Path], Path]] = {
    f.__name__: f
    for f in (
        zstd_media_bomb,
        zstd_collection_bomb,
        generated_printf,
        generated_zeroblob,
        unclosed_clozes,
        many_clozes,
        unclosed_comments,
        unclosed_tags,
        huge_prompt_anki,
        long_prompt_anki,
        huge_prompt_toml,
        long_prompt_toml,
        long_line_toml,
        huge_prompt_csv,
        newline_flood_csv,
        tiny_lines_jsonl,
        toml_deep_arrays,
        toml_huge_integer,
        toml_many_problems,
        toml_many_tags,
        json_deep,
        json_many_items,
        jsonl_deep_line,
        jsonl_huge_number,
        json_huge_number,
        revlog_huge_duration,
        models_list,
        models_string,
        decks_list,
        many_same_decks,
        tmpls_string,
        model_id_infinity,
        models_deep,
        flds_blob,
        flds_null,
        revlog_huge_times,
    )
}
