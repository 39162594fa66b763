"""Two real plain-mode drills on one collection at once, and a lock that never frees.

Both processes get a piped burst of answers (wrong numbers, reveals, unparseable text)
and end at end of input. Neither may crash; the collection must hold exactly the reviews
the two transcripts acknowledged (none lost, none doubled), every card in its last
review's after-state. Run on SQLite (WAL, ``BEGIN IMMEDIATE``, busy timeout) and on
PostgreSQL when ``TRAINER_TEST_PG_URL`` names a server.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from .plain_driver import (
    Ack,
    PlainProcess,
    acknowledged,
    integrity,
    make_collection,
    psycopg_dsn,
    state_mismatches,
    stored_reviews_on,
)

PAIRS = {"different-decks": ("sums", "prods"), "same-deck": ("sums", "sums")}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_collection(tmp_path_factory.mktemp("concurrency-template"))


def _burst(seed: int) -> str:
    rng = random.Random(seed)
    lines = []
    for _ in range(160):
        roll = rng.random()
        if roll < 0.3:
            lines.append(":reveal")
        elif roll < 0.35:
            lines.append("2 +* 2")  # unparseable: not counted
        else:
            lines.append(str(rng.randint(2, 60)))
    return "\n".join(lines) + "\n"


def _drill_together(db_url: str, decks: tuple[str, str], home: Path) -> list[Ack]:
    """Start both drills, send each its burst, end input; returns both acknowledgements."""
    drills = [PlainProcess(db_url, deck, home) for deck in decks]
    for drill in drills:
        drill.wait_for(r"^> ", 0, timeout=60)
    for index, drill in enumerate(drills):
        drill.write(_burst(100 + index))
    for drill in drills:
        drill.close_input()
    acks: list[Ack] = []
    for drill in drills:
        code = drill.finish(timeout=120)
        assert (code, drill.stderr) == (0, ""), drill.stdout[-2000:]
        assert "Session over:" in drill.stdout
        acks += acknowledged(drill.stdout)
    return acks


def _key(ack: Ack) -> tuple[str, int, bool]:
    return (ack.prompt, ack.rating, ack.correct)


@pytest.mark.slow
@pytest.mark.parametrize("pair", list(PAIRS))
def test_two_drills_on_one_sqlite_collection(template: Path, tmp_path: Path, pair: str) -> None:
    db = tmp_path / "shared.sqlite3"
    shutil.copyfile(template, db)
    acks = _drill_together(f"sqlite:///{db}", PAIRS[pair], tmp_path)
    assert len(acks) >= 20
    assert integrity(db) == "ok"
    with sqlite3.connect(db) as conn:
        stored = stored_reviews_on(conn)
        assert not state_mismatches(conn)
    assert Counter(map(_key, stored)) == Counter(map(_key, acks))


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("pair", list(PAIRS))
def test_two_drills_on_one_postgres_collection(
    pg_database: Callable[[], str], tmp_path: Path, pair: str
) -> None:
    import psycopg

    url = pg_database()
    # Opened once before (bundled decks in): two first opens at the same moment race on
    # importing the bundled decks, a known gap listed in docs/reliability.md.
    make_collection(tmp_path / "setup", url, bundled=True)
    acks = _drill_together(url, PAIRS[pair], tmp_path)
    assert len(acks) >= 20
    with psycopg.connect(psycopg_dsn(url)) as conn:
        stored = stored_reviews_on(conn)
        assert not state_mismatches(conn)
    assert Counter(map(_key, stored)) == Counter(map(_key, acks))


def _hold_write_lock(db: Path, seconds: float) -> threading.Event:
    """Take SQLite's exclusive lock on ``db`` now; keep it for ``seconds`` or until the
    returned event is set, whichever is first."""
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN EXCLUSIVE")
    done = threading.Event()

    def release() -> None:
        done.wait(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    threading.Thread(target=release, daemon=True).start()
    return done


@pytest.mark.slow
def test_a_short_lock_is_waited_out(template: Path, tmp_path: Path) -> None:
    db = tmp_path / "locked.sqlite3"
    shutil.copyfile(template, db)
    _hold_write_lock(db, 1.5)
    drill = PlainProcess(f"sqlite:///{db}", "sums", tmp_path)
    drill.write(":reveal\n")
    drill.close_input()
    assert drill.finish(timeout=60) == 0, drill.stderr
    assert "Revealed." in drill.stdout
    with sqlite3.connect(db) as conn:
        assert len(stored_reviews_on(conn)) == 1


@pytest.mark.slow
def test_a_lock_held_past_the_busy_timeout_gives_one_clear_line(
    template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "locked.sqlite3"
    shutil.copyfile(template, db)
    release = _hold_write_lock(db, 60)  # far past the 10 s busy timeout
    drill = PlainProcess(f"sqlite:///{db}", "sums", tmp_path)
    drill.write("7\n")
    drill.close_input()
    code = drill.finish(timeout=60)
    release.set()
    assert code == 1
    assert "Traceback" not in drill.stderr
    [line] = drill.stderr.strip().splitlines()
    assert line.startswith("trainer: error: the collection is locked by another program")
    assert "Wrong." not in drill.stdout and "Correct." not in drill.stdout
    with sqlite3.connect(db) as conn:
        assert stored_reviews_on(conn) == []
        assert not state_mismatches(conn)


def test_a_second_session_reviews_a_card_from_its_current_state(
    template: Path, tmp_path: Path
) -> None:
    from trainer.practice.engine import PracticeSession
    from trainer.wiring import build_services

    from .plain_driver import right_answer

    db = tmp_path / "two-sessions.sqlite3"
    shutil.copyfile(template, db)
    services = build_services(
        home=tmp_path / "home", db_url=f"sqlite:///{db}", import_bundled=False
    )
    first, second = PracticeSession(services, ["sums"]), PracticeSession(services, ["sums"])
    try:
        shown = [first.next_problem(), second.next_problem()]
        assert shown[0] is not None and shown[1] is not None
        assert shown[0].card_id == shown[1].card_id  # both queues start with the same card
        first.submit(right_answer(shown[0].prompt))
        second.submit(right_answer(shown[1].prompt))
    finally:
        first.close()
        second.close()
        services.close()
    with sqlite3.connect(db) as conn:
        reps = conn.execute("SELECT reps_before FROM reviews ORDER BY id").fetchall()
        card_reps = conn.execute("SELECT reps FROM cards WHERE reps > 0").fetchall()
    assert reps == [(0,), (1,)] and card_reps == [(2,)]
