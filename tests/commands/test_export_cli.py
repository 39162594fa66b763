"""``trainer export``: the review log in the FSRS optimizer's layout, round-tripped through
the review-history import, plus the card and daily exports."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli import main_group
from trainer.commands.export import _target
from trainer.formats.revlog_csv import read_revlog

DECK = """format = 1

[deck]
id = 'demo'
name = 'Demo'

[[problems]]
id = 'p1'
prompt = '1 + 1'
answer = '2'
tags = ['sums']

[[problems]]
id = 'p2'
prompt = '2 + 2'
answer = '4'

[[problems]]
id = 'p3'
prompt = 'Say "hi", then a comma'
answer = 'hi'
"""

HEADER = "card_id,review_time,review_rating,review_state,review_duration"
DAY_MS = 86_400_000


def run(db: Path, *args: str, ok: bool = True) -> object:
    result = CliRunner().invoke(main_group, ["--db", f"sqlite:///{db}", *args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def local_noon_ms(days_ago: int) -> int:
    """Noon (local time) some days ago: far from the 04:00 day start, whatever the hour now."""
    noon = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0)
    return int((noon - timedelta(days=days_ago)).timestamp() * 1000)


def revlog_rows() -> list[tuple[str, int, int, int, int]]:
    """A small review log ending yesterday: (card, time, rating, state, duration)."""
    start = local_noon_ms(40)
    return [
        ("p1", start, 3, 0, 5000),
        ("p1", start + 600_000, 3, 1, 4000),
        ("p2", start + 700_000, 1, 0, 9000),
        ("p2", start + 760_000, 3, 1, 3000),
        ("p2", start + 1_400_000, 3, 1, 2500),
        ("p1", start + 3 * DAY_MS, 3, 2, 3500),
        ("p2", start + 4 * DAY_MS, 1, 2, 8000),
        ("p1", start + 20 * DAY_MS, 4, 2, 2000),
        ("p2", start + 39 * DAY_MS, 3, 2, 6000),
    ]


@pytest.fixture
def collection(tmp_path: Path) -> tuple[Path, list[tuple[str, int, int, int, int]]]:
    db = tmp_path / "a.sqlite3"
    deck = tmp_path / "demo.toml"
    deck.write_text(DECK, encoding="utf-8")
    run(db, "import", str(deck))
    rows = revlog_rows()
    log = tmp_path / "log.csv"
    log.write_text(HEADER + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    run(db, "import", str(log), "--deck", "Demo")
    return db, rows


def test_reviews_open_with_the_optimizer_columns(collection, tmp_path: Path) -> None:
    db, rows = collection
    out = tmp_path / "reviews.csv"
    run(db, "export", "reviews", "--deck", "demo", "-o", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(HEADER + ",reason,attempts,attempt_text,deck,problem_id,params,")
    # rows come in storage order (an imported log is stored card by card)
    got = sorted((tuple(r[:5]) for r in csv.reader(lines[1:])), key=lambda r: int(r[1]))
    # card_id is the problem key; the rest exactly as imported (replay decides the state)
    assert [(k, int(t), int(g), int(d)) for k, t, g, _, d in got] == [
        (k, t, g, d) for k, t, g, _, d in rows
    ]
    states = [int(r[3]) for r in got]
    assert states == [0, 1, 0, 1, 1, 2, 2, 2, 3]  # p2 lapsed: its next review relearns
    assert {r[8] for r in csv.reader(lines[1:])} == {"demo"}  # the deck column
    assert not list(tmp_path.glob(".reviews.csv.*"))  # no temporary file left behind


def test_export_then_import_round_trips_the_review_log(collection, tmp_path: Path) -> None:
    db, _ = collection
    first = tmp_path / "first.csv"
    run(db, "export", "reviews", "-o", str(first))
    parsed = read_revlog(first)
    assert not parsed.skipped and len(parsed.history) == 9
    assert {e.problem_key for e in parsed.history} == {"p1", "p2"}

    other = tmp_path / "b.sqlite3"
    deck = tmp_path / "demo.toml"
    run(other, "import", str(deck))
    run(other, "import", str(first), "--deck", "Demo")
    second = tmp_path / "second.csv"
    run(other, "export", "reviews", "-o", str(second))

    def optimizer_part(path: Path) -> list[list[str]]:
        return [row[:5] for row in csv.reader(path.read_text().splitlines())]

    assert optimizer_part(second) == optimizer_part(first)


def test_stdout_json_and_since(collection, tmp_path: Path) -> None:
    db, rows = collection
    result = run(db, "export", "reviews", "--format", "json", "-o", "-")
    records = json.loads(result.output)
    assert len(records) == 9 and records[0]["card_id"] == "p1"
    assert records[0]["review_time"] == rows[0][1] and records[0]["params"] is None
    # --since: from the scheduler day (starting 04:00 local) of the last review on
    last_day = time.strftime("%Y-%m-%d", time.localtime(rows[-1][1] / 1000 - 4 * 3600))
    since = run(db, "export", "reviews", "--since", last_day).output
    kept = list(csv.reader(io.StringIO(since)))[1:]
    assert [row[1] for row in kept] == [str(rows[-1][1])]


def test_cards_and_daily_exports(collection, tmp_path: Path) -> None:
    db, rows = collection
    cards = list(csv.DictReader(io.StringIO(run(db, "export", "cards", "--deck", "Demo").output)))
    assert [c["card_id"] for c in cards] == ["p1", "p2", "p3"]
    assert cards[0]["state"] == "2" and cards[0]["reps"] == "4" and cards[0]["due_date"]
    assert cards[2]["state"] == "0" and cards[2]["due"] == "" and cards[2]["stability"] == ""
    daily = list(csv.DictReader(io.StringIO(run(db, "export", "daily").output)))
    assert sum(int(d["reviews"]) for d in daily) == len(rows)
    assert [d["date"] for d in daily] == sorted(d["date"] for d in daily)
    first = daily[0]
    assert (first["reviews"], first["passes"], first["new_learned"]) == ("5", "4", "2")


def test_unknown_deck_and_bad_folder_are_clear_errors(collection, tmp_path: Path) -> None:
    db, _ = collection
    result = run(db, "export", "reviews", "--deck", "nope", ok=False)
    assert result.exit_code != 0 and "no deck 'nope'" in result.output
    result = run(db, "export", "cards", "-o", str(tmp_path / "missing" / "x.csv"), ok=False)
    assert result.exit_code != 0 and "does not exist" in result.output


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), _target(str(target)) as handle:
        handle.write("half a file")
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    with _target(str(target)) as handle:
        handle.write("new\n")
    assert target.read_text() == "new\n"


# --------------------------------------------------------------- targets never destroyed
# Every export command, as argv for a given target path.
EXPORT_COMMANDS = {
    "export reviews": lambda out: ["export", "reviews", "-o", out],
    "export cards": lambda out: ["export", "cards", "-o", out],
    "export daily": lambda out: ["export", "daily", "-o", out],
    "export daily json": lambda out: ["export", "daily", "--format", "json", "-o", out],
    "export-deck": lambda out: ["export-deck", "demo", out],
}


def _home_cli(home: Path, *args: str) -> object:
    """Run against the default collection in ``home`` (TRAINER_HOME), no --db."""
    return CliRunner().invoke(main_group, list(args), env={"TRAINER_HOME": str(home)})


@pytest.fixture
def home_with_deck(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    deck = tmp_path / "demo.toml"
    deck.write_text(DECK)
    result = _home_cli(home, "import", str(deck))
    assert result.exit_code == 0, result.output
    return home


def _fifo(tmp: Path, home: Path) -> Path:
    path = tmp / "fifo"
    os.mkfifo(path)
    return path


def _read_only(tmp: Path, home: Path) -> Path:
    path = tmp / "ro.csv"
    path.write_text("mine\n")
    path.chmod(0o444)
    return path


def _link_to_collection(tmp: Path, home: Path) -> Path:
    link = tmp / "innocent.csv"
    link.symlink_to(home / "collection.sqlite3")
    return link


def _hard_link_to_collection(tmp: Path, home: Path) -> Path:
    link = tmp / "hard.csv"
    os.link(home / "collection.sqlite3", link)
    return link


REFUSED_TARGETS = {
    "the collection": (lambda tmp, home: home / "collection.sqlite3", "the collection"),
    "its -wal": (lambda tmp, home: home / "collection.sqlite3-wal", "the collection"),
    "its -shm": (lambda tmp, home: home / "collection.sqlite3-shm", "the collection"),
    "symlink to it": (_link_to_collection, "the collection"),
    "hard link to it": (_hard_link_to_collection, "the collection"),
    "media folder": (lambda tmp, home: home / "media" / "x.csv", "own folders"),
    "backups folder": (lambda tmp, home: home / "backups" / "x.csv", "own folders"),
    "a device": (lambda tmp, home: Path("/dev/null"), "not a regular file"),
    "a FIFO": (_fifo, "not a regular file"),
    "a folder": (lambda tmp, home: tmp, "folder"),
    "a read-only file": (_read_only, "read-only"),
}


def _snapshot(path: Path) -> tuple[object, ...]:
    info = os.lstat(path)
    return (info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns)


@pytest.mark.parametrize("command", list(EXPORT_COMMANDS), ids=list(EXPORT_COMMANDS))
@pytest.mark.parametrize("case", list(REFUSED_TARGETS), ids=list(REFUSED_TARGETS))
def test_an_export_never_replaces_what_it_must_not(
    home_with_deck: Path, tmp_path: Path, command: str, case: str
) -> None:
    home = home_with_deck
    (home / "media").mkdir(exist_ok=True)
    make, reason = REFUSED_TARGETS[case]
    target = make(tmp_path, home)
    collection = home / "collection.sqlite3"
    before_collection = collection.read_bytes()
    before = _snapshot(target) if os.path.lexists(target) else None
    result = _home_cli(home, *EXPORT_COMMANDS[command](str(target)))
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("trainer: error:"), result.output
    assert reason in lines[0]
    assert "Traceback" not in result.output
    if before is not None:
        assert _snapshot(target) == before  # untouched: same inode, mode, size, time
    else:
        assert not os.path.lexists(target)
    assert collection.read_bytes()[:100] == before_collection[:100]
    assert _home_cli(home, "decks", "--json").exit_code == 0  # still a collection
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("command", list(EXPORT_COMMANDS), ids=list(EXPORT_COMMANDS))
def test_an_export_writes_through_a_symlink(
    home_with_deck: Path, tmp_path: Path, command: str
) -> None:
    real = tmp_path / "real.out"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.out"
    link.symlink_to(real)
    result = _home_cli(home_with_deck, *EXPORT_COMMANDS[command](str(link)))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text() != "old\n" and real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the file's mode is kept


@pytest.mark.parametrize("command", list(EXPORT_COMMANDS)[:4])
def test_dash_is_still_stdout(home_with_deck: Path, command: str) -> None:
    result = _home_cli(home_with_deck, *EXPORT_COMMANDS[command]("-"))
    assert result.exit_code == 0, result.output
    assert result.output.strip()
    assert not (Path.cwd() / "-").exists()


def test_the_export_says_what_it_wrote_in_words(collection, tmp_path: Path) -> None:
    db, _ = collection
    out = tmp_path / "reviews.csv"
    result = run(db, "export", "reviews", "-o", str(out))
    assert f"Wrote 9 reviews to {out}" in result.stderr, result.stderr  # type: ignore[attr-defined]
    assert "row(s)" not in result.stderr  # type: ignore[attr-defined]
