"""Equations and inequalities: same solution set, by sampling.

An equation equals its rearrangements and nonzero multiples (``y = 2x+1`` is
``2x - y + 1 = 0``): first a constant-ratio test on ``lhs - rhs``; failing that, the real
zero sets are compared along random lines through the variables (so ``1/x + 1/y = 2`` is
``y = x/(2x-1)`` and ``(x-y)(x+y) = 0`` is ``|x| = |y|``). On those lines a value is only
real if every step is real, so ``sqrt(x) = sqrt(y)`` is not ``x = y``. Inequalities are
compared by their truth at random points and just beside every boundary point.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from trainer.checking.constants import largest_order
from trainer.checking.nodes import (
    BinOp,
    Call,
    Const,
    Neg,
    Node,
    Num,
    Postfix,
    Rel,
    Sym,
    contains,
    free_symbols,
)
from trainer.checking.numeric import FloatEval, MpEval, NotScalar, Undefined, mpmath_module
from trainer.checking.polynomials import canonical, same_zero_set_exactly
from trainer.checking.sampling import MP_DIGITS, Deadline, mp_context, points, rng_for
from trainer.checking.scalars import EQUAL, EQUIVALENT, compare_scalars, is_constant_multiple

ZERO = Num(Fraction(0), "0")
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "!=": "!=", "=": "="}


class RealEval(FloatEval):
    """Real evaluation: a step whose value is not real has no value."""

    def value(self, node: Node) -> Any:
        out = super().value(node)
        if abs(out.imag) > 1e-9 * (1 + abs(out.real)):
            raise Undefined("not real")
        return out


class RealMpEval(MpEval):
    """``RealEval`` in mpmath, for values beyond doubles (``x^5999`` at x = -1.3)."""

    def value(self, node: Node) -> Any:
        out = super().value(node)
        if abs(out.imag) > 1e-9 * (1 + abs(out.real)):
            raise Undefined("not real")
        return out


def difference(rel_left: Node, rel_right: Node) -> Node:
    return BinOp("-", rel_left, rel_right)


def constraints(rel: Rel) -> list[tuple[Node, str]]:
    """``a < b <= c`` as ``[(a - b, '<'), (b - c, '<=')]``."""
    return [(difference(rel.items[k], rel.items[k + 1]), op) for k, op in enumerate(rel.ops)]


def _has_i(node: Node) -> bool:
    return contains(node, lambda n: isinstance(n, Const) and n.name == "i")


def _real_fn(
    node: Node, env: dict[str, complex], var: str, deadline: Deadline
) -> Callable[[float], float | None]:
    def fn(x: float) -> Any:
        env[var] = complex(x)
        try:
            return RealEval(env).run(node).real
        except (Undefined, NotScalar):
            return None
        except OverflowError:
            if abs(x) > 12.5:
                return None  # far out, huge values: not worth an mpmath evaluation
        deadline.check()  # mpmath is slow: never start one past the deadline
        mp = mp_context()
        menv = {k: mp.mpc(v.real, v.imag) for k, v in env.items()}
        try:
            return RealMpEval(menv, mp).run(node).real
        except (Undefined, NotScalar, OverflowError):
            return None

    return fn


def scan_roots(
    fn: Callable[[float], float | None], lo: float, hi: float, n: int, deadline: Deadline
) -> list[float]:
    """Real roots of ``fn``: sign changes refined by bisection (poles rejected).

    A uniform grid of ``n`` points on [lo, hi], extended by a geometric grid out to ±1e6
    so that a boundary at ``x = 100`` is found too.
    """
    outer = [hi * (1.7**k) for k in range(1, 40) if hi * (1.7**k) < 1.2e6]
    fine = [-1.2013 + 2.4027 * k / 60 for k in range(61)]  # roots close together near 0
    uniform = [lo + (hi - lo) * k / (n - 1) for k in range(n)]
    xs = sorted({-x for x in outer} | set(uniform) | set(fine) | set(outer))
    vals = []
    for k, x in enumerate(xs):
        if k % 32 == 0:
            deadline.check()
        vals.append(fn(x))
    roots: list[float] = []
    for k in range(len(xs) - 1):
        a, b = vals[k], vals[k + 1]
        if a is None or b is None:
            continue
        if a == 0:
            roots.append(xs[k])
            continue
        if a * b >= 0:
            continue
        x0, x1, f0 = xs[k], xs[k + 1], a
        for _ in range(60):
            m = (x0 + x1) / 2
            fm = fn(m)
            if fm is None:
                break
            if fm == 0:
                x0 = x1 = m
                break
            if (fm < 0) == (f0 < 0):
                x0, f0 = m, fm
            else:
                x1 = m
        r = (x0 + x1) / 2
        fr = fn(r)
        if fr is not None and abs(fr) <= 1e-6 * max(abs(a), abs(b)):
            snapped = round(r, 9)
            fs = fn(snapped)
            roots.append(snapped if fs is not None and abs(fs) <= abs(fr) else r)
    return roots


def _zero_at(fn: Callable[[float], float | None], r: float) -> bool | None:
    """Is ``fn`` zero at r? None when it has no value there."""
    v = fn(r)
    if v is None:
        return None
    if v == 0:
        return True
    d = 1e-8 * (1 + abs(r))
    near = [abs(w) for w in (fn(r - d), fn(r + d)) if w is not None]
    return bool(near) and abs(v) <= 1e-4 * max(near)


def _is_identity(f: Node, deadline: Deadline) -> bool:
    try:
        return compare_scalars(ZERO, f, _exact(), deadline) in (EQUAL, EQUIVALENT)
    except NotScalar:
        return False


def _exact() -> Any:
    from trainer.checking.scalars import EXACT

    return EXACT


def equations_equivalent(ref: Rel, att: Rel, deadline: Deadline) -> bool:
    """Same solution set (an equation equals its rearrangements and nonzero multiples).

    A side that is not a single value (a list, an interval) can never make an equation
    equal to a scalar one: that is "not equivalent", not a checker error.
    """
    try:
        return _equations_equivalent(ref, att, deadline)
    except NotScalar:
        return False


def _equations_equivalent(ref: Rel, att: Rel, deadline: Deadline) -> bool:
    f = difference(ref.items[0], ref.items[-1])
    g = difference(att.items[0], att.items[-1])
    f_zero = _is_identity(f, deadline)
    g_zero = _is_identity(g, deadline)
    if f_zero or g_zero:
        return f_zero and g_zero
    cf, cg = canonical(f), canonical(g)
    if cf is not None and cg is not None:
        exact = same_zero_set_exactly(cf, cg)
        if exact is not None:
            return exact
    if is_constant_multiple(f, g, deadline):
        return _multiple_at_jumps(f, g, deadline)
    if _has_i(f) or _has_i(g):
        return False
    names = sorted(free_symbols(f) | free_symbols(g))
    rng = rng_for(names + ["zero-set"])
    digits = 2 * MP_DIGITS + 2 * max(largest_order(f), largest_order(g))
    if digits > 2000:
        return False  # roots this close cannot be told apart within the budget
    checked = confirmed = 0
    for var in names[:4]:
        others = [n for n in names if n != var]
        for env in points(others, rng, 2 if others else 1):
            deadline.check()
            fn_f = _real_fn(f, dict(env), var, deadline)
            fn_g = _real_fn(g, dict(env), var, deadline)
            for (a, fn_a), (b, fn_b) in (((f, fn_f), (g, fn_g)), ((g, fn_g), (f, fn_f))):
                for r in scan_roots(fn_a, -6.0137, 6.0213, 81, deadline):
                    if _zero_at(fn_b, r) is not True:
                        return False
                    checked += 1
                    if confirmed < 4:  # floats agree: the root again, at high precision
                        if common_root(a, b, env, var, r, int(digits), deadline) is False:
                            return False
                        confirmed += 1
    return checked > 0


def common_root(
    a: Node, b: Node, env: dict[str, complex], var: str, r: float, digits: int, deadline: Deadline
) -> bool | None:
    """Is the root of ``a`` near r (in ``var``) a root of ``b``, at ``digits`` digits?

    The root is refined by bisection at that precision; ``b`` there must be zero to about
    half the digits, relative to its size just beside (x = 1.414213562373095048801688 is
    not a root of x² = 2). None when the root cannot be bracketed or has no value."""
    mp: Any = mpmath_module().MPContext()
    mp.dps = digits

    def at(node: Node, t: Any) -> Any:
        menv = {k: mp.mpc(v.real, v.imag) for k, v in env.items()}
        menv[var] = mp.mpc(t)
        return RealMpEval(menv, mp).run(node).real

    h = mp.mpf(10) ** -7 * (1 + abs(r))
    lo, hi = mp.mpf(r) - h, mp.mpf(r) + h
    try:
        f_lo, f_hi = at(a, lo), at(a, hi)
        if f_lo == 0 or f_hi == 0 or (f_lo < 0) == (f_hi < 0):
            return None
        for k in range(int(3.33 * digits) + 30):
            if k % 40 == 0:
                deadline.check()
            mid = (lo + hi) / 2
            f_mid = at(a, mid)
            if f_mid == 0:
                lo = hi = mid
                break
            if (f_mid < 0) == (f_lo < 0):
                lo, f_lo = mid, f_mid
            else:
                hi = mid
        root = (lo + hi) / 2
        gap = abs(at(b, root))
        beside = max(abs(at(b, root - h)), abs(at(b, root + h)))
    except (Undefined, NotScalar, OverflowError, ZeroDivisionError):
        return None
    return bool(gap <= beside * mp.mpf(10) ** -(digits // 2))


_JUMPS = frozenset({"floor", "ceil", "sign", "abs"})


def _multiple_at_jumps(f: Node, g: Node, deadline: Deadline) -> bool:
    """Random points miss where floor, ceil and sign jump (``y = ceil(x) - 1`` is not
    ``y = floor(x)`` at the integers): with one of them, ``g = c·f`` is checked as functions,
    by the comparison that looks at the jumps."""
    if not contains(BinOp("-", f, g), lambda n: isinstance(n, Call) and n.name in _JUMPS):
        return True
    names = sorted(free_symbols(f) | free_symbols(g))
    for env in points(names, rng_for(names + ["jump-ratio"]), 6):
        try:
            vf, vg = FloatEval(env).run(f), FloatEval(env).run(g)
        except (Undefined, OverflowError, NotScalar):
            continue
        if abs(vf) > 1e-9:
            ratio = vg / vf
            c = Fraction(ratio.real).limit_denominator(1000)
            if abs(ratio.imag) > 1e-9 or c == 0:
                return False
            scaled = BinOp("*", Num(c, str(c)), f)
            try:
                return compare_scalars(scaled, g, _exact(), deadline) in (EQUAL, EQUIVALENT)
            except NotScalar:
                return False
    return False


def _truth(cons: list[tuple[Node, str]], env: dict[str, complex]) -> bool | None:
    for f, op in cons:
        try:
            v = RealEval(env).run(f).real
        except (Undefined, OverflowError, NotScalar):
            return None
        if abs(v) <= 1e-9:
            v = 0.0
        ok = {"<": v < 0, "<=": v <= 0, ">": v > 0, ">=": v >= 0, "!=": v != 0, "=": v == 0,
              "~": v == 0}[op]  # fmt: skip
        if not ok:
            return False
    return True


def inequalities_equivalent(ref: Rel, att: Rel, deadline: Deadline) -> bool:
    cr, ca = constraints(ref), constraints(att)
    names = sorted(set().union(*(free_symbols(f) for f, _ in cr + ca)))
    if not names:
        return _truth(cr, {}) == _truth(ca, {})
    rng = rng_for(names + ["inequality"])
    envs: list[dict[str, complex]] = list(points(names, rng, 40, 6.0))
    for var in names[:3]:
        others = [n for n in names if n != var]
        for base in points(others, rng, 2 if others else 1):
            for f in dict.fromkeys(f for f, _ in cr + ca):
                deadline.check()
                for r in scan_roots(
                    _real_fn(f, dict(base), var, deadline), -12.0137, 12.0213, 97, deadline
                ):
                    for x in (r, r - 1e-4 * (1 + abs(r)), r + 1e-4 * (1 + abs(r))):
                        env = dict(base)
                        env[var] = complex(x)
                        envs.append(env)
    if any(contains(f, lambda n: isinstance(n, Call) and n.name in _JUMPS) for f, _ in cr + ca):
        for var in names[:3]:  # where floor, ceil and sign jump: y > ceil(x) - 1 at x = 2
            others = [n for n in names if n != var]
            for base in points(others, rng, 4 if others else 1):
                envs.extend({**base, var: complex(k)} for k in range(-8, 9))
    compared = 0
    for k, env in enumerate(envs):
        if k % 16 == 0:
            deadline.check()
        a = _truth(cr, env)
        b = _truth(ca, env)
        if a is None or b is None:
            continue
        compared += 1
        if a != b:
            return False
    return compared > 0


def substitute(node: Node, target: Node, replacement: Node) -> Node:
    """``node`` with every occurrence of ``target`` replaced."""
    if node == target:
        return replacement
    if isinstance(node, BinOp):
        return BinOp(node.op, substitute(node.left, target, replacement),
                     substitute(node.right, target, replacement), node.implicit)  # fmt: skip
    if isinstance(node, Call):
        return Call(node.name, tuple(substitute(a, target, replacement) for a in node.args))
    if isinstance(node, Neg | Postfix):
        return dataclasses.replace(node, operand=substitute(node.operand, target, replacement))
    return node


def subject_of(rel: Rel) -> Node | None:
    """The one unknown of a one-variable inequality (``x``, or ``f(x)`` in ``0 < f(x) < 1``)."""
    varying = [item for item in rel.items if free_symbols(item)]
    if (
        len(varying) == 1
        and isinstance(varying[0], Sym | Call)
        and not (isinstance(varying[0], Call) and varying[0].name in ("abs", "sqrt"))
    ):
        return varying[0]
    names = free_symbols(rel)
    if len(names) == 1:
        return Sym(next(iter(names)))
    return None


def membership(
    rel: Rel, deadline: Deadline
) -> tuple[Callable[[float], bool | None], list[float]] | None:
    """A one-variable inequality as a predicate on the reals, with its boundary points."""
    subject = subject_of(rel)
    if subject is None:
        return None
    t = Sym("__t")
    cons = [(substitute(f, subject, t), op) for f, op in constraints(rel)]

    def contains_point(x: float) -> bool | None:
        return _truth(cons, {"__t": complex(x)})

    edges: list[float] = []
    for f, _ in cons:
        edges.extend(scan_roots(_real_fn(f, {}, "__t", deadline), -40.0137, 40.0213, 801, deadline))
    return contains_point, edges
