"""A damaged collection is one line naming it and the way back, for every command; an
import into it is refused and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.broken_world import (
    DAMAGE,
    DECK,
    cli,
    file_state,
    learner_home,
    one_error_line,
)
from trainer.store import integrity

COMMANDS = {
    "decks": ("decks",),
    "stats": ("stats",),
    "drill": ("drill", "--plain"),
    "export": ("export", "reviews"),
    "import": ("import", "{deck}"),
    "cards": ("cards",),
    "backup": ("backup",),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return learner_home(tmp_path_factory.mktemp("pristine"))


def _copy_home(pristine: Path, tmp: Path) -> Path:
    home = tmp / "home"
    home.mkdir()
    for name in ("collection.sqlite3",):
        (home / name).write_bytes((pristine / name).read_bytes())
    return home


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_says_damaged_in_one_line(
    pristine: Path, tmp_path: Path, damage: str, command: str
) -> None:
    home = _copy_home(pristine, tmp_path)
    db = home / "collection.sqlite3"
    DAMAGE[damage](db)
    before = file_state(db)
    deck = tmp_path / "more.toml"
    deck.write_text(DECK.replace('"demo"', '"more"'), encoding="utf-8")
    args = [a.format(deck=deck) for a in COMMANDS[command]]
    line = one_error_line(cli(home, *args, stdin="2\n"))
    assert "damaged" in line and str(db) in line
    assert "trainer restore" in line
    assert file_state(db) == before  # nothing written, not even by the import
    assert not (home / "backups").exists() or not any((home / "backups").iterdir())


@pytest.mark.parametrize("command", ["decks", "export", "drill", "import"])
def test_damage_found_only_when_read_is_one_line_too(
    pristine: Path, tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A collection too big for quick_check on open: the damage surfaces from SQLite in
    the middle of the command and is still one line (the import still checks fully)."""
    monkeypatch.setattr(integrity, "QUICK_CHECK_MAX_BYTES", 0)
    home = _copy_home(pristine, tmp_path)
    db = home / "collection.sqlite3"
    DAMAGE["flipped bytes"](db)
    deck = tmp_path / "more.toml"
    deck.write_text(DECK.replace('"demo"', '"more"'), encoding="utf-8")
    args = [a.format(deck=deck) for a in COMMANDS[command]]
    line = one_error_line(cli(home, *args, stdin="2\n"))
    assert "damaged" in line and "trainer restore" in line


def test_quick_check_on_open_is_bounded_by_size(tmp_path: Path) -> None:
    """The open check reads the header always, the whole file only when it is small."""
    db = tmp_path / "x.sqlite3"
    db.write_bytes(b"")
    integrity.check_on_open(db)  # empty: a new collection, fine
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    with pytest.raises(integrity.DamagedCollectionError, match="page size"):
        integrity.check_on_open(db)


def test_a_checkpoint_in_progress_is_not_called_truncated(tmp_path: Path) -> None:
    """Mid-checkpoint the file's page 1 already says the new size while the file has not
    grown yet; the pages are still in the WAL, so the collection is whole."""
    import sqlite3

    db = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    conn.commit()
    wal = Path(f"{db}-wal")
    old, frames = db.read_bytes(), wal.read_bytes()
    conn.close()
    page = int.from_bytes(frames[8:12], "big")
    newest_page_one = None
    for start in range(32, len(frames), 24 + page):
        if int.from_bytes(frames[start : start + 4], "big") == 1:
            newest_page_one = frames[start + 24 : start + 24 + page]
    assert newest_page_one is not None
    db.write_bytes(newest_page_one + old[page:])  # page 1 checkpointed, nothing else yet
    wal.write_bytes(frames)
    assert int.from_bytes(newest_page_one[28:32], "big") * page > db.stat().st_size
    integrity.check_on_open(db)  # whole: no DamagedCollectionError
    db.write_bytes(newest_page_one + old[page:])
    wal.unlink(missing_ok=True)
    with pytest.raises(integrity.DamagedCollectionError, match="truncated"):
        integrity.check_on_open(db)  # without the WAL it really is cut short
