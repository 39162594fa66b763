"""What "simplified" asks of a written answer, read from its structure.

sympy's count of operations (``task_simplified``) cannot see that ``√50`` is not ``5√2``,
that ``x + x`` is not ``2x``, that ``2³·2⁴`` is not ``2⁷`` or that ``log₂ 8`` is not ``3``:
each is as short as the simplest form, and each is the prompt typed back. So an attempt
is not simplified, with the sentence a teacher would say, when it has one of these and
the answer has not:

- like terms not collected (``x + x``, ``2x + 3x``, ``3 + 4``): "collect like terms";
- one base twice in a product (``x²·x³``, ``2³·2⁴``, ``x·x``): "combine the powers";
- a square (cube, …) factor under a root (``√50``, ``∛16``): "simplify the radical";
- a root of a number in a denominator (``1/√2``): "rationalize the denominator";
- a function of numbers left to evaluate (``log₂ 8``, ``sin(π/6)``, ``3!``): "evaluate it".
"""

from __future__ import annotations

from fractions import Fraction

from trainer.checking.nodes import BinOp, Call, Neg, Node, Num, Postfix, contains, free_symbols

_KEEP = frozenset({"sqrt", "root"})  # exact radicals are values, not steps left to do


def structural_problem(ref: Node, att: Node, *, like_terms_only: bool = False) -> str | None:
    """Why ``att`` is not simplified where ``ref`` is, or None."""
    checks = [(_like_terms, "collect like terms")]
    if not like_terms_only:
        checks += [
            (_repeated_base, "combine the powers"),
            (_reducible_radical, "simplify the radical"),
            (_root_below, "rationalize the denominator"),
            (_function_of_numbers, "evaluate it"),
        ]
    for found, sentence in checks:
        if contains(att, found) and not contains(ref, found):
            return sentence
    return None


def _terms(node: Node) -> list[Node]:
    if isinstance(node, BinOp) and node.op in ("+", "-"):
        return _terms(node.left) + _terms(node.right)
    if isinstance(node, Neg):
        return _terms(node.operand)
    return [node]


def _factors(node: Node, power: Fraction = Fraction(1)) -> list[tuple[Node, Fraction]]:
    """(base, exponent) of each written factor of a product; plain numbers left out."""
    if isinstance(node, Neg):
        return _factors(node.operand, power)
    if isinstance(node, BinOp) and node.op == "*":
        return _factors(node.left, power) + _factors(node.right, power)
    if isinstance(node, BinOp) and node.op == "/":
        return _factors(node.left, power) + _factors(node.right, -power)
    if isinstance(node, Num):
        return []
    if isinstance(node, BinOp) and node.op == "^" and isinstance(node.right, Num):
        return [(node.left, power * node.right.value)]
    return [(node, power)]


def _like_terms(node: object) -> bool:
    if not (isinstance(node, BinOp) and node.op in ("+", "-")):
        return False
    keys: set[tuple[tuple[str, Fraction], ...]] = set()
    for term in _terms(node):
        total: dict[str, Fraction] = {}
        for base, exponent in _factors(term):
            total[repr(base)] = total.get(repr(base), Fraction(0)) + exponent
        key = tuple(sorted((b, e) for b, e in total.items() if e))
        if key in keys:
            return True
        keys.add(key)
    return False


def _repeated_base(node: object) -> bool:
    if not (isinstance(node, BinOp) and node.op in ("*", "/")):
        return False
    bases = [repr(base) for base, _ in _factors(node)]
    powers = [
        repr(n.left)
        for n in _flat_product(node)
        if isinstance(n, BinOp) and n.op == "^" and isinstance(n.left, Num)
    ]  # 2³·2⁴: numbers raised to a power count as bases too
    return len(bases) != len(set(bases)) or len(powers) != len(set(powers))


def _flat_product(node: Node) -> list[Node]:
    if isinstance(node, BinOp) and node.op in ("*", "/"):
        return _flat_product(node.left) + _flat_product(node.right)
    return [node]


def _reducible_radical(node: object) -> bool:
    if not isinstance(node, Call) or node.name not in _KEEP:
        return False
    index = 2 if node.name == "sqrt" else _whole(node.args[1]) if len(node.args) == 2 else None
    n = _whole(node.args[0])
    if index is None or n is None or not 2 <= index <= 12 or n > 10**12:
        return False
    k = 2
    while k**index <= n:
        if n % k**index == 0:
            return True
        k += 1
    return False


def _root_below(node: object) -> bool:
    if not (isinstance(node, BinOp) and node.op == "/"):
        return False
    return contains(
        node.right,
        lambda n: isinstance(n, Call) and n.name in _KEEP and not free_symbols(n),
    )


def _function_of_numbers(node: object) -> bool:
    if isinstance(node, Postfix) and node.op == "!":
        return not free_symbols(node)
    return isinstance(node, Call) and node.name not in _KEEP and not free_symbols(node)


def _whole(node: Node) -> int | None:
    if isinstance(node, Num) and node.value.denominator == 1 and node.value > 0:
        return int(node.value)
    return None
