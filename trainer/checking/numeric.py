"""Numeric evaluation of a parsed expression at a point, in complex floats or in mpmath.

Floats are the quick screen; mpmath at 40 digits confirms a match, so ``x^2/3`` and
``0.333333333333333*x^2`` are told apart. Every power is checked for size before it is
computed, so ``9^9^9^9`` is an overflow, not a hang. Undefined functions (``f`` in
``f(x)``) are given a fixed, smooth stand-in so that ``f(x)`` and ``f(y)`` differ.
"""

from __future__ import annotations

import cmath
import math
import zlib
from fractions import Fraction
from typing import Any

from trainer.checking.limits import MAX_MAGNITUDE_BITS
from trainer.checking.nodes import BinOp, Call, Const, Neg, Node, Num, PlusMinus, Postfix, Sym


class Undefined(ArithmeticError):
    """No value here: a pole, a log of zero, an unknown name."""


class NotScalar(ValueError):
    """The tree is not a single number (a relation, a list, an interval...)."""


def _seed(name: str) -> tuple[float, float, float]:
    h = zlib.crc32(name.encode())
    return 0.5 + (h % 997) / 997, (h // 997 % 991) / 991 * 3, 0.3 + (h // 987_000 % 89) / 89


class FloatEval:
    """Complex double evaluation; raises ``OverflowError`` when doubles are not enough."""

    def __init__(self, env: dict[str, Any]) -> None:
        self.env = env

    def num(self, node: Num) -> Any:
        return complex(float(node.value))

    def const(self, name: str) -> Any:
        if name == "pi":
            return complex(math.pi)
        if name == "e":
            return complex(math.e)
        if name == "i":
            return 1j
        raise Undefined("infinity is not a number here")

    def power(self, a: Any, b: Any) -> Any:
        if a == 0:
            if b.real > 0:
                return 0j
            raise Undefined("0 to a non-positive power")
        if b.imag == 0 and b.real == int(b.real) and abs(b.real) <= 64:
            out = a ** int(b.real)
        else:
            out = cmath.exp(b * cmath.log(a))
        if not cmath.isfinite(out):
            raise OverflowError
        return out

    def call(self, name: str, args: list[Any]) -> Any:
        x = args[0]
        c = cmath
        if name == "sqrt":
            return c.sqrt(x)
        if name == "root":
            if _odd_root_of_negative(x, args[1]):  # the real root: ∛(−8) = −2
                return -self.power(-x, 1 / args[1])
            return self.power(x, 1 / args[1])
        if name in ("ln", "log"):
            if x == 0:
                raise Undefined("log of zero")
            out = c.log(x)
            return out / c.log(args[1]) if len(args) > 1 else out
        if name == "log10":  # lg(x), or lg(x, b) for base b
            if x == 0:
                raise Undefined("log of zero")
            return c.log(x) / c.log(args[1]) if len(args) > 1 else c.log10(x)
        if name == "exp":
            return c.exp(x)
        if name == "abs":
            return complex(abs(x))
        if name == "binom" and len(args) == 2:
            n, k = args
            if abs(n.imag) > 1e-12 or abs(k.imag) > 1e-12 or n.real > 170:
                raise OverflowError
            g = math.gamma
            try:
                return complex(g(n.real + 1) / (g(k.real + 1) * g(n.real - k.real + 1)))
            except ValueError as exc:
                raise Undefined("binomial") from exc
        simple = {"sin": c.sin, "cos": c.cos, "tan": c.tan, "asin": c.asin, "acos": c.acos,
                  "atan": c.atan, "sinh": c.sinh, "cosh": c.cosh, "tanh": c.tanh,
                  "asinh": c.asinh, "acosh": c.acosh, "atanh": c.atanh}  # fmt: skip
        if name in simple:
            return simple[name](x)
        recip = {"sec": c.cos, "csc": c.sin, "cot": c.tan, "sech": c.cosh, "csch": c.sinh,
                 "coth": c.tanh}  # fmt: skip
        if name in recip:
            d = recip[name](x)
            if d == 0:
                raise Undefined("pole")
            return 1 / d
        if name in ("asec", "acsc", "acot"):
            if x == 0:
                raise Undefined("pole")
            return {"asec": c.acos, "acsc": c.asin, "acot": c.atan}[name](1 / x)
        if name in ("floor", "ceil", "sign", "gamma"):
            if abs(x.imag) > 1e-12:
                raise Undefined("not real")
            r = x.real
            if name == "floor":
                return complex(math.floor(r))
            if name == "ceil":
                return complex(math.ceil(r))
            if name == "sign":
                return complex((r > 0) - (r < 0))
            return complex(math.gamma(r))
        a, b, k = _seed(name)
        total = sum((j + 1) * v for j, v in enumerate(args))
        return c.sin(a * total + b) + k * total

    def factorial(self, x: Any) -> Any:
        if abs(x.imag) > 1e-12 or x.real > 170:
            raise OverflowError
        if x.real == int(x.real) and x.real < 0:
            raise Undefined("factorial of a negative integer")
        return complex(math.gamma(x.real + 1))

    def degrees(self, x: Any) -> Any:
        return x

    def finite(self, x: Any) -> Any:
        if not cmath.isfinite(x) or abs(x) > 1e250:
            raise OverflowError
        return x

    def run(self, node: Node) -> Any:
        try:
            return self.value(node)
        except ZeroDivisionError as exc:
            raise Undefined("division by zero") from exc
        except ValueError as exc:
            if isinstance(exc, NotScalar):
                raise
            raise Undefined(str(exc)) from exc

    def value(self, node: Node) -> Any:
        if isinstance(node, BinOp):
            a = self.value(node.left)
            b = self.value(node.right)
            op = node.op
            if op == "+":
                return self.finite(a + b)
            if op == "-":
                return self.finite(a - b)
            if op == "*":
                return self.finite(a * b)
            if op in ("/", ":"):
                if b == 0:
                    raise Undefined("division by zero")
                return self.finite(a / b)
            exponent = _rational_exponent(node.right)
            if exponent is not None and exponent.denominator % 2 == 1 and _negative_real(a):
                # (−8)^(1/3) = −2, (−8)^(2/3) = 4: the real value, as ∛ gives
                sign = -1 if exponent.numerator % 2 else 1
                return self.finite(sign * self.power(-a, b))
            return self.finite(self.power(a, b))
        if isinstance(node, Num):
            return self.num(node)
        if isinstance(node, Sym):
            try:
                return self.env[node.name]
            except KeyError as exc:
                raise Undefined(f"no value for {node.name}") from exc
        if isinstance(node, Neg):
            return -self.value(node.operand)
        if isinstance(node, Const):
            return self.const(node.name)
        if isinstance(node, Call):
            return self.finite(self.call(node.name, [self.value(a) for a in node.args]))
        if isinstance(node, Postfix):
            x = self.value(node.operand)
            if node.op == "%":
                return x / 100
            if node.op == "!":
                return self.finite(self.factorial(x))
            return self.degrees(x)
        if isinstance(node, PlusMinus):
            raise NotScalar("±")
        raise NotScalar(type(node).__name__)


class MpEval(FloatEval):
    """The same evaluation in mpmath, at the working precision of the caller's context."""

    def __init__(self, env: dict[str, Any], mp: Any) -> None:
        super().__init__(env)
        self.mp = mp

    def num(self, node: Num) -> Any:
        v = node.value
        return self.mp.mpc(self.mp.mpf(v.numerator) / v.denominator)

    def const(self, name: str) -> Any:
        mp = self.mp
        if name == "pi":
            return mp.mpc(mp.pi)
        if name == "e":
            return mp.mpc(mp.e)
        if name == "i":
            return mp.mpc(0, 1)
        raise Undefined("infinity is not a number here")

    def power(self, a: Any, b: Any) -> Any:
        mp = self.mp
        if a == 0:
            if b.real > 0:
                return mp.mpc(0)
            raise Undefined("0 to a non-positive power")
        size = abs(b) * (abs(mp.log(abs(a))) + 1) * 1.5
        if size > MAX_MAGNITUDE_BITS:
            raise OverflowError
        if b.imag == 0 and b.real == int(b.real):
            return a ** int(b.real)
        return mp.exp(b * mp.log(a))

    def call(self, name: str, args: list[Any]) -> Any:
        mp = self.mp
        x = args[0]
        if name == "sqrt":
            return mp.sqrt(x)
        if name == "root":
            if _odd_root_of_negative(x, args[1]):  # the real root: ∛(−8) = −2
                return -self.power(-x, 1 / args[1])
            return self.power(x, 1 / args[1])
        if name in ("ln", "log", "log10"):
            if x == 0:
                raise Undefined("log of zero")
            base = args[1] if len(args) > 1 else (mp.mpf(10) if name == "log10" else None)
            return mp.log(x) / mp.log(base) if base is not None else mp.log(x)
        if name == "abs":
            return mp.mpc(abs(x))
        if name == "binom" and len(args) == 2:
            if abs(args[0]) > 10**5:
                raise OverflowError
            return mp.mpc(mp.binomial(args[0].real, args[1].real))
        if name in ("floor", "ceil", "sign", "gamma"):
            if abs(x.imag) > mp.mpf(10) ** (-20):
                raise Undefined("not real")
            r = x.real
            if name == "gamma":
                return mp.mpc(mp.gamma(r))
            fn = {"floor": mp.floor, "ceil": mp.ceil, "sign": mp.sign}[name]
            return mp.mpc(fn(r))
        table = {"sin": mp.sin, "cos": mp.cos, "tan": mp.tan, "asin": mp.asin,
                 "acos": mp.acos, "atan": mp.atan, "sinh": mp.sinh, "cosh": mp.cosh,
                 "tanh": mp.tanh, "asinh": mp.asinh, "acosh": mp.acosh, "atanh": mp.atanh,
                 "exp": mp.exp, "sec": mp.sec, "csc": mp.csc, "cot": mp.cot,
                 "sech": mp.sech, "csch": mp.csch, "coth": mp.coth}  # fmt: skip
        if name in ("exp", "sinh", "cosh", "tanh") and abs(x) > 10**5:
            raise OverflowError
        if name in table:
            return table[name](x)
        if name in ("asec", "acsc", "acot"):
            if x == 0:
                raise Undefined("pole")
            return {"asec": mp.acos, "acsc": mp.asin, "acot": mp.atan}[name](1 / x)
        a, b, k = _seed(name)
        total = sum((j + 1) * v for j, v in enumerate(args))
        return mp.sin(a * total + b) + k * total

    def factorial(self, x: Any) -> Any:
        if abs(x) > 10**5:
            raise OverflowError
        if x.imag == 0 and x.real == int(x.real) and x.real < 0:
            raise Undefined("factorial of a negative integer")
        return self.mp.gamma(x + 1)

    def finite(self, x: Any) -> Any:
        if not self.mp.isfinite(x):
            raise OverflowError
        return x


def mpmath_module() -> Any:
    import mpmath

    return mpmath


def _negative_real(x: Any) -> bool:
    x = complex(x)
    return x.imag == 0 and x.real < 0


def _rational_exponent(node: Node) -> Fraction | None:
    """An exponent written as a rational (``1/3``, ``-2/3``, ``0.2``), else None."""
    if isinstance(node, Neg):
        inner = _rational_exponent(node.operand)
        return None if inner is None else -inner
    if isinstance(node, Num):
        return node.value
    if isinstance(node, BinOp) and node.op == "/":
        top, bottom = _rational_exponent(node.left), _rational_exponent(node.right)
        if top is not None and bottom:
            return top / bottom
    return None


def _odd_root_of_negative(x: Any, n: Any) -> bool:
    """A root of odd integer index of a negative real: its real root, as in school maths."""
    x, n = complex(x), complex(n)
    return (
        x.imag == 0
        and x.real < 0
        and n.imag == 0
        and n.real == int(n.real)
        and int(n.real) % 2 == 1
    )
