"""Parametric templates: {name}, {=expr}, constraints, in the checker's own grammar.

Errors are ``TemplateError`` (a ``ValueError``) with one line; the validation that runs at
import (``template_check``) and the drawing of values are tested here too.
"""

from __future__ import annotations

import random
import time

import pytest

from trainer.checking.lexer import LexMode, tokenize
from trainer.checking.parser import parse
from trainer.checking.template_check import (
    PROBLEM_UNITS,
    TemplateValidator,
    problem_errors,
)
from trainer.checking.template_draws import ParameterPool, draw, pools
from trainer.checking.templates import (
    TemplateError,
    constraint_holds,
    evaluate,
    render_template,
)
from trainer.domain import AnswerKind, CheckOptions, Parameter, Problem

VALUES = {"a": 12, "b": "7", "colour": "red", "n_1": "3", "x2": "5", "e": "2"}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        pytest.param("Compute ${a} \\times {b}$.", "Compute $12 \\times 7$.", id="params"),
        pytest.param("{=a*b}", "84", id="product"),
        pytest.param("{=a/8}", "3/2", id="rational"),
        pytest.param("{=-a/4}", "-3", id="integer-result"),
        pytest.param("x^{2} + \\frac{1}{2}", "x^{2} + \\frac{1}{2}", id="latex-braces-kept"),
        pytest.param("{c} {a}", "{c} 12", id="undeclared-name-kept"),
        pytest.param("{=mod(a, 5)} {=2^3} {=(a+b)*2}", "2 8 38", id="operators"),
        pytest.param("{=mod(-7, 3)} {=mod(7/2, 1)}", "2 1/2", id="mod-floors"),
        pytest.param("{=gcd(a, 18)} {=lcm(4, 6)} {=max(1, b)}", "6 12 7", id="functions"),
        pytest.param("{=sqrt(a*3)} {=floor(7/2)} {=ceil(7/2)} {=abs(-a)}", "6 3 4 12", id="more"),
        pytest.param("{=1.5 * 2}", "3", id="decimal-exact"),
        pytest.param("{=25%} {=a*50%}", "1/4 6", id="percent-is-percent"),
        pytest.param("{=5!} {=binom(5, 2)} {=root(-8, 3)}", "120 10 -2", id="combinatorics"),
        pytest.param("{=n_1*x2} {=2e}", "15 4", id="identifiers-read-whole"),
        pytest.param("{=3a} {=a b} {=|b - a|}", "36 84 5", id="checker-notation"),
        pytest.param("{=a·b} {=a×b} {=a÷8} {=a**2}", "84 84 3/2 144", id="unicode-operators"),
        pytest.param("{=true} {=a > b}", "true true", id="booleans"),
    ],
)
def test_render(template: str, expected: str) -> None:
    assert render_template(template, VALUES) == expected


@pytest.mark.parametrize(
    ("expr", "holds"),
    [
        ("mod(a, 10) != 0", True),
        ("a > b and b > 3", True),
        ("not (a == 12)", False),
        ("a < 0 or b == 7", True),
        ("0 < b < a", True),
        ("true", True),
        ("false or a = 12", True),
        ("colour == colour", True),
    ],
)
def test_constraints(expr: str, holds: bool) -> None:
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
        ("colour == red", "unknown name 'red'"),
        ("(" * 200 + "1" + ")" * 200, "nested"),
        ("-" * 980 + "1", "nested"),
        ("1" + "!" * 980, "operations deep"),
        ("a % 10", "mod"),
        ("a % (a - a)", "mod"),
        ("colour + 1", "expected a number, got the text 'red'"),
        ("true + 1", "expected a number"),
        ("gcd(a/8, 3)", "whole numbers"),
        ("sqrt(0 - a)", "negative"),
        ("a^(1/2)", "not a whole number"),
        ("(a^1000)^3", "bits"),
        ("1001!", "factorial"),
        ("[1, 2)", "no exact value"),
        ("pi", "unknown name 'pi'"),
        ("f(a)", "unknown function"),
        ("a, b", "a list is not a value"),
        ("(a > 1 and b > 1) or a > 2", "a list is not a value"),
        ("a && b", "and, or"),
        ("colour == 3", "cannot compare"),
        ("not a > 1", r"not\(a > 1\)"),
        ("1" * 1001, "longer than"),
    ],
)
def test_bad_expressions_raise_one_clear_line(expr: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message) as caught:
        evaluate(expr, VALUES)
    assert "\n" not in str(caught.value)


def test_constraint_must_be_a_comparison() -> None:
    with pytest.raises(ValueError, match="gives 13, not true or false"):
        constraint_holds("a + 1", VALUES)


def test_bad_template_names_the_expression() -> None:
    with pytest.raises(ValueError, match=r"in \{=a/0\}"):
        render_template("x = {=a/0}", VALUES)


def test_templates_use_the_checkers_parser() -> None:
    """The same text gives the same tree as an answer would (one grammar): the template
    mode only reads identifiers whole."""
    mode = LexMode(functions=frozenset({"gcd"}))
    for text in ("2*a + 3/4", "a^2 - 1", "-(a + 1)^3", "a/(b - 1)", "25%"):
        assert parse(text, mode) == parse(text)
    assert [t.type for t in tokenize("ab + gcd(a_1, n2)", mode)][:3] == ["NAME", "OP", "FUNC"]


# ---------------------------------------------------------------------- drawing


def test_a_huge_range_is_drawn_without_building_it() -> None:
    pool = ParameterPool(Parameter("a", range=(0, 2**62), exclude=("0",)))
    rng = random.Random(3)
    started = time.process_time()
    values = {int(pool.draw(rng)) for _ in range(100)}
    assert time.process_time() - started < 1.0  # a materialised range would not even fit
    assert len(values) > 90 and all(0 < v <= 2**62 for v in values)
    edges = pool.edge_values()
    assert "1" in edges and str(2**62) in edges and "0" not in edges


def test_exclusions_of_a_small_range_leave_only_the_rest() -> None:
    pool = ParameterPool(Parameter("a", range=(1, 200), exclude=tuple(map(str, range(1, 200)))))
    assert {pool.draw(random.Random(i)) for i in range(20)} == {"200"}
    with pytest.raises(TemplateError, match="no value left"):
        ParameterPool(Parameter("a", range=(1, 3), exclude=("1", "2", "3")))


def test_draw_gives_every_parameter_a_value_from_its_step() -> None:
    params = (Parameter("n", range=(10, 100), step=10), Parameter("u", choice=("m", "cm")))
    values = draw(pools(params), random.Random(1))
    assert int(values["n"]) % 10 == 0 and values["u"] in ("m", "cm")


# ---------------------------------------------------------------------- validation


def problem(**fields: object) -> Problem:
    base: dict[str, object] = {
        "key": "p",
        "prompt": "What?",
        "answer": "{=a}",
        "parameters": (Parameter("a", range=(2, 9)),),
    }
    return Problem(**{**base, **fields})  # type: ignore[arg-type]


def test_a_good_problem_has_no_errors() -> None:
    good = problem(
        prompt="Simplify $\\frac{{=a*k}}{{=b*k}}$",
        answer="{=a/b}",
        hints=["{=gcd(a*k, b*k)}"],
        constraints=("gcd(a, b) == 1", "a != b"),
        parameters=(
            Parameter("a", range=(1, 9)),
            Parameter("b", range=(2, 9)),
            Parameter("k", range=(2, 6)),
        ),
        options=CheckOptions(alternatives=("{=a*k}/{=b*k}",)),
    )
    assert problem_errors(good) == []


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({"answer": "{=12/a}", "parameters": (Parameter("a", range=(-50, 50)),)}, ("answer",),
         "division by zero"),
        ({"answer": "{=1/(a-b)}", "parameters": (Parameter("a", range=(1, 40)),
          Parameter("b", range=(1, 40)))}, ("answer",), "division by zero"),
        ({"answer": "{=a/(2*a - 1034)}", "parameters": (Parameter("a", range=(1, 10**9)),)},
         ("answer",), "a = 517"),  # the numbers a template writes are drawn first
        ({"answer": "{=a/2}", "kind": AnswerKind.INTEGER}, ("answer",), "kind is integer"),
        ({"answer": "{=a/2}", "kind": AnswerKind.INTEGER, "constraints": ("mod(a, 2) == 0",)},
         None, None),
        ({"answer": "{=a > 2}", "kind": AnswerKind.RATIONAL}, ("answer",), "kind is rational"),
        ({"hints": ("ok", "{=sqrt(a)}")}, ("hints", 1), "not exact"),
        ({"options": CheckOptions(alternatives=("{=a/(a-9)}",))}, ("alternatives", 0), "zero"),
        ({"constraints": ("a > 100",)}, ("constraints",), "hold for 0 of 8 possible"),
        ({"constraints": ("a - 1",)}, ("constraints", 0), "not true or false"),
        ({"constraints": ("a != 2", "4/(a-2) > 1")}, None, None),  # guarded: no error
        ({"parameters": (Parameter("gcd", range=(1, 2)),), "answer": "1"}, ("params", "gcd"),
         "function or keyword"),
        ({"parameters": (Parameter("a", range=(0, 2**63)),)}, ("params", "a"), "10^12"),
        ({"answer": "{=a^b}", "parameters": (Parameter("a", range=(2, 9)),
          Parameter("b", choice=("1", "5000")))}, ("answer",), "exponent"),
    ],
)  # fmt: skip
def test_validation_finds_what_a_drill_would_hit(
    fields: dict[str, object], path: tuple[str | int, ...] | None, message: str | None
) -> None:
    errors = problem_errors(problem(**fields))
    if path is None:
        assert errors == []
        return
    assert len(errors) == 1, errors
    assert errors[0][0] == path
    assert message in errors[0][1] and errors[0][1].startswith("problem 'p': ")


def test_a_files_work_is_bounded_by_one_budget() -> None:
    """A file of many heavy templates costs at most ``IMPORT_UNITS`` of work: past it the
    remaining problems are not evaluated (a drill catches what that leaves)."""
    heavy = "+".join(["(a^999 + 1)/(b^999 + 1)"] * 20)
    broken = [
        problem(key=f"p{i}", answer=f"{{={heavy}}} {{=1/(a-a)}}",
                parameters=(Parameter("a", range=(2, 9)), Parameter("b", range=(2, 900))))
        for i in range(40)
    ]  # fmt: skip
    validator = TemplateValidator(units=300_000)
    reported = [p.key for p in broken if validator(p)]
    assert 0 < len(reported) < len(broken)
    assert validator.meter.units < 300_000 + PROBLEM_UNITS + 50_000
    one = TemplateValidator()
    assert one(broken[0]) and one.meter.units <= PROBLEM_UNITS + 50_000  # one problem's share


def test_a_filled_in_text_cannot_grow_to_megabytes() -> None:
    template = "{=a^999} " * 120  # each value about 1000 digits
    with pytest.raises(TemplateError, match="grows past 100000 characters"):
        render_template(template, VALUES)
    assert len(render_template("{=a^999} " * 10, VALUES)) > 10_000


def test_a_file_lists_at_most_twenty_template_errors() -> None:
    validator = TemplateValidator()
    found = [validator(problem(key=f"p{i}", answer="{=1/(a-a)}")) for i in range(30)]
    assert [len(errors) for errors in found] == [1] * 19 + [2] + [0] * 10
    assert found[19][1] == ((), "more than 20 template errors: the rest are not listed")
