"""Random points, deadlines and the per-thread mpmath context the comparisons share."""

from __future__ import annotations

import random
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from trainer.checking.numeric import mpmath_module

MP_DIGITS = 40


class OutOfTime(Exception):
    """The check's time budget ran out."""


class Deadline:
    """A point in time (``time.monotonic``) that cooperative loops check."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise OutOfTime


_local = threading.local()


def mp_context() -> Any:
    """A private mpmath context per thread (mpmath's global precision is shared state)."""
    ctx = getattr(_local, "mp", None)
    if ctx is None:
        ctx = mpmath_module().MPContext()
        ctx.dps = MP_DIGITS
        _local.mp = ctx
    return ctx


def rng_for(names: Iterable[str]) -> random.Random:
    """A reproducible generator: the same variables get the same points every time."""
    return random.Random(zlib.crc32(",".join(sorted(names)).encode()))


def points(names: list[str], rng: random.Random, count: int, spread: float = 3.0,
           positive: bool = False) -> Iterator[dict[str, complex]]:  # fmt: skip
    """``count`` points with each variable away from 0 and from integers."""
    for _ in range(count):
        env: dict[str, complex] = {}
        for name in names:
            magnitude = 0.17 + rng.random() * spread
            sign = 1 if positive or rng.random() < 0.6 else -1
            env[name] = complex(sign * magnitude)
        yield env


def integer_points(
    names: list[str], rng: random.Random, count: int
) -> Iterator[dict[str, complex]]:
    """Points with small integer and half-integer values: ``(-2)^2`` is real, ``(-2)^0.7`` not."""
    whole = (-3, -2, -1, 1, 2, 3)
    mixed = (-2, 2, 0.5)
    for _ in range(count):
        yield {
            name: complex(rng.choice(whole if name in INTEGER_NAMES else mixed)) for name in names
        }


INTEGER_NAMES = frozenset({"n", "m", "k", "j", "N", "M"})
"""Names that usually stand for integers: sampled at integers only in the integer round."""
