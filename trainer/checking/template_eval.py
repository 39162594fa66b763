"""The template evaluator: the checker's grammar, read exactly and within fixed bounds.

``{=expr}`` and constraints are parsed by the checker's own lexer and parser (in the
template mode of ``LexMode``: every identifier is one name, and ``TEMPLATE_FUNCTIONS``
are functions), then evaluated here on the checker's nodes with exact fractions. ``%``
means percent, as in answers (``25%`` is 1/4); the remainder is ``mod(a, b)``. Nothing is
passed to ``eval``. Every failure is a ``TemplateError``: a ``ValueError`` with one line
saying what went wrong; callers add where. Bounds: ``MAX_CHARS`` per expression,
``MAX_DEPTH`` operations deep, ``MAX_BITS`` per number (numerator or denominator),
``MAX_EXPONENT`` for ``^`` and ``MAX_FACTORIAL`` for ``!`` and ``binom``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache

from trainer.checking.lexer import LexError, LexMode, tokenize
from trainer.checking.nodes import BinOp, Call, Neg, Node, Num, Postfix, Rel, Seq, Sym
from trainer.checking.parser import ParseError, parse

Value = Fraction | bool | str

MAX_CHARS = 1000
MAX_DEPTH = 200
MAX_BITS = 10_000
MAX_EXPONENT = 1000
MAX_FACTORIAL = 1000
MAX_VALUE_CHARS = 400
TEMPLATE_FUNCTIONS = frozenset(
    {"abs", "sqrt", "root", "floor", "ceil", "gcd", "lcm", "min", "max", "mod", "binom", "not"}
)
CONSTANTS = frozenset({"true", "false"})
RESERVED = TEMPLATE_FUNCTIONS | CONSTANTS | {"and", "or"}
"""Names a parameter may not take."""

_ARITY = {"abs": 1, "sqrt": 1, "floor": 1, "ceil": 1, "not": 1, "mod": 2, "binom": 2, "root": 2}
_MODE = LexMode(functions=TEMPLATE_FUNCTIONS)
_RELATIONS = frozenset({"=", "!=", "<", "<=", ">", ">="})
_AFTER_PERCENT = frozenset({"EOF", ")", "]", "SEP", "REL"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?(?:/\d+)?")


class TemplateError(ValueError):
    """A template expression that cannot be read or evaluated; one line."""


def show(value: Value) -> str:
    """``7``, ``-3/4``, ``true``, or a text value as it is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


@lru_cache(maxsize=8192, typed=True)  # typed: True and 1 are different values
def parameter_value(raw: str | int) -> Value:
    """A drawn value as the evaluator sees it: an exact number, or text (``"m"``)."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return _bounded(Fraction(raw))
    text = str(raw).strip()
    if len(text) > MAX_VALUE_CHARS or not _NUMBER.fullmatch(text):
        return text
    number, _, denominator = text.partition("/")
    value = Fraction(number)
    if denominator:
        if int(denominator) == 0:
            return text
        value /= int(denominator)
    return _bounded(value)


def parse_expression(expr: str) -> Node:
    """The tree of ``expr``, checked for what the template grammar allows (no values yet).
    Results and errors are cached: a deck repeats its expressions draw after draw."""
    parsed = _parse_cached(expr)
    if isinstance(parsed, str):
        raise TemplateError(parsed)
    return parsed


@lru_cache(maxsize=4096)
def _parse_cached(expr: str) -> Node | str:
    try:
        return _parse(expr)
    except TemplateError as error:
        return str(error)


def _parse(expr: str) -> Node:
    if len(expr) > MAX_CHARS:
        raise TemplateError(f"expression longer than {MAX_CHARS} characters")
    if not expr.strip():
        raise TemplateError("empty expression")
    try:
        tokens = tokenize(expr, _MODE)
        for tok, nxt in zip(tokens, tokens[1:], strict=False):
            operand_next = nxt.type not in _AFTER_PERCENT and nxt.value not in ("*", "/")
            if tok.type == "OP" and tok.value == "%" and operand_next:
                raise TemplateError(
                    f"'%' at column {tok.pos + 1} means percent (50% is 1/2); "
                    "for the remainder write mod(a, b)"
                )
        node = parse(expr, _MODE)
    except (LexError, ParseError) as error:
        where = "" if "column" in str(error) else f" (column {error.pos + 1})"
        hint = "; write and, or, not(...)" if re.search(r"&&|\|\||!\s*\(|^\s*!", expr) else ""
        raise TemplateError(f"{error}{where}{hint}") from None
    except RecursionError:
        raise TemplateError(f"more than {MAX_DEPTH} operations deep") from None
    _check_shape(node)
    return node


def names_used(node: Node) -> set[str]:
    """The parameter names a tree reads (``true``/``false`` excluded)."""
    out: set[str] = set()
    stack: list[object] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Sym):
            if n.name not in CONSTANTS:
                out.add(n.name)
        elif isinstance(n, tuple):
            stack.extend(n)
        elif isinstance(n, BinOp | Neg | Call | Postfix | Rel | Seq):
            stack.extend(getattr(n, s) for s in n.__slots__)
    return out


def _check_shape(node: Node) -> None:
    """Refuse what has no exact value (``pi``, intervals, lists...) and over-deep trees."""
    stack: list[tuple[object, int]] = [(node, 0)]
    while stack:
        n, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TemplateError(f"more than {MAX_DEPTH} operations deep")
        if isinstance(n, tuple):
            stack.extend((item, depth) for item in n)
        elif n is None or isinstance(n, Num | Sym | str | bool):
            continue
        elif isinstance(n, Seq) and not (n is node and n.kind in ("and", "or")):
            raise TemplateError(
                "a list is not a value (join conditions with 'and' or 'or' at the top, "
                "not both, or write several constraints)"
            )
        elif isinstance(n, Call) and n.name not in TEMPLATE_FUNCTIONS:
            raise TemplateError(f"unknown function {n.name[:40]!r}")
        elif isinstance(n, Postfix) and n.op not in ("!", "%"):
            raise TemplateError(f"{n.op!r} has no exact value here")
        elif isinstance(n, Rel) and not set(n.ops) <= _RELATIONS:
            raise TemplateError(f"unsupported relation {'/'.join(sorted(set(n.ops)))!r}")
        elif isinstance(n, BinOp | Neg | Call | Postfix | Rel | Seq):
            stack.extend((getattr(n, s), depth + 1) for s in n.__slots__)
        else:
            raise TemplateError(f"{_describe(n)} has no exact value in a template")


def _describe(node: object) -> str:
    name = getattr(node, "name", None) or getattr(node, "text", None)
    return repr(name) if isinstance(name, str) else type(node).__name__.lower()


class Meter:
    """Work done by evaluations: a unit per node, and one per 256 bits of each number made
    (so a unit costs about the same whatever the numbers)."""

    def __init__(self) -> None:
        self.units = 0


def evaluate_tree(node: Node, values: Mapping[str, Value], meter: Meter | None = None) -> Value:
    """The exact value of a checked tree, given the parameters' values."""
    evaluator = _Evaluator(values)
    try:
        return evaluator.value(node, 0)
    except (ArithmeticError, RecursionError) as error:  # a safety net; bounds come first
        raise TemplateError(f"cannot be computed ({type(error).__name__})") from None
    finally:
        if meter is not None:
            meter.units += evaluator.units


def _bounded(value: Fraction) -> Fraction:
    if max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_BITS:
        raise TemplateError(f"a number grows past {MAX_BITS} bits (about 3000 digits)")
    return value


def _number(value: Value) -> Fraction:
    if isinstance(value, bool):
        raise TemplateError(f"expected a number, got {show(value)}")
    if isinstance(value, str):
        raise TemplateError(f"expected a number, got the text {value!r}")
    return value


def _integer(value: Value, what: str) -> int:
    number = _number(value)
    if number.denominator != 1:
        raise TemplateError(f"{what} needs whole numbers, got {show(number)}")
    return number.numerator


def _truth(value: Value) -> bool:
    if not isinstance(value, bool):
        raise TemplateError(f"expected true or false, got {show(value)}")
    return value


def _exact_root(value: Fraction, n: int) -> Fraction:
    if n < 1 or n > MAX_EXPONENT:
        raise TemplateError(f"root index must be a whole number from 1 to {MAX_EXPONENT}")
    if value < 0 and n % 2 == 0:
        raise TemplateError(f"root of a negative number ({show(value)})")
    sign = -1 if value < 0 else 1
    parts = []
    for part in (abs(value.numerator), value.denominator):
        guess = math.isqrt(part) if n == 2 else _integer_root(part, n)
        if guess**n != part:
            raise TemplateError(f"root of {show(value)} is not exact")
        parts.append(guess)
    return Fraction(sign * parts[0], parts[1])


def _integer_root(x: int, n: int) -> int:
    lo, hi = 0, 1 << (x.bit_length() // n + 1)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if mid**n <= x:
            lo = mid
        else:
            hi = mid - 1
    return lo


class _Evaluator:
    def __init__(self, values: Mapping[str, Value]) -> None:
        self.values = values
        self.units = 0

    def value(self, node: Node, depth: int) -> Value:
        result = self.node_value(node, depth)
        self.units += 1
        if isinstance(result, Fraction):
            self.units += (result.numerator.bit_length() + result.denominator.bit_length()) >> 8
        return result

    def node_value(self, node: Node, depth: int) -> Value:
        if depth > MAX_DEPTH:
            raise TemplateError(f"more than {MAX_DEPTH} operations deep")
        d = depth + 1
        if isinstance(node, Num):
            return node.value  # within bounds: at most 1000 characters of digits and 1e±400
        if isinstance(node, Sym):
            if node.name in self.values:
                return self.values[node.name]
            if node.name in CONSTANTS:
                return node.name == "true"
            raise TemplateError(f"unknown name {node.name[:40]!r}")
        if isinstance(node, Neg):
            return -_number(self.value(node.operand, d))
        if isinstance(node, BinOp):
            return self.binop(node, d)
        if isinstance(node, Postfix):
            return self.postfix(node, d)
        if isinstance(node, Call):
            return self.call(node, d)
        if isinstance(node, Rel):
            return self.relation(node, d)
        if isinstance(node, Seq) and node.kind in ("and", "or"):
            truths = [_truth(self.value(item, d)) for item in node.items]
            return all(truths) if node.kind == "and" else any(truths)
        raise TemplateError(f"{_describe(node)} has no exact value in a template")

    def binop(self, node: BinOp, d: int) -> Value:
        a = _number(self.value(node.left, d))
        b = _number(self.value(node.right, d))
        if node.op == "+":
            return _bounded(a + b)
        if node.op == "-":
            return _bounded(a - b)
        if node.op == "*":
            return _bounded(a * b)
        if node.op in ("/", ":"):
            if b == 0:
                raise TemplateError(f"division by zero ({show(a)}/0)")
            return _bounded(a / b)
        if node.op == "^":
            return self.power(a, b)
        raise TemplateError(f"unknown operator {node.op!r}")

    def power(self, base: Fraction, exponent: Fraction) -> Fraction:
        if exponent.denominator != 1:
            raise TemplateError(
                f"exponent {show(exponent)} is not a whole number (for roots use sqrt or root)"
            )
        n = exponent.numerator
        if abs(n) > MAX_EXPONENT:
            raise TemplateError(f"exponent {n} is beyond ±{MAX_EXPONENT}")
        if base == 0 and n < 0:
            raise TemplateError("division by zero (0 to a negative power)")
        size = max(base.numerator.bit_length(), base.denominator.bit_length()) * abs(n)
        if size > 2 * MAX_BITS:
            raise TemplateError(f"{show(base)}^{n} grows past {MAX_BITS} bits")
        return _bounded(base**n)

    def postfix(self, node: Postfix, d: int) -> Value:
        x = _number(self.value(node.operand, d))
        if node.op == "%":
            return x / 100
        n = _integer(x, "factorial")
        if n < 0 or n > MAX_FACTORIAL:
            raise TemplateError(f"factorial needs a whole number from 0 to {MAX_FACTORIAL}")
        return _bounded(Fraction(math.factorial(n)))

    def call(self, node: Call, d: int) -> Value:
        name = node.name
        if name in _ARITY and len(node.args) != _ARITY[name]:
            count = _ARITY[name]
            raise TemplateError(f"{name} takes {count} argument{'s' if count > 1 else ''}")
        raw = [self.value(arg, d) for arg in node.args]
        if name == "not":
            if not isinstance(raw[0], bool):
                raise TemplateError(
                    f"not needs a condition in brackets, e.g. not(a > 1), got {show(raw[0])}"
                )
            return not raw[0]
        args = [_number(v) for v in raw]
        x = args[0]
        if name == "abs":
            return abs(x)
        if name == "floor":
            return Fraction(math.floor(x))
        if name == "ceil":
            return Fraction(math.ceil(x))
        if name == "min":
            return min(args)
        if name == "max":
            return max(args)
        if name == "sqrt":
            return _exact_root(x, 2)
        if name == "root":
            return _exact_root(x, _integer(args[1], "root"))
        if name == "mod":
            if args[1] == 0:
                raise TemplateError(f"mod({show(x)}, 0): division by zero")
            return _bounded(x - args[1] * math.floor(x / args[1]))
        whole = [_integer(v, name) for v in args]
        if name == "gcd":
            return Fraction(math.gcd(*whole))
        if name == "lcm":
            return _bounded(Fraction(_lcm(whole)))
        n, k = whole
        if not 0 <= n <= MAX_FACTORIAL:
            raise TemplateError(f"binom needs n from 0 to {MAX_FACTORIAL}")
        return Fraction(math.comb(n, k) if k >= 0 else 0)

    def relation(self, node: Rel, d: int) -> bool:
        items = [self.value(item, d) for item in node.items]
        for op, left, right in zip(node.ops, items, items[1:], strict=False):
            if op in ("=", "!="):
                if isinstance(left, bool) != isinstance(right, bool) or isinstance(
                    left, str
                ) != isinstance(right, str):
                    raise TemplateError(f"cannot compare {show(left)} with {show(right)}")
                holds = (left == right) == (op == "=")
            else:
                a, b = _number(left), _number(right)
                holds = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
            if not holds:
                return False
        return True


def _lcm(values: list[int]) -> int:
    out = 1
    for v in values:
        out = math.lcm(out, v)
        if out.bit_length() > MAX_BITS:
            raise TemplateError(f"a number grows past {MAX_BITS} bits (about 3000 digits)")
    return out
