"""Parametric problem templates: ``{name}`` and ``{=expr}``, with a safe exact evaluator.

``{name}`` (a declared parameter) is replaced by its value; any other brace group (LaTeX
``x^{2}``) is left alone. ``{=expr}`` is replaced by the exact value of ``expr``: numbers,
parameters, ``+ - * / ^ %`` (``%`` is the remainder), parentheses, ``abs gcd lcm min max
sqrt floor ceil``, comparisons, ``and or not``. Rationals render as ``p/q``. A hand-written
recursive-descent parser; nothing is ever passed to ``eval``. Errors are ``ValueError``
with a message saying what and where; callers add the file and line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from fractions import Fraction

Value = Fraction | bool | str

_MAX_CHARS = 1000
_MAX_DEPTH = 50
_MAX_EXPONENT = 1000
_MAX_BITS = 20_000
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|==|!=|<=|>=|&&|\|\||[-+*/^%()<>,!]))"
)
_PLACEHOLDER = re.compile(r"\{(=?)([^{}]*)\}")


def _isqrt_exact(q: Fraction) -> Fraction:
    if q < 0:
        raise ValueError("sqrt of a negative number")
    p, r = math.isqrt(q.numerator), math.isqrt(q.denominator)
    if p * p != q.numerator or r * r != q.denominator:
        raise ValueError(f"sqrt({_show(q)}) is not exact")
    return Fraction(p, r)


def _int_args(name: str, args: list[Fraction]) -> list[int]:
    if any(a.denominator != 1 for a in args):
        raise ValueError(f"{name} needs integers")
    return [int(a) for a in args]


def _lcm(*xs: int) -> int:
    return math.lcm(*xs)


_FUNCTIONS: dict[str, Callable[[list[Fraction]], Fraction]] = {
    "abs": lambda a: abs(a[0]),
    "min": lambda a: min(a),
    "max": lambda a: max(a),
    "sqrt": lambda a: _isqrt_exact(a[0]),
    "floor": lambda a: Fraction(math.floor(a[0])),
    "ceil": lambda a: Fraction(math.ceil(a[0])),
    "gcd": lambda a: Fraction(math.gcd(*_int_args("gcd", a))),
    "lcm": lambda a: Fraction(_lcm(*_int_args("lcm", a))),
}
_ARITY = {"abs": 1, "sqrt": 1, "floor": 1, "ceil": 1}


def _show(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def _coerce(raw: str | int) -> Value:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return Fraction(raw)
    text = str(raw).strip()
    if re.fullmatch(r"-?\d+(?:\.\d+)?(?:/\d+)?", text):
        return Fraction(text)
    return text


class _Parser:
    def __init__(self, expr: str, values: Mapping[str, str | int]) -> None:
        if len(expr) > _MAX_CHARS:
            raise ValueError("expression too long")
        self.expr = expr
        self.values = values
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(expr):
            if expr[pos:].strip() == "":
                break
            m = _TOKEN.match(expr, pos)
            if m is None or m.end() == pos:
                raise ValueError(f"unexpected {expr[pos:].strip()[:1]!r} at column {pos + 1}")
            kind = m.lastgroup or "op"
            self.tokens.append((kind, m.group(kind), m.start(kind)))
            pos = m.end()
        self.tokens.append(("end", "", len(expr)))
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self, text: str | None = None) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        if text is not None and tok[1] != text:
            raise ValueError(f"expected {text!r} at column {tok[2] + 1}")
        self.i += 1
        return tok

    def parse(self) -> Value:
        value = self.or_()
        kind, text, pos = self.peek()
        if kind != "end":
            raise ValueError(f"unexpected {text!r} at column {pos + 1}")
        return value

    def or_(self) -> Value:
        left = self.and_()
        while self.peek()[1] in ("or", "||"):
            self.take()
            right = self.and_()
            left = _truth(left) or _truth(right)
        return left

    def and_(self) -> Value:
        left = self.not_()
        while self.peek()[1] in ("and", "&&"):
            self.take()
            right = self.not_()
            left = _truth(left) and _truth(right)
        return left

    def not_(self) -> Value:
        if self.peek()[1] in ("not", "!"):
            self.take()
            return not _truth(self.not_())
        return self.comparison()

    def comparison(self) -> Value:
        left = self.sum()
        while self.peek()[1] in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            right = self.sum()
            if op in ("==", "!="):
                result = (left == right) == (op == "==")
            else:
                a, b = _number(left), _number(right)
                result = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
            left = result
        return left

    def sum(self) -> Value:
        left = self.product()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = _number(self.product())
            left = _number(left) + right if op == "+" else _number(left) - right
        return left

    def product(self) -> Value:
        left = self.unary()
        while self.peek()[1] in ("*", "/", "%"):
            op, pos = self.take()[1:]
            right = _number(self.unary())
            a = _number(left)
            if op == "*":
                left = a * right
            else:
                if right == 0:
                    raise ValueError(f"division by zero at column {pos + 1}")
                left = a / right if op == "/" else a - right * math.floor(a / right)
        return left

    def unary(self) -> Value:
        if self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            value = _number(self.unary())
            return -value if op == "-" else value
        return self.power()

    def power(self) -> Value:
        base = self.atom()
        if self.peek()[1] in ("^", "**"):
            pos = self.take()[2]
            exponent = _number(self.unary())
            b = _number(base)
            if exponent.denominator != 1 or abs(exponent) > _MAX_EXPONENT:
                raise ValueError(
                    f"exponent must be an integer up to {_MAX_EXPONENT} (column {pos + 1})"
                )
            if b == 0 and exponent < 0:
                raise ValueError(f"division by zero at column {pos + 1}")
            size = max(b.numerator.bit_length(), b.denominator.bit_length()) * abs(int(exponent))
            if size > _MAX_BITS:
                raise ValueError(f"power too large at column {pos + 1}")
            return b ** int(exponent)
        return base

    def atom(self) -> Value:
        kind, text, pos = self.take()
        if kind == "num":
            return Fraction(text)
        if text == "(":
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise ValueError("nested too deeply")
            value = self.or_()
            self.take(")")
            self.depth -= 1
            return value
        if kind == "name":
            if text in ("true", "false"):
                return text == "true"
            if text in _FUNCTIONS and self.peek()[1] == "(":
                return self.call(text, pos)
            if text in self.values:
                return _coerce(self.values[text])
            raise ValueError(f"unknown name {text!r} at column {pos + 1}")
        if kind == "end":
            raise ValueError("the expression ends too early")
        raise ValueError(f"unexpected {text!r} at column {pos + 1}")

    def call(self, name: str, pos: int) -> Value:
        self.take("(")
        args = [_number(self.or_())]
        while self.peek()[1] == ",":
            self.take()
            args.append(_number(self.or_()))
        self.take(")")
        if name in _ARITY and len(args) != _ARITY[name]:
            raise ValueError(f"{name} takes {_ARITY[name]} argument (column {pos + 1})")
        return _FUNCTIONS[name](args)


def _number(value: Value) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Fraction):
        raise ValueError(f"expected a number, got {_show(value)!r}")
    return value


def _truth(value: Value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_show(value)!r}")
    return value


def evaluate(expr: str, values: Mapping[str, str | int]) -> str:
    """The exact value of ``expr`` as text: ``7``, ``-3/4``, ``true``."""
    return _show(_Parser(expr, values).parse())


def constraint_holds(expr: str, values: Mapping[str, str | int]) -> bool:
    """Whether a constraint such as ``a % 10 != 0`` holds; it must be true or false."""
    result = _Parser(expr, values).parse()
    if not isinstance(result, bool):
        raise ValueError(f"constraint {expr!r} is not a comparison (it gives {_show(result)})")
    return result


def render_template(template: str, values: Mapping[str, str | int]) -> str:
    """Fill ``{name}`` and ``{=expr}`` in ``template``; other braces are left as they are."""

    def replace(m: re.Match[str]) -> str:
        computed, body = m.group(1), m.group(2)
        if computed:
            try:
                return evaluate(body, values)
            except ValueError as exc:
                raise ValueError(f"in {{={body}}}: {exc}") from None
        name = body.strip()
        if name in values and name == body:
            return str(values[name])
        return m.group(0)

    return _PLACEHOLDER.sub(replace, template)
