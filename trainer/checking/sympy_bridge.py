"""Convert parsed trees to sympy objects, and the symbolic tasks the worker process runs.

Built node by node with ``evaluate=False`` where the written form matters (form checks);
sympy never sees text, so nothing here can execute what a learner typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trainer.checking.nodes import BinOp, Call, Const, Neg, Node, Num, Postfix, Sym, Word

_FUNCTIONS = {
    "sin": "sin", "cos": "cos", "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot",
    "asin": "asin", "acos": "acos", "atan": "atan", "asec": "asec", "acsc": "acsc",
    "acot": "acot", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "sech": "sech",
    "csch": "csch", "coth": "coth", "asinh": "asinh", "acosh": "acosh", "atanh": "atanh",
    "exp": "exp", "ln": "log", "log": "log", "sqrt": "sqrt", "abs": "Abs", "floor": "floor",
    "ceil": "ceiling", "gamma": "gamma", "sign": "sign",
}  # fmt: skip


def to_sympy(node: Node, evaluate: bool = True) -> Any:
    """The sympy expression for a scalar tree; raises ValueError for anything else."""
    import sympy

    def go(n: Node) -> Any:
        if isinstance(n, Num):
            return sympy.Rational(n.value.numerator, n.value.denominator)
        if isinstance(n, Sym):
            return sympy.Symbol(n.name)
        if isinstance(n, Word):
            return sympy.Symbol(n.text)
        if isinstance(n, Const):
            if n.name == "reals":
                raise ValueError("the reals are not a number")
            return {"pi": sympy.pi, "e": sympy.E, "i": sympy.I, "inf": sympy.oo}[n.name]
        if isinstance(n, Neg):
            return sympy.Mul(-1, go(n.operand), evaluate=evaluate)
        if isinstance(n, BinOp):
            a, b = go(n.left), go(n.right)
            if n.op == "+":
                return sympy.Add(a, b, evaluate=evaluate)
            if n.op == "-":
                return sympy.Add(a, sympy.Mul(-1, b, evaluate=evaluate), evaluate=evaluate)
            if n.op == "*":
                return sympy.Mul(a, b, evaluate=evaluate)
            if n.op in ("/", ":"):
                return sympy.Mul(a, sympy.Pow(b, -1, evaluate=evaluate), evaluate=evaluate)
            return sympy.Pow(a, b, evaluate=evaluate)
        if isinstance(n, Postfix):
            inner = go(n.operand)
            if n.op == "!":
                return sympy.factorial(inner)
            if n.op == "%":
                return sympy.Mul(inner, sympy.Rational(1, 100), evaluate=evaluate)
            return inner
        if isinstance(n, Call):
            args = [go(a) for a in n.args]
            if n.name == "root":
                return sympy.root(args[0], args[1])
            if n.name == "binom":
                return sympy.binomial(*args)
            if n.name == "log10":
                return sympy.log(args[0], args[1] if len(args) > 1 else 10)
            if n.name in ("ln", "log") and len(args) == 2:
                return sympy.log(args[0], args[1])
            if n.name in _FUNCTIONS:
                return getattr(sympy, _FUNCTIONS[n.name])(*args)
            return sympy.Function(n.name)(*args)
        raise ValueError(f"no symbolic form for {type(n).__name__}")

    return go(node)


def task_equal(ref: Node, att: Node) -> bool | None:
    """Symbolic proof that ``ref - att`` simplifies to zero (None: no decision)."""
    import sympy

    diff = sympy.simplify(to_sympy(ref) - to_sympy(att))
    if diff == 0:
        return True
    if diff.is_number and diff.is_zero is False:
        return False
    return None


def task_factored(att: Node) -> bool:
    """Every factor of the written product is irreducible over the rationals."""
    import sympy

    expr = to_sympy(att, evaluate=False)
    for written in _written_factors(expr):
        if written.is_number:
            continue
        base = written.func(*written.args) if written.args else written  # evaluate it alone
        if base.is_number:
            continue
        coeff, parts = sympy.factor_list(base)
        if len(parts) != 1 or parts[0][1] != 1 or abs(coeff) != 1:
            return False
    return True


def _written_factors(expr: Any) -> list[Any]:
    """The factors of a product as written: ``3(x-2)(x+2)`` parses as nested unevaluated
    products, ``3·(x-2)`` and ``(x+2)``, which must count as three factors, not two."""
    import sympy

    out: list[Any] = []
    for factor in sympy.Mul.make_args(expr):
        base = factor.base if isinstance(factor, sympy.Pow) else factor
        if isinstance(base, sympy.Mul):
            out.extend(_written_factors(base))
        else:
            out.append(base)
    return out


def task_simplified(ref: Node, att: Node) -> bool:
    """The written attempt is no bigger than sympy's simplest form of the answer."""
    import sympy

    simplest = sympy.simplify(to_sympy(ref))
    written = to_sympy(att, evaluate=False)
    return sympy.count_ops(written, visual=False) <= sympy.count_ops(simplest, visual=False) + 1


def task_lowest_terms(att: Node) -> bool:
    """A written fraction of polynomials whose numerator and denominator share no factor."""
    import sympy

    num, den = sympy.fraction(sympy.together(to_sympy(att)))
    return sympy.gcd(num, den).is_number


TASKS: dict[str, Callable[..., bool | None]] = {
    "equal": task_equal,
    "factored": task_factored,
    "simplified": task_simplified,
    "lowest_terms": task_lowest_terms,
}
