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
_MAX_DEGREE = 100_000  # a monomial's degree costs nothing; terms and digits are the bounds
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
    if len(p) == 1:  # a monomial: multiply the exponents (x^5999 stays one term)
        ((mono, coeff),) = p.items()
        if (abs(coeff.numerator).bit_length() - 1) * n > _MAX_BITS or (
            coeff.denominator.bit_length() - 1
        ) * n > _MAX_BITS:
            raise TooBig("coefficient too large")
        return _check({tuple((k, e * n) for k, e in mono): coeff**n})
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
            if exponent is None or abs(exponent) > _MAX_DEGREE:
                return self.atom(node)
            n, d = self.build(node.left)
            if abs(exponent) > _MAX_POWER and (len(n) > 1 or len(d) > 1):
                return self.atom(node)
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


# -- one variable: the same real zeros, exactly (Sturm sequences over the rationals) ------

_MAX_STURM_DEGREE = 40
Dense = list[Fraction]  # coefficients, constant term first


def _dense(p: Poly, var: str) -> tuple[Dense, int] | None:
    """Coefficients of p / x^m and m, the power of the variable dividing every term."""
    out: dict[int, Fraction] = {}
    for mono, c in p.items():
        if any(k != var for k, _ in mono):
            return None
        out[sum(e for _, e in mono)] = c
    if not out:
        return [], 0
    low = min(out)
    if max(out) - low > _MAX_STURM_DEGREE:
        return None
    return [out.get(k, Fraction(0)) for k in range(low, max(out) + 1)], low


def _trim(a: Dense) -> Dense:
    while a and a[-1] == 0:
        a = a[:-1]
    return a


def _divmod(a: Dense, b: Dense) -> tuple[Dense, Dense]:
    a, b = _trim(list(a)), _trim(b)
    quotient = [Fraction(0)] * max(len(a) - len(b) + 1, 1)
    while len(a) >= len(b) and a:
        shift = len(a) - len(b)
        factor = a[-1] / b[-1]
        quotient[shift] = factor
        for k, c in enumerate(b):
            a[k + shift] -= factor * c
        a = _trim(a)
    return _trim(quotient), a


def _gcd(a: Dense, b: Dense) -> Dense:
    a, b = _trim(a), _trim(b)
    while b:
        a, b = b, _divmod(a, b)[1]
    return [c / a[-1] for c in a] if a else a


def _derivative(a: Dense) -> Dense:
    return _trim([k * c for k, c in enumerate(a)][1:])


def _real_root_count(p: Dense) -> int:
    """Distinct real roots of a squarefree polynomial."""
    p = _trim(p)
    if len(p) <= 1:
        return 0
    chain = [p, _derivative(p)]
    while len(chain[-1]) > 1:
        rem = _divmod(chain[-2], chain[-1])[1]
        if not rem:
            break
        chain.append([-c for c in rem])

    def changes(signs: list[int]) -> int:
        signs = [s for s in signs if s]
        return sum(1 for x, y in zip(signs, signs[1:], strict=False) if x != y)

    at_plus = [1 if q[-1] > 0 else -1 for q in chain]
    at_minus = [(1 if q[-1] > 0 else -1) * (-1) ** (len(q) - 1) for q in chain]
    return changes(at_minus) - changes(at_plus)


def _zeros(num: Dense, den: Dense) -> Dense:
    """A squarefree polynomial whose roots are the zeros of num/den (poles removed)."""
    square_free = _divmod(num, _gcd(num, _derivative(num)))[0] if len(num) > 1 else num
    common = _gcd(square_free, den)
    return _divmod(square_free, common)[0] if len(common) > 1 else square_free


def same_real_zeros(f: Canonical, g: Canonical) -> bool | None:
    """Do ``f = 0`` and ``g = 0`` (one variable, no atoms) have the same real solutions?"""
    names = variables(f.num) | variables(f.den) | variables(g.num) | variables(g.den)
    if f.has_atoms or g.has_atoms or len(names) != 1:
        return None
    var = str(next(iter(names)))
    parts = [_dense(p, var) for p in (f.num, f.den, g.num, g.den)]
    if any(p is None for p in parts):
        return None
    (fn, fn0), (fd, fd0), (gn, gn0), (gd, gd0) = (p for p in parts if p is not None)
    if not fn or not gn:
        return None
    if (fn0 > fd0) != (gn0 > gd0):  # x^k factors: is 0 a solution of one but not the other?
        return False
    a, b = _zeros(fn, fd), _zeros(gn, gd)
    both = _gcd(a, b)
    only_a = _divmod(a, both)[0] if len(both) > 1 else a
    only_b = _divmod(b, both)[0] if len(both) > 1 else b
    return _real_root_count(only_a) == 0 and _real_root_count(only_b) == 0


def same_zero_set_exactly(f: Canonical, g: Canonical) -> bool | None:
    """``f = 0`` vs ``g = 0`` without atoms: one variable by their real zeros (Sturm); more
    variables when one numerator is a nonzero multiple of the other or of its power."""
    if f.has_atoms or g.has_atoms:
        return None
    one = same_real_zeros(f, g)
    if one is not None:
        return one
    try:
        for a, b in ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 3), (3, 2)):
            if constant_multiple(_power(f.num, a), _power(g.num, b)):
                return True
    except TooBig:
        return None
    return False
