"""Every hostile import, through the real ``trainer import`` in a subprocess, under a
3 GB address-space limit and a 30 s timeout: at most a few lines on stderr, never a
traceback, and a failed import leaves the collection and the media folder as they were.

The files are the red team's cases (``tests/formats/hostile_builders.py``); the readers'
own table is ``tests/formats/test_bounded_readers.py``.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import types
import zipfile
from collections.abc import Callable
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


# --- A killed import: media published all or nothing, leftovers cleaned ----------------

MEDIA_FILES = 400


def _media_package(folder: Path, padding: int = 0) -> tuple[Path, dict[str, bytes]]:
    """A legacy package of 400 notes, each showing its own 200 KB picture; ``padding``
    bytes in an extra table make the collection slower to unpack."""
    builders = _builders()
    media = {f"pic{i}.png": os.urandom(200_000) for i in range(MEDIA_FILES)}
    notes = [(1001, f'<img src="pic{i}.png"> what is {i} + 1?\x1f{i + 1}') for i in range(400)]
    db = builders.legacy_collection(folder / "c.anki2", notes=notes)
    if padding:
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE padding (data BLOB)")
        conn.executemany(
            "INSERT INTO padding VALUES (?)", [(os.urandom(1 << 20),)] * (padding >> 20)
        )
        conn.commit()
        conn.close()
    members = {"collection.anki2": db.read_bytes()}
    members["media"] = json.dumps({str(i): name for i, name in enumerate(media)}).encode()
    members.update({str(i): data for i, data in enumerate(media.values())})
    path = folder / "pictures.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path, media


def _kill_when(home: Path, args: list[str], ready: Callable[[], bool]) -> bool:
    """Start ``trainer`` and SIGKILL it as soon as ``ready()``; whether it was killed."""
    env = {**os.environ, "TRAINER_HOME": str(home), "TMPDIR": str(home.parent / "tmp")}
    process = subprocess.Popen(
        [sys.executable, "-m", "trainer", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=home.parent,
    )
    deadline = time.monotonic() + TIME_LIMIT
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if ready():
                process.kill()
                process.wait()
                return True
            time.sleep(0.005)
        return False
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def _staged(media: Path) -> list[Path]:
    if not media.is_dir():
        return []
    return [p for p in media.iterdir() if p.name.startswith(".import-")]


def _staged_files(media: Path) -> int:
    return sum(len(list(p.iterdir())) if p.is_dir() else 1 for p in _staged(media) if p.exists())


def test_a_killed_media_import_leaves_nothing_a_reimport_does_not_clean(tmp_path: Path) -> None:
    home, folder, temp = tmp_path / "home", tmp_path / "files", tmp_path / "tmp"
    for path in (home, folder, temp):
        path.mkdir()
    package, media = _media_package(folder)
    media_dir = home / "media"
    killed = _kill_when(home, ["import", str(package)], lambda: _staged_files(media_dir) >= 10)
    assert killed, "the import finished before it could be killed"
    assert _staged(media_dir)  # the kill left a staging folder (or .part files)
    assert not [p for p in media_dir.iterdir() if not p.name.startswith(".")]  # none published

    env_tmp = {"TMPDIR": str(temp)}
    os.environ.update(env_tmp)
    try:
        result = _trainer(home, "import", str(package))
    finally:
        for key in env_tmp:
            os.environ.pop(key)
    assert result.returncode == 0, result.stderr
    assert _staged(media_dir) == []
    published = {p.name: p.read_bytes() for p in media_dir.iterdir()}
    assert published == media


def test_a_killed_package_read_leaves_no_temp_folder_behind(tmp_path: Path) -> None:
    home, folder, temp = tmp_path / "home", tmp_path / "files", tmp_path / "tmp"
    for path in (home, folder, temp):
        path.mkdir()
    package, _ = _media_package(folder, padding=100 * 1024 * 1024)

    def unpacking() -> bool:
        return any(p.name.startswith("trainer-anki-") for p in temp.iterdir())

    assert _kill_when(home, ["import", str(package)], unpacking)
    assert [p for p in temp.iterdir() if p.name.startswith("trainer-anki-")]
    os.environ["TMPDIR"] = str(temp)
    try:
        result = _trainer(home, "import", str(package))
    finally:
        os.environ.pop("TMPDIR")
    assert result.returncode == 0, result.stderr
    assert not [p for p in temp.iterdir() if p.name.startswith("trainer-anki-")]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_leftovers_are_finished_when_complete_and_deleted_when_not(tmp_path: Path) -> None:
    from trainer.practice.library_media import find_import_leftovers, remove_import_leftovers

    media, temp = tmp_path / "media", tmp_path / "tmp"
    media.mkdir()
    temp.mkdir()
    dead = _dead_pid()
    complete = media / f".import-{dead}-a"  # killed after staging: may have committed
    complete.mkdir()
    (complete / "new.png").write_bytes(b"new")
    (complete / "taken.png").write_bytes(b"staged")
    (complete / ".complete").touch()
    (media / "taken.png").write_bytes(b"kept")  # a later import took the name
    incomplete = media / f".import-{dead}-b"  # killed while staging: cannot have committed
    incomplete.mkdir()
    (incomplete / "half.png").write_bytes(b"ha")
    loose = media / ".import-x1y2.part"  # what older versions staged
    loose.write_bytes(b"old")
    running = media / f".import-{os.getpid()}-c"  # an import running now
    running.mkdir()
    (running / "busy.png").write_bytes(b"busy")
    unpacked = temp / f"trainer-anki-{dead}-zz"
    unpacked.mkdir()
    (unpacked / "collection.sqlite").write_bytes(b"x")
    alive = temp / f"trainer-anki-{os.getpid()}-yy"
    alive.mkdir()

    found = find_import_leftovers(media, temp)
    assert set(found.complete) == {complete}
    assert set(found.incomplete) == {incomplete, loose}
    assert set(found.unpack_folders) == {unpacked}

    cleaned = remove_import_leftovers(media, temp)
    assert cleaned.published == 1 and cleaned.removed == 4
    assert sorted(p.name for p in media.iterdir()) == [running.name, "new.png", "taken.png"]
    assert (media / "new.png").read_bytes() == b"new"
    assert (media / "taken.png").read_bytes() == b"kept"
    assert (running / "busy.png").exists() and alive.exists() and not unpacked.exists()
    assert not find_import_leftovers(media, temp)


def test_renamed_media_are_relinked_in_one_pass() -> None:
    """A package of unsafe names renames them all; relinking was names x text (0.84 s
    for one prompt of 8,000 pictures, minutes for a deck of such notes)."""
    from trainer.domain import Deck, Problem
    from trainer.practice.library_media import rename_references

    names = [f"dir/p{i}.png" for i in range(8000)] + ["a(1).png", "b.png"]
    text = "".join(f"![]({n})" for n in names) + " ](dir/p1.png and ](x"
    renamed = {n: n.rsplit("/", 1)[-1] for n in names[:8000]} | {"a(1).png": "a(1)-f00.png"}
    problem = Problem(key="k", prompt=text, answer="a", media=tuple(names))
    started = time.perf_counter()
    (deck,) = rename_references((Deck(key="d", name="D", problems=(problem,) * 200),), renamed)
    assert time.perf_counter() - started < 5
    prompt = deck.problems[0].prompt
    assert prompt.startswith("![](p0.png)![](p1.png)")
    assert prompt.endswith("![](a(1)-f00.png)![](b.png) ](dir/p1.png and ](x")
    assert deck.problems[0].media[-2:] == ("a(1)-f00.png", "b.png")
