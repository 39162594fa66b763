"""``trainer import`` on genanki packages: added, then unchanged, then updated in place."""

from __future__ import annotations

from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from trainer.cli import main_group

MODEL = genanki.Model(
    1607392319,
    "Basic",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
)


def build(path: Path, tmp: Path, *, suffix: str = "", notes: int = 30) -> Path:
    deck = genanki.Deck(2059400110, "Powers")
    picture = tmp / "pic.png"
    picture.write_bytes(b"\x89PNG fake")
    for i in range(notes):
        front = f"What is {i}<sup>2</sup>?" + (' <img src="pic.png">' if i == 0 else "")
        deck.add_note(
            genanki.Note(
                model=MODEL, fields=[front, f"{i * i}{suffix}"], guid=genanki.guid_for("t", i)
            )
        )
    package = genanki.Package(deck)
    package.media_files = [str(picture)]
    package.write_to_file(str(path))
    return path


def invoke(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main_group, ["--db", f"sqlite:///{db}", "import", *args])
    assert result.exit_code == 0, result.output + str(result.exception)
    return result.output


def test_apkg_import_reimport_and_update_keep_cards(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    v1 = build(tmp_path / "v1.apkg", tmp_path)
    assert "added           30" in invoke(db, str(v1))
    assert "unchanged       30" in invoke(db, str(v1))
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        before = conn.execute(
            text(
                "SELECT c.id, p.key FROM cards c JOIN problems p ON p.id = c.problem_id "
                "JOIN decks d ON d.id = p.deck_id WHERE d.key = 'powers' ORDER BY c.id"
            )
        ).all()
    v2 = build(tmp_path / "v2.apkg", tmp_path, suffix=" (v2)")
    out = invoke(db, str(v2))
    assert "updated         30" in out and "added            0" in out
    with engine.connect() as conn:
        after = conn.execute(
            text(
                "SELECT c.id, p.key FROM cards c JOIN problems p ON p.id = c.problem_id "
                "JOIN decks d ON d.id = p.deck_id WHERE d.key = 'powers' ORDER BY c.id"
            )
        ).all()
        answers = {
            r[0]
            for r in conn.execute(
                text(
                    "SELECT p.answer FROM problems p JOIN decks d ON d.id = p.deck_id "
                    "WHERE d.key = 'powers'"
                )
            )
        }
    engine.dispose()
    assert after == before and len(after) == 30
    assert all(a.endswith("(v2)") for a in answers)


def test_apkg_media_is_copied_into_the_media_folder(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("TRAINER_HOME", str(home))
    v1 = build(tmp_path / "v1.apkg", tmp_path, notes=3)
    result = CliRunner().invoke(main_group, ["import", str(v1)])
    assert result.exit_code == 0, result.output
    assert "media            1 files" in result.output
    assert (home / "media" / "pic.png").read_bytes() == b"\x89PNG fake"


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04truncated"])
def test_a_broken_package_is_an_error_and_writes_nothing(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(content)
    db = tmp_path / "c.sqlite3"
    result = CliRunner().invoke(main_group, ["--db", f"sqlite:///{db}", "import", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(str(bad))
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        decks = conn.execute(text("SELECT key FROM decks WHERE NOT bundled")).all()
    engine.dispose()
    assert decks == []
