"""A full disk during a drill or an import: one line, and no acknowledged review lost.

Two ways to fill the disk: SQLite's ``PRAGMA max_page_count`` on the drill's own
connection (always runs), and a real 4 MB tmpfs that the collection lives on, driven
through the real ``trainer`` process (needs root to mount; skipped otherwise).
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.plain_driver import (
    PlainProcess,
    acknowledged,
    make_collection,
    right_answer,
    stored_reviews,
)
from trainer.cli import world_error
from trainer.clock import FrozenClock
from trainer.practice.engine import PracticeSession
from trainer.presentation.plain_mode import PlainDrill
from trainer.store.failures import DiskFullError
from trainer.wiring import build_services


class Answers(io.StringIO):
    """stdin for the plain drill that answers each problem right, reading the prompt the
    drill just printed."""

    def __init__(self, out: io.StringIO, limit: int, pad: int = 0) -> None:
        super().__init__()
        self.out, self.left, self.pad = out, limit, pad

    def readline(self, size: int | None = -1) -> str:
        if self.left == 0:
            return ""
        self.left -= 1
        prompts = [ln for ln in self.out.getvalue().splitlines() if ": " in ln and "plus" in ln]
        return right_answer(prompts[-1]) + " " * self.pad + "\n"


def test_disk_full_mid_drill_is_one_line_and_keeps_every_acknowledged_review(
    tmp_path: Path, clock: FrozenClock
) -> None:
    db = make_collection(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("VACUUM")  # no free pages: the next page the drill needs is new
    services = build_services(home=tmp_path / "home", db_url=f"sqlite:///{db}", clock=clock)
    session = PracticeSession(services, ["sums"])
    (pages,) = session._store._conn.execute("PRAGMA page_count").fetchone()
    session._store._conn.execute(f"PRAGMA max_page_count = {pages}")
    out = io.StringIO()
    with pytest.raises(Exception) as caught:
        PlainDrill(services, ["sums"], Answers(out, 30, pad=900), out, session=session).run()
    services.close()
    error = world_error(caught.value, None)
    assert isinstance(error, DiskFullError), caught.value
    assert "disk is full" in str(error) and "\n" not in str(error)
    acks = acknowledged(out.getvalue())
    assert 1 <= len(acks) < 30  # some reviews went in before the disk filled
    assert stored_reviews(db) == acks


def _says_full(line: str) -> bool:
    return line.startswith("trainer: error: ") and (
        "disk is full" in line or "no space left" in line
    )


@contextlib.contextmanager
def tiny_disk(where: Path, size: str = "4m") -> Iterator[Path]:
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path, leave: int) -> Path:
    """Fill the file system of ``folder`` but ``leave`` bytes; returns the filler file."""
    filler = folder / "filler"
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with filler.open("r+b") as handle:
        handle.truncate(max(0, filler.stat().st_size + free - leave))
    return filler


def test_a_real_full_disk_mid_drill(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        db = make_collection(disk)
        filler = fill(disk, leave=160 * 1024)
        drill = PlainProcess(f"sqlite:///{db}", "sums", tmp_path / "home")
        offset = 0
        for _ in range(30):
            try:
                offset = drill.wait_for(r"^> ", offset, timeout=30)
            except AssertionError:
                break  # the drill stopped: the disk is full
            drill.write(right_answer(drill.current_prompt()) + " " * 900 + "\n")
        drill.close_input()
        code = drill.finish()
        filler.unlink()
        stderr = [ln for ln in drill.stderr.splitlines() if ln.strip()]
        assert code == 1, (drill.stdout[-500:], drill.stderr)
        assert len(stderr) == 1 and _says_full(stderr[0]), drill.stderr
        acks = acknowledged(drill.stdout)
        assert acks and stored_reviews(db) == acks


def test_a_real_full_disk_during_an_import_changes_nothing(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        db = make_collection(disk)
        big = tmp_path / "big.toml"
        lines = ["format = 1", "", "[deck]", 'id = "big"', 'name = "Big"', ""]
        for i in range(3000):
            lines += ["[[problems]]", f'id = "b{i}"', f'prompt = "{"x" * 200} {i}"']
            lines += [f'answer = "{i}"', ""]
        big.write_text("\n".join(lines), encoding="utf-8")
        before = stored_reviews(db), db.read_bytes()
        filler = fill(disk, leave=300 * 1024)
        env = {**os.environ, "TRAINER_HOME": str(tmp_path / "home")}
        env.pop("TRAINER_DB", None)
        run = subprocess.run(
            [sys.executable, "-m", "trainer", "--db", f"sqlite:///{db}", "import", str(big)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        filler.unlink()
        stderr = [ln for ln in run.stderr.splitlines() if ln.strip()]
        assert run.returncode == 1, run.stdout
        assert len(stderr) == 1 and _says_full(stderr[0]), run.stderr
        conn = sqlite3.connect(db)
        decks = {k for (k,) in conn.execute("SELECT key FROM decks")}
        conn.close()
        assert "big" not in decks
        assert stored_reviews(db) == before[0]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_an_export_to_a_full_device_is_one_line(tmp_path: Path) -> None:
    db = make_collection(tmp_path)
    env = {**os.environ, "TRAINER_HOME": str(tmp_path / "home")}
    env.pop("TRAINER_DB", None)
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [sys.executable, "-m", "trainer", "--db", f"sqlite:///{db}", "export", "cards"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert run.returncode == 1 and len(lines) == 1 and _says_full(lines[0]), run.stderr
