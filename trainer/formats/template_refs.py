"""Structural checks on the templates and constraints of parametric problems.

The formats package does not evaluate anything (the checker's safe evaluator does, at
review time); it only makes sure that what a deck writes can be evaluated: every name an
expression uses is a declared parameter or a known function, parentheses balance, and no
character outside the evaluator's grammar appears.
"""

from __future__ import annotations

import re

FUNCTIONS = frozenset({"abs", "gcd", "lcm", "min", "max", "sqrt", "floor", "ceil"})
KEYWORDS = frozenset({"and", "or", "not"})
RESERVED = FUNCTIONS | KEYWORDS

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_COMPUTED = re.compile(r"\{=([^{}]*)\}")
_NAMES = re.compile(r"(?<![\w.])[A-Za-z_][A-Za-z0-9_]*")
_ALLOWED_CHARS = re.compile(r"^[\w\s+\-*/^%().,<>=!&|]*$")


def computed_expressions(template: str) -> list[str]:
    """The ``expr`` of every ``{=expr}`` in ``template``."""
    return [m.group(1) for m in _COMPUTED.finditer(template)]


def expression_problems(expr: str, params: set[str]) -> list[str]:
    """What is wrong with ``expr`` for the safe evaluator, as messages (empty if fine)."""
    if not expr.strip():
        return ["empty expression"]
    out: list[str] = []
    if not _ALLOWED_CHARS.match(expr):
        bad = sorted({ch for ch in expr if not _ALLOWED_CHARS.match(ch)})
        out.append(f"unexpected character(s) {' '.join(repr(c) for c in bad)} in {expr!r}")
    depth = 0
    for ch in expr:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            break
    if depth != 0:
        out.append(f"unbalanced parentheses in {expr!r}")
    unknown = []
    for name in _NAMES.findall(expr):
        if name not in params and name not in RESERVED and name not in unknown:
            unknown.append(name)
    if unknown:
        declared = ", ".join(sorted(params)) or "none"
        out.append(
            f"uses undeclared name(s) {', '.join(unknown)} in {expr!r} "
            f"(declared params: {declared})"
        )
    return out
