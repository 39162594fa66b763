"""Required forms: what the written answer must look like, on top of being equal.

The kind says what the value is and how values compare; the form says how the learner
must write it (``49 + 65`` equals 114, but "evaluate it"). Most forms are read off the
written tree; factored, simplified and lowest-terms rational functions ask sympy in the
worker process (bounded by the budget). Each form returns the sentence a teacher would
say ("write it as a decimal"), or None when the attempt is in the form.
"""

from __future__ import annotations

from math import gcd

from trainer.checking.exact import exact_value
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
    Sym,
    Union,
    contains,
    free_symbols,
)
from trainer.checking.sampling import Deadline
from trainer.checking.simplified import structural_problem
from trainer.domain import AnswerKind, Form

_EXACT_FUNCTIONS = frozenset({"sqrt", "root"})
_NO_FRACTIONS = frozenset(
    {AnswerKind.INTEGER, AnswerKind.DECIMAL, AnswerKind.SCIENTIFIC, AnswerKind.PERCENT}
)
_SCIENTIFIC_OK = frozenset(
    {None, AnswerKind.DECIMAL, AnswerKind.SCIENTIFIC, AnswerKind.EXPRESSION, AnswerKind.UNITS}
)
_RELATIONS = frozenset({"=", "<", ">", "<=", ">=", "!=", "in"})


def _is_sum(node: Node) -> bool:
    return isinstance(node, BinOp) and node.op in ("+", "-")


def is_expanded(node: Node) -> bool:
    """No sum is multiplied or raised to a power (a sum in a denominator is allowed)."""
    if isinstance(node, BinOp):
        if node.op == "*" and (_is_sum(node.left) or _is_sum(node.right)):
            return False
        if node.op == "^" and _is_sum(node.left):
            return False
        return is_expanded(node.left) and is_expanded(node.right)
    if isinstance(node, Neg):
        return is_expanded(node.operand)
    return True


def _integer(node: Node) -> int | None:
    if isinstance(node, Num) and node.value.denominator == 1 and _plain_digits(node.text):
        return int(node.value)
    if isinstance(node, Neg):
        inner = _integer(node.operand)
        return None if inner is None else -inner
    return None


def _plain_digits(text: str) -> bool:
    return "." not in text and "e" not in text.lower()


def number_in_lowest_terms(node: Node) -> bool | None:
    """True/False for a written number; None when ``node`` is not a plain fraction or integer."""
    if isinstance(node, Neg):
        return number_in_lowest_terms(node.operand)
    if _integer(node) is not None:
        return True
    fraction = _fraction(node)
    if fraction is None:
        return None
    p, q = fraction
    return q not in (0, 1, -1) and gcd(p, q) == 1 and q > 0


def _fraction(node: Node) -> tuple[int, int] | None:
    """``p/q`` written with two integers (either may carry a minus sign)."""
    if isinstance(node, Neg):
        inner = _fraction(node.operand)
        return None if inner is None else (-inner[0], inner[1])
    if isinstance(node, BinOp) and node.op == "/":
        p, q = _integer(node.left), _integer(node.right)
        if p is not None and q is not None:
            return p, q
    return None


def _mixed(node: Node) -> bool:
    """``n a/b`` (read as n + a/b) with 0 < a < b, or ``-(n a/b)``."""
    if isinstance(node, Neg):
        return _mixed(node.operand)
    if not (isinstance(node, BinOp) and node.op == "+"):
        return False
    whole, part = _integer(node.left), _fraction(node.right)
    return whole is not None and whole > 0 and part is not None and 0 < part[0] < part[1]


def _scientific(node: Node) -> bool:
    """``a × 10^n`` with a written number ``a`` and an integer ``n``."""
    if isinstance(node, Neg):
        return _scientific(node.operand)
    if not (isinstance(node, BinOp) and node.op == "*" and isinstance(node.left, Num)):
        return False
    power = node.right
    return (
        isinstance(power, BinOp)
        and power.op == "^"
        and _integer(power.left) == 10
        and _integer(power.right) is not None
    )


def _number(node: Node, *, fractions: bool, scientific: bool, mixed: bool) -> bool:
    """A number written as a number: no operation or function left to do."""
    if isinstance(node, Num):
        return scientific or "e" not in node.text.lower()
    if isinstance(node, Const):
        return node.name == "inf"
    if isinstance(node, Neg):
        return _number(node.operand, fractions=fractions, scientific=scientific, mixed=mixed)
    if fractions and _fraction(node) is not None:
        return True
    if mixed and _mixed(node):
        return True
    return scientific and _scientific(node)


def _leaves(node: Node) -> list[Node]:
    """The values inside a list, set, interval, matrix or relation (labels left out)."""
    if isinstance(node, Seq):
        return [leaf for item in node.items for leaf in _leaves(item)]
    if isinstance(node, Union):
        return [leaf for part in node.parts for leaf in _leaves(part)]
    if isinstance(node, Interval):
        return [node.lo, node.hi]
    if isinstance(node, Matrix):
        return [entry for row in node.rows for entry in row]
    if isinstance(node, PlusMinus) and node.left is None:  # "x = ±3": the values ±3
        return _leaves(node.right)
    if isinstance(node, Rel) and set(node.ops) <= _RELATIONS:
        return [leaf for item in node.items if not isinstance(item, Sym) for leaf in _leaves(item)]
    return [node]


def numeral_problem(att: Node, kind: AnswerKind | None, *, mixed_ok: bool) -> str | None:
    fractions = kind not in _NO_FRACTIONS
    scientific = kind in _SCIENTIFIC_OK
    for leaf in _leaves(att):
        if isinstance(leaf, Postfix) and leaf.op == "%":
            leaf = leaf.operand
        if not _number(leaf, fractions=fractions, scientific=scientific, mixed=mixed_ok):
            return "evaluate it"
    return None


def decimal_problem(att: Node) -> str | None:
    for leaf in _leaves(att):
        if not _number(leaf, fractions=False, scientific=True, mixed=False):
            return "write it as a decimal"
    return None


def percent_problem(att: Node, bare_ok: bool = False) -> str | None:
    """With ``%``; with ``bare_ok`` (``allow_bare_value``) a bare number is a percentage too."""
    for leaf in _leaves(att):
        if bare_ok and _number(leaf, fractions=False, scientific=False, mixed=False):
            continue
        if not (
            isinstance(leaf, Postfix)
            and leaf.op == "%"
            and _number(leaf.operand, fractions=False, scientific=False, mixed=False)
        ):
            return "write it as a percentage, with %"
    return None


def improper_problem(att: Node) -> str | None:
    for leaf in _leaves(att):
        if _integer(leaf) is None and _fraction(leaf) is None:
            return "write it as an improper fraction, like 11/4"
        if number_in_lowest_terms(leaf) is False:
            return "reduce the fraction"
    return None


def _written_fraction_problem(att: Node) -> str | None:
    """A number in lowest terms must be written as an integer or a fraction p/q."""
    for leaf in _leaves(att):
        written = number_in_lowest_terms(leaf)
        if written is False:
            return "reduce the fraction"
        if written is None:
            if _number(leaf, fractions=False, scientific=True, mixed=False) or isinstance(
                leaf, Postfix
            ):
                return "write it as a fraction in lowest terms"
            return "evaluate it, as a fraction in lowest terms"
    return None


def mixed_problem(att: Node) -> str | None:
    for leaf in _leaves(att):
        fraction = _fraction(leaf)
        proper = fraction is not None and abs(fraction[0]) < abs(fraction[1])
        if not (_integer(leaf) is not None or proper or _mixed(leaf)):
            return "write it as a mixed number, like 2 3/4"
    return None


def solved_problem(ref: Node, att: Node) -> str | None:
    """The variable alone on one side of each relation (a bare value or a set is solved)."""
    names = sorted(free_symbols(ref)) or sorted(free_symbols(att))
    say = f"solve for {names[0]}" if len(names) == 1 else "solve it"
    items = att.items if isinstance(att, Seq) else (att,)
    for item in items:
        if isinstance(item, Rel):
            if not _solved_relation(item):
                return say
        elif free_symbols(item):
            return say
    if numeral_problem(ref, None, mixed_ok=False) is None and not _values_evaluated(att):
        return f"{say}, and simplify the value"  # the answer's values are plain numbers
    return None


def _values_evaluated(att: Node) -> bool:
    """Every value a number, and a fraction in lowest terms (``x = 5``, not ``x = 15/3``)."""
    return all(
        _number(leaf, fractions=True, scientific=True, mixed=False)
        and number_in_lowest_terms(leaf) is not False
        for leaf in _leaves(att)
    )


def _solved_relation(rel: Rel) -> bool:
    syms = [i for i, item in enumerate(rel.items) if isinstance(item, Sym)]
    if len(rel.items) == 2:
        for i in syms:
            other = rel.items[1 - i]
            name = rel.items[i].name  # type: ignore[union-attr]
            if name not in free_symbols(other):
                return True
        return False
    if len(rel.items) == 3 and syms == [1]:
        name = rel.items[1].name  # type: ignore[union-attr]
        return all(name not in free_symbols(rel.items[i]) for i in (0, 2))
    return False


def exact_problem(ref: Node, att: Node) -> str | None:
    """No decimal approximation of an irrational value, and no function of numbers left."""
    decimal = contains(att, _is_decimal) and not contains(ref, _is_decimal)
    if decimal and not free_symbols(ref) and _irrational(ref):
        return "give the exact value, not a decimal"
    allowed = _function_names(ref) | _EXACT_FUNCTIONS
    if contains(ref, lambda n: isinstance(n, Const) and n.name == "e"):
        allowed |= {"exp"}  # exp(2) is e² written as a function, as exact
    found: list[str] = []

    def unevaluated(node: object) -> bool:
        if isinstance(node, Call) and node.name not in allowed and not free_symbols(node):
            found.append(node.name)
            return True
        return isinstance(node, Postfix) and node.op == "!" and not free_symbols(node)

    if contains(att, unevaluated):
        return f"give the exact value: evaluate {found[0]}(…)" if found else "evaluate it"
    return None


def _irrational(node: Node) -> bool:
    """No exact rational value (``√3/2``, ``π``): a decimal of it is an approximation."""
    try:
        return exact_value(node) is None
    except ArithmeticError:
        return False


def _is_decimal(node: object) -> bool:
    return isinstance(node, Num) and not _plain_digits(node.text)


def _function_names(node: Node) -> frozenset[str]:
    names: set[str] = set()

    def collect(n: object) -> bool:
        if isinstance(n, Call):
            names.add(n.name)
        return False

    contains(node, collect)
    return frozenset(names)


def _power_left_to_do(node: object) -> bool:
    """``(x³)⁴`` or ``(2x²)³``: a power of a power, or of a product with a number or power."""
    if not (isinstance(node, BinOp) and node.op == "^" and isinstance(node.right, Num)):
        return False
    base = node.left
    if isinstance(base, BinOp) and base.op == "^" and isinstance(base.right, Num):
        return True
    if isinstance(base, BinOp) and base.op == "*":
        factors = (base.left, base.right)
        return any(isinstance(f, Num) or (isinstance(f, BinOp) and f.op == "^") for f in factors)
    return False


def literal_problem(attempt_text: str, references: tuple[str, ...]) -> str | None:
    """Written exactly as a reference is (spaces aside): ``3.0`` is not ``3``."""
    written = "".join(attempt_text.split())
    if any(written == "".join(r.split()) for r in references):
        return None
    return "write it exactly as it is printed (3 and 3.0 differ)"


def form_problem(
    ref: Node,
    att: Node,
    form: Form,
    deadline: Deadline,
    *,
    kind: AnswerKind | None = None,
    attempt_text: str = "",
    references: tuple[str, ...] = (),
    bare_ok: bool = False,
) -> str | None:
    """Why ``att`` is not in ``form``, or None when it is (or when it cannot be decided)."""
    if form == Form.ANY:
        return None
    if form == Form.NUMERAL:
        return numeral_problem(att, kind, mixed_ok="+" not in attempt_text)
    if form == Form.DECIMAL:
        return decimal_problem(att)
    if form == Form.PERCENT:
        return percent_problem(att, bare_ok)
    if form == Form.IMPROPER_FRACTION:
        return improper_problem(att)
    if form == Form.MIXED_NUMBER:
        if "+" in attempt_text:
            return "write it as a mixed number, like 2 3/4"
        return mixed_problem(att)
    if form == Form.SOLVED:
        return solved_problem(ref, att)
    if form == Form.EXACT:
        return exact_problem(ref, att)
    if form == Form.LITERAL:
        return literal_problem(attempt_text, references)
    return _sympy_form(ref, att, form, deadline)


def _sympy_form(ref: Node, att: Node, form: Form, deadline: Deadline) -> str | None:
    from trainer.checking import worker

    if form == Form.EXPANDED:
        if not is_expanded(att):
            return "expand the products"
        return structural_problem(ref, att, like_terms_only=True)  # x² + x + x + 1
    if form == Form.LOWEST_TERMS:
        verdict = number_in_lowest_terms(att)
        if verdict is None and not free_symbols(att):
            return _written_fraction_problem(att)
        if verdict is None:
            verdict = worker.run("lowest_terms", (att,), deadline)
        return "reduce the fraction" if verdict is False else None
    if form == Form.FACTORED:
        verdict = worker.run("factored", (att,), deadline)
        return "factor completely" if verdict is False else None
    if form == Form.SIMPLIFIED:
        if contains(att, _power_left_to_do):
            return "simplify further: work out the powers"
        problem = structural_problem(ref, att)  # √50, x + x, 2³·2⁴, log₂ 8
        if problem is not None:
            return f"simplify further: {problem}"
        if not free_symbols(att):
            written = number_in_lowest_terms(att)
            if written is not None:
                return None if written else "simplify the number"
        verdict = worker.run("simplified", (ref, att), deadline)
        return "simplify further" if verdict is False else None
    return None
