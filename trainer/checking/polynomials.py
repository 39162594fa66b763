"""Exact canonical forms: a tree as a quotient of polynomials with rational coefficients.

Two rational functions are equal exactly when their cross products are the same
polynomial, so ``x`` and ``x + 10^-100·x^100`` (or ``x·(1 + 10^-30)``) are told apart by
arithmetic on fractions, with no sampling. Anything that is not ``+ − · / ^integer`` of
variables and rational numbers (``sin(x)``, ``sqrt(2)``, ``x^(1/2)``, ``pi``) becomes an
opaque *atom*, compared by its written structure: equal canonical forms are then still a
proof of equality, but different ones prove nothing when atoms are present.
Sizes are bounded (terms, degree, coefficient bits), so hostile input gives up quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from trainer.checking.nodes import BinOp, Neg, Node, Num, Postfix, Sym

Monomial = tuple[tuple[object, int], ...]
Poly = dict[Monomial, Fraction]

_MAX_TERMS = 400
_MAX_DEGREE = 120
_MAX_BITS = 4000
_MAX_POWER = 60


class TooBig(ValueError):
    """The canonical form would exceed the size bounds."""


@dataclass(frozen=True)
class Canonical:
    num: Poly
    den: Poly
    has_atoms: bool


def _check(p: Poly) -> Poly:
    if len(p) > _MAX_TERMS:
        raise TooBig("too many terms")
    for mono, c in p.items():
        if sum(e for _, e in mono) > _MAX_DEGREE:
            raise TooBig("degree too high")
        if max(c.numerator.bit_length(), c.denominator.bit_length()) > _MAX_BITS:
            raise TooBig("coefficient too large")
    return p


def _const(c: Fraction) -> Poly:
    return {(): c} if c else {}


def _add(a: Poly, b: Poly, sign: int = 1) -> Poly:
    out = dict(a)
    for m, c in b.items():
        v = out.get(m, Fraction(0)) + sign * c
        if v:
            out[m] = v
        else:
            out.pop(m, None)
    return _check(out)


def _mono_mul(m1: Monomial, m2: Monomial) -> Monomial:
    powers: dict[object, int] = dict(m1)
    for k, e in m2:
        powers[k] = powers.get(k, 0) + e
    return tuple(sorted(((k, e) for k, e in powers.items() if e), key=lambda ke: repr(ke[0])))


def _mul(a: Poly, b: Poly) -> Poly:
    if len(a) * len(b) > _MAX_TERMS * 8:
        raise TooBig("product too large")
    out: Poly = {}
    for m1, c1 in a.items():
        for m2, c2 in b.items():
            m = _mono_mul(m1, m2)
            v = out.get(m, Fraction(0)) + c1 * c2
            if v:
                out[m] = v
            else:
                out.pop(m, None)
    return _check(out)


def _power(p: Poly, n: int) -> Poly:
    out: Poly = {(): Fraction(1)}
    base = p
    while n:
        if n & 1:
            out = _mul(out, base)
        n >>= 1
        if n:
            base = _mul(base, base)
    return out


class _Builder:
    def __init__(self) -> None:
        self.atoms = False

    def atom(self, node: Node) -> tuple[Poly, Poly]:
        self.atoms = True
        return {((node, 1),): Fraction(1)}, {(): Fraction(1)}

    def build(self, node: Node) -> tuple[Poly, Poly]:
        if isinstance(node, Num):
            return _const(node.value), {(): Fraction(1)}
        if isinstance(node, Sym):
            return {((node.name, 1),): Fraction(1)}, {(): Fraction(1)}
        if isinstance(node, Neg):
            n, d = self.build(node.operand)
            return {m: -c for m, c in n.items()}, d
        if isinstance(node, Postfix) and node.op == "%":
            n, d = self.build(node.operand)
            return n, _mul(d, _const(Fraction(100)))
        if isinstance(node, BinOp):
            return self.binop(node)
        return self.atom(node)

    def binop(self, node: BinOp) -> tuple[Poly, Poly]:
        if node.op == "^":
            exponent = _integer(node.right)
            if exponent is None or abs(exponent) > _MAX_POWER:
                return self.atom(node)
            n, d = self.build(node.left)
            if exponent < 0:
                if not n:
                    raise ZeroDivisionError
                n, d, exponent = d, n, -exponent
            return _power(n, exponent), _power(d, exponent)
        n1, d1 = self.build(node.left)
        n2, d2 = self.build(node.right)
        if node.op in ("+", "-"):
            sign = 1 if node.op == "+" else -1
            if d1 == d2:
                return _add(n1, n2, sign), d1
            return _add(_mul(n1, d2), _mul(n2, d1), sign), _mul(d1, d2)
        if node.op == "*":
            return _mul(n1, n2), _mul(d1, d2)
        if node.op in ("/", ":"):
            if not n2:
                raise ZeroDivisionError
            return _mul(n1, d2), _mul(d1, n2)
        return self.atom(node)


def _integer(node: Node) -> int | None:
    if isinstance(node, Num) and node.value.denominator == 1:
        return int(node.value)
    if isinstance(node, Neg):
        inner = _integer(node.operand)
        return None if inner is None else -inner
    return None


def canonical(node: Node) -> Canonical | None:
    """The tree as num/den polynomials, or None when it is too big or divides by zero."""
    builder = _Builder()
    try:
        num, den = builder.build(node)
    except (TooBig, ZeroDivisionError, RecursionError):
        return None
    return Canonical(num, den, builder.atoms)


def same_function(a: Canonical, b: Canonical) -> bool:
    """Cross products equal: the same rational function (removable points aside)."""
    try:
        return _add(_mul(a.num, b.den), _mul(b.num, a.den), -1) == {}
    except TooBig:
        return False


def difference(a: Canonical, b: Canonical) -> Poly | None:
    """``a.num·b.den − b.num·a.den``: zero exactly when the two are the same function."""
    try:
        return _add(_mul(a.num, b.den), _mul(b.num, a.den), -1)
    except TooBig:
        return None


def constant_multiple(f: Poly, g: Poly) -> bool:
    """``g = c·f`` for one nonzero rational c (both nonzero)."""
    if not f or not g or set(f) != set(g):
        return False
    mono = next(iter(f))
    ratio = g[mono] / f[mono]
    return all(g[m] == ratio * c for m, c in f.items())


def variables(p: Poly) -> set[object]:
    return {k for mono in p for k, _ in mono}
