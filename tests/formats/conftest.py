"""Fixtures for the format tests: Anki packages built in tmp_path."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from .anki_builders import NoteSpec, media_entries, schema18_collection, stub_collection


@pytest.fixture
def make_anki21b(tmp_path: Path) -> Callable[..., Path]:
    """Write a newest-format package; ``revlog`` rows are (id ms, (guid, ord), ease, ms, type)."""

    def build(
        name: str,
        notes: list[NoteSpec],
        media: dict[str, bytes] | None = None,
        revlog: list[tuple[int, tuple[str, int], int, int, int]] = (),
    ) -> Path:
        work = tmp_path / f"build-{name}"
        work.mkdir()
        db = work / "c.anki21b"
        cards = schema18_collection(db, notes)
        if revlog:
            conn = sqlite3.connect(db)
            for rid, card, ease, ms, kind in revlog:
                conn.execute(
                    "INSERT INTO revlog VALUES (?,?,0,?,0,0,0,?,?)",
                    (rid, cards[card], ease, ms, kind),
                )
            conn.commit()
            conn.close()
        stub = work / "stub.anki2"
        stub_collection(stub)
        zstd = zstandard.ZstdCompressor()
        media = media or {}
        out = tmp_path / name
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("meta", b"\x08\x03")
            archive.writestr("collection.anki21b", zstd.compress(db.read_bytes()))
            archive.writestr("collection.anki2", stub.read_bytes())
            archive.writestr("media", zstd.compress(media_entries(list(media))))
            for i, data in enumerate(media.values()):
                archive.writestr(str(i), zstd.compress(data))
        return out

    return build
