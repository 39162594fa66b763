"""Drawing parameter values without building the list of all values.

A range parameter ``{ range = [lo, hi], step = s }`` is drawn as ``lo + s * randrange(n)``
(rejecting excluded values), so a range of 10^12 values costs what a range of 10 does.
Only when exclusions cover a large part of a small range is the allowed list built (its
size is then bounded by the exclusions, which come from the file). ``edge_values`` gives
the values validation tries first: the ends, their neighbours, and the values nearest
to -2..2.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable

from trainer.checking.template_eval import TemplateError
from trainer.domain import Parameter

RANGE_LIMIT = 10**12
"""Range ends must lie within ±RANGE_LIMIT (checked when a deck is imported)."""

MAX_EDGE_DRAWS = 80
_REJECTION_TRIES = 256
_MAX_EDGE_CHOICES = 64


class ParameterPool:
    """The values one parameter can take, drawn without materialising a range."""

    def __init__(self, parameter: Parameter) -> None:
        self.name = parameter.name
        self.excluded = frozenset(parameter.exclude)
        self.listed: list[str] | None = None
        self.lo = self.step = self.count = 0
        if parameter.choice is not None:
            self.listed = [v for v in parameter.choice if v not in self.excluded]
        elif parameter.range is not None:
            self.lo, hi = parameter.range
            self.step = max(1, parameter.step)
            self.count = max(0, (hi - self.lo) // self.step + 1)
            if self.count <= 2 * len(self.excluded) + 64:
                values = (str(self.lo + self.step * i) for i in range(self.count))
                self.listed = [v for v in values if v not in self.excluded]
        else:
            self.listed = []
        if self.listed is not None and not self.listed:
            raise TemplateError(
                f"parameter {self.name}: no value left to draw (empty range or everything excluded)"
            )

    def draw(self, rng: random.Random) -> str:
        if self.listed is not None:
            return rng.choice(self.listed)
        for _ in range(_REJECTION_TRIES):  # at least half the range is allowed
            value = str(self.lo + self.step * rng.randrange(self.count))
            if value not in self.excluded:
                return value
        raise TemplateError(f"parameter {self.name}: no allowed value found")

    def edge_values(self, targets: Iterable[int] = ()) -> list[str]:
        """Values worth trying first: the ends, their neighbours, and those nearest -2..2
        and ``targets`` (the numbers a template writes: ``b - 17`` is zero at 17)."""
        wanted = (-2, -1, 0, 1, 2, *targets)
        if self.listed is not None:
            listed = self.listed
            if len(listed) <= _MAX_EDGE_CHOICES:
                return list(listed)
            half = _MAX_EDGE_CHOICES // 2
            chosen = set(listed[:half] + listed[-half:]) | {str(t) for t in wanted}
            return [v for v in listed if v in chosen]
        last = self.count - 1
        indices = {0, 1, last - 1, last}
        for target in wanted:
            near = (target - self.lo) // self.step
            indices.update({near - 1, near, near + 1, near + 2})
        values = (str(self.lo + self.step * i) for i in sorted(indices) if 0 <= i <= last)
        return [v for v in values if v not in self.excluded]


def pools(parameters: tuple[Parameter, ...]) -> list[ParameterPool]:
    """One pool per parameter (``TemplateError`` when one has nothing to draw)."""
    return [ParameterPool(p) for p in parameters]


def draw(pool_list: list[ParameterPool], rng: random.Random) -> dict[str, str]:
    """One value for every parameter."""
    return {pool.name: pool.draw(rng) for pool in pool_list}


def every_draw(pool_list: list[ParameterPool], limit: int) -> list[dict[str, str]] | None:
    """Every combination of values, when the parameters are lists with at most ``limit``
    combinations (else None)."""
    count = 1
    for pool in pool_list:
        if pool.listed is None:
            return None
        count *= len(pool.listed)
        if count > limit:
            return None
    names = [pool.name for pool in pool_list]
    lists = [pool.listed or [] for pool in pool_list]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*lists)]


def edge_draws(
    pool_list: list[ParameterPool], rng: random.Random, targets: Iterable[int] = ()
) -> list[dict[str, str]]:
    """Draws built from edge values (``ParameterPool.edge_values``): all parameters at one
    end, each parameter through its edges with the others random, every parameter equal
    where they can be."""
    wanted = tuple(targets)
    edges = [pool.edge_values(wanted) for pool in pool_list]
    out: list[dict[str, str]] = []
    if all(edges):
        out.append({p.name: e[0] for p, e in zip(pool_list, edges, strict=True)})
        out.append({p.name: e[-1] for p, e in zip(pool_list, edges, strict=True)})
    shared = set.intersection(*(set(e) for e in edges)) if edges else set()
    for value in sorted(shared)[:8]:
        out.append({p.name: value for p in pool_list})
    for i, pool in enumerate(pool_list):
        for value in edges[i]:
            row = draw(pool_list, rng)
            row[pool.name] = value
            out.append(row)
    if len(out) > MAX_EDGE_DRAWS:
        out = out[:2] + rng.sample(out[2:], MAX_EDGE_DRAWS - 2)
    return out
