"""Hostile and broken files: each gets a clear error saying what and where, never a crash."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import genanki
import pytest

from trainer.errors import DeckFormatError, UnsafeFileError
from trainer.formats.anki import read_anki_package
from trainer.formats.detect import ReadOptions, read_any
from trainer.formats.tabular import read_csv, read_jsonl
from trainer.formats.zip_safety import ZipLimits, open_zip, unsafe_member_name


def _genanki_package(path: Path) -> Path:
    model = genanki.Model(
        1,
        "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "C", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    )
    deck = genanki.Deck(1, "D")
    for i in range(50):
        deck.add_note(genanki.Note(model=model, fields=[f"q{i}", f"a{i}"]))
    genanki.Package(deck).write_to_file(str(path))
    return path


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "a/../../b", "C:\\x", "..\\up"])
def test_zip_slip_names_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "slip.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki2", b"x")
        archive.writestr(name, b"payload")
    with pytest.raises(UnsafeFileError, match="unsafe name"):
        read_any(path, ReadOptions())


def test_ordinary_names_are_fine() -> None:
    assert unsafe_member_name("0") is None
    assert unsafe_member_name("collection.anki21b") is None
    assert unsafe_member_name("media/pic..png") is None


def test_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", b"\0" * (64 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(UnsafeFileError, match="zip bomb"):
        read_anki_package(path)


def test_size_caps_hold_even_when_headers_lie(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a", os.urandom(300_000))
        archive.writestr("b", os.urandom(300_000))
    with (
        pytest.raises(UnsafeFileError, match="over the 100000-byte limit"),
        open_zip(path, ZipLimits(max_member=100_000)),
    ):
        pass
    # Declared sizes pass the opening check; the running count while reading catches it.
    with (
        pytest.raises(UnsafeFileError, match="archive expands past"),
        open_zip(path, ZipLimits(max_total=10**9, max_member=10**9)) as archive,
    ):
        archive._limits = ZipLimits(max_total=400_000)
        archive.read("a")
        archive.read("b")


def test_non_zip_apkg(tmp_path: Path) -> None:
    path = tmp_path / "deck.apkg"
    path.write_bytes(b"<html>not a package</html>")
    with pytest.raises(DeckFormatError, match="deck.apkg: not a zip archive"):
        read_any(path, ReadOptions())


def test_truncated_apkg(tmp_path: Path) -> None:
    whole = _genanki_package(tmp_path / "whole.apkg").read_bytes()
    for cut in (len(whole) // 2, len(whole) - 30):
        path = tmp_path / f"cut-{cut}.apkg"
        path.write_bytes(whole[:cut])
        with pytest.raises(DeckFormatError):
            read_any(path, ReadOptions())


def test_corrupted_member_fails_its_crc(tmp_path: Path) -> None:
    path = tmp_path / "crc.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("collection.anki2", b"A" * 5000)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DeckFormatError, match="corrupt or truncated"):
        read_any(path, ReadOptions())


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("prompt,answer\nok,1\ncafé,2\n".encode("latin-1"))
    with pytest.raises(DeckFormatError, match=r"latin1.csv:3: is not valid UTF-8 \(byte 0xe9"):
        read_csv(path)


def test_a_100_mb_line_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    for name, head in (
        ("huge.csv", b"prompt,answer\nq,1\n"),
        ("huge.jsonl", b'{"q": "a", "a": 1}\n{"q": "b", "a": 2}\n'),
    ):
        path = tmp_path / name
        with path.open("wb") as handle:
            handle.write(head)
            chunk = b"x" * (1024 * 1024)
            for _ in range(100):
                handle.write(chunk)
            handle.write(b"\n")
        started = time.perf_counter()
        with pytest.raises(DeckFormatError, match=rf"{name}:3: line is longer than"):
            read_any(path, ReadOptions())
        assert time.perf_counter() - started < 5


def test_binary_garbage_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(b"prompt,answer\n" + bytes(range(256)) * 4)
    with pytest.raises(DeckFormatError, match=r"garbage.csv:2: contains a NUL byte"):
        read_csv(path)
    jsonl = tmp_path / "garbage.jsonl"
    jsonl.write_bytes(os.urandom(2000).replace(b"\0", b"\1").replace(b"\n", b"\2"))
    with pytest.raises(DeckFormatError, match="garbage.jsonl:1"):
        read_jsonl(jsonl)


def test_empty_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DeckFormatError, match="empty"):
        read_csv(empty)
    with pytest.raises(DeckFormatError, match="no such file"):
        read_any(tmp_path / "missing.csv", ReadOptions())


def test_encrypted_member_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki2", b"x" * 100)
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag bit in both the local and the central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature) + offset
        data[at] |= 1
    path.write_bytes(bytes(data))
    with pytest.raises(DeckFormatError, match="encrypted"):
        read_anki_package(path)
