"""Mistakes a learner could make, as edits of a parsed answer: pure, no I/O.

``variants(node)`` lists the answer with one mistake each: the sign of one term, a term
left out, the reciprocal, off by one, two tuple entries swapped, one matrix entry wrong,
the inequality flipped, an endpoint open instead of closed. Each variant carries the
reason code and sentence a teacher would give for it. The diagnosis compares a wrong
attempt with these variants (the one it equals names the mistake); ``trainer lint``
writes them out as attempts that must be graded wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from trainer.checking.nodes import (
    BinOp,
    Const,
    Interval,
    Matrix,
    Neg,
    Node,
    Num,
    Postfix,
    Rel,
    Seq,
    Sym,
    Union,
    free_symbols,
)
from trainer.checking.rendering import render
from trainer.domain import Reason

MAX_VARIANTS = 40
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
_STRICTNESS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
_ORDERED = frozenset({"tuple", "bracket"})
_ONE = Num(Fraction(1), "1")


@dataclass(frozen=True)
class Variant:
    """The answer with one mistake: what the mistake is called, and what to tell the learner."""

    name: str
    reason: Reason
    detail: str
    node: Node


def signed_terms(node: Node) -> list[tuple[bool, Node]]:
    """The terms of a sum as (negative?, term): ``a - b + c`` → (+a), (-b), (+c)."""
    if isinstance(node, BinOp) and node.op in ("+", "-"):
        right = signed_terms(node.right)
        if node.op == "-":
            right = [(not neg, term) for neg, term in right]
        return signed_terms(node.left) + right
    if isinstance(node, Neg):
        return [(not neg, term) for neg, term in signed_terms(node.operand)]
    return [(False, node)]


def join_terms(terms: list[tuple[bool, Node]]) -> Node:
    """The inverse of ``signed_terms``."""
    if not terms:
        return Num(Fraction(0), "0")
    neg, first = terms[0]
    out: Node = Neg(first) if neg else first
    for neg, term in terms[1:]:
        out = BinOp("-" if neg else "+", out, term)
    return out


def _samples(node: Node) -> list[complex] | None:
    """``node`` at two fixed points (None when it has no value there)."""
    from trainer.checking.numeric import FloatEval

    names = sorted(free_symbols(node))
    points = [{n: complex(0.53 + 0.41 * k + 0.19 * i) for i, n in enumerate(names)} for k in (1, 2)]
    try:
        return [complex(FloatEval(p).run(node)) for p in points]
    except (ArithmeticError, ValueError, TypeError):
        return None


def _is_zero(node: Node) -> bool:
    """0, or an expression that is zero (``1/(a-b) + 1/(b-a)``): its negation is itself."""
    if isinstance(node, Num):
        return node.value == 0
    values = _samples(node)
    return values is not None and all(abs(v) < 1e-12 for v in values)


def _plus(node: Node, step: int) -> Node:
    if isinstance(node, Num):
        value = node.value + step
        text = str(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
        return Num(value, text) if value >= 0 else Neg(Num(-value, text.lstrip("-")))
    if isinstance(node, Neg) and isinstance(node.operand, Num):
        return _plus(Num(-node.operand.value, str(-node.operand.value)), step)
    return BinOp("+" if step > 0 else "-", node, _ONE)


def scalar_variants(node: Node) -> list[Variant]:
    """Mistakes in one value or expression."""
    out: list[Variant] = []
    terms = signed_terms(node)
    if len(terms) >= 2:
        for index, (neg, term) in enumerate(terms):
            flipped = [*terms[:index], (not neg, term), *terms[index + 1 :]]
            out.append(
                Variant(
                    "sign of one term",
                    Reason.SIGN_ERROR,
                    f"check the sign of the term {render(term)}",
                    join_terms(flipped),
                )
            )
        for index in range(len(terms)):
            out.append(
                Variant(
                    "term left out",
                    Reason.MISSING_TERM,
                    "",
                    join_terms([*terms[:index], *terms[index + 1 :]]),
                )
            )
    if not _is_zero(node):
        out.append(Variant("sign", Reason.SIGN_ERROR, "", _negate(node)))
        if not _is_unit(node):
            out.append(Variant("reciprocal", Reason.RECIPROCAL, "", BinOp("/", _ONE, node)))
    if _integer_literal(node):
        out.append(Variant("off by one", Reason.OFF_BY_ONE, "one too many", _plus(node, 1)))
        out.append(Variant("off by one", Reason.OFF_BY_ONE, "one too few", _plus(node, -1)))
    return out


def _is_unit(node: Node) -> bool:
    """1 or −1 (or an expression equal to one of them): its own reciprocal."""
    if isinstance(node, Neg):
        node = node.operand
    if isinstance(node, Num):
        return node.value == 1
    values = _samples(node)
    return values is not None and all(abs(abs(v) - 1) < 1e-12 for v in values)


def _integer_literal(node: Node) -> bool:
    if isinstance(node, Neg):
        node = node.operand
    return (
        isinstance(node, Num)
        and node.value.denominator == 1
        and node.text.isdigit()
        and len(node.text) <= 15
    )


def _negate(node: Node) -> Node:
    return node.operand if isinstance(node, Neg) else Neg(node)


def _relation_variants(rel: Rel) -> list[Variant]:
    out: list[Variant] = []
    if all(op in _FLIP for op in rel.ops):
        flipped = Rel(tuple(_FLIP[op] for op in rel.ops), rel.items)
        out.append(Variant("inequality flipped", Reason.INEQUALITY_FLIPPED, "", flipped))
    for index, op in enumerate(rel.ops):
        if op not in _STRICTNESS:
            continue
        ops = (*rel.ops[:index], _STRICTNESS[op], *rel.ops[index + 1 :])
        pair = rel.items[index : index + 2]
        ends: list[Node] = [item for item in pair if not isinstance(item, Sym)] or [pair[1]]
        out.append(
            Variant(
                "endpoint open/closed",
                Reason.WRONG_ENDPOINT_TYPE,
                f"check whether {render(ends[0])} itself is included",
                Rel(ops, rel.items),
            )
        )
    for index, item in enumerate(rel.items):
        if isinstance(item, Sym) or free_symbols(item) and len(rel.items) == 2 and index == 0:
            continue
        other_zero = len(rel.items) == 2 and _is_zero(rel.items[1 - index])
        for variant in scalar_variants(item):
            if other_zero and variant.name in ("sign", "reciprocal"):
                continue  # 0 = -f is 0 = f: an equation equals its nonzero multiples
            items = (*rel.items[:index], variant.node, *rel.items[index + 1 :])
            detail = variant.detail or ("check the sign" if variant.name == "sign" else "")
            out.append(replace(variant, detail=detail, node=Rel(rel.ops, items)))
    return out


def ordinal(index: int) -> str:
    return {0: "first", 1: "second", 2: "third", 3: "fourth"}.get(index, f"entry {index + 1}")


def _seq_variants(seq: Seq) -> list[Variant]:
    out: list[Variant] = []
    ordered = seq.kind in _ORDERED
    items = seq.items
    if ordered:
        for index in range(len(items) - 1):
            if items[index] != items[index + 1]:
                swapped = (*items[:index], items[index + 1], items[index], *items[index + 2 :])
                out.append(
                    Variant("entries swapped", Reason.WRONG_ORDER, "", replace(seq, items=swapped))
                )
    elif len(set(items)) < len(items):
        return []  # a set written with repeats: leaving one out changes nothing
    elif len(items) >= 2:
        for index in range(len(items)):
            rest = (*items[:index], *items[index + 1 :])
            out.append(
                Variant("element left out", Reason.MISSING_ELEMENTS, "", replace(seq, items=rest))
            )
    for index, item in enumerate(items):
        for variant in variants(item):
            changed = (*items[:index], variant.node, *items[index + 1 :])
            if ordered and variant.reason == Reason.WRONG_ORDER:  # entries swapped inside
                out.append(replace(variant, node=replace(seq, items=changed)))
            elif ordered:
                detail = f"the {ordinal(index)} component is wrong"
                if variant.detail or variant.reason != Reason.WRONG_VALUE:
                    detail += f" ({variant.detail or str(variant.reason).replace('_', ' ')})"
                out.append(
                    Variant(variant.name, Reason.WRONG_ENTRY, detail, replace(seq, items=changed))
                )
            else:
                detail = variant.detail
                if not detail and variant.name == "sign":
                    detail = f"check the sign of {render(item)}"
                out.append(replace(variant, detail=detail, node=replace(seq, items=changed)))
    return out


def _matrix_variants(matrix: Matrix) -> list[Variant]:
    out: list[Variant] = []
    rows = matrix.rows
    square = len(rows) == len(rows[0]) if rows else False
    if square:
        transposed = tuple(tuple(row[j] for row in rows) for j in range(len(rows[0])))
        if transposed != rows:
            out.append(
                Variant(
                    "transposed", Reason.WRONG_ORDER, "that is the transpose", Matrix(transposed)
                )  # fmt: skip
            )
    for i, row in enumerate(rows):
        for j, entry in enumerate(row):
            for variant in scalar_variants(entry):
                if variant.reason not in (Reason.SIGN_ERROR, Reason.OFF_BY_ONE):
                    continue
                new_row = (*row[:j], variant.node, *row[j + 1 :])
                new_rows = (*rows[:i], new_row, *rows[i + 1 :])
                out.append(
                    Variant(
                        f"one entry: {variant.name}",
                        Reason.WRONG_ENTRY,
                        f"the entry in row {i + 1}, column {j + 1} is wrong",
                        Matrix(new_rows),
                    )
                )
    return out


def _interval_variants(interval: Interval) -> list[Variant]:
    out: list[Variant] = []
    infinite = (Const("inf"), Neg(Const("inf")))
    if interval.lo not in infinite:
        out.append(
            Variant(
                "endpoint open/closed",
                Reason.WRONG_ENDPOINT_TYPE,
                f"check whether the endpoint {render(interval.lo)} is included",
                replace(interval, lo_closed=not interval.lo_closed),
            )
        )
    if interval.hi not in infinite:
        out.append(
            Variant(
                "endpoint open/closed",
                Reason.WRONG_ENDPOINT_TYPE,
                f"check whether the endpoint {render(interval.hi)} is included",
                replace(interval, hi_closed=not interval.hi_closed),
            )
        )
    return out


def variants(node: Node) -> list[Variant]:
    """The answer with one likely mistake each (at most ``MAX_VARIANTS``)."""
    if isinstance(node, Rel):
        out = _relation_variants(node)
    elif isinstance(node, Seq):
        out = _seq_variants(node)
    elif isinstance(node, Matrix):
        out = _matrix_variants(node)
    elif isinstance(node, Interval):
        out = _interval_variants(node)
    elif isinstance(node, Union):
        out = []
        for index, part in enumerate(node.parts):
            for variant in variants(part):
                parts = (*node.parts[:index], variant.node, *node.parts[index + 1 :])
                out.append(replace(variant, node=Union(parts)))
    elif isinstance(node, Postfix) and node.op == "%":
        out = [replace(v, node=Postfix("%", v.node)) for v in scalar_variants(node.operand)]
    else:
        out = scalar_variants(node)
    return out[:MAX_VARIANTS]
