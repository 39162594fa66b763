"""Build the W1 workload collection through trainer's own import, once per scheduler day.

``build_w1(cache_dir)`` runs ``w1_gen.py --export`` (from ``../shared/perf`` by default),
imports ``w1_problems.csv`` (deck ``w1``) and, after giving the deck W1's preset,
``w1_revlog.csv`` through ``trainer.practice.library.import_path`` (the path
``trainer import`` takes), then checks the due counts against ``w1_expected.json``. The
collection is cached under ``cache_dir`` keyed by ``day0_start_ms``: W1 is valid only on
the scheduler day it was generated for, so a new day builds a new one.

Benchmarks copy the returned SQLite file before using it (``fresh_copy``), so every run
starts from the same pristine store. Run as a script to build and print the counts.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_CACHE = REPO / "bench-data"
DECK_NAME = "W1"
DECK_KEY = "w1"
DAY_MS = 86_400_000
ROLLOVER_MS = 4 * 3_600_000
DB_NAME = "collection.sqlite3"
W1_PRESET = {
    "new_per_day": 20,
    "reviews_per_day": 9999,
    "learning_steps": [60, 600],
    "relearning_steps": [600],
    "desired_retention": 0.9,
    "maximum_interval": 36500,
    "day_start_hour": 4,
    "timezone": "UTC",
}


def current_day0_start_ms(now_s: float | None = None) -> int:
    """Start of the current scheduler day (04:00 UTC rollover), unix ms (workload.md §1)."""
    now = int(time.time() if now_s is None else now_s)
    rollover = ROLLOVER_MS // 1000
    return ((now - rollover) // 86_400 * 86_400 + rollover) * 1000


@dataclass(frozen=True)
class W1Counts:
    problems: int
    reviews: int
    review_cards: int
    overdue: int
    due_today: int
    due_in_days_0_29: int


def export_files(out_dir: Path, day0_ms: int, shared: Path = DEFAULT_SHARED) -> Path:
    """The exchange files for ``day0_ms`` (generated once into ``out_dir``)."""
    expected = out_dir / "w1_expected.json"
    if expected.is_file() and json.loads(expected.read_text())["day0_start_ms"] == day0_ms:
        return out_dir
    generator = shared / "perf" / "w1_gen.py"
    if not generator.is_file():
        raise SystemExit(f"w1: cannot find the generator at {generator} (use --shared PATH)")
    subprocess.run(
        [sys.executable, str(generator), "--export", str(out_dir), "--day0-start-ms", str(day0_ms)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out_dir


def count(db: Path, day0_ms: int) -> W1Counts:
    """Due counts as workload.md defines them (review cards by due scheduler day)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:

        def one(sql: str, *params: object) -> int:
            return int(conn.execute(sql, params).fetchone()[0])

        deck = "(SELECT id FROM decks WHERE key = 'w1')"
        review = f"deck_id = {deck} AND phase = 2"
        return W1Counts(
            problems=one(f"SELECT COUNT(*) FROM cards WHERE deck_id = {deck}"),
            reviews=one("SELECT COUNT(*) FROM reviews"),
            review_cards=one(f"SELECT COUNT(*) FROM cards WHERE {review}"),
            overdue=one(f"SELECT COUNT(*) FROM cards WHERE {review} AND due < ?", day0_ms),
            due_today=one(
                f"SELECT COUNT(*) FROM cards WHERE {review} AND due < ?", day0_ms + DAY_MS
            ),
            due_in_days_0_29=one(
                f"SELECT COUNT(*) FROM cards WHERE {review} AND due < ?", day0_ms + 30 * DAY_MS
            ),
        )
    finally:
        conn.close()


def _import(home: Path, files: Path, log: bool) -> None:
    from trainer.domain import Preset
    from trainer.practice.library import decline_bundled_decks, import_path
    from trainer.store.decks import find_deck, save_preset
    from trainer.wiring import build_services

    services = build_services(home=home, import_bundled=False)
    try:
        start = time.perf_counter()
        report = import_path(services, files / "w1_problems.csv", deck_name=DECK_NAME)
        if log:
            print(f"  problems: {len(report.added)} added in {time.perf_counter() - start:.1f} s")
        with services.collection.session_scope() as session:
            info = find_deck(session, DECK_KEY)
            save_preset(session, info.id, Preset.from_dict(W1_PRESET))
        start = time.perf_counter()
        report = import_path(services, files / "w1_revlog.csv", deck_name=DECK_KEY)
        if log:
            print(
                f"  history: {report.history_imported} reviews on {report.cards_replayed} cards "
                f"in {time.perf_counter() - start:.1f} s ({len(report.skipped)} skipped)"
            )
        if report.skipped:
            raise SystemExit(f"w1: history rows skipped: {report.skipped[:3]}")
        # W1 holds one deck; without this, the first open of every fresh copy would
        # import the starter decks (and M1 would time that).
        decline_bundled_decks(services)
    finally:
        services.close()


def build_w1(
    cache_dir: Path = DEFAULT_CACHE,
    *,
    shared: Path = DEFAULT_SHARED,
    day0_ms: int | None = None,
    log: bool = False,
) -> Path:
    """The path of a pristine W1 collection (SQLite) for today; built if not cached."""
    day0 = current_day0_start_ms() if day0_ms is None else day0_ms
    if shared == DEFAULT_SHARED and not shared.is_dir():
        shared = Path(os.environ.get("TRAINER_SHARED", str(shared)))
    target = cache_dir / f"w1-{day0}"
    db = target / DB_NAME
    if db.is_file():
        return db
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / f"w1-{day0}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another benchmark may be building it right now
        if db.is_file():
            return db
        files = export_files(cache_dir / f"w1-export-{day0}", day0, shared)
        building = Path(tempfile.mkdtemp(prefix=f"w1-{day0}.building-", dir=cache_dir))
        try:
            _import(building, files, log)
            conn = sqlite3.connect(building / DB_NAME)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to copy
            conn.close()
            building.rename(target)
        finally:
            shutil.rmtree(building, ignore_errors=True)
    for old in cache_dir.iterdir():
        day = old.name.removeprefix("w1-export-").removeprefix("w1-")
        if old.is_dir() and day.isdigit() and int(day) != day0:
            shutil.rmtree(old, ignore_errors=True)  # W1 of another day is stale
    return db


def fresh_copy(db: Path, home: Path) -> Path:
    """Copy the pristine collection into ``home`` (a benchmark run's own data dir)."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db, home / DB_NAME)
    return home / DB_NAME


def expected_counts(db: Path) -> dict[str, object]:
    day0 = int(db.parent.name.removeprefix("w1-"))
    path = db.parent.parent / f"w1-export-{day0}" / "w1_expected.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the W1 collection and check its counts.")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--day0-start-ms", type=int, default=None)
    parser.add_argument("--rebuild", action="store_true", help="ignore a cached collection")
    args = parser.parse_args(argv)
    day0 = current_day0_start_ms() if args.day0_start_ms is None else args.day0_start_ms
    start = time.perf_counter()
    if args.rebuild:  # build aside (timed without the cache), then replace the cached one
        fresh = build_w1(args.cache / "rebuild", shared=args.shared, day0_ms=day0, log=True)
        print(f"W1 rebuilt in {time.perf_counter() - start:.1f} s (with generating the files)")
        shutil.rmtree(args.cache / f"w1-{day0}", ignore_errors=True)
        fresh.parent.rename(args.cache / f"w1-{day0}")
        shutil.rmtree(args.cache / "rebuild", ignore_errors=True)
        start = time.perf_counter()
    db = build_w1(args.cache, shared=args.shared, day0_ms=day0, log=True)
    print(f"W1 collection: {db} ({time.perf_counter() - start:.1f} s)")
    ours = count(db, day0)
    theirs = expected_counts(db)
    print(f"{'quantity':18s} {'ours':>9s} {'w1_expected':>12s}")
    pairs = (
        ("problems", ours.problems, theirs.get("problems")),
        ("reviews", ours.reviews, theirs.get("revlog_rows")),
        ("review cards", ours.review_cards, theirs.get("reviewed_problems")),
        ("overdue", ours.overdue, theirs.get("overdue")),
        ("due today", ours.due_today, theirs.get("due_today")),
        ("due days 0-29", ours.due_in_days_0_29, theirs.get("due_in_days_0_29")),
    )
    for name, mine, reference in pairs:
        print(f"{name:18s} {mine:>9} {reference!s:>12}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
