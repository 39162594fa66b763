"""Matrices and vectors: plain ``[[1, 2], [3, 4]]``, LaTeX environments, and small sums
and products of them (``A + B``, ``2A``, ``AB``), expanded into element trees."""

from __future__ import annotations

import re

from trainer.checking.nodes import LOOSE_LISTS, BinOp, Matrix, Node, Seq

Rows = tuple[tuple[Node, ...], ...]

_MAX_MATRIX_OPS = 6


def matrix_value(node: Node, ops: list[int] | None = None) -> Rows | None:
    """A matrix (or a sum or product of a few matrices) as rows of element trees."""
    ops = [0] if ops is None else ops
    if isinstance(node, Matrix):
        return node.rows
    if (
        isinstance(node, Seq)
        and node.kind == "bracket"
        and node.items
        and all(isinstance(r, Seq) and r.kind == "bracket" for r in node.items)
    ):
        rows = tuple(r.items for r in node.items)  # type: ignore[union-attr]
        return rows if all(len(r) == len(rows[0]) for r in rows) else None
    if isinstance(node, BinOp) and node.op in ("+", "-", "*"):
        left, right = matrix_value(node.left, ops), matrix_value(node.right, ops)
        if left is None and right is None:
            return None
        ops[0] += 1
        if ops[0] > _MAX_MATRIX_OPS:
            return None  # element trees would grow without bound
        if node.op in ("+", "-"):
            if left is None or right is None or shape(left) != shape(right):
                return None
            return tuple(
                tuple(BinOp(node.op, x, y) for x, y in zip(rl, rr, strict=True))
                for rl, rr in zip(left, right, strict=True)
            )
        if left is not None and right is not None:
            if len(left[0]) != len(right):
                return None
            return tuple(
                tuple(_dot(row, [r[j] for r in right]) for j in range(len(right[0])))
                for row in left
            )
        scalar, mat = (node.left, right) if left is None else (node.right, left)
        assert mat is not None
        return tuple(tuple(BinOp("*", scalar, x) for x in row) for row in mat)
    return None


def _dot(row: tuple[Node, ...], col: list[Node]) -> Node:
    total: Node = BinOp("*", row[0], col[0])
    for x, y in zip(row[1:], col[1:], strict=True):
        total = BinOp("+", total, BinOp("*", x, y))
    return total


def shape(rows: Rows) -> tuple[int, int]:
    return len(rows), len(rows[0])


def as_vector(node: Node) -> tuple[Node, ...] | None:
    if isinstance(node, Seq) and (node.kind in ("tuple", "bracket") or node.kind in LOOSE_LISTS):
        return node.items
    return None


def is_flat_for(rows: Rows, att: Node) -> bool:
    """True when ``att`` is one flat list given for a matrix of several rows and columns
    (``[19, 22; 43, 50]`` for ``[[19, 22], [43, 50]]``): a slip of layout, not an answer."""
    return min(shape(rows)) > 1 and as_vector(att) is not None


def layout_hint(rows: Rows) -> str:
    """How to write a matrix of this shape: "write the 2×2 matrix as [[…, …], […, …]]"."""
    n_rows, n_cols = shape(rows)
    row = "[" + ", ".join(["…"] * n_cols) + "]"
    shown = ", ".join([row] * min(n_rows, 3)) + (", …" if n_rows > 3 else "")
    return f"write the {n_rows}×{n_cols} matrix row by row, as [{shown}]"


_ROW_SLIP = re.compile(r";|\d\s+[-+]?\d")  # "[19 22; 43 50]", "(3 -1)": values by ; or spaces


def written_other_way(text: str) -> bool:
    """Whether ``text`` separates values by spaces or ``;`` (MATLAB's ``[1 2; 3 4]``,
    ``(3 -1)``): for a matrix or tuple answer, a slip of layout rather than an answer."""
    return bool(_ROW_SLIP.search(text))


def layout_hint_for(ref: Node) -> str | None:
    """How to write an answer shaped like ``ref`` when it has several values: a matrix of
    at least 2×2 (``layout_hint``) or a tuple/list ("write the 2 values as (…, …)")."""
    rows = matrix_value(ref)
    if rows is not None and min(shape(rows)) > 1:
        return layout_hint(rows)
    if isinstance(ref, Seq) and ref.kind in ("tuple", "bracket") and len(ref.items) > 1:
        opener, closer = ("(", ")") if ref.kind == "tuple" else ("[", "]")
        slots = ", ".join(["…"] * len(ref.items))
        return f"write the {len(ref.items)} values with commas, as {opener}{slots}{closer}"
    return None


def is_one_value(node: Node) -> bool:
    """Neither a list nor a matrix: one value (``3 - 1`` read from ``(3 -1)``)."""
    return not isinstance(node, Seq | Matrix) and matrix_value(node) is None
