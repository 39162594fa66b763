"""Choosing the reader: extension, content, --format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.errors import DeckFormatError
from trainer.formats.detect import ReadOptions, detect_format, read_any


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("d.toml", b"format = 1", "toml"),
        ("d.csv", b"front,back\n", "csv"),
        ("d.csv", b"\xef\xbb\xbfcard_id,review_time,review_rating\n", "revlog"),
        ("d.tsv", b"a\tb\n", "tsv"),
        ("d.jsonl", b"{}", "jsonl"),
        ("d.json", b"[]", "json"),
        ("d.apkg", b"PK", "apkg"),
        ("d.colpkg", b"PK", "colpkg"),
        ("noext", b"PK\x03\x04rest", "apkg"),
        ("noext", b"  [ {} ]", "json"),
        ("noext", b'{"a": 1}\n', "jsonl"),
        ("noext", b"a\tb\n", "tsv"),
        ("noext", b"format = 1\n[deck]\n", "toml"),
    ],
)
def test_detection(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == expected


def test_format_option_overrides_and_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text(json.dumps({"question": "q", "answer": "a"}) + "\n")
    batch = read_any(path, ReadOptions(format="jsonl", deck_name="From text"))
    assert batch.decks[0].name == "From text" and batch.decks[0].problems[0].answer == "a"
    with pytest.raises(DeckFormatError, match="unknown format 'xlsx'"):
        read_any(path, ReadOptions(format="xlsx"))
    odd = tmp_path / "mystery"
    odd.write_bytes(b"just words")
    with pytest.raises(DeckFormatError, match="--format"):
        read_any(odd, ReadOptions())


def test_toml_through_read_any_and_progress(tmp_path: Path) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text(
        'format = 1\n[deck]\nid = "d"\nname = "D"\n[[problems]]\nid = "1"\n'
        'prompt = "p"\nanswer = "a"\n'
    )
    assert read_any(deck, ReadOptions()).decks[0].problems[0].key == "1"
    calls: list[tuple[int, int | None]] = []
    csv_path = tmp_path / "p.csv"
    csv_path.write_text("prompt,answer\n" + "".join(f"q{i},{i}\n" for i in range(100)))
    read_any(csv_path, ReadOptions(progress=lambda done, total: calls.append((done, total))))
    assert calls and calls[-1][0] == calls[-1][1] == csv_path.stat().st_size


def test_known_unsupported_formats_say_so(tmp_path: Path) -> None:
    path = tmp_path / "ASDiv.xml"
    path.write_text("<Machine-Reading-Corpus-File/>")
    with pytest.raises(DeckFormatError, match="XML is not an import format; save it as CSV"):
        read_any(path, ReadOptions())
