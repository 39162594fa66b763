"""Every hostile file the red team found ends in one located line (or a located skip),
read in bounded memory and time: the readers' half of issue 13."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from trainer.errors import DeckFormatError, UnsafeFileError
from trainer.formats import anki_html
from trainer.formats.detect import ReadOptions, read_any

from .hostile_builders import CASES, zstd_frame, zstd_rle_frame

# name -> (what happens, a pattern the one line must match). "error": the read fails
# with exactly one problem; "skip": the read succeeds and says what it left out.
EXPECTED: dict[str, tuple[str, str]] = {
    "zstd_media_bomb": ("error", r"zstd-media\.apkg: media: refused: zstd compression ratio"),
    "zstd_collection_bomb": ("error", r"collection\.anki21b: refused: zstd compression ratio"),
    "generated_printf": ("error", r"notes\.flds: is a generated column"),
    "generated_zeroblob": ("error", r"notes\.flds: is a generated column"),
    "unclosed_clozes": ("skip", r"note g1: cloze note without any"),
    "many_clozes": ("skip", r"note g1: 10000 cloze cards, over the limit of 500 a note"),
    "unclosed_comments": ("skip", r"note g1 card 1: prompt is 200000 characters"),
    "unclosed_tags": ("skip", r"note g1 card 1: prompt is 260000 characters, over the"),
    "huge_prompt_anki": ("skip", r"note g1: its fields are 52428802 bytes, over the"),
    "long_prompt_anki": ("skip", r"note g1 card 1: prompt is 300000 characters"),
    "huge_prompt_toml": ("error", r"bigprompt\.toml: is over the 33554432-byte limit"),
    "long_prompt_toml": ("error", r"longprompt\.toml:8: problems\[0\]\.prompt: is 300000 char"),
    "long_line_toml": ("error", r"longline\.toml:10: line is 2000002 bytes, over the 1048576"),
    "huge_prompt_csv": ("error", r"bigprompt\.csv:2: "),
    "newline_flood_csv": ("error", r"newlines\.csv:1000001: more than 1000000 lines"),
    "tiny_lines_jsonl": ("error", r"tiny\.jsonl:1000001: more than 1000000 lines"),
    "toml_deep_arrays": ("error", r"deep\.toml:9: not valid TOML: .*nested more than 100"),
    "toml_huge_integer": ("error", r"bigint\.toml:10: not valid TOML: .*more than 4300 digits"),
    "toml_many_problems": ("error", r"many\.toml: problems: 300000 problems, over the limit"),
    "toml_many_tags": ("error", r"tags\.toml:9: problems\[0\]\.tags: 5000 items, over the limit"),
    "json_deep": ("error", r"deep\.json:1: not valid JSON: nested too deeply"),
    "json_many_items": ("error", r"items\.json:1: more than 1000000 items in the JSON array"),
    "jsonl_deep_line": ("skip", r"deep\.jsonl:2: not valid JSON \(nested too deeply\)"),
    "jsonl_huge_number": ("skip", r"bignum\.jsonl:2: not valid JSON \(.*4300 digits\)"),
    "json_huge_number": ("error", r"bignum\.json:1: not valid JSON: .*4300 digits"),
    "revlog_huge_duration": ("skip", r"revlog\.csv:2: review_duration 1e23 ms is over a day"),
    "models_list": ("error", r"col\.models: the note type table is a list, expected an object"),
    "models_string": ("error", r"col\.models: the note type table is a string"),
    "decks_list": ("error", r"col\.decks: the deck table is a list, expected an object"),
    "many_same_decks": ("read", ""),
    "tmpls_string": ("error", r"col\.models: note type '1001': tmpls is a string"),
    "model_id_infinity": ("error", r"col\.models: not valid JSON \(Infinity is not a number"),
    "models_deep": ("error", r"col\.models: JSON nested too deeply"),
    "flds_blob": ("skip", r"note g1: its fields are BLOB, not text"),
    "flds_null": ("skip", r"note g1: its fields are NULL, not text"),
    "revlog_huge_times": ("read", ""),
}


def test_every_case_has_an_expectation() -> None:
    assert set(EXPECTED) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_gives_one_located_line(name: str, tmp_path: Path) -> None:
    path = CASES[name](tmp_path)
    outcome, pattern = EXPECTED[name]
    if outcome == "error":
        with pytest.raises(DeckFormatError) as caught:
            read_any(path, ReadOptions())
        assert len(caught.value.problems) == 1
        line = str(caught.value)
        assert "\n" not in line and line.startswith(str(path)), line
        assert re.search(pattern, line), line
        return
    batch = read_any(path, ReadOptions())
    lines = [str(s) for s in batch.skipped]
    if outcome == "skip":
        assert any(re.search(pattern, line) for line in lines), lines
        assert all(str(path) in line for line in lines), lines
    for deck in batch.decks:  # whatever was read is within the caps
        for problem in deck.problems:
            assert len(problem.prompt) <= 100_000 and len(problem.answer) <= 100_000


def test_zstd_ratio_counts_from_the_bytes_on_disk(tmp_path: Path) -> None:
    """A frame that stays under the absolute cap is still refused by the ratio, and an
    honest frame of the same size is read."""
    from trainer.formats.zip_safety import open_zip

    from .hostile_builders import package

    bomb = package(tmp_path / "bomb.zip", {"a": zstd_rle_frame(8 * 1024 * 1024)})
    with open_zip(bomb) as archive, pytest.raises(UnsafeFileError, match="ratio is over 200"):
        archive.read("a", zstd=True)
    honest = os.urandom(4 * 1024 * 1024)
    fine = package(tmp_path / "fine.zip", {"a": zstd_frame(honest)})
    with open_zip(fine) as archive:
        assert archive.read("a", zstd=True) == honest


def test_zstd_absolute_cap_holds_below_the_ratio(tmp_path: Path) -> None:
    from trainer.formats.zip_safety import ZipLimits, open_zip

    from .hostile_builders import package

    data = bytes(range(256)) * 8192  # 2 MiB
    path = package(tmp_path / "a.zip", {"a": zstd_frame(data)})
    limits = ZipLimits(max_member=1024 * 1024, ratio_floor=64 * 1024 * 1024)
    with (
        open_zip(path, limits) as archive,
        pytest.raises(UnsafeFileError, match="zstd expands past 1048576 bytes"),
    ):
        archive.read("a", zstd=True)


def test_truncated_zstd_is_one_line(tmp_path: Path) -> None:
    from trainer.formats.zip_safety import open_zip

    from .hostile_builders import package

    frame = zstd_frame(bytes(range(256)) * 100)
    path = package(tmp_path / "a.zip", {"a": frame[: len(frame) // 2], "b": frame[:4] + b"xx"})
    with open_zip(path) as archive:
        for name in ("a", "b"):
            with pytest.raises(DeckFormatError, match=f"{name}: corrupt zstd data"):
                archive.read(name, zstd=True)


def test_sqlite_length_limit_is_set_on_the_foreign_connection(tmp_path: Path) -> None:
    """A value computed on read (not a column we refuse up front) hits SQLite's own cap."""
    import sqlite3

    from trainer.formats.anki_collection import read_collection

    from .hostile_builders import legacy_collection

    db = legacy_collection(tmp_path / "c.anki2")
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE cards")
    conn.execute(
        "CREATE VIEW cards AS SELECT 1 AS id, 1 AS nid, 1 AS did, 0 AS odid, "
        "length(zeroblob(400000000)) AS ord"
    )
    conn.commit()
    conn.close()
    with pytest.raises(DeckFormatError) as caught:
        read_collection(db, "c.anki2")
    assert "not an Anki collection" in str(caught.value) or "too big" in str(caught.value)


# --- linear scanners: the same answers as the old regexes, in linear time -------------

_OLD_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@pytest.mark.parametrize(
    "text",
    [
        "{{c1::Paris}} is the capital of {{c2::France::country}}",
        "{{c1::a::}} {{c1::b:::c}} {{c3::x}}}",
        "{{c1::unclosed {{c2::inner}} tail",
        "{{c1::a:}} {{c12::b}}{{c1::",
        "no clozes at all",
        "{{c1::line\nbreak::hint\nhere}}",
    ],
)
def test_cloze_scanner_matches_the_old_pattern(text: str) -> None:
    old = [
        (m.start(), m.end(), int(m.group(1)), m.group(2), m.group(3))
        for m in _OLD_CLOZE.finditer(text)
    ]
    assert anki_html.clozes(text) == old


@pytest.mark.parametrize(
    "text",
    [
        "{{c1::" * 3000,
        "<!--" * 20000,
        "<a " * 20000,
        "<img src=" * 20000,
        "\\(" * 20000,
        "\\[" * 20000,
        "[sound:" * 20000,
        "[$]" * 20000,
        "<script>" * 20000,
        "<div " * 20000,
    ],
)
def test_unclosed_marks_are_kept_as_text_in_linear_time(text: str) -> None:
    import time

    started = time.perf_counter()
    converted = anki_html.to_texts([text + "\x1fx"])[0]
    anki_html.cloze_numbers(text)
    anki_html.media_references(text)
    # Quadratic scanning took seconds to minutes on these; linear takes milliseconds.
    assert time.perf_counter() - started < 5
    assert converted


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("<!-- note -->2 + 2", "2 + 2"),
        ("a<script>x</script>b", "ab"),
        ("<div>one</div><div>two</div>", "one\n\ntwo"),
        ('<img src="a.png"> and <img src=b.png>', "![](a.png) and ![](b.png)"),
        ("[sound:x.mp3]hello", "hello"),
        ("\\(x^2\\) and \\[y\\]", "$x^2$ and $$y$$"),
        ("[$]a[/$] [latex]b[/latex]", "$a$ $$b$$"),
        ("<span class=x>kept</span>", "kept"),
        ("open <!-- never closed", "open <!-- never closed"),
        ("open \\( never closed", "open \\( never closed"),
    ],
)
def test_html_conversion_keeps_its_meaning(field: str, expected: str) -> None:
    assert anki_html.to_text(field) == expected


def test_media_references_with_unclosed_tags() -> None:
    assert anki_html.media_references('<img src="a.png"><img src="b.png" [sound:c.mp3]') == [
        "a.png",
        "c.mp3",
    ]


def test_row_counts_are_capped_before_rows_become_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1 GiB collection of tiny rows would need several GB as Python objects: the
    rows are counted in SQL first (the caps are lowered here to keep the file small)."""
    from trainer.formats.limits import MAX_ANKI_ROWS

    from .hostile_builders import legacy_package

    notes = [(1001, f"{i} + 1\x1f{i + 1}") for i in range(30)]
    path = legacy_package(tmp_path, "many", notes=notes)
    assert read_any(path, ReadOptions()).decks  # under the real caps: read
    monkeypatch.setitem(MAX_ANKI_ROWS, "cards", 20)
    with pytest.raises(DeckFormatError, match=r"many\.apkg: .*cards: refused: 30 rows, over"):
        read_any(path, ReadOptions())


def test_a_deck_with_thousands_of_errors_reports_twenty_and_a_count(tmp_path: Path) -> None:
    path = tmp_path / "errors.toml"
    path.write_text(
        'format = 1\n[deck]\nid = "e"\nname = "E"\n' + "[[problems]]\n" * 5000,
        encoding="utf-8",
    )
    with pytest.raises(DeckFormatError) as caught:
        read_any(path, ReadOptions())
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 21
    assert problems[0].startswith(f"{path}:5: problems[0]")
    assert problems[-1] == f"{path}: ... and 14980 more problems"


def test_all_fields_together_are_capped_in_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 7 MB package held 419 MB of fields (2.2 GB to read): the total is summed in SQL
    first (the cap is lowered here to keep the file small)."""
    from trainer.formats import anki_collection

    from .hostile_builders import legacy_package

    notes = [(1001, f"{'x' * 100} {i}\x1f{i}") for i in range(30)]
    path = legacy_package(tmp_path, "fat", notes=notes)
    assert read_any(path, ReadOptions()).decks
    monkeypatch.setattr(anki_collection, "MAX_ALL_NOTES_BYTES", 2000)
    with pytest.raises(DeckFormatError, match=r"fat\.apkg: .*notes: refused: \d+ bytes of fields"):
        read_any(path, ReadOptions())
