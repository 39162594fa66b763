"""Drive ``trainer drill --plain`` in a real subprocess and audit the collection after it.

The plain mode promises "a printed verdict = a stored review". ``acknowledged`` rebuilds,
from a process's captured stdout alone, the reviews it acknowledged (in commit order, with
undo and override applied); ``stored_reviews`` and ``state_mismatches`` read what the
database really holds. The crash and concurrency tests compare the two.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RATINGS = {"Again": 1, "Hard": 2, "Good": 3, "Easy": 4}
_HEADER = re.compile(r"^\[(?P<deck>[^\]]+)\] \((?P<left>\d+) left\)")
_RATED = re.compile(r"^Rated (?P<name>Again|Hard|Good|Easy); next review ")
_PROMPT = re.compile(r"^(?P<key>[A-Z]\d\d): (?P<a>\d+) (?P<op>plus|times) (?P<b>\d+)$")


def deck_toml(key: str, letter: str, op: str, count: int) -> str:
    """A deck of ``count`` integer problems whose prompts say their own answer."""
    lines = ["format = 1", "", "[deck]", f'id = "{key}"', f'name = "{key.title()}"']
    lines += ['version = "1.0.0"', 'kind = "integer"', ""]
    for i in range(count):
        a, b = i + 2, (i * 7) % 13 + 1
        answer = a + b if op == "plus" else a * b
        lines += ["[[problems]]", f'id = "{letter}{i:02d}"']
        lines += [f'prompt = "{letter}{i:02d}: {a} {op} {b}"', f'answer = "{answer}"', ""]
    return "\n".join(lines)


def right_answer(prompt: str) -> str:
    match = _PROMPT.match(prompt)
    assert match is not None, f"not one of our prompts: {prompt!r}"
    a, b = int(match["a"]), int(match["b"])
    return str(a + b if match["op"] == "plus" else a * b)


def make_collection(folder: Path, db_url: str | None = None, *, bundled: bool = False) -> Path:
    """A collection with two imported decks ("sums", "prods") and, with ``bundled``, the
    bundled ones: a SQLite file in ``folder`` (returned), or the database at ``db_url``."""
    from trainer.practice.library import import_path
    from trainer.wiring import build_services

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "collection.sqlite3"
    services = build_services(
        home=folder / "home", db_url=db_url or f"sqlite:///{db}", import_bundled=bundled
    )
    try:
        if not bundled:
            # As a learner's collection after its first start: the shipped decks are
            # recorded (here as declined), so later starts have nothing to import.
            from trainer.practice.library import decline_bundled_decks

            decline_bundled_decks(services)
        for key, letter, op in (("sums", "S", "plus"), ("prods", "P", "times")):
            path = folder / f"{key}.toml"
            path.write_text(deck_toml(key, letter, op, 30), encoding="utf-8")
            import_path(services, path)
    finally:
        services.close()
    return db


def psycopg_dsn(url: str) -> str:
    """A SQLAlchemy ``postgresql+psycopg://`` URL as a plain libpq one."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def drill_command(db_url: str, deck: str | None) -> list[str]:
    args = [sys.executable, "-m", "trainer", "--db", db_url, "drill"]
    return [*args, *([deck] if deck else []), "--plain"]


class PlainProcess:
    """``trainer drill --plain`` with a pipe on each end; stdout collected as it comes."""

    def __init__(self, db_url: str, deck: str | None, home: Path) -> None:
        env = {**os.environ, "TRAINER_HOME": str(home), "PYTHONUNBUFFERED": "0"}
        env.pop("TRAINER_DB", None)
        self.proc = subprocess.Popen(
            drill_command(db_url, deck),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self._out = bytearray()
        self._err = bytearray()
        self._lock = threading.Lock()
        self._readers = [
            threading.Thread(target=self._pump, args=(self.proc.stdout, self._out), daemon=True),
            threading.Thread(target=self._pump, args=(self.proc.stderr, self._err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _pump(self, stream: Any, into: bytearray) -> None:
        while True:
            chunk = os.read(stream.fileno(), 65536)
            if not chunk:
                return
            with self._lock:
                into.extend(chunk)

    @property
    def stdout(self) -> str:
        with self._lock:
            return self._out.decode("utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        with self._lock:
            return self._err.decode("utf-8", errors="replace")

    def write(self, text: str) -> None:
        assert self.proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.write(text.encode("utf-8"))
            self.proc.stdin.flush()

    def close_input(self) -> None:
        assert self.proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.close()

    def wait_for(self, pattern: str, after: int, timeout: float = 20.0) -> int:
        """Wait until ``pattern`` (a regex) appears in stdout past offset ``after``; returns
        the offset just past the match."""
        regex = re.compile(pattern, re.MULTILINE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = regex.search(self.stdout, after)
            if match:
                return match.end()
            if self.proc.poll() is not None:
                time.sleep(0.05)
                match = regex.search(self.stdout, after)
                if match:
                    return match.end()
                raise AssertionError(f"drill exited ({self.proc.returncode}): {self.stderr}")
            time.sleep(0.002)
        raise AssertionError(f"timed out waiting for {pattern!r}; stdout: {self.stdout[-2000:]}")

    def current_prompt(self) -> str:
        prompts = [ln for ln in self.stdout.splitlines() if _PROMPT.match(ln.lstrip("> "))]
        assert prompts, self.stdout
        return prompts[-1].lstrip("> ")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.finish(timeout=10)

    def finish(self, timeout: float = 60) -> int:
        code = self.proc.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=30)  # EOF comes at exit; a loaded machine may be slow to tell
        if any(reader.is_alive() for reader in self._readers):
            return code
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()  # no ResourceWarning when the Popen is collected
        return code


@dataclass
class Ack:
    """One review the process acknowledged: the problem, the rating, right or wrong."""

    prompt: str
    rating: int
    correct: bool


def acknowledged(stdout: str) -> list[Ack]:
    """The reviews a plain-mode transcript acknowledged, in commit order.

    A verdict block ends with "Rated X; next review ..." and is flushed whole; the first
    counted verdict on a problem stores its review, later ones update it; ":override"
    rewrites the last stored review; ":undo" deletes it and shows its problem again.
    """
    acks: list[Ack] = []
    showing: str | None = None
    showing_index: int | None = None
    expect_prompt = False
    head: tuple[str, bool] | None = None
    for raw in stdout.splitlines():
        line = raw
        while line.startswith("> "):
            line = line[2:]
        if _HEADER.match(line):
            expect_prompt = True
            continue
        if expect_prompt:
            showing, showing_index, expect_prompt = line, None, False
            continue
        if line.startswith("Correct."):
            head = ("verdict", True)
        elif line.startswith("Wrong."):
            head = ("verdict", False)
        elif line.startswith("Revealed."):
            head = ("reveal", False)
        elif line.startswith("Overridden: counted as right."):
            head = ("override", True)
        elif line.startswith("Overridden: counted as wrong."):
            head = ("override", False)
        elif line.startswith("Undone:"):
            acks.pop()
            showing_index = None
        elif (rated := _RATED.match(line)) is not None:
            assert head is not None, f"a rating with no verdict before it in {stdout!r}"
            rating = RATINGS[rated["name"]]
            kind, correct = head
            if kind == "override":
                acks[-1].rating, acks[-1].correct = rating, correct
            elif showing_index is None:
                assert showing is not None
                acks.append(Ack(showing, rating, correct))
                showing_index = len(acks) - 1
            elif kind == "verdict":
                acks[showing_index].correct = correct
            head = None
    return acks


_STORED = (
    "SELECT p.prompt, r.rating, r.correct FROM reviews r "
    "JOIN cards c ON c.id = r.card_id JOIN problems p ON p.id = c.problem_id ORDER BY r.id"
)


def stored_reviews(db: Path) -> list[Ack]:
    """The reviews in a SQLite collection, in insertion order, as (prompt, rating, correct)."""
    with sqlite3.connect(db) as conn:
        return stored_reviews_on(conn)


def stored_reviews_on(conn: Any) -> list[Ack]:
    """The same over any DBAPI connection (sqlite3 or psycopg)."""
    cursor = conn.cursor()
    cursor.execute(_STORED)
    rows = cursor.fetchall()
    return [Ack(prompt, int(rating), bool(correct)) for prompt, rating, correct in rows]


STATE_PAIRS = ("phase", "step", "stability", "difficulty", "due")


def state_mismatches(conn: Any) -> list[str]:
    """Cards whose state is not their last review's after-state (or, with no review, not
    new): each a readable line. ``conn`` is a DBAPI connection (sqlite3 or psycopg)."""
    cursor = conn.cursor()
    cursor.execute(
        "SELECT c.id, c.phase, c.step, c.stability, c.difficulty, c.due, c.reps FROM cards c"
    )
    cards = cursor.fetchall()
    cursor.execute(
        "SELECT card_id, phase_after, step_after, stability_after, difficulty_after, "
        "due_after FROM reviews ORDER BY id"
    )
    last: dict[int, tuple[Any, ...]] = {}
    for row in cursor.fetchall():
        last[row[0]] = tuple(row[1:])
    problems = []
    for card_id, *state, reps in cards:
        after = last.get(card_id)
        if after is None:
            if state[0] != 0 or reps != 0:
                problems.append(f"card {card_id}: no review but state {state}, reps {reps}")
        elif tuple(state) != after:
            pairs = dict(zip(STATE_PAIRS, zip(state, after, strict=True), strict=True))
            problems.append(f"card {card_id}: card vs last review after-state {pairs}")
    return problems


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
