"""How an answer was read, in readable unicode: ``3·x² + 2``, ``√(x + 1)``, ``[0, 1)``."""

from __future__ import annotations

import re

from trainer.checking.nodes import (
    BinOp,
    Call,
    Const,
    Interval,
    Matrix,
    Neg,
    Node,
    Num,
    PlusMinus,
    Postfix,
    Rel,
    Seq,
    SetOp,
    Sym,
    Union,
    Word,
)
from trainer.symbols import GREEK_LETTERS, SUPERSCRIPTS

_SUPER = str.maketrans({c: SUPERSCRIPTS[c] for c in "0123456789-"})
_REL = {"=": "=", "<": "<", ">": ">", "<=": "≤", ">=": "≥", "!=": "≠", "~": "≈", "in": "∈"}
_CONST = {"pi": "π", "e": "e", "i": "i", "inf": "∞", "reals": "ℝ"}
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, ":": 2, "^": 4}
_BRACKETS = {"tuple": "()", "bracket": "[]", "set": "{}", "bare": "", "group": "", "pm": "{}"}


def _prec(node: Node) -> int:
    if isinstance(node, BinOp):
        return _PREC[node.op]
    if isinstance(node, Neg | PlusMinus):
        return 1
    if isinstance(node, Rel):
        return 0
    return 5


def render(node: Node) -> str:
    """A one-line unicode rendering of ``node``."""
    if isinstance(node, Num):
        return node.text if len(node.text) <= 40 else f"{float(node.value):.6g}"
    if isinstance(node, Sym):
        return GREEK_LETTERS.get(node.name, node.name)
    if isinstance(node, Const):
        return _CONST[node.name]
    if isinstance(node, Word):
        return node.text
    if isinstance(node, Neg):
        inner = render(node.operand)
        return f"−({inner})" if _prec(node.operand) <= 1 else f"−{inner}"
    if isinstance(node, BinOp):
        return _binop(node)
    if isinstance(node, Call):
        if node.name == "abs":
            return f"|{render(node.args[0])}|"
        if node.name == "sqrt":
            inner = render(node.args[0])
            return f"√{inner}" if _prec(node.args[0]) >= 5 and len(inner) < 4 else f"√({inner})"
        if node.name == "root":
            return f"root({render(node.args[0])}, {render(node.args[1])})"
        return f"{node.name}({', '.join(render(a) for a in node.args)})"
    if isinstance(node, Postfix):
        inner = render(node.operand)
        inner = inner if _prec(node.operand) >= 5 else f"({inner})"
        return inner + node.op
    if isinstance(node, PlusMinus):
        right = render(node.right)
        return f"±{right}" if node.left is None else f"{render(node.left)} ± {right}"
    if isinstance(node, Rel):
        out = render(node.items[0])
        for op, item in zip(node.ops, node.items[1:], strict=True):
            out += f" {_REL[op]} {render(item)}"
        return out
    if isinstance(node, Seq):
        o = _BRACKETS.get(node.kind, "")
        joiner = f" {node.kind} " if node.kind in ("and", "or") else ", "
        body = joiner.join(render(i) for i in node.items)
        return f"{o[:1]}{body}{o[1:]}"
    if isinstance(node, Interval):
        return (
            f"{'[' if node.lo_closed else '('}{render(node.lo)}, "
            f"{render(node.hi)}{']' if node.hi_closed else ')'}"
        )
    if isinstance(node, Union):
        return " ∪ ".join(render(p) for p in node.parts)
    if isinstance(node, SetOp):
        return f"{render(node.left)} {node.op} {render(node.right)}"
    if isinstance(node, Matrix):
        return "[" + "; ".join(", ".join(render(x) for x in row) for row in node.rows) + "]"
    return str(node)


def _binop(node: BinOp) -> str:
    op = node.op
    p = _PREC[op]
    left = render(node.left)
    if _prec(node.left) < p or (op == "^" and _prec(node.left) <= p):
        left = f"({left})"
    if op == "^":
        right = render(node.right)
        if re.fullmatch(r"-?[0-9]+", right):
            return left + right.translate(_SUPER)
        if _prec(node.right) < 5:
            right = f"({right})"
        return f"{left}^{right}"
    right = render(node.right)
    if _prec(node.right) < p or (_prec(node.right) == p and op in ("-", "/", ":")):
        right = f"({right})"
    if op == "*":
        return f"{left}·{right}"
    if op == "-" and right.startswith("−"):
        right = f"({right})"
    return f"{left} {op} {right}" if op in "+-" else f"{left}{op}{right}"
