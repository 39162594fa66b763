"""Subsets of the real line with exact endpoints: solution sets compared without samples.

A one-variable relation whose every constraint is linear in the variable (``2x + 3 < 11``,
``3 < x < 10^30``, ``x ≠ 3``, ``x = 3``, with constant coefficients such as ``sqrt(2)``) is
solved exactly into intervals whose endpoints are constant trees; intervals, unions and
finite sets are read the same way. Two such sets are equal only when they have the same
pieces with *exactly* equal endpoints (rationals by fractions, anything else by the
constant comparison, which asks for a proof), so ``x > 3 + 10^-30`` is not ``x > 3`` and
``x > 3 or x = 3`` is ``x ≥ 3``. Anything else (``x² > 9``) is left to ``intervals``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from trainer.checking.exact import Undefined, exact_value
from trainer.checking.nodes import (
    LOOSE_LISTS,
    BinOp,
    Const,
    Interval,
    Node,
    Rel,
    Seq,
    SetOp,
    Union,
    free_symbols,
    infinity_sign,
)
from trainer.checking.numeric import MpEval, NotScalar, mpmath_module
from trainer.checking.numeric import Undefined as NoValue
from trainer.checking.sampling import Deadline, mp_context
from trainer.checking.scalars import EQUAL, EQUIVALENT, WITHIN, Tolerance, compare_constants
from trainer.domain import Reason


@dataclass(frozen=True)
class Bound:
    """An endpoint: ``value`` is a Fraction when rational, else an mpmath number (±inf too)."""

    value: Any
    node: Node | None  # None for ±infinity

    @property
    def infinite(self) -> int:
        if self.node is not None:
            return 0
        return 1 if self.value > 0 else -1


@dataclass(frozen=True)
class Span:
    lo: Bound
    hi: Bound
    lo_closed: bool
    hi_closed: bool


class Unsure(ValueError):
    """Two endpoints could not be ordered exactly."""


def bound_of(node: Node) -> Bound | None:
    mp = mp_context()
    sign = infinity_sign(node)
    if sign:
        return Bound(mp.inf if sign > 0 else -mp.inf, None)
    if free_symbols(node):
        return None
    try:
        exact = exact_value(node)
    except Undefined:
        return None
    if exact is not None:
        return Bound(exact, node)
    try:
        value = MpEval({}, mp).run(node)
    except (NoValue, OverflowError, NotScalar):
        return None
    if abs(value.imag) > mp.mpf(10) ** -30 * max(1, abs(value)):
        return None
    return Bound(value.real, node)


def _mp(v: Any) -> Any:
    mp = mp_context()
    return mp.mpf(v.numerator) / v.denominator if isinstance(v, Fraction) else mp.mpf(v)


def order(a: Bound, b: Bound, deadline: Deadline) -> int:
    """-1, 0 or 1: exact for rationals and infinities, proved for other constants."""
    if a.infinite or b.infinite:
        return (a.infinite > b.infinite) - (a.infinite < b.infinite)
    if isinstance(a.value, Fraction) and isinstance(b.value, Fraction):
        return (a.value > b.value) - (a.value < b.value)
    mp = mp_context()
    x, y = _mp(a.value), _mp(b.value)
    if abs(x - y) > mp.mpf(10) ** -30 * max(abs(x), abs(y), 1):
        return 1 if x > y else -1
    assert a.node is not None and b.node is not None
    verdict = compare_constants(a.node, b.node, Tolerance(), deadline)
    if verdict in (EQUAL, EQUIVALENT):
        return 0
    fine = mpmath_module().MPContext()
    fine.dps = 300
    try:
        gap = MpEval({}, fine).run(BinOp("-", a.node, b.node)).real
    except (NoValue, OverflowError, NotScalar) as exc:
        raise Unsure("no order") from exc
    if gap == 0:
        raise Unsure("no order")
    return 1 if gap > 0 else -1


def _normalise(spans: list[Span], deadline: Deadline) -> list[Span]:
    import functools

    def by_lo(p: Span, q: Span) -> int:
        c = order(p.lo, q.lo, deadline)
        return c if c else (q.lo_closed - p.lo_closed)

    out: list[Span] = []
    for s in sorted(spans, key=functools.cmp_to_key(by_lo)):
        if out:
            last = out[-1]
            c = order(s.lo, last.hi, deadline)
            if c < 0 or (c == 0 and (last.hi_closed or s.lo_closed)):
                h = order(s.hi, last.hi, deadline)
                if h > 0 or (h == 0 and s.hi_closed):
                    out[-1] = Span(last.lo, s.hi, last.lo_closed, s.hi_closed)
                continue
        out.append(s)
    return out


def intersect(a: list[Span], b: list[Span], deadline: Deadline) -> list[Span]:
    out: list[Span] = []
    for p in a:
        for q in b:
            c = order(p.lo, q.lo, deadline)
            lo, lo_closed = (p.lo, p.lo_closed) if c > 0 else (q.lo, q.lo_closed)
            if c == 0:
                lo_closed = p.lo_closed and q.lo_closed
            c = order(p.hi, q.hi, deadline)
            hi, hi_closed = (p.hi, p.hi_closed) if c < 0 else (q.hi, q.hi_closed)
            if c == 0:
                hi_closed = p.hi_closed and q.hi_closed
            gap = order(lo, hi, deadline)
            if gap < 0 or (gap == 0 and lo_closed and hi_closed):
                out.append(Span(lo, hi, lo_closed, hi_closed))
    return _normalise(out, deadline)


def complement(spans: list[Span]) -> list[Span]:
    """The rest of the real line, for merged, sorted spans."""
    whole = whole_line()[0]
    out: list[Span] = []
    lo, lo_closed = whole.lo, False
    for s in spans:
        if not (s.lo.infinite < 0):
            out.append(Span(lo, s.lo, lo_closed, not s.lo_closed))
        lo, lo_closed = s.hi, not s.hi_closed
    if not (lo.infinite > 0):
        out.append(Span(lo, whole.hi, lo_closed, False))
    return [s for s in out if not (s.lo == s.hi and not (s.lo_closed and s.hi_closed))]


def whole_line() -> list[Span]:
    mp = mp_context()
    return [Span(Bound(-mp.inf, None), Bound(mp.inf, None), False, False)]


def _from_relation(rel: Rel, deadline: Deadline) -> list[Span] | None:
    from trainer.checking.solving import FLIP, solve

    names = free_symbols(rel)
    if rel.ops == ("in",) and len(names) == 1 and not free_symbols(rel.items[1]):
        return _exact_set(rel.items[1], True, deadline)  # x ∈ [0, 1)
    if len(names) != 1 or not set(rel.ops) <= set(FLIP):
        return None
    var = next(iter(names))
    spans = whole_line()
    for k, op in enumerate(rel.ops):
        solved = solve(BinOp("-", rel.items[k], rel.items[k + 1]), op, var, deadline)
        if solved is None:
            return None
        spans = intersect(spans, solved, deadline)
    return spans


def exact_set(node: Node, interval_reading: bool, deadline: Deadline) -> list[Span] | None:
    """The set as merged spans with exact endpoints, or None when it cannot be built."""
    try:
        return _exact_set(node, interval_reading, deadline)
    except Unsure:
        return None


def _exact_set(node: Node, interval_reading: bool, deadline: Deadline) -> list[Span] | None:
    if isinstance(node, Rel):
        return _from_relation(node, deadline)
    if isinstance(node, Seq) and node.items and all(isinstance(i, Rel) for i in node.items):
        if len({v for i in node.items for v in free_symbols(i)}) != 1:
            return None
        parts = [_from_relation(i, deadline) for i in node.items]  # type: ignore[arg-type]
        if any(p is None for p in parts):
            return None
        if node.kind == "and":
            spans = whole_line()
            for p in parts:
                assert p is not None
                spans = intersect(spans, p, deadline)
            return spans
        return _normalise([s for p in parts if p is not None for s in p], deadline)
    if isinstance(node, SetOp):
        left = _exact_set(node.left, True, deadline)
        right = _exact_set(node.right, True, deadline)
        if left is None or right is None:
            return None
        if node.op == "∖":
            right = complement(right)
        return intersect(left, right, deadline)
    if isinstance(node, Union):
        out: list[Span] = []
        for part in node.parts:
            got = _exact_set(part, True, deadline)
            if got is None:
                return None
            out.extend(got)
        return _normalise(out, deadline)
    if isinstance(node, Const) and node.name == "reals":
        return whole_line()
    if isinstance(node, Interval):
        lo, hi = bound_of(node.lo), bound_of(node.hi)
        if lo is None or hi is None or order(lo, hi, deadline) > 0:
            return None
        return [
            Span(lo, hi, node.lo_closed and not lo.infinite, node.hi_closed and not hi.infinite)
        ]
    if isinstance(node, Seq):
        if interval_reading and len(node.items) == 2 and node.kind in ("tuple", "bracket"):
            closed = node.kind == "bracket"
            return _exact_set(
                Interval(node.items[0], node.items[1], closed, closed), True, deadline
            )
        if node.kind == "set" or node.kind in LOOSE_LISTS:
            bounds = [bound_of(item) for item in node.items]
            if any(b is None or b.infinite for b in bounds):
                return None
            return _normalise([Span(b, b, True, True) for b in bounds if b is not None], deadline)
    return None


def as_float_parts(spans: list[Span]) -> list[tuple[Any, Any, bool, bool]]:
    """(lo, hi, lo_closed, hi_closed) in mpmath numbers, for the sampled comparison."""
    return [(_mp(s.lo.value), _mp(s.hi.value), s.lo_closed, s.hi_closed) for s in spans]


def _same_bound(a: Bound, b: Bound, tol: Tolerance, deadline: Deadline) -> bool:
    if tol.exact or a.infinite or b.infinite:
        return order(a, b, deadline) == 0
    assert a.node is not None and b.node is not None
    return compare_constants(a.node, b.node, tol, deadline) in (EQUAL, EQUIVALENT, WITHIN)


def compare_sets(a: list[Span], b: list[Span], tol: Tolerance, deadline: Deadline) -> Reason:
    """``equal``, ``wrong_endpoint_type`` (same endpoints, open/closed differ) or wrong."""
    if len(a) != len(b):
        return Reason.WRONG_VALUE
    types_differ = False
    try:
        for p, q in zip(a, b, strict=True):
            if not (
                _same_bound(p.lo, q.lo, tol, deadline) and _same_bound(p.hi, q.hi, tol, deadline)
            ):
                return Reason.WRONG_VALUE
            if (p.lo_closed, p.hi_closed) != (q.lo_closed, q.hi_closed):
                types_differ = True
    except Unsure:
        return Reason.WRONG_VALUE
    if types_differ:
        return Reason.WRONG_ENDPOINT_TYPE
    return Reason.EQUAL if tol.exact else Reason.WITHIN_TOLERANCE
