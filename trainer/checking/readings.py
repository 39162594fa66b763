"""What a written shape means where it could mean two things.

- ``3 1/2`` is the mixed number 3 + 1/2 (never 3·1/2), and no other two numbers may stand
  side by side;
- a degree sign inside a trig function's argument converts to radians (``sin 30°`` = 1/2),
  while a bare ``30°`` stays a number of degrees;
- ``[3, ∞]`` is malformed: an interval is open at an infinite end;
- ``ℝ - {0}``: a minus between two sets is a set difference.
"""

from __future__ import annotations

from fractions import Fraction

from trainer.checking.lexer import Token
from trainer.checking.nodes import (
    BinOp,
    Const,
    Interval,
    Neg,
    Node,
    Num,
    Postfix,
    Seq,
    SetOp,
    Union,
)

TRIG = frozenset({"sin", "cos", "tan", "sec", "csc", "cot"})
_PI_OVER_180 = BinOp("/", Const("pi"), Num(Fraction(180), "180"))


def radians(node: Node) -> Node:
    """``sin 30°``: a degree sign inside a trig function's argument converts to radians."""
    if isinstance(node, Postfix) and node.op == "°":
        return BinOp("*", node.operand, _PI_OVER_180)
    return node


def set_like(node: Node) -> bool:
    return (
        isinstance(node, Interval | Union | SetOp)
        or (isinstance(node, Seq) and node.kind == "set")
        or (isinstance(node, Const) and node.name == "reals")
    )


def _infinite(node: Node) -> int:
    if isinstance(node, Const) and node.name == "inf":
        return 1
    if isinstance(node, Neg):
        return -_infinite(node.operand)
    return 0


def closed_at_infinity(opener: Token, closer: Token, items: list[Node]) -> tuple[str, int] | None:
    """``[3, ∞]``: the message and the column of the bracket that closes at infinity."""
    if len(items) != 2:
        return None
    if closer.type == "]" and _infinite(items[1]):
        return "an interval is open at infinity: write ∞) not ∞]", closer.pos
    if opener.type == "[" and _infinite(items[0]):
        return "an interval is open at infinity: write (-∞ not [-∞", opener.pos
    return None


def whole_number(node: Node) -> bool:
    if isinstance(node, Neg):
        node = node.operand
    return isinstance(node, Num) and node.text.isdigit()


def _num(tok: Token) -> Num:
    assert tok.number is not None and tok.value is not None, tok
    return Num(tok.number, tok.value)


def mixed_number(left: Node, toks: list[Token], i: int) -> Node | None:
    """``3 1/2`` with ``toks[i]`` the ``1``: n + a/b (−(n + a/b) after a minus), or None.

    The fraction must be proper (a < b): ``1 3/2`` is not a mixed number, and two numbers
    side by side are refused."""
    tok = toks[i]
    slash = toks[i + 1]
    den = toks[i + 2] if i + 2 < len(toks) else None
    after = toks[i + 3] if i + 3 < len(toks) else None
    if not (
        whole_number(left)
        and tok.type == "NUM"
        and str(tok.value).isdigit()
        and slash.type == "OP"
        and slash.value == "/"
        and den is not None
        and den.type == "NUM"
        and str(den.value).isdigit()
        and int(str(den.value)) > 0
        and int(str(tok.value)) < int(str(den.value))  # proper
        and not (after is not None and after.type == "OP" and after.value in ("^", "!"))
    ):
        return None
    part = BinOp("/", _num(tok), _num(den))
    if isinstance(left, Neg):
        return Neg(BinOp("+", left.operand, part))
    return BinOp("+", left, part)


def set_builder_head(toks: list[Token], i: int) -> tuple[str, int, str] | None:
    """``{x | …}``, ``{x : …}``, ``{x ∈ ℝ | …}`` with ``toks[i]`` the ``x``: the variable,
    the index after the bar and how commas join the conditions ("or" if only "or" is
    said, else "and"); None when the set is not written in set-builder form."""
    if toks[i].type != "NAME":
        return None
    j = i + 1
    if toks[j].type == "REL" and toks[j].value == "in":
        if not (toks[j + 1].type == "CONST" and toks[j + 1].value == "reals"):
            return None
        j += 2
    bar = toks[j]
    if not (bar.type == "|" or (bar.type == "OP" and bar.value == ":")):
        return None
    words: set[str | None] = set()
    for tok in toks[j + 1 :]:
        if tok.type == "SETR":
            break
        if tok.type == "SEP":
            words.add(tok.value)
    return str(toks[i].value), j + 1, "or" if words == {"or"} else "and"


def determinant(rows: tuple[tuple[Node, ...], ...]) -> Node | None:
    """``\\begin{vmatrix}…\\end{vmatrix}`` is the determinant: its cofactor expansion as a
    tree (square, at most 4×4), or None."""
    n = len(rows)
    if any(len(r) != n for r in rows) or not 1 <= n <= 4:
        return None
    if n == 1:
        return rows[0][0]
    total: Node | None = None
    for j in range(n):
        minor = tuple(tuple(x for k, x in enumerate(r) if k != j) for r in rows[1:])
        sub = determinant(minor)
        assert sub is not None
        term: Node = BinOp("*", rows[0][j], sub)
        if total is None:
            total = term if j % 2 == 0 else Neg(term)
        else:
            total = BinOp("+" if j % 2 == 0 else "-", total, term)
    return total
