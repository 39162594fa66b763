"""Helpers for the broken-world tests: a learner's collection, damaged in chosen ways."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from trainer.cli import main_group

DECK = """format = 1

[deck]
id = "demo"
name = "Demo"

[[problems]]
id = "p1"
prompt = "1 + 1"
answer = "2"

[[problems]]
id = "p2"
prompt = "2 + 3"
answer = "5"

[[problems]]
id = "p3"
prompt = "3 + 4"
answer = "7"
"""


def cli(home: Path, *args: str, stdin: str | bytes | None = None) -> Result:
    """``trainer ARGS`` in-process on the default collection in ``home``."""
    env = {"TRAINER_HOME": str(home), "TRAINER_DB": ""}
    return CliRunner().invoke(main_group, list(args), input=stdin, env=env)


def learner_home(tmp: Path) -> Path:
    """A data dir whose collection holds the demo deck and two stored reviews."""
    home = tmp / "home"
    tmp.mkdir(parents=True, exist_ok=True)
    deck = tmp / "demo.toml"
    deck.write_text(DECK, encoding="utf-8")
    result = cli(home, "import", str(deck))
    assert result.exit_code == 0, result.output
    result = cli(home, "drill", "demo", "--plain", stdin="2\n5\n:quit\n")
    assert result.exit_code == 0, result.output
    assert reviews(home / "collection.sqlite3") == 2
    return home


def reviews(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def settle(db: Path) -> None:
    """Checkpoint the WAL into the file and drop the side files (as after a clean exit)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def truncate(db: Path) -> None:
    settle(db)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def flip_bytes(db: Path) -> None:
    """Flip the page-type byte of every b-tree page after the first, and 64 more random
    bytes: what a bad sector or a stray write does, enough for quick_check to see."""
    settle(db)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), page):
        data[start] ^= 0xFF
    rng = random.Random(13)
    for _ in range(64):
        data[rng.randrange(page, len(data))] ^= 1 << rng.randrange(8)
    db.write_bytes(bytes(data))


def random_bytes(db: Path) -> None:
    settle(db)
    db.write_bytes(random.Random(7).randbytes(db.stat().st_size))


def delete(db: Path) -> None:
    settle(db)
    db.unlink()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": truncate,
    "flipped bytes": flip_bytes,
    "random bytes": random_bytes,
}


def one_error_line(result: Result) -> str:
    """The single ``trainer: error:`` line of a failed command (and nothing else on
    stderr, no traceback)."""
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("trainer: error: "), lines
    return lines[0]


def file_state(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""
