"""Showing a problem loads what grading it will need, in the background, and no more."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys, threading, time
from pathlib import Path
started = []
_start = threading.Thread.start
def _recording_start(self):
    started.append(self.name)
    return _start(self)
threading.Thread.start = _recording_start
from trainer.clock import FrozenClock
from datetime import UTC, datetime
from trainer.domain import AnswerKind, Deck, ImportBatch, Problem
from trainer.practice.engine import PracticeSession
from trainer.practice.importing import import_batch
from trainer.wiring import build_services

kind = AnswerKind(sys.argv[2])
answer = {"units": "5 km", "integer": "42"}[sys.argv[2]]
clock = FrozenClock(datetime(2026, 3, 1, tzinfo=UTC))
services = build_services(home=Path(sys.argv[1]), clock=clock, import_bundled=False)
deck = Deck(key="d", name="D", problems=(Problem(key="p", prompt="?", answer=answer, kind=kind),))
import_batch(services, ImportBatch(decks=(deck,)), source="test")
session = PracticeSession(services, ["d"])
assert session.next_problem() is not None
from trainer.checking import units
deadline = time.monotonic() + 20
while units._registry is None and time.monotonic() < deadline and sys.argv[2] == "units":
    time.sleep(0.05)
time.sleep(0.3)
warm = [name for name in started if "warm" in name]
print(json.dumps({"pint": "pint" in sys.modules, "registry": units._registry is not None,
                  "warm_threads": warm}))
"""


def _probe(tmp_path: Path, kind: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / kind), kind],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_showing_a_units_problem_loads_the_unit_registry_in_the_background(
    tmp_path: Path,
) -> None:
    probe = _probe(tmp_path, "units")
    assert probe == {"pint": True, "registry": True, "warm_threads": ["warm-up"]}  # one thread


def test_showing_an_integer_problem_loads_nothing_heavy(tmp_path: Path) -> None:
    probe = _probe(tmp_path, "integer")
    assert probe == {"pint": False, "registry": False, "warm_threads": ["warm-up"]}
