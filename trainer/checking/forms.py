"""Required forms: expanded, factored, lowest terms, simplified.

Expanded and lowest-terms numbers are read off the written tree; factored, simplified and
lowest-terms rational functions ask sympy in the worker process (bounded by the budget).
"""

from __future__ import annotations

from math import gcd

from trainer.checking.nodes import BinOp, Neg, Node, Num, free_symbols
from trainer.checking.sampling import Deadline
from trainer.domain import Form


def _is_sum(node: Node) -> bool:
    return isinstance(node, BinOp) and node.op in ("+", "-")


def is_expanded(node: Node) -> bool:
    """No sum is multiplied or raised to a power (a sum in a denominator is allowed)."""
    if isinstance(node, BinOp):
        if node.op == "*" and (_is_sum(node.left) or _is_sum(node.right)):
            return False
        if node.op == "^" and _is_sum(node.left):
            return False
        if node.op in ("/", ":"):
            return is_expanded(node.left) and is_expanded(node.right)
        return is_expanded(node.left) and is_expanded(node.right)
    if isinstance(node, Neg):
        return is_expanded(node.operand)
    return True


def _integer(node: Node) -> int | None:
    if isinstance(node, Num) and node.value.denominator == 1 and "." not in node.text:
        return int(node.value)
    if isinstance(node, Neg):
        inner = _integer(node.operand)
        return None if inner is None else -inner
    return None


def number_in_lowest_terms(node: Node) -> bool | None:
    """True/False for a written number; None when ``node`` is not a plain fraction or integer."""
    if isinstance(node, Neg):
        return number_in_lowest_terms(node.operand)
    if _integer(node) is not None:
        return True
    if isinstance(node, BinOp) and node.op == "/":
        p, q = _integer(node.left), _integer(node.right)
        if p is None or q is None:
            return None
        return q not in (0, 1, -1) and gcd(p, q) == 1 and q > 0
    return None


def form_problem(ref: Node, att: Node, form: Form, deadline: Deadline) -> str | None:
    """Why ``att`` is not in ``form``, or None when it is (or when it cannot be decided)."""
    from trainer.checking import worker

    if form == Form.EXPANDED:
        return None if is_expanded(att) else "expand the products"
    if form == Form.LOWEST_TERMS:
        verdict = number_in_lowest_terms(att)
        if verdict is None and free_symbols(att):
            verdict = worker.run("lowest_terms", (att,), deadline)
        return "reduce the fraction" if verdict is False else None
    if form == Form.FACTORED:
        verdict = worker.run("factored", (att,), deadline)
        return "factor completely" if verdict is False else None
    if form == Form.SIMPLIFIED:
        if not free_symbols(att):
            written = number_in_lowest_terms(att)
            if written is not None:
                return None if written else "simplify the number"
        verdict = worker.run("simplified", (ref, att), deadline)
        return "simplify further" if verdict is False else None
    return None
