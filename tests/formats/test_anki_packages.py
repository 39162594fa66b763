"""Anki packages made with genanki (legacy) and by hand (newest anki21b, colpkg)."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import genanki
import pytest

from trainer.domain import CardPhase, Problem, Rating, ReviewSource
from trainer.errors import DeckFormatError
from trainer.formats.anki import read_anki_package
from trainer.formats.detect import ReadOptions, read_any

from .anki_builders import NoteSpec, stub_collection

BASIC = genanki.Model(
    1607392319,
    "Basic",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[
        {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}
    ],
)
REVERSED = genanki.Model(
    1607392320,
    "Basic (and reversed card)",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[
        {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"},
        {"name": "Card 2", "qfmt": "{{Back}}", "afmt": "{{FrontSide}}<hr id=answer>{{Front}}"},
    ],
)
TYPE_IN = genanki.Model(
    1607392321,
    "Type in",
    fields=[{"name": "Question"}, {"name": "Expected"}, {"name": "Notes"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Question}}\n\n{{type:Expected}}",
            "afmt": "{{Question}}<hr id=answer>{{type:Expected}}<br>{{Notes}}",
        }
    ],
)


def _write(tmp_path: Path, name: str, decks: list[genanki.Deck], media: list[str] = ()) -> Path:
    out = tmp_path / name
    genanki.Package(decks, media_files=list(media)).write_to_file(str(out))
    return out


def _problems(batch):
    return {p.key: p for deck in batch.decks for p in deck.problems}


def test_basic_notes_become_problems_with_text_math_tags_and_nested_deck(tmp_path: Path) -> None:
    deck = genanki.Deck(2059400110, "Maths::Algebra")
    deck.add_note(
        genanki.Note(
            model=BASIC,
            guid="g-one",
            tags=["algebra", "easy"],
            fields=[
                "<div>Solve \\(x + 1 = 3\\)</div><div>for&nbsp;<b>x</b> &amp; check</div>",
                "\\[ x = 2 \\]",
            ],
        )
    )
    deck.add_note(genanki.Note(model=BASIC, guid="g-two", fields=["a &lt; b?<br>yes", "1"]))
    batch = read_anki_package(_write(tmp_path, "basic.apkg", [deck]))
    assert [(d.key, d.name) for d in batch.decks] == [("maths.algebra", "Maths::Algebra")]
    problems = _problems(batch)
    one = problems["g-one/1"]
    assert one.prompt == "Solve $x + 1 = 3$\n\nfor **x** & check"  # bold kept as emphasis
    assert one.answer == "$$x = 2$$"
    assert one.tags == ("algebra", "easy")
    assert one.note_key == "g-one"
    assert one == Problem(
        key="g-one/1",
        prompt=one.prompt,
        answer="$$x = 2$$",
        tags=("algebra", "easy"),
        note_key="g-one",
    )
    assert one.content_hash() == Problem.from_dict(one.to_dict()).content_hash()
    assert problems["g-two/1"].prompt == "a < b?\nyes"
    assert batch.history == () and batch.media == () and batch.skipped == ()


def test_keys_are_stable_across_reexports(tmp_path: Path) -> None:
    def build(name: str, answer: str) -> Path:
        deck = genanki.Deck(1, "D")
        deck.add_note(genanki.Note(model=REVERSED, guid="same-guid", fields=["Q", answer]))
        return _write(tmp_path, name, [deck])

    first = _problems(read_anki_package(build("a.apkg", "A")))
    second = _problems(read_anki_package(build("b.apkg", "A changed")))
    assert set(first) == set(second) == {"same-guid/1", "same-guid/2"}
    assert second["same-guid/1"].answer == "A changed"
    # The reversed card asks the back and expects the front.
    assert (first["same-guid/2"].prompt, first["same-guid/2"].answer) == ("A", "Q")


def test_cloze_note_gives_one_problem_per_cloze(tmp_path: Path) -> None:
    deck = genanki.Deck(3, "Cloze")
    deck.add_note(
        genanki.Note(
            model=genanki.CLOZE_MODEL,
            guid="cz",
            fields=[
                "{{c1::Paris}} is the capital of {{c2::France::country}}; {{c1::Paris}} again.",
                "extra",
            ],
        )
    )
    problems = _problems(read_anki_package(_write(tmp_path, "cloze.apkg", [deck])))
    assert set(problems) == {"cz/c1", "cz/c2"}
    assert problems["cz/c1"].prompt == "[...] is the capital of France; [...] again."
    assert problems["cz/c1"].answer == "Paris, Paris"
    assert problems["cz/c2"].prompt == "Paris is the capital of [country]; Paris again."
    assert problems["cz/c2"].answer == "France"
    assert problems["cz/c2"].solution == "extra"
    assert {p.note_key for p in problems.values()} == {"cz"}


def test_media_references_and_files_are_carried(tmp_path: Path) -> None:
    image = tmp_path / "pic.png"
    image.write_bytes(b"\x89PNG fake")
    sound = tmp_path / "say.mp3"
    sound.write_bytes(b"ID3 fake")
    deck = genanki.Deck(4, "Media")
    deck.add_note(
        genanki.Note(
            model=BASIC,
            guid="m1",
            fields=['Name this <img src="pic.png"> [sound:say.mp3]', "a cat"],
        )
    )
    deck.add_note(genanki.Note(model=BASIC, guid="m2", fields=['<img src="missing.png">', "x"]))
    batch = read_anki_package(_write(tmp_path, "media.apkg", [deck], [str(image), str(sound)]))
    problems = _problems(batch)
    assert problems["m1/1"].media == ("pic.png", "say.mp3")
    assert problems["m1/1"].prompt == "Name this ![](pic.png)"
    assert {m.name: m.data for m in batch.media} == {
        "pic.png": b"\x89PNG fake",
        "say.mp3": b"ID3 fake",
    }
    assert any("missing.png" in s.reason for s in batch.skipped)


def test_type_in_template_picks_the_typed_field_and_field_map_overrides(tmp_path: Path) -> None:
    deck = genanki.Deck(5, "Typed")
    deck.add_note(genanki.Note(model=TYPE_IN, guid="t1", fields=["2+2?", "4", "easy"]))
    path = _write(tmp_path, "typed.apkg", [deck])
    problem = _problems(read_anki_package(path))["t1/1"]
    assert (problem.prompt, problem.answer, problem.solution) == ("2+2?", "4", "easy")
    mapped = _problems(
        read_anki_package(path, ReadOptions(field_map={"prompt": "Notes", "answer": "Question"}))
    )
    assert (mapped["t1/1"].prompt, mapped["t1/1"].answer) == ("easy", "2+2?")
    missing = read_anki_package(path, ReadOptions(field_map={"prompt": "Nope"}))
    assert not missing.decks and "lacks a mapped field" in missing.skipped[0].reason


def test_deck_name_option_puts_everything_in_one_deck(tmp_path: Path) -> None:
    a, b = genanki.Deck(6, "A"), genanki.Deck(7, "B")
    a.add_note(genanki.Note(model=BASIC, guid="x", fields=["1", "2"]))
    b.add_note(genanki.Note(model=BASIC, guid="y", fields=["3", "4"]))
    batch = read_any(_write(tmp_path, "two.apkg", [a, b]), ReadOptions(deck_name="Mine"))
    assert [(d.name, len(d.problems)) for d in batch.decks] == [("Mine", 2)]


def test_legacy_anki21_is_preferred_over_the_update_stub(tmp_path: Path) -> None:
    deck = genanki.Deck(8, "Legacy2")
    deck.add_note(genanki.Note(model=BASIC, guid="l2", fields=["front", "back"]))
    made = _write(tmp_path, "made.apkg", [deck])
    stub = tmp_path / "stub.anki2"
    stub_collection(stub)
    legacy2 = tmp_path / "legacy2.apkg"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(legacy2, "w") as dst:
        dst.writestr("meta", b"\x08\x02")
        dst.writestr("collection.anki21", src.read("collection.anki2"))
        dst.writestr("collection.anki2", stub.read_bytes())
        dst.writestr("media", src.read("media"))
    assert set(_problems(read_anki_package(legacy2))) == {"l2/1"}
    only_stub = tmp_path / "only-stub.apkg"
    with zipfile.ZipFile(only_stub, "w") as dst:
        dst.writestr("collection.anki2", stub.read_bytes())
    batch = read_anki_package(only_stub)
    assert batch.decks == () and "please update" in batch.skipped[0].reason


def test_anki21b_nested_decks_media_and_unicase(make_anki21b) -> None:
    path = make_anki21b(
        "new.apkg",
        [
            NoteSpec(
                "n1", ["Capital of <i>France</i>?", "Paris"], deck="Geo::Europe", tags=" geo "
            ),
            NoteSpec("n2", ['<img src="flag.png">', "Italy"], deck="Geo::Europe", ords=[0, 1]),
            NoteSpec("n3", ["{{c1::H2O}} is water", ""], cloze=True, deck="Chem"),
        ],
        media={"flag.png": b"PNGDATA", "unused.mp3": b"ID3"},
    )
    # The package is realistic: plain sqlite3 cannot sort its names without the collation.
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
    batch = read_anki_package(path)
    decks = {d.name: d for d in batch.decks}
    assert set(decks) == {"Geo::Europe", "Chem"}
    assert decks["Geo::Europe"].key == "geo.europe"
    problems = _problems(batch)
    assert set(problems) == {"n1/1", "n2/1", "n2/2", "n3/c1"}
    assert problems["n1/1"].prompt == "Capital of *France*?" and problems["n1/1"].tags == ("geo",)
    assert problems["n2/2"].prompt == "Italy" and problems["n2/2"].answer == "![](flag.png)"
    assert problems["n3/c1"].answer == "H2O"
    assert [(m.name, m.data) for m in batch.media] == [("flag.png", b"PNGDATA")]


def test_schema18_needs_the_unicase_collation(make_anki21b, tmp_path: Path) -> None:
    import zstandard

    path = make_anki21b("col.apkg", [NoteSpec("n1", ["q", "a"])])
    with zipfile.ZipFile(path) as archive:
        raw = zstandard.ZstdDecompressor().decompress(
            archive.read("collection.anki21b"), max_output_size=10**7
        )
    db = tmp_path / "plain.sqlite"
    db.write_bytes(raw)
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.OperationalError, match="unicase"):
        conn.execute("SELECT name FROM decks ORDER BY name").fetchall()
    conn.close()
    assert read_anki_package(path).decks[0].problems[0].answer == "a"


def test_colpkg_history_is_keyed_to_problems(make_anki21b) -> None:
    t0 = 1_700_000_000_000
    path = make_anki21b(
        "whole.colpkg",
        [
            NoteSpec("h1", ["q1", "a1"]),
            NoteSpec("h2", ["{{c1::x}} and {{c2::y}}", ""], cloze=True, ords=[0, 1]),
        ],
        revlog=[
            (t0, ("h1", 0), 3, 5000, 0),  # first learning step: the card was new
            (t0 + 60_000, ("h1", 0), 1, 7000, 0),  # still learning
            (t0 + 86_400_000, ("h1", 0), 4, 2000, 1),
            (t0 + 90_000_000, ("h1", 0), 0, 0, 4),  # manual reschedule: not a review
            (t0 + 1000, ("h2", 1), 2, 3000, 2),
        ],
    )
    batch = read_any(path, ReadOptions())
    got = [(h.problem_key, h.rating, h.phase, h.duration_ms) for h in batch.history]
    assert got == [
        ("h1/1", Rating.GOOD, CardPhase.NEW, 5000),
        ("h2/c2", Rating.HARD, CardPhase.RELEARNING, 3000),
        ("h1/1", Rating.AGAIN, CardPhase.LEARNING, 7000),
        ("h1/1", Rating.EASY, CardPhase.REVIEW, 2000),
    ]
    first = batch.history[0]
    assert first.reviewed_at == datetime.fromtimestamp(t0 / 1000, tz=UTC)
    assert first.source is ReviewSource.IMPORTED_SELF_RATED
    assert first.deck_key == "default"
    assert any("1 review(s)" in s.reason for s in batch.skipped)


def test_corrupt_collection_inside_a_zip_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki2", b"this is not sqlite at all" * 100)
    with pytest.raises(DeckFormatError, match="cannot be read"):
        read_anki_package(path)
    empty = tmp_path / "empty.apkg"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", b"hi")
    with pytest.raises(DeckFormatError, match="not an Anki package"):
        read_anki_package(empty)


def test_progress_is_reported_for_packages(tmp_path: Path) -> None:
    deck = genanki.Deck(9, "P")
    for i in range(30):
        deck.add_note(genanki.Note(model=BASIC, fields=[f"q{i}", f"a{i}"]))
    calls: list[tuple[int, int | None]] = []
    batch = read_anki_package(
        _write(tmp_path, "p.apkg", [deck]),
        ReadOptions(progress=lambda done, total: calls.append((done, total))),
    )
    assert len(batch.decks[0].problems) == 30
    assert calls[0] == (0, 30) and calls[-1] == (30, 30)


def test_a_damaged_collection_with_repeated_guids_keeps_the_first(make_anki21b) -> None:
    path = make_anki21b(
        "dup.apkg", [NoteSpec("same", ["q1", "a1"]), NoteSpec("same", ["q2", "a2"])]
    )
    batch = read_anki_package(path)
    assert [p.prompt for p in batch.decks[0].problems] == ["q1"]
    assert batch.skipped[0].reason == "duplicate key same/1"
