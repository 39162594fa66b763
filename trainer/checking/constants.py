"""Are two constants that agree to 40 digits really equal? Decided at a precision
chosen from what is written.

``exp(-65)`` agrees with 0 to 28 digits and ``e^(π√163)`` with an integer to 30, so
agreement at a fixed precision is no proof. A symbolic proof (sympy) costs 50-150 ms for
a nested radical and seconds for a sum of cotangents, over the latency budget, so the
difference is recomputed at ``60 + 2·L`` digits, where L is the largest order of
magnitude written anywhere in either tree (``10^-300`` gives L = 300, so
``1 - cos(10^-300)`` is seen), and again at twice that: equal means the difference
shrinks with the precision, as rounding noise does (``exp(-1000)`` against 0 does not).
Past 2000 digits nothing is shown equal (the attempt is wrong). What this cannot see is a
difference hidden by cancellation far below every number written (``1 - cos(exp(-10^4))``).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from trainer.checking.nodes import BinOp, Neg, Node, Num
from trainer.checking.numeric import MpEval, NotScalar, Undefined, mpmath_module

_BASE_DIGITS = 60
_MAX_DIGITS = 2000


def _magnitude(value: Fraction) -> float:
    if value == 0:
        return 0.0
    num, den = abs(value.numerator), value.denominator
    return (
        abs(math.log10(num) - math.log10(den))
        if num.bit_length() < 1000
        else (abs(num.bit_length() - den.bit_length()) * 0.30103)
    )


def largest_order(node: Node) -> float:
    best = 0.0
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, tuple):
            stack.extend(n)
            continue
        if isinstance(n, Num):  # a 200-digit decimal needs 200 digits to be told apart
            digits = sum(ch.isdigit() for ch in n.text)
            best = max(best, _magnitude(n.value), digits / 2)
            continue
        if isinstance(n, BinOp) and n.op == "^":
            base, power = n.left, n.right
            sign = 1
            if isinstance(power, Neg):
                power, sign = power.operand, -1
            if isinstance(base, Num) and isinstance(power, Num) and base.value > 0:
                best = max(best, abs(sign * float(power.value)) * _magnitude(base.value))
        if hasattr(n, "__slots__"):
            stack.extend(getattr(n, s) for s in n.__slots__)  # type: ignore[attr-defined]
    return best


def equal_at_precision(ref: Node, att: Node) -> bool | None:
    """True (no difference at the chosen precision), False, or None (no value there)."""
    needed = _BASE_DIGITS + 2 * max(largest_order(ref), largest_order(att))
    if needed > _MAX_DIGITS:
        return None  # past what can be computed in the budget: not shown equal
    digits = int(needed)
    gaps = []
    for precision in (digits, 2 * digits):
        mp: Any = mpmath_module().MPContext()
        mp.dps = precision
        try:
            a = MpEval({}, mp).run(ref)
            b = MpEval({}, mp).run(att)
        except (Undefined, OverflowError, NotScalar):
            return None
        gaps.append((abs(a - b), max(abs(a), abs(b), 1), mp))
    (coarse, _, _), (fine, scale, mp) = gaps
    if coarse == 0:
        return bool(fine <= mp.mpf(10) ** -(2 * digits - 15) * scale)
    # Rounding noise shrinks as the precision doubles; a real difference (exp(-1000)) stays.
    return bool(fine <= coarse * mp.mpf(10) ** -(digits // 2))
