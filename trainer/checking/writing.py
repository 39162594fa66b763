"""Write a parsed answer back as text a learner could type: plain or LaTeX.

``trainer lint`` uses these to build attempts: the answer in LaTeX must be graded right,
and each mistake from ``mutations`` written out must be graded wrong.
"""

from __future__ import annotations

from trainer.checking.nodes import (
    GREEK,
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
    Sym,
    Union,
    Word,
)
from trainer.checking.rendering import render

_REL = {"=": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge", "!=": r"\ne", "~": r"\approx",
        "in": r"\in"}  # fmt: skip
_CONST = {"pi": r"\pi", "e": "e", "i": "i", "inf": r"\infty", "reals": r"\mathbb{R}"}
_PREC = {"+": 1, "-": 1, "*": 2, "/": 3, ":": 2, "^": 4}
_OPEN = {"tuple": (r"\left(", r"\right)"), "bracket": (r"\left[", r"\right]"),
         "set": (r"\{", r"\}")}  # fmt: skip
_LATEX_FUNCTIONS = frozenset(
    {"sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh", "exp", "ln", "log"}
)


def to_plain(node: Node) -> str:
    """Plain text the parser reads back as ``node`` (matrices as nested lists)."""
    if isinstance(node, Matrix):
        rows = ("[" + ", ".join(render(x) for x in row) + "]" for row in node.rows)
        return "[" + ", ".join(rows) + "]"
    if isinstance(node, Seq) and any(isinstance(i, Matrix) for i in node.items):
        return ", ".join(to_plain(i) for i in node.items)
    return render(node)


def _prec(node: Node) -> int:
    if isinstance(node, BinOp):
        return _PREC[node.op]
    if isinstance(node, Neg | PlusMinus):
        return 1
    if isinstance(node, Rel):
        return 0
    return 5


def to_latex(node: Node) -> str:
    """The same answer in LaTeX (``\\frac``, ``\\sqrt``, ``\\cdot``, ``\\le``, ``pmatrix``)."""
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Sym):
        if node.name in GREEK:
            return f"\\{node.name}"
        base, _, sub = node.name.partition("_")
        return f"{base}_{{{sub}}}" if len(sub) > 1 else node.name
    if isinstance(node, Const):
        return _CONST.get(node.name, node.name)
    if isinstance(node, Word):
        return f"\\text{{{node.text}}}"
    if isinstance(node, Neg):
        inner = to_latex(node.operand)
        return f"-\\left({inner}\\right)" if _prec(node.operand) <= 1 else f"-{inner}"
    if isinstance(node, BinOp):
        return _binop(node)
    if isinstance(node, Call):
        return _call(node)
    if isinstance(node, Postfix):
        inner = to_latex(node.operand)
        inner = inner if _prec(node.operand) >= 5 else f"\\left({inner}\\right)"
        return inner + {"%": r"\%", "°": r"^\circ"}.get(node.op, node.op)
    if isinstance(node, PlusMinus):
        right = to_latex(node.right)
        return f"\\pm {right}" if node.left is None else f"{to_latex(node.left)} \\pm {right}"
    if isinstance(node, Rel):
        out = to_latex(node.items[0])
        for op, item in zip(node.ops, node.items[1:], strict=True):
            out += f" {_REL[op]} {to_latex(item)}"
        return out
    if isinstance(node, Seq):
        joiner = f" \\text{{ {node.kind} }} " if node.kind in ("and", "or") else ", "
        body = joiner.join(to_latex(i) for i in node.items)
        left, right = _OPEN.get(node.kind, ("", ""))
        return f"{left}{body}{right}"
    if isinstance(node, Interval):
        return (
            f"\\left{'[' if node.lo_closed else '('}{to_latex(node.lo)}, "
            f"{to_latex(node.hi)}\\right{']' if node.hi_closed else ')'}"
        )
    if isinstance(node, Union):
        return " \\cup ".join(to_latex(p) for p in node.parts)
    if isinstance(node, Matrix):
        body = r" \\ ".join(" & ".join(to_latex(x) for x in row) for row in node.rows)
        return f"\\begin{{pmatrix}} {body} \\end{{pmatrix}}"
    return str(node)


def _call(node: Call) -> str:
    args = [to_latex(a) for a in node.args]
    if node.name == "sqrt":
        return f"\\sqrt{{{args[0]}}}"
    if node.name == "root" and len(args) == 2:
        return f"\\sqrt[{args[1]}]{{{args[0]}}}"
    if node.name == "abs":
        return f"\\left|{args[0]}\\right|"
    name = f"\\{node.name}" if node.name in _LATEX_FUNCTIONS else node.name
    return f"{name}\\left({', '.join(args)}\\right)"


def _binop(node: BinOp) -> str:
    op = node.op
    if op in ("/", ":"):
        return f"\\frac{{{to_latex(node.left)}}}{{{to_latex(node.right)}}}"
    p = _PREC[op]
    left = to_latex(node.left)
    if _prec(node.left) < p or (op == "^" and _prec(node.left) <= p):
        left = f"\\left({left}\\right)"
    right = to_latex(node.right)
    if op == "^":
        return f"{left}^{{{right}}}"
    if _prec(node.right) < p or (_prec(node.right) == p and op == "-"):
        right = f"\\left({right}\\right)"
    if op == "*":
        return f"{left} \\cdot {right}"
    return f"{left} {op} {right}"
