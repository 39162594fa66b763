"""Exact rational arithmetic on parsed numbers: the fast path for integer, decimal and
rational answers (``1,000.0`` vs ``1000``, ``2/-4`` vs ``-1/2``), with no sympy."""

from __future__ import annotations

from fractions import Fraction

from trainer.checking.limits import MAX_EXACT_BITS, MAX_EXACT_EXPONENT
from trainer.checking.nodes import BinOp, Call, Neg, Node, Num, Postfix


class Undefined(ArithmeticError):
    """A value that does not exist (``1/0``)."""


def _bits(q: Fraction) -> int:
    return max(q.numerator.bit_length(), q.denominator.bit_length())


def exact_value(node: Node) -> Fraction | None:
    """The exact rational value of a constant tree, or None if it is not rational-exact.

    Raises ``Undefined`` for a division by zero.
    """
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg):
        inner = exact_value(node.operand)
        return None if inner is None else -inner
    if isinstance(node, Postfix):
        inner = exact_value(node.operand)
        if inner is None:
            return None
        if node.op == "%":
            return inner / 100
        if node.op == "°":
            return inner
        if node.op == "!" and inner.denominator == 1 and 0 <= inner <= 200:
            product = 1
            for k in range(2, int(inner) + 1):
                product *= k
            return Fraction(product)
        return None
    if isinstance(node, Call) and node.name == "abs" and len(node.args) == 1:
        inner = exact_value(node.args[0])
        return None if inner is None else abs(inner)
    if not isinstance(node, BinOp):
        return None
    left = exact_value(node.left)
    if left is None:
        return None
    right = exact_value(node.right)
    if right is None:
        return None
    op = node.op
    if op == "+":
        out = left + right
    elif op == "-":
        out = left - right
    elif op == "*":
        out = left * right
    elif op in ("/", ":"):
        if right == 0:
            raise Undefined("division by zero")
        out = left / right
    elif op == "^":
        if right.denominator != 1 or abs(right) > MAX_EXACT_EXPONENT:
            return None
        if left == 0 and right < 0:
            raise Undefined("division by zero")
        if _bits(left) * abs(int(right)) > MAX_EXACT_BITS:
            return None
        out = left ** int(right)
    else:
        return None
    return out if _bits(out) <= MAX_EXACT_BITS else None
