"""warm_up() pays the one-time costs up front, so a first units check is not a timeout."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys, time
from trainer.checking import check, warm_up
from trainer.domain import AnswerKind, AnswerSpec
if sys.argv[1] == "warm":
    warm_up()
spec = AnswerSpec("5 km", AnswerKind.UNITS)
started = time.perf_counter()
verdict = check(spec, "5000 m", budget=0.3)
print(json.dumps({"reason": str(verdict.reason), "correct": verdict.correct,
                  "ms": (time.perf_counter() - started) * 1000,
                  "pint": "pint" in sys.modules}))
"""


def _probe(mode: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return json.loads(out)


def test_after_warm_up_a_first_units_check_is_graded_within_a_tight_budget() -> None:
    result = _probe("warm")
    assert result["correct"] is True, result
    assert result["reason"] == "equivalent" or result["reason"] == "equal", result


def test_importing_the_checker_does_not_load_pint() -> None:
    code = "import sys, trainer.checking; print('pint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
