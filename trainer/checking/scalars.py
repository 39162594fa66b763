"""Are two scalar expressions equal? Exact rationals first, then random points.

Conventions: exact unless a tolerance is given; removable points are ignored (a point
where either side has no value is skipped); without ``i`` in either expression only
points where both sides are real are compared, so ``sqrt(1/x)`` equals ``1/sqrt(x)``
(both real only for x > 0) while ``sqrt(x^2)`` does not equal ``x``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from trainer.checking import exact
from trainer.checking.constants import constant_difference, equal_at_precision, largest_order
from trainer.checking.jumps import agree_at_jumps
from trainer.checking.nodes import BinOp, Const, Neg, Node, contains, free_symbols
from trainer.checking.numeric import FloatEval, MpEval, NotScalar, Undefined, mpmath_module
from trainer.checking.polynomials import canonical, same_function, variables
from trainer.checking.sampling import (
    INTEGER_NAMES,
    MP_DIGITS,
    Deadline,
    integer_points,
    mp_context,
    points,
    rng_for,
)

EQUAL = "equal"
EQUIVALENT = "equivalent"
WITHIN = "within_tolerance"
DIFFERENT = "different"
SIGN = "sign_error"
CONSTANT = "off_by_constant"
NO_VALUE = "no_value"
UNKNOWN = "inconclusive"
UNPROVED = "unproved"  # equal to 40 digits, but no exact proof either way


@dataclass(frozen=True)
class Tolerance:
    abs_tol: float = 0.0
    rel_tol: float = 0.0

    @property
    def exact(self) -> bool:
        return not self.abs_tol and not self.rel_tol

    def allows(self, ref: Any, diff: Any) -> bool:
        bound = self.abs_tol + self.rel_tol * abs(ref)
        return abs(diff) <= bound * (1 + 1e-9) + 1e-300


EXACT = Tolerance()


def _has_i(node: Node) -> bool:
    return contains(node, lambda n: isinstance(n, Const) and n.name == "i")


def compare_constants(
    ref: Node, att: Node, tol: Tolerance, deadline: Deadline | None = None
) -> str:
    """Two trees without variables: exact rationals, else 40 digits, then a proof."""
    try:
        a = exact.exact_value(ref)
    except exact.Undefined:
        return UNKNOWN
    try:
        b = exact.exact_value(att)
    except exact.Undefined:
        return NO_VALUE
    if a is not None and b is not None:
        return verdict_exact(a, b, tol)
    mp = mp_context()
    try:
        va = MpEval({}, mp).run(ref)
    except (Undefined, OverflowError):
        return UNKNOWN
    try:
        vb = MpEval({}, mp).run(att)
    except Undefined:
        return NO_VALUE
    except OverflowError:
        return DIFFERENT
    diff = va - vb
    if not tol.exact:
        return WITHIN if tol.allows(va, diff) else DIFFERENT
    scale = max(abs(va), abs(vb), 1)
    if abs(diff) <= mp.mpf(10) ** -28 * scale:
        return _prove_constants(ref, att, deadline)
    if abs(va + vb) <= mp.mpf(10) ** -28 * scale:
        return SIGN
    return DIFFERENT


def _prove_constants(ref: Node, att: Node, deadline: Deadline | None) -> str:
    """Agreement to 40 digits is not equality (``exp(-65)`` is not 0): see ``constants``."""
    same = equal_at_precision(ref, att)
    if same is None:
        return UNPROVED
    return EQUIVALENT if same else DIFFERENT


def verdict_exact(a: Fraction, b: Fraction, tol: Tolerance) -> str:
    if a == b:
        return EQUAL
    if not tol.exact and tol.allows(a, a - b):
        return WITHIN
    if a == -b:
        return SIGN
    return DIFFERENT


def compare_scalars(ref: Node, att: Node, tol: Tolerance, deadline: Deadline) -> str:
    """One of the module's verdict strings; raises ``NotScalar`` for non-scalar trees."""
    names = sorted(free_symbols(ref) | free_symbols(att))
    if not names:
        return compare_constants(ref, att, tol, deadline)
    proved = _exact_functions(ref, att, tol)
    if proved is not None:
        return proved
    real_only = not (_has_i(ref) or _has_i(att))
    rng = rng_for(names)
    narrower = 0  # points where the reference is real and the attempt is not
    compared = 0
    ref_defined = 0
    att_missing = 0
    agreeing: list[dict[str, complex]] = []
    diffs: list[complex] = []
    sums: list[complex] = []
    rounds = ((10, 3.0, False), (16, 1.0, True), (16, 9.0, True))
    skipped = 0
    for round_no, (count, spread, positive) in enumerate(rounds):
        if round_no == 1 and skipped:
            batch = list(integer_points(names, rng, 30))
        else:
            batch = list(points(names, rng, count, spread, positive))
        for env in batch:
            deadline.check()
            status, va, vb = pair_values(ref, att, env)
            if status == "ref":
                continue
            ref_defined += 1
            if status == "att":
                att_missing += 1
                continue
            if real_only and (not _real(va) or not _real(vb)):
                skipped += 1
                narrower += _real(va) and not _real(vb)
                continue
            compared += 1
            diff = va - vb
            if tol.exact:
                close = abs(diff) <= 1e-8 * (1 + max(abs(va), abs(vb)))
            else:
                close = tol.allows(va, diff)
            if not close:
                diffs.append(diff)
                sums.append(va + vb)
                return _classify_difference(ref, att, names, rng, real_only, deadline)
            agreeing.append(env)
        if compared >= 4 and not (round_no == 0 and skipped):
            break
    if ref_defined and att_missing >= max(3, ref_defined * 0.8):
        return NO_VALUE
    if narrower >= 2:
        return DIFFERENT  # ``ln x`` for ``ln|x|``: not real on part of the answer's domain
    if compared < 2:
        return UNKNOWN
    if not _agree_at_special_points(ref, att, names, rng, real_only, tol, deadline):
        return _classify_difference(ref, att, names, rng, real_only, deadline)
    if not tol.exact:
        return WITHIN
    return _confirm(ref, att, agreeing[-6:], real_only, deadline)


def _real(v: Any) -> bool:
    return bool(abs(v.imag) <= 1e-9 * (1 + abs(v.real)))


def _exact_functions(ref: Node, att: Node, tol: Tolerance) -> str | None:
    """Rational functions compared exactly (cross products of canonical polynomials).

    Equal canonical forms prove equality even with opaque atoms (``sin(x)``); different
    ones prove a difference only when there are no atoms. None: no decision here."""
    a, b = canonical(ref), canonical(att)
    if a is None or b is None:
        return None
    if same_function(a, b):
        return EQUIVALENT
    if a.has_atoms or b.has_atoms or not tol.exact:
        return None
    negated = canonical(Neg(att))
    if negated is not None and same_function(a, negated):
        return SIGN
    gap = canonical(BinOp("-", ref, att))
    if gap is not None and not variables(gap.num) and not variables(gap.den):
        return CONSTANT
    return DIFFERENT


_SPECIAL = (0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 20.5, -20.5, 100.5, -100.5, 1000.5, 0.001,
            1e6 + 0.5, -1e6 - 0.5)  # fmt: skip


def _agree_at_special_points(
    ref: Node, att: Node, names: list[str], rng: Any, real_only: bool, tol: Tolerance,
    deadline: Deadline,
) -> bool:  # fmt: skip
    """Random points miss what happens at integers (``floor``, ``ceil``), at 0 (a narrow
    bump such as ``exp(-1000x²)``) and far out (``floor(|x|/20)``): look there too.
    A disagreement in floats is confirmed at 40 digits before it counts."""

    def special(name: str, v: float) -> complex:  # n, k, m... stand for integers
        return complex(round(v) if name in INTEGER_NAMES else v)

    envs = [{n: special(n, v) for n in names} for v in _SPECIAL]
    envs += [{n: special(n, rng.choice(_SPECIAL)) for n in names} for _ in range(6)]
    for env in envs:
        deadline.check()
        status, va, vb = pair_values(ref, att, env)
        if status != "ok" or (real_only and (not _real(va) or not _real(vb))):
            continue
        diff = va - vb
        close = (
            abs(diff) <= 1e-6 * (1 + max(abs(va), abs(vb))) if tol.exact else tol.allows(va, diff)
        )
        if close:
            continue
        mp = mp_context()
        menv = {k: mp.mpc(v.real, v.imag) for k, v in env.items()}
        try:
            ma, mb = MpEval(menv, mp).run(ref), MpEval(menv, mp).run(att)
        except (Undefined, OverflowError, NotScalar):
            continue
        gap = ma - mb
        if (tol.exact and abs(gap) > mp.mpf(10) ** -20 * max(abs(ma), abs(mb), 1)) or (
            not tol.exact and not tol.allows(ma, gap)
        ):
            return False
    return not tol.exact or agree_at_jumps(ref, att, names, deadline)


def pair_values(ref: Node, att: Node, env: dict[str, complex]) -> tuple[str, Any, Any]:
    """Both values at ``env``: floats, or mpmath where floats overflow.

    The status is ``ok``, ``ref`` (no reference value) or ``att`` (no attempt value).
    """
    try:
        va = FloatEval(env).run(ref)
    except Undefined:
        return "ref", None, None
    except OverflowError:
        va = None
    try:
        vb = FloatEval(env).run(att) if va is not None else None
    except Undefined:
        return "att", None, None
    except OverflowError:
        vb = None
    if va is not None and vb is not None:
        return "ok", va, vb
    mp = mp_context()
    menv = {k: mp.mpc(v.real, v.imag) for k, v in env.items()}
    try:
        va = MpEval(menv, mp).run(ref)
    except (Undefined, OverflowError):
        return "ref", None, None
    try:
        vb = MpEval(menv, mp).run(att)
    except (Undefined, OverflowError):
        return "att", None, None
    return "ok", va, vb


def _confirm(
    ref: Node, att: Node, envs: list[dict[str, complex]], real_only: bool, deadline: Deadline
) -> str:
    """Re-check agreeing points at 40 digits; floats cannot see a 1e-13 difference."""
    mp = mp_context()
    fine = mpmath_module().MPContext()
    order = max(largest_order(ref), largest_order(att))
    fine.dps = int(2 * MP_DIGITS + 2 * min(order, 10**6))
    if fine.dps > 2000:  # a difference this small cannot be looked for within the budget;
        # past 10^20000 sympy would spend it all too (x·(1 + 10^(-10^6))): not shown equal
        return UNPROVED if order > 20_000 else UNKNOWN
    tiny = mp.mpf(10) ** -25
    checked = 0
    for env in envs:
        deadline.check()
        menv = {k: mp.mpc(v.real, v.imag) for k, v in env.items()}
        try:
            va = MpEval(menv, mp).run(ref)
            vb = MpEval(menv, mp).run(att)
        except (Undefined, OverflowError, NotScalar):
            continue
        if real_only and (abs(va.imag) > tiny * abs(va) or abs(vb.imag) > tiny * abs(vb)):
            continue
        checked += 1
        scale = max(abs(va), abs(vb), 1)
        if abs(va - vb) > tiny * scale:
            return DIFFERENT
        # Noise shrinks when the precision doubles; a real difference (x·10^-30) stays.
        fenv = {k: fine.mpc(v.real, v.imag) for k, v in env.items()}
        try:
            gap = abs(MpEval(fenv, fine).run(ref) - MpEval(fenv, fine).run(att))
        except (Undefined, OverflowError, NotScalar):
            continue
        if gap > max(abs(va - vb) * fine.mpf(10) ** -20, fine.mpf(10) ** -(fine.dps - 5) * scale):
            return DIFFERENT
        if checked >= 2:
            break
    return EQUIVALENT if checked else UNKNOWN


def _classify_difference(
    ref: Node, att: Node, names: list[str], rng: Any, real_only: bool, deadline: Deadline
) -> str:
    """Tell a sign error or a constant offset from any other difference."""
    sums: list[complex] = []
    diffs: list[complex] = []
    for env in points(names, rng, 6):
        deadline.check()
        try:
            va = FloatEval(env).run(ref)
            vb = FloatEval(env).run(att)
        except (Undefined, OverflowError):
            continue
        if real_only and (abs(va.imag) > 1e-9 or abs(vb.imag) > 1e-9):
            continue
        sums.append(va + vb)
        diffs.append(va - vb)
    if len(sums) < 3:
        return DIFFERENT
    if all(abs(s) <= 1e-9 * (1 + abs(d)) for s, d in zip(sums, diffs, strict=True)):
        return SIGN
    first = diffs[0]
    if abs(first) > 1e-9 and all(abs(d - first) <= 1e-9 * (1 + abs(first)) for d in diffs):
        envs = list(points(names, rng, 3))
        return CONSTANT if constant_difference(ref, att, envs, deadline) else DIFFERENT
    return DIFFERENT


def is_constant_multiple(f: Node, g: Node, deadline: Deadline) -> bool:
    """``g = c·f`` for one nonzero constant c (an equation and its rearrangement)."""
    names = sorted(free_symbols(f) | free_symbols(g))
    rng = rng_for(names + ["ratio"])
    ratios: list[complex] = []
    envs: list[dict[str, complex]] = []
    overflowed = False
    for env in points(names, rng, 12):
        deadline.check()
        try:
            vf = FloatEval(env).run(f)
            vg = FloatEval(env).run(g)
        except Undefined:
            continue
        except OverflowError:
            overflowed = True
            continue
        if abs(vf) < 1e-12 or abs(vg) < 1e-12:
            continue
        ratios.append(vg / vf)
        envs.append(env)
    if overflowed or len(ratios) < 4:
        return _mp_ratio(f, g, names, rng, deadline)
    first = ratios[0]
    if not all(abs(r - first) <= 1e-8 * abs(first) for r in ratios):
        return False
    # The ratio at a precision that grows with what is written: y = sin(x) + 10^-30 is not
    # a multiple of y = sin(x), though the ratios agree to 29 digits.
    digits = 2 * MP_DIGITS + 2 * max(largest_order(f), largest_order(g))
    if digits > 2000:
        return False  # a difference this small cannot be looked for: not shown equal
    mp = mpmath_module().MPContext()
    mp.dps = int(digits)
    found: list[Any] = []
    for env in envs[:3]:
        deadline.check()
        menv = {k: mp.mpc(v.real, v.imag) for k, v in env.items()}
        try:
            found.append(MpEval(menv, mp).run(g) / MpEval(menv, mp).run(f))
        except (Undefined, OverflowError, ZeroDivisionError):
            continue
    return bool(found) and all(
        abs(r - found[0]) <= mp.mpf(10) ** -(mp.dps - 15) * abs(found[0]) for r in found
    )


def _mp_ratio(f: Node, g: Node, names: list[str], rng: Any, deadline: Deadline) -> bool:
    """The ratio test in mpmath, for trees whose values overflow doubles (``x^6000``)."""
    mp = mp_context()
    found: list[Any] = []
    for env in points(names, rng, 8):
        deadline.check()
        menv = {k: mp.mpc(v.real, v.imag) for k, v in env.items()}
        try:
            vf = MpEval(menv, mp).run(f)
            vg = MpEval(menv, mp).run(g)
        except (Undefined, OverflowError):
            continue
        if vf == 0 or vg == 0:
            continue
        found.append(vg / vf)
    if len(found) < 3:
        return False
    return all(abs(r - found[0]) <= mp.mpf(10) ** -25 * abs(found[0]) for r in found)
