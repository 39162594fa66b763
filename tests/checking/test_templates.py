"""Parametric templates: {name}, {=expr}, constraints; errors are plain ValueErrors."""

from __future__ import annotations

import pytest

from trainer.checking.templates import constraint_holds, evaluate, render_template

VALUES = {"a": 12, "b": "7", "colour": "red"}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        pytest.param("Compute ${a} \\times {b}$.", "Compute $12 \\times 7$.", id="params"),
        pytest.param("{=a*b}", "84", id="product"),
        pytest.param("{=a/8}", "3/2", id="rational"),
        pytest.param("{=-a/4}", "-3", id="integer-result"),
        pytest.param("x^{2} + \\frac{1}{2}", "x^{2} + \\frac{1}{2}", id="latex-braces-kept"),
        pytest.param("{c} {a}", "{c} 12", id="undeclared-name-kept"),
        pytest.param("{=a % 5} {=2^3} {=(a+b)*2}", "2 8 38", id="operators"),
        pytest.param("{=gcd(a, 18)} {=lcm(4, 6)} {=max(1, b)}", "6 12 7", id="functions"),
        pytest.param("{=sqrt(a*3)} {=floor(7/2)} {=ceil(7/2)} {=abs(-a)}", "6 3 4 12", id="more"),
        pytest.param("{=1.5 * 2}", "3", id="decimal-exact"),
    ],
)
def test_render(template: str, expected: str) -> None:
    assert render_template(template, VALUES) == expected


@pytest.mark.parametrize(
    ("expr", "holds"),
    [
        ("a % 10 != 0", True),
        ("a > b and b > 3", True),
        ("not (a == 12)", False),
        ("colour == red", False),  # 'red' is not a declared name
        ("a < 0 or b == 7", True),
    ],
)
def test_constraints(expr: str, holds: bool) -> None:
    if expr == "colour == red":
        with pytest.raises(ValueError, match="unknown name 'red'"):
            constraint_holds(expr, VALUES)
        return
    assert constraint_holds(expr, VALUES) is holds


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("a +", "ends too early"),
        ("1/0", "division by zero"),
        ("9^9^9", "exponent"),
        ("__import__('os')", "unexpected"),
        ("().__class__", "unexpected"),
        ("sqrt(2)", "not exact"),
        ("x + 1", "unknown name 'x'"),
        ("(" * 200 + "1" + ")" * 200, "nested too deeply"),
    ],
)
def test_bad_expressions_raise_a_clear_value_error(expr: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        evaluate(expr, VALUES)


def test_constraint_must_be_a_comparison() -> None:
    with pytest.raises(ValueError, match="not a comparison"):
        constraint_holds("a + 1", VALUES)


def test_bad_template_names_the_expression() -> None:
    with pytest.raises(ValueError, match=r"in \{=a/0\}"):
        render_template("x = {=a/0}", VALUES)
