"""Hostile-input fuzzing of every deck reader: mutated files never crash a reader.

A reader either returns an ``ImportBatch`` or raises a ``TrainerError`` that says what
and where; any other exception is a bug. Budget: a fixed number of examples per format
(``TRAINER_FUZZ_EXAMPLES``, default 60), derandomised so CI is repeatable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.domain import ImportBatch
from trainer.errors import TrainerError
from trainer.formats.detect import ReadOptions, read_any

EXAMPLES = int(os.environ.get("TRAINER_FUZZ_EXAMPLES", "60"))
FORMATS = ["toml", "csv", "tsv", "jsonl", "revlog", "apkg"]


def mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Apply (op, position, value) edits: flip a byte, delete a run, insert, or truncate."""
    buf = bytearray(data)
    for op, pos, value in edits:
        if not buf:
            break
        at = pos % len(buf)
        if op == 0:
            buf[at] ^= value or 1
        elif op == 1:
            del buf[at : at + 1 + value % 64]
        elif op == 2:
            buf[at:at] = bytes([value]) * (1 + value % 7)
        else:
            del buf[at:]
    return bytes(buf)


EDITS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 2**31), st.integers(0, 255)), min_size=1, max_size=6
)


def _read(path: Path) -> None:
    try:
        batch = read_any(path, ReadOptions(deck_name="Fuzzed"))
    except TrainerError as exc:
        assert str(exc).strip(), "an error must say what went wrong"
        return
    assert isinstance(batch, ImportBatch)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
def test_mutated_files_never_crash_a_reader(
    fmt: str, edits: list[tuple[int, int, int]], seeds: Any, tmp_path: Path
) -> None:
    suffix = {"revlog": ".csv"}.get(fmt, f".{fmt}")
    path = tmp_path / f"fuzzed{suffix}"
    path.write_bytes(mutate(seeds[fmt], edits))
    _read(path)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    blob=st.binary(max_size=4096),
    suffix=st.sampled_from([".toml", ".csv", ".tsv", ".jsonl", ".apkg", ".colpkg", ".json"]),
)
def test_random_bytes_never_crash_a_reader(blob: bytes, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(blob)
    _read(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unmutated_seeds_read_cleanly(fmt: str, seeds: Any, tmp_path: Path) -> None:
    suffix = {"revlog": ".csv"}.get(fmt, f".{fmt}")
    path = tmp_path / f"seed{suffix}"
    path.write_bytes(seeds[fmt])
    batch = read_any(path, ReadOptions(deck_name="Seed"))
    assert batch.decks or batch.history
