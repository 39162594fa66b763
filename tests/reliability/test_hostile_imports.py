"""Every hostile import, through the real ``trainer import`` in a subprocess, under a
3 GB address-space limit and a 30 s timeout: at most a few lines on stderr, never a
traceback, and a failed import leaves the collection and the media folder as they were.

The files are the red team's cases (``tests/formats/hostile_builders.py``); the readers'
own table is ``tests/formats/test_bounded_readers.py``.
"""

from __future__ import annotations

import importlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

_BUILDERS = Path(__file__).parents[1] / "formats" / "hostile_builders.py"
ADDRESS_SPACE = 3 * 1024**3
TIME_LIMIT = 30.0
MAX_STDERR_LINES = 3
MAX_TEXT_CHARS = 100_000
# Well under the 3 GB limit: inflating a bomb whole (900 MB, then a copy) is caught too.
MAX_PEAK_RSS = 1024**3

SEED_DECK = """format = 1
[deck]
id = "seed"
name = "Seed"
[[problems]]
id = "p1"
prompt = "2 + 2"
answer = "4"
"""


def _builders() -> Any:
    """``hostile_builders`` imported as part of a package (it imports ``.anki_builders``)."""
    if "hostile_formats" not in sys.modules:
        package = types.ModuleType("hostile_formats")
        package.__path__ = [str(_BUILDERS.parent)]
        sys.modules["hostile_formats"] = package
    return importlib.import_module("hostile_formats.hostile_builders")


CASES = sorted(_builders().CASES)


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_rss: int  # bytes


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _trainer(home: Path, *args: str) -> Run:
    """Run the CLI in a fresh process under the limits; its peak memory comes back too."""
    env = {**os.environ, "TRAINER_HOME": str(home), "COLUMNS": "200"}
    env.pop("TRAINER_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "trainer", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limit_address_space,
        start_new_session=True,
        cwd=home.parent,  # not the checkout: ``-m`` puts the working folder on sys.path
    )
    output: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda n=n, s=s: output.__setitem__(n, s.read()))
        for n, s in (("out", process.stdout), ("err", process.stderr))
    ]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + TIME_LIMIT
    while True:  # os.wait4, not Popen.wait: it gives this child's own peak memory
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            os.wait4(process.pid, 0)
            process.returncode = -signal.SIGKILL
            for reader in readers:
                reader.join()
            for stream in (process.stdout, process.stderr):
                assert stream is not None
                stream.close()
            pytest.fail(f"trainer {' '.join(args)} ran past {TIME_LIMIT} s")
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    for stream in (process.stdout, process.stderr):
        assert stream is not None
        stream.close()
    return Run(
        process.returncode,
        output["out"].decode("utf-8", "replace"),
        output["err"].decode("utf-8", "replace"),
        usage.ru_maxrss * 1024,
    )


def _state(home: Path) -> tuple[str, list[str]]:
    """What a user can see of the collection (``trainer decks``) and the media folder."""
    decks = _trainer(home, "decks").stdout
    media = home / "media"
    names = sorted(p.name for p in media.iterdir()) if media.is_dir() else []
    return decks, names


@pytest.mark.parametrize("name", CASES)
def test_hostile_import_through_the_cli(name: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    folder = tmp_path / "files"
    folder.mkdir()
    path = _builders().CASES[name](folder)
    args = ["import", str(path)]
    if name.startswith("revlog_huge_duration"):  # a review log needs its deck first
        seed = folder / "seed.toml"
        seed.write_text(SEED_DECK, encoding="utf-8")
        assert _trainer(home, "import", str(seed)).returncode == 0
        args += ["--deck", "Seed"]
    before = _state(home)
    result = _trainer(home, *args)
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.peak_rss <= MAX_PEAK_RSS, f"{result.peak_rss / 2**20:.0f} MiB"
    assert len(lines) <= MAX_STDERR_LINES, result.stderr[-3000:]
    if result.returncode != 0:
        assert result.returncode == 1
        assert lines and str(path) in lines[-1], result.stderr
        assert _state(home) == before  # nothing written
    media = home / "media"
    if media.is_dir():
        assert not [p for p in media.iterdir() if p.name.startswith(".import-")]
    # Whatever was imported is within the caps: a 2.5 KB file cannot store 400 MB.
    assert _longest_stored_text(home) <= MAX_TEXT_CHARS


def _longest_stored_text(home: Path) -> int:
    collection = home / "collection.sqlite3"
    if not collection.exists():
        return 0
    conn = sqlite3.connect(f"file:{collection}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT max(max(length(prompt), length(answer), length(body))) FROM problems"
        ).fetchone()
    finally:
        conn.close()
    return int(row[0] or 0)
