"""Solving one-variable relations exactly, for ``exact_sets``.

``f op 0`` is solved when f is linear in the variable with constant coefficients
(``sqrt(2)·x < 3``), or a quadratic with rational coefficients, whose roots are written as
exact constants ``(-b ± √D) / 2a`` (so ``x² > 9 + 10^-30`` is not ``x² > 9``). Anything else
gives None and is left to the sampled comparison.
"""

from __future__ import annotations

from fractions import Fraction
from math import isqrt

from trainer.checking.exact_sets import Bound, Span, bound_of, complement, order, whole_line
from trainer.checking.nodes import BinOp, Call, Neg, Node, Num, free_symbols
from trainer.checking.polynomials import Poly, canonical
from trainer.checking.sampling import Deadline


def _poly_node(p: Poly) -> Node:
    """A polynomial in constant atoms back as a tree (only for constants)."""
    total: Node | None = None
    for mono, coeff in p.items():
        term: Node = Num(coeff, str(coeff))
        for atom, power in mono:
            assert not isinstance(atom, str)
            factor: Node = atom  # type: ignore[assignment]
            if power != 1:
                factor = BinOp("^", factor, Num(Fraction(power), str(power)))
            term = BinOp("*", term, factor)
        total = term if total is None else BinOp("+", total, term)
    return total if total is not None else Num(Fraction(0), "0")


FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "!=": "!="}


def _solve_linear(f: Node, op: str, var: str, deadline: Deadline) -> list[Span] | None:
    """The solutions of ``f op 0`` when f is linear in ``var`` with constant coefficients."""
    form = canonical(f)
    if form is None:
        return None
    if any(isinstance(k, str) for mono in form.den for k, _ in mono):
        return None
    slope: Poly = {}
    rest: Poly = {}
    for mono, coeff in form.num.items():
        names = [(k, e) for k, e in mono if isinstance(k, str)]
        if any(free_symbols(k) for k, _ in mono if not isinstance(k, str)):  # type: ignore[arg-type]
            return None
        if not names:
            rest[mono] = coeff
        elif names == [(var, 1)]:
            slope[tuple(m for m in mono if m[0] != var)] = coeff
        else:
            return None
    if not slope:
        return None
    a_node = BinOp("/", _poly_node(slope), _poly_node(form.den))
    a = bound_of(a_node)
    if a is None or a.infinite:
        return None
    zero = Bound(Fraction(0), Num(Fraction(0), "0"))
    sign = order(a, zero, deadline)
    if sign == 0:
        return None
    root = bound_of(Neg(BinOp("/", _poly_node(rest), _poly_node(slope))))
    if root is None:
        return None
    if sign < 0:
        op = FLIP[op]
    inf = whole_line()[0]
    if op == "=":
        return [Span(root, root, True, True)]
    if op == "!=":
        return [Span(inf.lo, root, False, False), Span(root, inf.hi, False, False)]
    if op in ("<", "<="):
        return [Span(inf.lo, root, False, op == "<=")]
    if op in (">", ">="):
        return [Span(root, inf.hi, op == ">=", False)]
    return None


def _num(value: Fraction) -> Num:
    return Num(value, str(value))


def _rational_sqrt(q: Fraction) -> Fraction | None:
    p, r = isqrt(q.numerator), isqrt(q.denominator)
    return Fraction(p, r) if p * p == q.numerator and r * r == q.denominator else None


def _quadratic(f: Node, op: str, var: str, deadline: Deadline) -> list[Span] | None:
    """``a·x² + b·x + c op 0`` with rational a ≠ 0, b, c (the denominator a rational)."""
    form = canonical(f)
    if form is None or form.has_atoms or len(form.den) != 1 or () not in form.den:
        return None
    coeffs = {0: Fraction(0), 1: Fraction(0), 2: Fraction(0)}
    for mono, c in form.num.items():
        power = 0 if mono == () else (mono[0][1] if len(mono) == 1 and mono[0][0] == var else -1)
        if power not in coeffs:
            return None
        coeffs[power] = c / form.den[()]
    a, b, c = coeffs[2], coeffs[1], coeffs[0]
    if a == 0:
        return None
    if a < 0:
        a, b, c, op = -a, -b, -c, FLIP[op]
    disc = b * b - 4 * a * c
    whole = whole_line()
    if disc < 0:  # always positive
        return whole if op in (">", ">=", "!=") else []
    root_of_disc = _rational_sqrt(disc)
    roots: list[Node]
    if root_of_disc is not None:
        roots = [_num((-b - root_of_disc) / (2 * a)), _num((-b + root_of_disc) / (2 * a))]
    else:
        sq = Call("sqrt", (_num(disc),))
        roots = [
            BinOp("/", BinOp("-", _num(-b), sq), _num(2 * a)),
            BinOp("/", BinOp("+", _num(-b), sq), _num(2 * a)),
        ]
    lo, hi = bound_of(roots[0]), bound_of(roots[1])
    if lo is None or hi is None:
        return None
    points = [Span(lo, lo, True, True)] if disc == 0 else [
        Span(lo, lo, True, True), Span(hi, hi, True, True)
    ]  # fmt: skip
    if op == "=":
        return points
    if op == "!=":
        return complement(points)
    closed = op in ("<=", ">=")
    if op in ("<", "<="):
        if disc == 0:
            return points if closed else []
        return [Span(lo, hi, closed, closed)]
    if disc == 0:  # (x - r)² > 0 is x ≠ r; ≥ 0 everywhere
        return whole if closed else complement(points)
    return [
        Span(whole[0].lo, lo, False, closed),
        Span(hi, whole[0].hi, closed, False),
    ]


def solve(f: Node, op: str, var: str, deadline: Deadline) -> list[Span] | None:
    """The solutions of ``f op 0`` on the real line, or None when not solved exactly."""
    found = _solve_linear(f, op, var, deadline)
    return found if found is not None else _quadratic(f, op, var, deadline)
