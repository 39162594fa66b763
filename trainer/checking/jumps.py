"""Where step functions jump: the points random sampling almost surely misses.

``floor(x) - floor(x + 10^-9)`` is 0 except on intervals a billionth wide, and
``floor(x)`` differs from ``ceil(x) - 1`` only at the integers. For a one-variable tree,
every ``floor``/``ceil`` argument that is linear in the variable (rational coefficients)
crosses an integer at points found exactly, and every ``sign``/``abs`` argument crosses 0;
both trees are compared there and just beside, in mpmath at a precision set by what is
written, so the jump is not lost to rounding.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from trainer.checking.constants import largest_order
from trainer.checking.nodes import Call, Node, contains
from trainer.checking.numeric import MpEval, NotScalar, Undefined, mpmath_module
from trainer.checking.polynomials import canonical
from trainer.checking.sampling import Deadline

_INTEGER_STEPS = frozenset({"floor", "ceil"})
_ZERO_STEPS = frozenset({"sign", "abs"})
_CROSSINGS = range(-3, 4)
_MAX_POINTS = 60


def _calls(node: Node) -> list[Call]:
    found: list[Call] = []

    def visit(n: object) -> bool:
        if isinstance(n, Call) and n.name in _INTEGER_STEPS | _ZERO_STEPS and len(n.args) == 1:
            found.append(n)
        return False

    contains(node, visit)
    return found


def _linear(arg: Node, var: str) -> tuple[Fraction, Fraction] | None:
    """(a, b) with arg = a·var + b, rational, a ≠ 0."""
    form = canonical(arg)
    if form is None or form.has_atoms or len(form.den) != 1 or () not in form.den:
        return None
    den = form.den[()]
    a, b = Fraction(0), Fraction(0)
    for mono, c in form.num.items():
        if mono == ():
            b = c / den
        elif mono == ((var, 1),):
            a = c / den
        else:
            return None
    return (a, b) if a else None


def jump_points(ref: Node, att: Node, var: str) -> list[Fraction]:
    points: set[Fraction] = set()
    for call in _calls(ref) + _calls(att):
        line = _linear(call.args[0], var)
        if line is None:
            continue
        a, b = line
        levels = _CROSSINGS if call.name in _INTEGER_STEPS else (0,)
        points.update((k - b) / a for k in levels)
    return sorted(points)[:_MAX_POINTS]


def agree_at_jumps(ref: Node, att: Node, names: list[str], deadline: Deadline) -> bool:
    """False when the two differ at or just beside a jump of either."""
    if len(names) != 1:
        return True
    var = names[0]
    points = jump_points(ref, att, var)
    if not points:
        return True
    mp: Any = mpmath_module().MPContext()
    mp.dps = int(min(2000, 60 + 2 * max(largest_order(ref), largest_order(att))))
    step = mp.mpf(10) ** -(mp.dps // 2)
    for p in points:
        deadline.check()
        x = mp.mpf(p.numerator) / p.denominator
        for at in (x, x - step, x + step):
            try:
                va = MpEval({var: mp.mpc(at)}, mp).run(ref)
                vb = MpEval({var: mp.mpc(at)}, mp).run(att)
            except (Undefined, OverflowError, NotScalar, ZeroDivisionError):
                continue
            if abs(va.imag) > step or abs(vb.imag) > step:
                continue
            if abs(va - vb) > mp.mpf(10) ** -20 * max(abs(va), abs(vb), 1):
                return False
    return True
