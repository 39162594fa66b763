"""The parsed form of an answer: small immutable nodes, cheap to build, picklable.

The parser builds these; the exact, numeric and symbolic evaluators read them. Keeping
our own tree (rather than sympy objects) lets integer, decimal and numeric comparisons
run without importing sympy; ``sympy_bridge`` converts a tree to sympy when a symbolic
step is really needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from trainer.symbols import GREEK_LETTERS


@dataclass(frozen=True, slots=True)
class Num:
    """An exact number as written: ``0.1`` is 1/10, not a float."""

    value: Fraction
    text: str


@dataclass(frozen=True, slots=True)
class Sym:
    """A variable (``x``, ``x_1``, ``sigma``) or, in a units answer, a unit name."""

    name: str


@dataclass(frozen=True, slots=True)
class Const:
    """``pi``, ``e``, ``i`` or ``inf``."""

    name: str


@dataclass(frozen=True, slots=True)
class Word:
    """A multi-letter word that is not maths (a unit, or text such as ``yuan``)."""

    text: str


@dataclass(frozen=True, slots=True)
class BinOp:
    """``+ - * / ^`` and ``:`` (a ratio, read as division)."""

    op: str
    left: Node
    right: Node
    implicit: bool = False


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node


@dataclass(frozen=True, slots=True)
class Call:
    """A known function (``sin``, ``sqrt``, ``abs``, ``root``) or an undefined one (``f``)."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Postfix:
    """``!`` (factorial), ``%`` (percent) or ``°`` (degrees)."""

    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class PlusMinus:
    """``a ± b`` (or ``± b`` when ``left`` is None): two values."""

    left: Node | None
    right: Node


@dataclass(frozen=True, slots=True)
class Rel:
    """A chain of relations: ``items[0] ops[0] items[1] ops[1] ...``.

    Ops are ``= < > <= >= != ~`` (approximately) and ``in``.
    """

    ops: tuple[str, ...]
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Seq:
    """A comma list: ``tuple`` ( ), ``bracket`` [ ], ``set`` { }, ``bare`` (no brackets)."""

    kind: str
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Interval:
    lo: Node
    hi: Node
    lo_closed: bool
    hi_closed: bool


@dataclass(frozen=True, slots=True)
class Union:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class SetOp:
    """``A ∩ B`` or ``A ∖ B`` of subsets of the real line (``ℝ ∖ {0}``)."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Matrix:
    rows: tuple[tuple[Node, ...], ...]


Node = (
    Num
    | Sym
    | Const
    | Word
    | BinOp
    | Neg
    | Call
    | Postfix
    | PlusMinus
    | Rel
    | Seq
    | Interval
    | Union
    | SetOp
    | Matrix
)

LOOSE_LISTS = frozenset({"bare", "group", "and", "or"})
"""List kinds written without brackets (``1, 2``, ``1 and 2``, ``x < 1 or x > 3``)."""

KNOWN_FUNCTIONS = frozenset(
    {
        "sin", "cos", "tan", "sec", "csc", "cot",
        "asin", "acos", "atan", "asec", "acsc", "acot",
        "sinh", "cosh", "tanh", "sech", "csch", "coth",
        "asinh", "acosh", "atanh",
        "exp", "ln", "log", "sqrt", "root", "abs", "floor", "ceil", "gamma", "sign", "binom",
    }
)  # fmt: skip

ALIASES = {
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arcsec": "asec",
    "arccsc": "acsc", "arccot": "acot", "arsinh": "asinh", "arcosh": "acosh",
    "artanh": "atanh", "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh",
    "cosec": "csc", "ctg": "cot", "tg": "tan", "lg": "log10", "sgn": "sign",
    "signum": "sign", "cosech": "csch",
    "ceiling": "ceil", "cbrt": "cbrt",
}  # fmt: skip

INVERSES = {
    "sin": "asin", "cos": "acos", "tan": "atan", "sec": "asec", "csc": "acsc", "cot": "acot",
    "sinh": "asinh", "cosh": "acosh", "tanh": "atanh",
}  # fmt: skip

GREEK = frozenset(GREEK_LETTERS) - {"omicron", "pi", "varpi", "varrho", "varsigma", "Pi", "Upsilon"}
"""Greek letter names read as variables (``pi`` is a constant; the rest look like Latin
letters or are not used in answers)."""


def free_symbols(node: Node) -> frozenset[str]:
    """Variable names in a tree (constants and function names excluded)."""
    out: set[str] = set()
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Sym):
            out.add(n.name)
        elif isinstance(n, tuple):
            stack.extend(n)
        elif n is not None and not isinstance(n, Num | Const | Word | str | bool):
            stack.extend(getattr(n, s) for s in n.__slots__)  # type: ignore[attr-defined]
    return frozenset(out)


def functions_used(node: Node) -> frozenset[str]:
    """Names of undefined functions (``f`` in ``f(x)``)."""
    out: set[str] = set()
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Call) and n.name not in KNOWN_FUNCTIONS and n.name != "log10":
            out.add(n.name)
        if isinstance(n, tuple):
            stack.extend(n)
        elif n is not None and not isinstance(n, Num | Sym | Const | Word | str | bool):
            stack.extend(getattr(n, s) for s in n.__slots__)  # type: ignore[attr-defined]
    return frozenset(out)


def contains(node: Node, predicate: object) -> bool:
    """Whether any node in the tree satisfies ``predicate``."""
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, tuple):
            stack.extend(n)
            continue
        if n is None or isinstance(n, str | bool | Fraction):
            continue
        if predicate(n):  # type: ignore[operator]
            return True
        if not isinstance(n, Num | Sym | Const | Word):
            stack.extend(getattr(n, s) for s in n.__slots__)  # type: ignore[attr-defined]
    return False


def infinity_sign(node: Node) -> int:
    """1 for ∞ (``inf``), -1 for -∞ (any number of negations), 0 for anything else."""
    if isinstance(node, Const) and node.name == "inf":
        return 1
    if isinstance(node, Neg):
        return -infinity_sign(node.operand)
    return 0
