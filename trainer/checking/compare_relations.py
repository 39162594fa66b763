"""Comparing relations: equations, inequalities, membership and subsets of the line.

Exact where cheap (``exact_sets``: linear and quadratic one-variable relations, intervals,
finite sets), else sampled (``relations``, ``intervals``).
"""

from __future__ import annotations

from trainer.checking import relations
from trainer.checking.boundaries import boundary_functions, edges_agree
from trainer.checking.exact_sets import compare_sets, exact_set
from trainer.checking.intervals import compare_real_sets, real_set
from trainer.checking.nodes import (
    LOOSE_LISTS,
    BinOp,
    Const,
    Interval,
    Matrix,
    Node,
    PlusMinus,
    Rel,
    Seq,
    SetOp,
    Union,
    Word,
    free_symbols,
)
from trainer.checking.outcome import Context, Outcome
from trainer.domain import Reason


def equation_disjunction(node: Node) -> Node:
    """``x = 2 or x = -2`` (or a comma list of equations) as one equation: a product = 0."""
    if not (
        isinstance(node, Seq)
        and node.kind in ("bare", "or")
        and len(node.items) > 1
        and all(isinstance(i, Rel) and i.ops == ("=",) for i in node.items)
    ):
        return node
    product: Node | None = None
    for item in node.items:
        assert isinstance(item, Rel)
        factor = BinOp("-", item.items[0], item.items[1])
        product = factor if product is None else BinOp("*", product, factor)
    assert product is not None
    return Rel(("=",), (product, relations.ZERO))


def inequality_list(node: Node) -> bool:
    """``x < 1 or x > 3``, ``x > 1 and x < 3``: inequalities joined into one set."""
    return (
        isinstance(node, Seq)
        and node.kind in LOOSE_LISTS
        and bool(node.items)
        and all(isinstance(i, Rel) and "=" not in i.ops and "in" not in i.ops for i in node.items)
    )


def _scalar_like(rel: Rel) -> bool:
    return (
        not any(
            isinstance(item, Seq | Interval | Union | SetOp | Matrix | Word | PlusMinus)
            for item in rel.items
        )
        or "in" in rel.ops
    )


def interval_like(node: Node) -> bool:
    return isinstance(node, Interval | Union | SetOp) or is_reals(node)


def is_reals(node: Node) -> bool:
    return isinstance(node, Const) and node.name == "reals"


def relations_outcome(ref: Node, att: Node, ctx: Context) -> Outcome:
    """At least one side is a relation: equations, inequalities, membership, sets."""
    from trainer.checking.compare import all_pairs, compare

    if isinstance(ref, Rel) and isinstance(att, Rel):
        if not (_scalar_like(ref) and _scalar_like(att)):
            if ref.ops != att.ops or len(ref.items) != len(att.items):
                return Outcome(Reason.WRONG_VALUE)
            return all_pairs(list(zip(ref.items, att.items, strict=True)), ctx)
        if set(ref.ops) <= {"="} and set(att.ops) <= {"="}:
            solved = _exact_solution_sets(ref, att, ctx)
            if solved is not None:
                return solved
            if relations.equations_equivalent(ref, att, ctx.deadline):
                return Outcome(Reason.EQUIVALENT)
            return Outcome(Reason.WRONG_VALUE)
        if "in" in ref.ops or "in" in att.ops:
            if ref.ops == ("in",) and att.ops == ("in",):
                return compare(ref.items[1], att.items[1], ctx)
            other = att if ref.ops == ("in",) else ref
            inside = ref.items[1] if ref.ops == ("in",) else att.items[1]
            left, right = (inside, other) if ref.ops == ("in",) else (other, inside)
            return intervals_outcome(left, right, ctx)
        solved = _exact_solution_sets(ref, att, ctx)  # (x-1)² ≤ 0 is x = 1
        if "=" in ref.ops or "=" in att.ops:
            if solved is not None and solved.correct:
                return solved
            return Outcome(Reason.WRONG_VALUE, "an equation and an inequality differ")
        if solved is not None:
            return solved
        if relations.inequalities_equivalent(ref, att, ctx.deadline):
            if not _boundaries_shared(ref, att, ctx):
                return Outcome(Reason.WRONG_VALUE)  # x³ > 8 + 10^-30 is not x³ > 8
            return Outcome(Reason.EQUIVALENT)
        return Outcome(Reason.WRONG_VALUE)
    rel = ref if isinstance(ref, Rel) else att
    assert isinstance(rel, Rel)  # the caller sends at least one relation
    value = att if rel is ref else ref
    if "=" not in rel.ops and (interval_like(value) or isinstance(value, Seq)):
        return intervals_outcome(ref, att, ctx)
    if rel is ref:
        return Outcome(Reason.WRONG_VALUE, "expected an equation or inequality")
    return Outcome(Reason.WRONG_VALUE, "expected a value, not an equation")


def _boundaries_shared(ref: Rel, att: Rel, ctx: Context) -> bool:
    """Sampling agreed: the boundary points, again at high precision (``boundaries``)."""
    if free_symbols(ref) != free_symbols(att):
        return True  # not one and the same variable: the samples are all there is
    fa, fb = boundary_functions(ref), boundary_functions(att)
    return edges_agree(fa, fb, (), ctx.deadline)


def _exact_solution_sets(ref: Rel, att: Rel, ctx: Context) -> Outcome | None:
    """Both relations solved exactly in their one variable (``exact_sets``), or None."""
    if free_symbols(ref) != free_symbols(att) or len(free_symbols(ref)) != 1:
        return None
    a = exact_set(ref, True, ctx.deadline)
    b = exact_set(att, True, ctx.deadline) if a is not None else None
    if a is None or b is None:
        return None
    same = compare_sets(a, b, ctx.tol, ctx.deadline)
    return Outcome(Reason.EQUIVALENT if same == Reason.EQUAL else same)


def intervals_outcome(ref: Node, att: Node, ctx: Context) -> Outcome:
    a = real_set(ref, True, ctx.deadline)
    reading = interval_like(ref) or isinstance(ref, Rel) or inequality_list(ref)
    b = real_set(att, reading, ctx.deadline)
    if a is None or b is None:
        return Outcome(Reason.WRONG_VALUE, "expected an interval")
    return Outcome(compare_real_sets(a, b, ctx.tol, ctx.deadline))
