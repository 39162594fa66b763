"""Backups, restore and doctor from the CLI, on a collection damaged three ways."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.reliability.broken_world import (
    DECK,
    cli,
    delete,
    flip_bytes,
    learner_home,
    one_error_line,
    reviews,
    truncate,
)
from trainer.store import backup as backups

THREE_WAYS = {"truncated": truncate, "flipped bytes": flip_bytes, "deleted": delete}


def _backup_files(home: Path) -> list[str]:
    folder = home / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_daily_backup_is_taken_once_a_day(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert cli(home, "decks").exit_code == 0  # creates the collection (bundled decks)
    daily = _backup_files(home)
    assert len(daily) == 1 and daily[0].endswith("-daily.sqlite3")
    for _ in range(3):
        assert cli(home, "decks").exit_code == 0
    assert _backup_files(home) == daily
    # an import's backup counts as the day's: learner_home imports, then drills
    other = learner_home(tmp_path / "other")
    assert [n.rsplit("-", 1)[1] for n in _backup_files(other)] == ["import.sqlite3"]


def test_an_import_backs_up_first_and_the_backup_is_the_state_before(tmp_path: Path) -> None:
    home = learner_home(tmp_path)
    before = set(_backup_files(home))
    deck = tmp_path / "more.toml"
    deck.write_text(DECK.replace('"demo"', '"more"'), encoding="utf-8")
    assert cli(home, "import", str(deck)).exit_code == 0
    new = sorted(set(_backup_files(home)) - before)
    assert len(new) == 1 and new[0].endswith("-import.sqlite3")
    conn = sqlite3.connect(home / "backups" / new[0])
    keys = {k for (k,) in conn.execute("SELECT key FROM decks")}
    (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
    conn.close()
    assert "demo" in keys and "more" not in keys
    assert mode == "delete"  # one self-contained file
    assert reviews(home / "backups" / new[0]) == 2


@pytest.mark.parametrize("way", list(THREE_WAYS))
def test_doctor_finds_and_restore_brings_back(tmp_path: Path, way: str) -> None:
    home = learner_home(tmp_path)
    db = home / "collection.sqlite3"
    taken = cli(home, "backup")
    assert taken.exit_code == 0 and "Backed up to" in taken.output
    THREE_WAYS[way](db)
    damaged_bytes = db.read_bytes() if db.exists() else None

    doctor = cli(home, "doctor")
    assert doctor.exit_code == 1
    assert "PROBLEM  collection" in doctor.output
    assert "trainer restore" in doctor.output

    listing = cli(home, "restore")
    assert listing.exit_code == 0
    assert "  1  " in listing.output and "manual" in listing.output

    done = cli(home, "restore", "1")
    assert done.exit_code == 0, done.output
    assert reviews(db) == 2  # the two acknowledged reviews are back
    assert cli(home, "doctor").exit_code == 0
    result = cli(home, "decks", "--json")
    assert result.exit_code == 0 and '"demo"' in result.output
    aside = sorted((home / "damaged").glob("*.sqlite3")) if (home / "damaged").exists() else []
    if damaged_bytes is None:
        assert aside == []
    else:
        assert [p.read_bytes() for p in aside] == [damaged_bytes]  # kept, untouched
        assert "kept at" in done.output


def test_a_deleted_collection_warns_before_starting_anew(tmp_path: Path) -> None:
    home = learner_home(tmp_path)
    delete(home / "collection.sqlite3")
    result = cli(home, "decks")
    assert result.exit_code == 0
    assert "collection is missing" in result.stderr and "trainer restore" in result.stderr


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path: Path) -> None:
    home = learner_home(tmp_path)
    db = home / "collection.sqlite3"
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(db.read_bytes()[:5000])
    before = db.read_bytes()
    line = one_error_line(cli(home, "restore", str(bad)))
    assert "damaged" in line
    assert db.read_bytes() == before
    assert not (home / "damaged").exists()


def test_restore_moves_the_old_wal_aside(tmp_path: Path) -> None:
    """A WAL left by the replaced collection must never be replayed onto the restored one."""
    home = learner_home(tmp_path)
    db = home / "collection.sqlite3"
    wal = Path(f"{db}-wal")
    assert cli(home, "backup").exit_code == 0
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("DELETE FROM reviews")
    writer.commit()
    # as after a crash: the file and its WAL (which deletes every review) left on disk
    saved = db.read_bytes(), wal.read_bytes()
    writer.close()
    db.write_bytes(saved[0])
    wal.write_bytes(saved[1])
    done = cli(home, "restore", "1")
    assert done.exit_code == 0, done.output
    assert reviews(db) == 2
    kept = sorted((home / "damaged").iterdir())
    assert [p.name.endswith("-wal") for p in kept].count(True) == 1


def test_doctor_fix_removes_leftovers_and_moves_unreferenced_media(tmp_path: Path) -> None:
    home = learner_home(tmp_path)
    media = home / "media"
    media.mkdir(exist_ok=True)
    (media / ".import-abc.part").write_bytes(b"x" * 5000)
    (media / "orphan.png").write_bytes(b"png")
    from trainer.practice.library_media import COMPLETE

    staged = media / ".import-999999999-abc"  # a killed import's complete staging folder
    staged.mkdir()
    (staged / "kept.png").write_bytes(b"kept")
    (staged / COMPLETE).write_bytes(b"")
    (home / "backups" / ".backup-xyz.part").write_bytes(b"half")
    found = cli(home, "doctor")
    assert found.exit_code == 1
    assert "PROBLEM  leftovers" in found.output and "PROBLEM  media" in found.output
    fixed = cli(home, "doctor", "--fix")
    assert fixed.exit_code == 0, fixed.output
    assert not (media / ".import-abc.part").exists()
    assert not (home / "backups" / ".backup-xyz.part").exists()
    assert not (media / "orphan.png").exists()
    assert not staged.exists()
    # the killed import's file was published, then (no problem refers to it) moved aside
    moved = sorted(p.name for p in (home / "orphaned-media").rglob("*.png"))
    assert moved == ["kept.png", "orphan.png"]
    assert cli(home, "doctor").exit_code == 0


def test_rotation_keeps_recent_daily_and_weekly(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 1, 1, 12, 0, 0)
    for day in range(60):
        for hour in (9, 18):
            when = start + timedelta(days=day, hours=hour - 12)
            name = f"collection-{when:%Y%m%d-%H%M%S}-daily.sqlite3"
            (folder / name).write_bytes(b"")
    stale, fresh = folder / ".backup-old.part", folder / ".backup-new.part"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (0, 0))
    backups.rotate(tmp_path)
    assert not stale.exists() and fresh.exists()  # a running backup's copy is left alone
    kept = backups.list_backups(tmp_path)
    days = {b.taken_at.date() for b in kept}
    newest = start + timedelta(days=59)
    # the 7 newest days, plus one per week for 4 weeks
    assert all((newest.date() - timedelta(days=d)) in days for d in range(7))
    weeks = {b.taken_at.isocalendar()[:2] for b in kept}
    assert len(weeks) == 4 and len(kept) <= backups.KEEP_RECENT + 7 + 4
    assert max(b.taken_at for b in kept) == newest.replace(hour=18)


def test_backup_of_a_postgres_collection_says_pg_dump(pg_database: object, tmp_path: Path) -> None:
    url = pg_database()  # type: ignore[operator]
    env_home = tmp_path / "home"
    from click.testing import CliRunner

    from trainer.cli import main_group

    result = CliRunner().invoke(
        main_group, ["--db", url, "backup"], env={"TRAINER_HOME": str(env_home)}
    )
    assert result.exit_code == 1
    assert "pg_dump" in result.stderr
    assert os.path.exists(env_home) and not (env_home / "backups").exists()


def test_restore_refuses_while_another_program_has_the_collection_open(tmp_path: Path) -> None:
    import subprocess
    import sys

    home = learner_home(tmp_path)
    db = home / "collection.sqlite3"
    assert cli(home, "backup").exit_code == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            " c.execute('SELECT COUNT(*) FROM reviews').fetchall(); print('open', flush=True);"
            " sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        before = db.read_bytes()
        line = one_error_line(cli(home, "restore", "1"))
        assert "open in another program" in line
        assert db.read_bytes() == before
    finally:
        holder.communicate("", timeout=30)
    assert cli(home, "restore", "1").exit_code == 0


def test_restore_refuses_a_database_that_is_not_a_collection(tmp_path: Path) -> None:
    home = learner_home(tmp_path)
    db = home / "collection.sqlite3"
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    line = one_error_line(cli(home, "restore", str(other)))
    assert "not a trainer collection" in line
    assert db.read_bytes() == before
