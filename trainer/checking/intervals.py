"""Subsets of the real line: intervals, unions, finite sets and one-variable inequalities.

``(1, 3)`` equals ``(1, 2] ∪ [2, 3)`` (unions are merged first); ``-793 < a < 10`` equals
``(-793, 10)``; ``1 <= |z| <= 3/2`` equals ``[-3/2, -1] ∪ [1, 3/2]`` (compared at every
boundary point, just beside it, and between).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trainer.checking import relations
from trainer.checking.boundaries import boundary_functions, edges_agree
from trainer.checking.exact_sets import Span, as_float_parts, compare_sets, exact_set
from trainer.checking.nodes import (
    LOOSE_LISTS,
    Const,
    Interval,
    Neg,
    Node,
    Rel,
    Seq,
    Union,
    free_symbols,
)
from trainer.checking.numeric import MpEval, NotScalar, Undefined
from trainer.checking.sampling import Deadline, mp_context
from trainer.checking.scalars import Tolerance
from trainer.domain import Reason


@dataclass(frozen=True)
class Part:
    lo: Any
    hi: Any
    lo_closed: bool
    hi_closed: bool


@dataclass(frozen=True)
class RealSet:
    parts: tuple[Part, ...] | None = None
    predicate: Callable[[float], bool | None] | None = None
    edges: tuple[float, ...] = ()
    exact: tuple[Span, ...] | None = None  # endpoints as exact constants (``exact_sets``)
    functions: tuple[Node, ...] = ()  # a predicate's constraint functions (``boundaries``)

    def contains(self, x: float) -> bool | None:
        if self.predicate is not None:
            return self.predicate(x)
        assert self.parts is not None
        for p in self.parts:
            lo_ok = x > p.lo or (p.lo_closed and x == p.lo)
            hi_ok = x < p.hi or (p.hi_closed and x == p.hi)
            if lo_ok and hi_ok:
                return True
        return False

    def boundary(self) -> list[float]:
        if self.parts is None:
            return list(self.edges)
        out: list[float] = []
        for p in self.parts:
            out.extend(float(v) for v in (p.lo, p.hi) if abs(v) != float("inf"))
        return out


def _endpoint(node: Node) -> Any:
    mp = mp_context()
    if isinstance(node, Const) and node.name == "inf":
        return mp.inf
    if isinstance(node, Neg) and isinstance(node.operand, Const) and node.operand.name == "inf":
        return -mp.inf
    if free_symbols(node):
        return None
    try:
        value = MpEval({}, mp).run(node)
    except (Undefined, OverflowError, NotScalar):
        return None
    if abs(value.imag) > mp.mpf(10) ** -30:
        return None
    return value.real


def _parts(node: Node, interval_reading: bool) -> list[Part] | None:
    if isinstance(node, Union):
        out: list[Part] = []
        for part in node.parts:
            got = _parts(part, True)
            if got is None:
                return None
            out.extend(got)
        return out
    if isinstance(node, Const) and node.name == "reals":
        mp = mp_context()
        return [Part(-mp.inf, mp.inf, False, False)]
    if isinstance(node, Interval):
        lo, hi = _endpoint(node.lo), _endpoint(node.hi)
        if lo is None or hi is None:
            return None
        mp = mp_context()
        return [Part(lo, hi, node.lo_closed and lo != -mp.inf, node.hi_closed and hi != mp.inf)]
    if isinstance(node, Seq):
        if interval_reading and len(node.items) == 2 and node.kind in ("tuple", "bracket"):
            return _parts(Interval(node.items[0], node.items[1], node.kind == "bracket",
                                   node.kind == "bracket"), True)  # fmt: skip
        if node.kind == "set" or node.kind in LOOSE_LISTS:
            values = [_endpoint(item) for item in node.items]
            if any(v is None for v in values):
                return None
            return [Part(v, v, True, True) for v in values]
    return None


def _merge(parts: list[Part]) -> list[Part]:
    parts = sorted(parts, key=lambda p: (p.lo, not p.lo_closed))
    merged: list[Part] = []
    for p in parts:
        if merged:
            last = merged[-1]
            touches = p.lo < last.hi or (p.lo == last.hi and (last.hi_closed or p.lo_closed))
            if touches:
                if p.hi > last.hi or (p.hi == last.hi and p.hi_closed):
                    merged[-1] = Part(last.lo, p.hi, last.lo_closed, p.hi_closed)
                continue
        merged.append(p)
    return merged


def real_set(node: Node, interval_reading: bool, deadline: Deadline) -> RealSet | None:
    spans = exact_set(node, interval_reading, deadline)
    if spans is not None:
        pieces = tuple(Part(*p) for p in as_float_parts(spans))
        return RealSet(parts=pieces, exact=tuple(spans))
    if isinstance(node, Seq) and node.items and all(isinstance(i, Rel) for i in node.items):
        found_all = [relations.membership(i, deadline) for i in node.items]  # type: ignore[arg-type]
        if any(f is None for f in found_all):
            return None
        preds = [f[0] for f in found_all if f is not None]
        every = node.kind == "and"

        def combined(x: float) -> bool | None:
            values = [p(x) for p in preds]
            if any(v is None for v in values):
                return None
            return all(values) if every else any(values)

        edges = tuple(e for f in found_all if f is not None for e in f[1])
        return RealSet(predicate=combined, edges=edges, functions=boundary_functions(node))
    if isinstance(node, Rel):
        found = relations.membership(node, deadline)
        if found is None:
            return None
        predicate, rel_edges = found
        return RealSet(
            predicate=predicate, edges=tuple(rel_edges), functions=boundary_functions(node)
        )
    parts = _parts(node, interval_reading)
    if parts is None or any(p.lo > p.hi for p in parts):
        return None
    return RealSet(parts=tuple(_merge(parts)))


def _same(a: Any, b: Any, tol: Tolerance) -> bool:
    if a == b:
        return True
    mp = mp_context()
    if mp.isinf(a) or mp.isinf(b):
        return False
    if not tol.exact:
        return tol.allows(a, a - b)
    return abs(a - b) <= mp.mpf(10) ** -25 * max(abs(a), abs(b), 1)


def compare_real_sets(a: RealSet, b: RealSet, tol: Tolerance, deadline: Deadline) -> Reason:
    if a.exact is not None and b.exact is not None:
        return compare_sets(list(a.exact), list(b.exact), tol, deadline)
    if a.parts is not None and b.parts is not None:
        if len(a.parts) != len(b.parts):
            return Reason.WRONG_VALUE
        types_differ = False
        for p, q in zip(a.parts, b.parts, strict=True):
            if not (_same(p.lo, q.lo, tol) and _same(p.hi, q.hi, tol)):
                return Reason.WRONG_VALUE
            if (p.lo_closed, p.hi_closed) != (q.lo_closed, q.hi_closed):
                types_differ = True
        if types_differ:
            return Reason.WRONG_ENDPOINT_TYPE
        return Reason.EQUAL if tol.exact else Reason.WITHIN_TOLERANCE
    edges = sorted(set(a.boundary() + b.boundary()))
    exact_edges = set(a.boundary() if a.parts is not None else []) | set(
        b.boundary() if b.parts is not None else []
    )
    tests = [-1e6, 1e6]
    for e in edges:
        d = 1e-7 * (1 + abs(e))
        tests.extend((e - d, e + d))
        if e in exact_edges:
            tests.append(e)
    tests.extend((x + y) / 2 for x, y in zip(edges, edges[1:], strict=False))
    tests.extend(-37.3 + 0.53 * k for k in range(141))
    compared = 0
    for x in tests:
        deadline.check()
        in_a, in_b = a.contains(x), b.contains(x)
        if in_a is None or in_b is None:
            continue
        compared += 1
        if in_a != in_b:
            return Reason.WRONG_VALUE
    if compared and not _boundaries_agree(a, b, deadline):
        return Reason.WRONG_VALUE  # x³ > 8 + 10^-30 is not x³ > 8
    return Reason.EQUIVALENT if compared else Reason.WRONG_VALUE


def _boundaries_agree(a: RealSet, b: RealSet, deadline: Deadline) -> bool:
    if a.predicate is None:
        a, b = b, a
    if a.predicate is None:
        return True
    spans = b.exact or ()
    return edges_agree(a.functions, b.functions, tuple(spans), deadline)
