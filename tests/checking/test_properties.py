"""Property tests: identities the checker must accept and near-misses it must reject."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.checking import check
from trainer.domain import AnswerKind, AnswerSpec

coefficient = st.integers(min_value=-9, max_value=9)
root = st.integers(min_value=-6, max_value=6)
variable = st.sampled_from(["x", "y", "t", "z"])
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def poly_text(coeffs: list[int], var: str) -> str:
    terms = [f"({c})*{var}^{k}" for k, c in enumerate(coeffs)]
    return " + ".join(terms)


def expand(roots: list[int], lead: int) -> list[int]:
    coeffs = [lead]
    for r in roots:  # multiply by (x - r)
        shifted = [0] + coeffs
        scaled = [-r * c for c in coeffs] + [0]
        coeffs = [a + b for a, b in zip(shifted, scaled, strict=True)]
    return coeffs  # lowest degree first


@FAST
@given(st.lists(root, min_size=1, max_size=4), st.integers(1, 5), variable)
def test_polynomial_equals_its_expansion_and_factorisation(roots, lead, var) -> None:
    factored = f"{lead}*" + "*".join(f"({var} - ({r}))" for r in roots)
    expanded = poly_text(expand(roots, lead), var)
    assert check(AnswerSpec(factored), expanded).correct
    assert check(AnswerSpec(expanded), factored).correct


@FAST
@given(st.lists(coefficient, min_size=1, max_size=5), variable, st.integers(1, 50))
def test_expression_never_equals_itself_plus_a_constant(coeffs, var, shift) -> None:
    text = poly_text(coeffs, var)
    assert check(AnswerSpec(text), text).correct
    assert not check(AnswerSpec(text), f"{text} + {shift}").correct


@FAST
@given(st.lists(st.integers(-99, 99), min_size=2, max_size=5, unique=True))
def test_swapped_tuple_is_wrong_but_swapped_set_is_right(values) -> None:
    ordered = "(" + ", ".join(map(str, values)) + ")"
    swapped_values = [values[1], values[0], *values[2:]]
    swapped = "(" + ", ".join(map(str, swapped_values)) + ")"
    assert not check(AnswerSpec(ordered, AnswerKind.TUPLE), swapped).correct
    as_set = "{" + ", ".join(map(str, values)) + "}"
    assert check(AnswerSpec(as_set, AnswerKind.SET), "{" + swapped[1:-1] + "}").correct


@FAST
@given(st.integers(-(10**9), 10**9))
def test_integer_with_thousands_separators(n) -> None:
    assert check(AnswerSpec(str(n), AnswerKind.INTEGER), f"{n:,}").correct
    assert not check(AnswerSpec(str(n), AnswerKind.INTEGER), str(n + 1)).correct


@FAST
@given(st.fractions(max_denominator=50), st.integers(2, 9))
def test_fraction_equals_any_unreduced_form(q, k) -> None:
    spec = AnswerSpec(f"{q.numerator}/{q.denominator}", AnswerKind.RATIONAL)
    assert check(spec, f"{q.numerator * k}/{q.denominator * k}").correct
    assert not check(spec, f"{q.numerator * k + 1}/{q.denominator * k}").correct


@FAST
@given(st.lists(coefficient, min_size=2, max_size=4), st.integers(1, 7))
def test_equation_equals_its_nonzero_multiple(coeffs, factor) -> None:
    lhs = poly_text(coeffs, "x")
    spec = AnswerSpec(f"y = {lhs}", AnswerKind.EQUATION)
    assert check(spec, f"{factor}*y = {factor}*({lhs})").correct
    assert not check(spec, f"y = {lhs} + 1").correct


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(text) -> None:
    verdict = check(AnswerSpec("x + 1"), text, budget=1.0)
    assert verdict.reason is not None
