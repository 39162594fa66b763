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
from trainer.checking.nodes import Const, Node, contains, free_symbols
from trainer.checking.numeric import FloatEval, MpEval, NotScalar, Undefined
from trainer.checking.sampling import Deadline, integer_points, mp_context, points, rng_for

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
    """Agreement to 40 digits is not equality (``exp(-65)`` is not 0): ask for a proof.

    Without a deadline (no budget to spend) the agreement is not enough either."""
    if deadline is None:
        return UNKNOWN
    from trainer.checking import worker

    proved = worker.run("equal_constant", (ref, att), deadline)
    if proved is True:
        return EQUIVALENT
    return DIFFERENT if proved is False else UNPROVED


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
    real_only = not (_has_i(ref) or _has_i(att))
    rng = rng_for(names)
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
            if real_only and (
                abs(va.imag) > 1e-9 * (1 + abs(va.real)) or abs(vb.imag) > 1e-9 * (1 + abs(vb.real))
            ):
                skipped += 1
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
    if compared < 2:
        return UNKNOWN
    if not tol.exact:
        return WITHIN
    return _confirm(ref, att, agreeing[-6:], real_only, deadline)


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
        if abs(va - vb) > tiny * max(abs(va), abs(vb), 1):
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
        return CONSTANT
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
    mp = mp_context()
    found: list[Any] = []
    for env in envs[:3]:
        deadline.check()
        menv = {k: mp.mpc(v.real, v.imag) for k, v in env.items()}
        try:
            found.append(MpEval(menv, mp).run(g) / MpEval(menv, mp).run(f))
        except (Undefined, OverflowError, ZeroDivisionError):
            continue
    return bool(found) and all(
        abs(r - found[0]) <= mp.mpf(10) ** -25 * abs(found[0]) for r in found
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
