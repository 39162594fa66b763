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
from typing import TYPE_CHECKING, Any

from trainer.checking.nodes import BinOp, Call, Const, Neg, Node, Num
from trainer.checking.numeric import MpEval, NotScalar, Undefined, mpmath_module

if TYPE_CHECKING:
    from trainer.checking.sampling import Deadline

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
            # 10^-300, 10^(-10^6), 2^(-3·300), e^(-5000): the power's size, worked out
            power, base = _constant_float(n.right), _constant_float(n.left)
            if power is not None and base is not None and base > 0 and base != 1:
                best = max(best, abs(power) * abs(math.log10(base)))
        if isinstance(n, Call) and n.name == "exp" and len(n.args) == 1:
            power = _constant_float(n.args[0])  # exp(-5000) is about 10^-2171
            if power is not None:
                best = max(best, abs(power) * math.log10(math.e))
        if hasattr(n, "__slots__"):
            stack.extend(getattr(n, s) for s in n.__slots__)  # type: ignore[attr-defined]
    return best


def _constant_float(node: Node, depth: int = 0) -> float | None:
    """A constant written with numbers, e, π and + − · / ^ as a float (inf when huge), or
    None (a variable, a function): only its size is wanted."""
    if depth > 20:
        return None
    if isinstance(node, Num):
        return float(node.value) if abs(node.value) < 10**300 else math.inf
    if isinstance(node, Const) and node.name in ("e", "pi"):
        return math.e if node.name == "e" else math.pi
    if isinstance(node, Neg):
        inner = _constant_float(node.operand, depth + 1)
        return None if inner is None else -inner
    if not isinstance(node, BinOp):
        return None
    a, b = _constant_float(node.left, depth + 1), _constant_float(node.right, depth + 1)
    if a is None or b is None:
        return None
    try:
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "*":
            return a * b
        if node.op in ("/", ":"):
            return a / b if b else None
        if node.op == "^":
            return math.inf if a > 1 and b > 1000 else float(a**b) if a > 0 else None
    except (OverflowError, ZeroDivisionError):
        return math.inf
    return None


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


def constant_difference(
    ref: Node, att: Node, envs: list[dict[str, complex]], deadline: Deadline
) -> bool:
    """A difference that looked constant in floats, again at a precision that grows with
    what is written: ``-cos²x/2 + 10^-30·x`` is not ``sin²x/2`` plus a constant."""
    digits = _BASE_DIGITS + 20 + 2 * max(largest_order(ref), largest_order(att))
    if digits > _MAX_DIGITS:
        return False
    mp: Any = mpmath_module().MPContext()
    mp.dps = int(digits)
    found: list[Any] = []
    for env in envs:
        deadline.check()
        menv = {k: mp.mpc(v.real, v.imag) for k, v in env.items()}
        try:
            found.append(MpEval(menv, mp).run(ref) - MpEval(menv, mp).run(att))
        except (Undefined, OverflowError, NotScalar, ZeroDivisionError):
            continue
    tiny = mp.mpf(10) ** -(mp.dps - 15)
    return bool(found) and all(abs(d - found[0]) <= tiny * (1 + abs(found[0])) for d in found)
