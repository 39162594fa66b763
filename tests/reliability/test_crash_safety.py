"""Crash safety: SIGKILL a real ``trainer drill --plain`` at seeded random moments.

Each run copies a fresh collection (two imported decks), drives the real CLI in a
subprocess for a few answers (right, wrong then right, reveal, override, undo), then
kills it with SIGKILL at one of four kinds of moment: mid-typing (half a line sent),
right after a verdict was printed, during an ``:undo`` and during a long piped answer
stream. After every kill the collection must pass ``PRAGMA integrity_check``, hold every
review the process acknowledged (printed a verdict for) with the printed rating and
verdict, hold at most one review it did not acknowledge (the one in flight), and every
card must be in its last review's after-state (nothing half-written).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from .plain_driver import (
    PlainProcess,
    acknowledged,
    integrity,
    make_collection,
    right_answer,
    state_mismatches,
    stored_reviews,
)

RUNS = 24
MOMENTS = ("after_verdict", "mid_typing", "during_undo", "stream")
_VERDICT_DONE = r"Rated (Again|Hard|Good|Easy); next review [^\n]*\n"
_NEXT_PROMPT = r"^\[[^\]]+\] \(\d+ left\)\n.*\n> "


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_collection(tmp_path_factory.mktemp("crash-template"))


def _answer(drill: PlainProcess, rng: random.Random, offset: int) -> int:
    """One interactive step on the problem shown; returns the stdout offset after it."""
    prompt = drill.current_prompt()
    step = rng.choice(("right", "right", "wrong-retry", "reveal", "override", "undo"))
    if step == "undo" and "Rated" not in drill.stdout:
        step = "right"
    if step == "right":
        drill.write(right_answer(prompt) + "\n")
    elif step == "wrong-retry":
        drill.write("0\n")
        offset = drill.wait_for(_VERDICT_DONE, offset)
        drill.write(right_answer(prompt) + "\n")
    elif step == "reveal":
        drill.write(":reveal\n")
    elif step == "override":
        drill.write("1\n")
        offset = drill.wait_for(_VERDICT_DONE, offset)
        drill.write(":override\n")
        offset = drill.wait_for(_VERDICT_DONE, offset)
        return drill.wait_for(_NEXT_PROMPT, offset)  # the override settles it: next problem
    else:
        drill.write(":undo\n")
        offset = drill.wait_for(r"Undone: ", offset)
        offset = drill.wait_for(_NEXT_PROMPT, offset)
        drill.write(right_answer(drill.current_prompt()) + "\n")
    offset = drill.wait_for(_VERDICT_DONE, offset)
    return drill.wait_for(_NEXT_PROMPT, offset)


def _stream(rng: random.Random) -> str:
    """A long burst of lines sent at once: answers (some right by luck), commands."""
    lines = []
    for _ in range(120):
        roll = rng.random()
        if roll < 0.08:
            lines.append(":undo")
        elif roll < 0.14:
            lines.append(":reveal")
        elif roll < 0.18:
            lines.append(":override")
        elif roll < 0.22:
            lines.append("x^^")  # unparseable: not counted
        else:
            lines.append(str(rng.randint(2, 60)))
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_sigkill_never_loses_an_acknowledged_review(template: Path, tmp_path: Path) -> None:
    found: list[int] = []
    for run in range(RUNS):
        rng = random.Random(8000 + run)
        moment = MOMENTS[run % len(MOMENTS)]
        db = tmp_path / f"run{run}.sqlite3"
        shutil.copyfile(template, db)
        drill = PlainProcess(f"sqlite:///{db}", rng.choice(("sums", "prods", None)), tmp_path)
        offset = drill.wait_for(r"^> ", 0)
        strict = True  # nothing in flight when killed: the database must match exactly
        for _ in range(rng.randint(1, 5)):
            offset = _answer(drill, rng, offset)
        if moment == "after_verdict":
            drill.write(
                "0\n" if rng.random() < 0.5 else right_answer(drill.current_prompt()) + "\n"
            )
            drill.wait_for(_VERDICT_DONE, offset)
        elif moment == "mid_typing":
            drill.write(right_answer(drill.current_prompt())[:1])
            time.sleep(rng.uniform(0, 0.05))
        elif moment == "during_undo":
            drill.write(":undo\n")
            time.sleep(rng.uniform(0, 0.02))
            strict = False
        else:
            drill.write(_stream(rng))
            time.sleep(rng.uniform(0.0, 0.4))
            strict = False
        alive = drill.proc.poll() is None
        drill.kill()
        assert alive, f"run {run}: the drill ended before the kill: {drill.stderr}"

        assert integrity(db) == "ok", f"run {run} ({moment})"
        acks = acknowledged(drill.stdout)
        stored = stored_reviews(db)
        context = f"run {run} ({moment}):\n{drill.stdout[-1500:]}"
        if strict:
            assert stored == acks, context
        else:
            # One operation may be in flight: a new review stored but not yet printed,
            # an undo of the last acknowledged review done but not yet printed, or a
            # retry or override that already changed the last acknowledged review.
            in_flight_new = stored[:-1] == acks
            in_flight_undo = stored == acks[:-1]
            in_flight_update = (
                len(stored) == len(acks) > 0
                and stored[:-1] == acks[:-1]
                and stored[-1].prompt == acks[-1].prompt
            )
            assert stored == acks or in_flight_new or in_flight_undo or in_flight_update, (
                f"{context}\nstored {stored}\nacknowledged {acks}"
            )
        with sqlite3.connect(db) as conn:
            mismatches = state_mismatches(conn)
        assert not mismatches, f"{context}\n{mismatches}"
        if moment == "stream":
            found.append(len(acks))
    assert all(found), f"every stream got reviews stored before its kill: {found}"
