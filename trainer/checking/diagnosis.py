"""Why a wrong answer is wrong, in a teacher's words: run only after a wrong verdict.

The verdict never changes here: a diagnosis only swaps ``wrong_value`` (or a vaguer
reason) for a more specific one with a sentence: the sign of one term, a term missing or
too many, the inequality flipped, which endpoint, which tuple component or matrix entry,
the reciprocal, off by one, a decimal approximation where the exact value is asked.
Best effort and bounded: out of time, the original reason stands.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import replace
from fractions import Fraction

from trainer.checking import compare as comparing
from trainer.checking.exact import Undefined, exact_value
from trainer.checking.mutations import join_terms, ordinal, signed_terms, variants
from trainer.checking.nodes import (
    Interval,
    Matrix,
    Node,
    Num,
    PlusMinus,
    Postfix,
    Rel,
    Seq,
    Union,
    contains,
    free_symbols,
)
from trainer.checking.numeric import FloatEval, NotScalar
from trainer.checking.sampling import Deadline, OutOfTime
from trainer.domain import Reason

DIAGNOSABLE = frozenset({Reason.WRONG_VALUE, Reason.WRONG_ENDPOINT_TYPE, Reason.OFF_BY_CONSTANT})
DIAGNOSIS_BUDGET = 0.4  # seconds, at most, taken from what the check has left
_ORDERED = frozenset({"tuple", "bracket"})
_UP_TO_CONSTANT: ContextVar[bool] = ContextVar("diagnosis_up_to_constant", default=False)


def letter_case(
    attempt: str, references: tuple[str, ...], normalise: Callable[..., str]
) -> str | None:
    """``nacl`` for ``NaCl``: right but for capitals ("capitals matter: NaCl")."""
    got = normalise(attempt, False)
    for reference in references:
        if got == normalise(reference, False):
            return f"capitals matter: {normalise(reference, True)}"
    return None


def diagnose(
    ref: Node,
    att: Node,
    ctx: comparing.Context,
    *,
    up_to_constant: bool = False,
    reason: Reason = Reason.WRONG_VALUE,
) -> comparing.Outcome | None:
    """A more specific reason for a wrong ``att`` (which got ``reason``), or None.

    With ``up_to_constant`` (antiderivatives), a variant equal up to a constant counts.
    An answer off by a constant keeps that reason unless the constant is a term left out
    or one whose sign was flipped ("check the sign of the term 28").
    """
    seconds = min(DIAGNOSIS_BUDGET, max(0.0, ctx.deadline.remaining() / 2))
    if seconds <= 0.01:
        return None
    local = replace(ctx, deadline=Deadline(seconds))
    token = _UP_TO_CONSTANT.set(up_to_constant)
    try:
        found = _diagnose(ref, att, local)
        if reason == Reason.OFF_BY_CONSTANT and found is not None:
            named_term = found.reason == Reason.MISSING_TERM or (
                found.reason == Reason.SIGN_ERROR and bool(found.detail)
            )
            return found if named_term else None
        return found
    except (OutOfTime, RecursionError, ArithmeticError, NotScalar, ValueError):
        return None
    finally:
        _UP_TO_CONSTANT.reset(token)


def number_slip(want: Fraction, got: Fraction) -> Reason | None:
    """The slip between two plain numbers, when it has a name (off by one, reciprocal)."""
    if want.denominator == got.denominator == 1 and abs(want - got) == 1:
        return Reason.OFF_BY_ONE
    if got != want and want * got == 1:
        return Reason.RECIPROCAL
    return None


def _diagnose(ref: Node, att: Node, ctx: comparing.Context) -> comparing.Outcome | None:
    found = _approximation(ref, att)
    if found is not None:
        return found
    found = _one_component(ref, att, ctx)
    if found is not None:
        return found
    if isinstance(_as_matrix(ref), Matrix) and isinstance(_as_matrix(att), Matrix):
        ref, att = _as_matrix(ref), _as_matrix(att)
    for variant in variants(ref):
        ctx.deadline.check()
        if _same(variant.node, att, ctx):
            return comparing.Outcome(variant.reason, variant.detail)
    return _extra_term(ref, att, ctx) or _missing_monomial(ref, att, ctx)


_STRUCTURED = (Rel, Seq, Matrix, Interval, Union, PlusMinus, Postfix)


# Pairs of points, tried in turn until both expressions are real at both: inside (0, 1)
# for asin or sqrt(1 - x²), past 1 for ln(x - 1), and in between for the rest.
_POINT_SETS = ((0.98, 1.72), (0.31, 0.47), (2.6, 3.9))


def _values(node: Node, names: tuple[str, ...], at: tuple[float, float]) -> list[complex] | None:
    """``node`` at two fixed points: enough to tell which mistake was made, cheaply."""
    points = [{n: complex(x + 0.23 * i) for i, n in enumerate(names)} for x in at]
    try:
        return [complex(FloatEval(p).run(node)) for p in points]
    except (Undefined, OverflowError, NotScalar, TypeError, ValueError, ZeroDivisionError):
        return None


def _same(ref: Node, att: Node, ctx: comparing.Context) -> bool:
    """Whether ``att`` is ``ref`` as written, up to the value of each part.

    A diagnosis only names a mistake (the verdict was already decided exactly), so this
    is cheap and structural: plain expressions compare by value at two points, lists,
    relations, intervals and matrices part by part. Never the full equivalence check.
    """
    ctx.deadline.check()
    ref, att = _as_matrix(ref), _as_matrix(att)
    if isinstance(ref, Rel) and isinstance(att, Rel):
        return _same_relation(ref, att, ctx) or _same_relation(_mirrored(ref), att, ctx)
    if isinstance(ref, Seq) and isinstance(att, Seq):
        if (ref.kind in _ORDERED) != (att.kind in _ORDERED) or len(ref.items) != len(att.items):
            return False
        if ref.kind in _ORDERED:
            return all(_same(a, b, ctx) for a, b in zip(ref.items, att.items, strict=True))
        left = list(att.items)
        for item in ref.items:
            match = next((k for k, other in enumerate(left) if _same(item, other, ctx)), None)
            if match is None:
                return False
            left.pop(match)
        return True
    if isinstance(ref, Matrix) and isinstance(att, Matrix):
        if [len(r) for r in ref.rows] != [len(r) for r in att.rows]:
            return False
        return all(
            _same(a, b, ctx)
            for ra, rb in zip(ref.rows, att.rows, strict=True)
            for a, b in zip(ra, rb, strict=True)
        )
    ref, att = _as_interval(ref, att), _as_interval(att, ref)
    if isinstance(ref, Interval) and isinstance(att, Interval):
        return (
            (ref.lo_closed, ref.hi_closed) == (att.lo_closed, att.hi_closed)
            and _same(ref.lo, att.lo, ctx)
            and _same(ref.hi, att.hi, ctx)
        )
    if isinstance(ref, Union) and isinstance(att, Union):
        return len(ref.parts) == len(att.parts) and all(
            _same(a, b, ctx) for a, b in zip(ref.parts, att.parts, strict=True)
        )
    if isinstance(ref, Postfix) and isinstance(att, Postfix):
        return ref.op == att.op and _same(ref.operand, att.operand, ctx)
    if isinstance(ref, _STRUCTURED) or isinstance(att, _STRUCTURED):
        return False
    return _same_value(ref, att)


def _as_interval(node: Node, other: Node) -> Node:
    """``[2, 6]`` or ``(2, 6)`` read as a list is an interval when compared with one."""
    if (
        isinstance(other, Interval)
        and isinstance(node, Seq)
        and len(node.items) == 2
        and node.kind in _ORDERED
    ):
        closed = node.kind == "bracket"
        return Interval(node.items[0], node.items[1], closed, closed)
    return node


_MIRROR = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "!=": "!="}


def _mirrored(rel: Rel) -> Rel:
    """``a < b`` as ``b > a``."""
    if not all(op in _MIRROR for op in rel.ops):
        return rel
    return Rel(tuple(_MIRROR[op] for op in reversed(rel.ops)), tuple(reversed(rel.items)))


def _same_relation(ref: Rel, att: Rel, ctx: comparing.Context) -> bool:
    return (
        ref.ops == att.ops
        and len(ref.items) == len(att.items)
        and all(_same(a, b, ctx) for a, b in zip(ref.items, att.items, strict=True))
    )


def _same_value(ref: Node, att: Node) -> bool:
    names = tuple(sorted(free_symbols(ref) | free_symbols(att)))
    for at in _POINT_SETS if names else _POINT_SETS[:1]:
        a, b = _values(ref, names, at), _values(att, names, at)
        if a is not None and b is not None and all(abs(v.imag) <= 1e-9 for v in a + b):
            break
    else:
        return False  # off the real domain, two points cannot tell one slip from another
    if _UP_TO_CONSTANT.get() and names:
        gaps = [x - y for x, y in zip(a, b, strict=True)]
        return abs(gaps[0] - gaps[1]) <= 1e-9 * (1 + abs(gaps[0]))
    return all(abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y)) for x, y in zip(a, b, strict=True))


def _is_decimal(node: object) -> bool:
    return isinstance(node, Num) and ("." in node.text or "e" in node.text.lower())


def _approximation(ref: Node, att: Node) -> comparing.Outcome | None:
    """A decimal close to a value the reference gives exactly (``0.866`` for √3/2)."""
    if free_symbols(ref) or free_symbols(att) or isinstance(ref, Seq | Matrix):
        return None
    if not contains(att, _is_decimal) or contains(ref, _is_decimal):
        return None
    try:
        want = complex(FloatEval({}).run(ref))
        got = complex(FloatEval({}).run(att))
    except (Undefined, OverflowError, NotScalar, TypeError, ValueError, ZeroDivisionError):
        return None
    if abs(want.imag) > 1e-12 or abs(got.imag) > 1e-12 or want == got:
        return None
    try:
        rational = exact_value(ref)
    except Undefined:
        return None
    close = abs(want - got) <= max(0.01 * abs(want), 0.005)
    if not close:
        return None
    if rational is not None and rational.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 50, 100):
        return None  # a terminating decimal: a rounding slip, not an approximation
    return comparing.Outcome(Reason.APPROXIMATION, "")


def _as_matrix(node: Node) -> Node:
    """``[[1, 2], [3, 4]]`` read as a list of lists is a matrix here."""
    if (
        isinstance(node, Seq)
        and len(node.items) >= 2
        and all(isinstance(row, Seq) for row in node.items)
        and len({len(row.items) for row in node.items}) == 1  # type: ignore[union-attr]
    ):
        return Matrix(tuple(row.items for row in node.items))  # type: ignore[union-attr]
    return node


def _one_component(ref: Node, att: Node, ctx: comparing.Context) -> comparing.Outcome | None:
    """Same shape, and exactly one tuple component or matrix entry differs."""
    ref, att = _as_matrix(ref), _as_matrix(att)
    if isinstance(ref, Matrix) and isinstance(att, Matrix):
        if [len(r) for r in ref.rows] != [len(r) for r in att.rows]:
            return None
        wrong = [
            (i, j)
            for i, row in enumerate(ref.rows)
            for j, entry in enumerate(row)
            if not _same(entry, att.rows[i][j], ctx)
        ]
        if len(wrong) == 1:
            i, j = wrong[0]
            where = f"the entry in row {i + 1}, column {j + 1} is wrong"
            return comparing.Outcome(Reason.WRONG_ENTRY, where)
        square = len(ref.rows) == len(ref.rows[0])
        if square and all(
            _same(entry, att.rows[j][i], ctx)
            for i, row in enumerate(ref.rows)
            for j, entry in enumerate(row)
        ):
            return comparing.Outcome(Reason.WRONG_ORDER, "that is the transpose")
        if len(wrong) == 2:
            (a, b), (c, d) = wrong
            if _same(ref.rows[a][b], att.rows[c][d], ctx) and _same(
                ref.rows[c][d], att.rows[a][b], ctx
            ):
                where = f"row {a + 1}, column {b + 1} and row {c + 1}, column {d + 1} are swapped"
                return comparing.Outcome(Reason.WRONG_ORDER, where)
        rows = [r for r, row in enumerate(ref.rows) if any(i == r for i, _ in wrong)]
        first, second = (rows + [0, 0])[:2]
        if (
            len(rows) == 2
            and ref.rows[first] == att.rows[second]
            and ref.rows[second] == att.rows[first]
        ):
            where = f"rows {first + 1} and {second + 1} are swapped"
            return comparing.Outcome(Reason.WRONG_ORDER, where)
        return None
    if (
        isinstance(ref, Seq)
        and isinstance(att, Seq)
        and ref.kind in _ORDERED
        and len(ref.items) == len(att.items) >= 2
    ):
        differ = [k for k, item in enumerate(ref.items) if not _same(item, att.items[k], ctx)]
        if len(differ) == 1:
            k = differ[0]
            inner = _diagnose(ref.items[k], att.items[k], ctx)
            detail = f"the {ordinal(k)} component is wrong"
            if inner is not None:
                detail += f" ({inner.detail or str(inner.reason).replace('_', ' ')})"
            return comparing.Outcome(Reason.WRONG_ENTRY, detail)
    return None


def _extra_term(ref: Node, att: Node, ctx: comparing.Context) -> comparing.Outcome | None:
    terms = signed_terms(att)
    if len(terms) < 2 or len(terms) > 12:
        return None
    for index in range(len(terms)):
        ctx.deadline.check()
        if _same(ref, join_terms([*terms[:index], *terms[index + 1 :]]), ctx):
            return comparing.Outcome(Reason.EXTRA_TERM, "")
    return None


def _missing_monomial(ref: Node, att: Node, ctx: comparing.Context) -> comparing.Outcome | None:
    """``a² + b²`` for ``(a + b)²``: the gap is one monomial that no written term has
    (a gap like a term already there, ``x⁴/3`` for ``x⁴/4``, is a coefficient slip)."""
    names = tuple(sorted(free_symbols(ref) | free_symbols(att)))
    if not names or len(names) > 4 or isinstance(ref, _STRUCTURED):
        return None

    def gap(point: dict[str, complex]) -> complex:
        return _evaluator(ref)(point) - _evaluator(att)(point)

    try:
        signature = _monomial_signature(gap, names, ctx)
        if signature is None or not any(signature):
            return None
        for _, term in signed_terms(att):
            if _monomial_signature(_evaluator(term), names, ctx) == signature:
                return None
    except (Undefined, OverflowError, NotScalar, TypeError, ValueError, ZeroDivisionError):
        return None
    return comparing.Outcome(Reason.MISSING_TERM, "")


def _evaluator(node: Node) -> Callable[[dict[str, complex]], complex]:
    return lambda point: complex(FloatEval(point).run(node))


def _monomial_signature(
    fn: Callable[[dict[str, complex]], complex], names: tuple[str, ...], ctx: comparing.Context
) -> tuple[int, ...] | None:
    """The power of each variable when ``fn`` is one monomial c·x^a·y^b…, else None."""
    points = [
        {n: complex(0.7 + 0.31 * k + 0.17 * i) for i, n in enumerate(names)} for k in range(3)
    ]
    base = [fn(p) for p in points]
    if any(abs(b) < 1e-12 for b in base):
        return None
    powers = []
    for name in names:
        ctx.deadline.check()
        ratios = [fn({**p, name: p[name] * 2}) / b for p, b in zip(points, base, strict=True)]
        size = abs(ratios[0])
        whole = round(math.log2(size)) if size > 0 else -1
        if whole < 0 or any(abs(r - 2**whole) > 1e-6 * 2**whole for r in ratios):
            return None
        powers.append(whole)
    return tuple(powers)
