"""Bytes that are not UTF-8 on the plain drill's stdin: a message, nothing counted, the
session goes on; never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.plain_driver import make_collection, stored_reviews


@pytest.mark.parametrize(
    "junk",
    [b"\xff\xfe", b"\xc3(", b"2\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"],
    ids=["bom-ish", "bad continuation", "stray continuation", "surrogate", "too big"],
)
def test_invalid_utf8_line_is_a_message_and_the_drill_goes_on(tmp_path: Path, junk: bytes) -> None:
    db = make_collection(tmp_path)
    env = {**os.environ, "TRAINER_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": ""}
    env.pop("TRAINER_DB", None)
    run = subprocess.run(
        [sys.executable, "-m", "trainer", "--db", f"sqlite:///{db}", "drill", "sums", "--plain"],
        input=junk + b"\n" + b":reveal\n:quit\n",
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    out, err = run.stdout.decode(), run.stderr.decode()
    assert run.returncode == 0, err
    assert "Traceback" not in err and err.strip() == ""
    assert "not valid UTF-8" in out
    assert "Revealed." in out  # the session went on after the bad line
    assert len(stored_reviews(db)) == 1  # only the reveal was stored
