"""Compare two parsed answers of any shape: scalars, relations, lists, sets, intervals, matrices."""

from __future__ import annotations

from typing import Any

from trainer.checking import matrices, scalars
from trainer.checking.compare_relations import (
    equation_disjunction,
    inequality_list,
    interval_like,
    intervals_outcome,
    is_reals,
    relations_outcome,
)
from trainer.checking.exact import Undefined, exact_value
from trainer.checking.nodes import (
    KNOWN_FUNCTIONS,
    LOOSE_LISTS,
    BinOp,
    Call,
    Interval,
    Matrix,
    Neg,
    Node,
    Num,
    PlusMinus,
    Rel,
    Seq,
    SetOp,
    Sym,
    Union,
    Word,
    contains,
    free_symbols,
    infinity_sign,
)
from trainer.checking.numeric import NotScalar
from trainer.checking.outcome import Context, Outcome
from trainer.domain import AnswerKind, Reason

__all__ = ["Context", "Outcome", "compare", "compare_answer", "labelled_value"]

_SCALAR_REASONS = {
    scalars.EQUAL: Reason.EQUAL,
    scalars.EQUIVALENT: Reason.EQUIVALENT,
    scalars.WITHIN: Reason.WITHIN_TOLERANCE,
    scalars.DIFFERENT: Reason.WRONG_VALUE,
    scalars.SIGN: Reason.SIGN_ERROR,
    scalars.CONSTANT: Reason.OFF_BY_CONSTANT,
    scalars.NO_VALUE: Reason.WRONG_VALUE,
    scalars.UNKNOWN: Reason.WRONG_VALUE,
    scalars.UNPROVED: Reason.WRONG_VALUE,
}


def _is_label(node: Node) -> bool:
    if isinstance(node, Sym):
        return True
    if isinstance(node, Call):
        return node.name not in KNOWN_FUNCTIONS or (node.name == "abs" and _is_label(node.args[0]))
    if isinstance(node, BinOp) and node.op in ("/", ":", "*"):
        return _is_label(node.left) and _is_label(node.right)
    if isinstance(node, Seq):
        return all(isinstance(item, Sym) for item in node.items)
    return False


def labelled_value(node: Node) -> Node | None:
    """``k = 1/3``, ``(p, q) = (3, 2)``, ``x ∈ [0, 1)``, ``x = 1/3 ≈ 0.33``: the value named."""
    if not isinstance(node, Rel) or not set(node.ops) <= {"=", "~", "in"}:
        return None
    head = node.items[0]
    if not (_is_label(head) or not free_symbols(head)):
        return None
    allowed: frozenset[str] = frozenset()
    if isinstance(head, Call) and all(isinstance(a, Sym) for a in head.args):
        allowed = free_symbols(head)  # f(x) = 2x names the function of x
    if any(free_symbols(item) - allowed for item in node.items[1:]):
        return None
    chosen = node.items[-1]
    for op, item in zip(node.ops, node.items[1:], strict=True):
        if op in ("=", "in"):
            chosen = item
    return chosen


def _expand_pm(node: Node) -> Node:
    if isinstance(node, Rel) and node.ops == ("=",) and isinstance(node.items[1], PlusMinus):
        both = _expand_pm(node.items[1])
        assert isinstance(both, Seq)
        return Seq("bare", tuple(Rel(("=",), (node.items[0], v)) for v in both.items))
    if isinstance(node, PlusMinus):
        if node.left is None:
            return Seq("pm", (node.right, Neg(node.right)))
        return Seq("pm", (BinOp("+", node.left, node.right), BinOp("-", node.left, node.right)))
    if isinstance(node, Seq):
        items: list[Node] = []
        for item in node.items:
            expanded = _expand_pm(item)
            if isinstance(expanded, Seq) and expanded.kind == "pm" and node.kind != "tuple":
                items.extend(expanded.items)
            else:
                items.append(expanded)
        return Seq(node.kind, tuple(items))
    return node


def _unwrap(node: Node, other: Node) -> Node:
    node = _expand_pm(node)
    if (
        isinstance(node, Seq)
        and len(node.items) == 1
        and (node.kind in LOOSE_LISTS or isinstance(node.items[0], Matrix))
    ):
        node = node.items[0]
    other_has_relations = isinstance(other, Rel) or (
        isinstance(other, Seq) and any(isinstance(i, Rel) for i in other.items)
    )
    if not other_has_relations:
        value = labelled_value(node)
        if value is not None:
            return _unwrap(value, other)
        if isinstance(node, Seq):
            node = Seq(node.kind, tuple(labelled_value(i) or i for i in node.items))
    return node


def _drop_words(node: Node) -> Node:
    """``1/3 meters`` answers ``1/3`` when the answer names no unit: trailing words go
    (also on each side of a relation and in each item of a list: ``x = 5 \\text{ cm}``)."""
    while isinstance(node, BinOp) and node.op == "*" and isinstance(node.right, Word):
        node = node.left
    if isinstance(node, Rel):
        return Rel(node.ops, tuple(_drop_words(i) for i in node.items))
    if isinstance(node, Seq):
        return Seq(node.kind, tuple(_drop_words(i) for i in node.items))
    return node


def _as_interval(node: Node) -> Node:
    if isinstance(node, Seq) and node.kind in ("tuple", "bracket") and len(node.items) == 2:
        closed = node.kind == "bracket"
        return Interval(node.items[0], node.items[1], closed, closed)
    return node


def _exact_pair(ref: Node, att: Node, ctx: Context) -> Outcome | None:
    """The fast path: two plain numbers compare as exact rationals, with no sampling."""
    if not isinstance(ref, Num | Neg | BinOp) or not isinstance(att, Num | Neg | BinOp):
        return None
    try:
        a = exact_value(ref)
        b = exact_value(att) if a is not None else None
    except Undefined:
        return None
    if a is None or b is None:
        return None
    return Outcome(_SCALAR_REASONS[scalars.verdict_exact(a, b, ctx.tol)])


def compare_answer(ref: Node, att: Node, ctx: Context) -> Outcome:
    """``compare`` at the top of an answer: a bare value answers a one-element set."""
    if isinstance(ref, Seq) and ref.kind == "set" and len(ref.items) == 1:
        single = not isinstance(att, Seq | Rel | Interval | Union | SetOp | Matrix)
        if single or labelled_value(att) is not None:  # ``3`` or ``x = 3`` for {3}
            att = Seq("set", (att,))
    return compare(ref, att, ctx)


def compare(ref: Node, att: Node, ctx: Context) -> Outcome:
    ctx.deadline.check()
    fast = _exact_pair(ref, att, ctx)
    if fast is not None:
        return fast
    if ref == att:
        return Outcome(Reason.EQUAL)
    ref, att = _unwrap(ref, att), _unwrap(att, ref)
    if ref == att:
        return Outcome(Reason.EQUAL)
    if ctx.kind == AnswerKind.INTERVAL or isinstance(att, Interval | Union | SetOp):
        ref, att = _as_interval(ref), _as_interval(att)
    if not contains(ref, lambda n: isinstance(n, Word)):
        att = _drop_words(att)
    if infinity_sign(ref) or infinity_sign(att):
        same = infinity_sign(ref) == infinity_sign(att)
        return Outcome(Reason.EQUAL if same else Reason.WRONG_VALUE)
    if (
        ctx.allow_bare_value
        and isinstance(ref, Rel)
        and not isinstance(att, Rel)
        and ref.ops == ("=",)
        and isinstance(ref.items[0], Sym)
    ):
        ref = ref.items[1]
    if isinstance(ref, Rel) and ref.ops == ("=",):
        att = equation_disjunction(att)
    if isinstance(att, Rel) and att.ops == ("=",):
        ref = equation_disjunction(ref)
    if inequality_list(ref) or inequality_list(att):
        return intervals_outcome(ref, att, ctx)
    if isinstance(ref, Rel) or isinstance(att, Rel):
        return relations_outcome(ref, att, ctx)
    if interval_like(ref) or (
        isinstance(att, Interval | Union | SetOp) and not isinstance(ref, Seq)
    ):
        return intervals_outcome(ref, att, ctx)
    if is_reals(ref) or is_reals(att):
        return intervals_outcome(ref, att, ctx)
    mref, matt = matrices.matrix_value(ref), matrices.matrix_value(att)
    if mref is not None or matt is not None:
        return _matrices(mref, matt, ref, att, ctx)
    if isinstance(ref, Union | SetOp) or isinstance(att, Union | SetOp):
        return intervals_outcome(ref, att, ctx)  # finite sets joined by ∪, ∩, ∖
    if isinstance(ref, Seq) or isinstance(att, Seq):
        return _collections(ref, att, ctx)
    if isinstance(ref, Word) or isinstance(att, Word):
        same = isinstance(ref, Word) and isinstance(att, Word)
        same = same and ref.text.casefold() == att.text.casefold()  # type: ignore[union-attr]
        return Outcome(Reason.EQUAL if same else Reason.WRONG_VALUE)
    if isinstance(att, Interval | Union | SetOp):
        return Outcome(Reason.WRONG_VALUE, "expected a single value, not an interval")
    try:
        verdict = scalars.compare_scalars(ref, att, ctx.tol, ctx.deadline)
    except NotScalar:
        return Outcome(Reason.WRONG_VALUE, "not the kind of answer expected")
    if verdict == scalars.UNKNOWN:
        verdict = _symbolic(ref, att, ctx)
    detail = "this has no value" if verdict == scalars.NO_VALUE else ""
    if verdict == scalars.UNPROVED:
        detail = "it agrees to 40 digits but could not be shown exactly equal"
    return Outcome(_SCALAR_REASONS[verdict], detail)


def _symbolic(ref: Node, att: Node, ctx: Context) -> str:
    """Sampling could not decide: ask sympy in the worker process, within the budget."""
    from trainer.checking import worker

    if not ctx.tol.exact:
        return scalars.UNKNOWN
    proved = worker.run("equal", (ref, att), ctx.deadline)
    return scalars.EQUIVALENT if proved else scalars.UNKNOWN


def _matrices(mref: Any, matt: Any, ref: Node, att: Node, ctx: Context) -> Outcome:
    if matt is None and mref is not None and matrices.is_flat_for(mref, att):
        return Outcome(Reason.UNPARSEABLE, matrices.layout_hint(mref))  # a format slip
    if mref is None or matt is None:
        flat = matrices.as_vector(ref if mref is None else att)
        other = matt if mref is None else mref
        if flat is None or other is None or min(matrices.shape(other)) != 1:
            return Outcome(Reason.WRONG_VALUE, "expected a matrix")
        vector = tuple(x for row in other for x in row)
        pairs = list(zip(vector, flat, strict=False)) if len(vector) == len(flat) else None
        if mref is None and pairs:
            pairs = [(b, a) for a, b in pairs]
    else:
        if matrices.shape(mref) != matrices.shape(matt):
            rows, cols = matrices.shape(mref)
            return Outcome(Reason.WRONG_VALUE, f"expected a {rows}×{cols} matrix")
        pairs = [
            (x, y) for rr, ra in zip(mref, matt, strict=True) for x, y in zip(rr, ra, strict=True)
        ]
    if not pairs:
        return Outcome(Reason.WRONG_VALUE, "the sizes differ")
    return all_pairs(pairs, ctx)


def all_pairs(pairs: list[tuple[Node, Node]], ctx: Context) -> Outcome:
    reasons = []
    for x, y in pairs:
        out = compare(x, y, ctx)
        if not out.correct:
            return Outcome(Reason.WRONG_VALUE, out.detail)
        reasons.append(out.reason)
    if all(r == Reason.EQUAL for r in reasons):
        return Outcome(Reason.EQUAL)
    if Reason.WITHIN_TOLERANCE in reasons:
        return Outcome(Reason.WITHIN_TOLERANCE)
    return Outcome(Reason.EQUIVALENT)


def _ordered(ref: Seq, ctx: Context) -> bool:
    if ctx.ordered is not None:
        return ctx.ordered
    if ctx.kind == AnswerKind.TUPLE:
        return True  # a tuple written with braces is still a tuple: order matters
    if ref.kind == "set":
        return False
    if ref.kind in ("tuple", "bracket"):
        return True
    return ctx.kind == AnswerKind.TUPLE


def _collections(ref: Node, att: Node, ctx: Context) -> Outcome:
    if not isinstance(ref, Seq):
        return Outcome(Reason.WRONG_VALUE, "expected one value, not a list")
    if not isinstance(att, Seq) and ref.kind in ("set", "tuple", "bracket"):
        return Outcome(Reason.WRONG_VALUE, "expected a list of values")
    items = att.items if isinstance(att, Seq) else (att,)
    if _ordered(ref, ctx):
        if (
            isinstance(att, Seq)
            and att.kind == "set"
            and ref.kind != "set"
            and ctx.ordered is None
            and ctx.kind != AnswerKind.TUPLE  # with kind tuple, braces in order are fine
        ):
            return Outcome(Reason.WRONG_VALUE, "expected an ordered list, not a set")
        if len(items) < len(ref.items):
            return Outcome(Reason.MISSING_ELEMENTS, f"expected {len(ref.items)} elements")
        if len(items) > len(ref.items):
            return Outcome(Reason.EXTRA_ELEMENTS, f"expected {len(ref.items)} elements")
        out = all_pairs(list(zip(ref.items, items, strict=True)), ctx)
        if not out.correct and _match_unordered(list(ref.items), list(items), ctx)[0].correct:
            return Outcome(Reason.WRONG_ORDER)
        return out
    return _match_unordered(list(ref.items), list(items), ctx)[0]


def _dedupe(items: list[Node], ctx: Context) -> list[Node]:
    kept: list[Node] = []
    for item in items:
        if not any(item == k or compare(k, item, ctx).correct for k in kept):
            kept.append(item)
    return kept


def _match_unordered(ref: list[Node], att: list[Node], ctx: Context) -> tuple[Outcome, int]:
    ref, att = _dedupe(ref, ctx), _dedupe(att, ctx)
    unmatched = list(range(len(att)))
    missing = 0
    reasons: list[Reason] = []
    for x in ref:
        for j in unmatched:
            out = compare(x, att[j], ctx)
            if out.correct:
                unmatched.remove(j)
                reasons.append(out.reason)
                break
        else:
            missing += 1
    extra = len(unmatched)
    if missing and extra:
        return Outcome(Reason.WRONG_VALUE, f"{missing} element(s) wrong"), missing
    if missing:
        return Outcome(Reason.MISSING_ELEMENTS, f"{missing} missing"), missing
    if extra:
        return Outcome(Reason.EXTRA_ELEMENTS, f"{extra} too many"), 0
    if all(r == Reason.EQUAL for r in reasons):
        return Outcome(Reason.EQUAL), 0
    return Outcome(Reason.EQUIVALENT), 0
