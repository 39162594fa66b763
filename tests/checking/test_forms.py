"""Required forms: the kind says what the value is, the form says how it must be written.

Each row is (name, answer, kind, form, attempt, accepted, sentence): an equal attempt in
another form is ``wrong_form`` with the sentence a teacher would say; an attempt in the
form is right. Real checker, real parser, real sympy where the form needs it.
"""

from __future__ import annotations

import pytest

from trainer.checking import check
from trainer.domain import AnswerKind, AnswerSpec, CheckOptions, Form, Reason

K = AnswerKind
F = Form

CASES = [
    # numeral: a number written as a number (WeBWorK's LimitedNumeric)
    ("numeral: a sum", "114", K.INTEGER, F.NUMERAL, "49 + 65", False, "evaluate it"),
    ("numeral: a power", "8", K.INTEGER, F.NUMERAL, "2^3", False, "evaluate it"),
    ("numeral: a function", "1/2", None, F.NUMERAL, "cos(pi/3)", False, "evaluate it"),
    ("numeral: a product", "42", K.INTEGER, F.NUMERAL, r"6 \times 7", False, "evaluate it"),
    ("numeral: the number", "114", K.INTEGER, F.NUMERAL, "114", True, ""),
    ("numeral: digit groups", "1234", K.INTEGER, F.NUMERAL, "1,234", True, ""),
    ("numeral: negative", "-22", K.INTEGER, F.NUMERAL, "-22", True, ""),
    ("numeral: fraction where rational", "3/4", K.RATIONAL, F.NUMERAL, "3/4", True, ""),
    ("numeral: fraction not integer", "4", K.INTEGER, F.NUMERAL, "8/2", False, "evaluate it"),
    ("numeral: scientific", "6.02e23", K.SCIENTIFIC, F.NUMERAL, r"6.02 \times 10^{23}", True, ""),
    (
        "numeral: matrix entries",
        "[[1, 2], [3, 4]]",
        K.MATRIX,
        F.NUMERAL,
        "[[1, 2], [3, 4]]",
        True,
        "",
    ),  # fmt: skip
    (
        "numeral: matrix sum",
        "[[2, 2], [3, 4]]",
        K.MATRIX,
        F.NUMERAL,
        "[[1, 2], [3, 4]] + [[1, 0], [0, 0]]",
        False,
        "evaluate it",
    ),  # fmt: skip
    # decimal
    ("decimal: a fraction", "0.375", K.DECIMAL, F.DECIMAL, "3/8", False, "write it as a decimal"),
    (
        "decimal: latex fraction",
        "0.375",
        K.DECIMAL,
        F.DECIMAL,
        r"\frac{3}{8}",
        False,
        "write it as a decimal",
    ),  # fmt: skip
    ("decimal: the decimal", "0.375", K.DECIMAL, F.DECIMAL, "0.375", True, ""),
    ("decimal: leading dot", "0.375", K.DECIMAL, F.DECIMAL, ".375", True, ""),
    # percent
    ("percent: a fraction", "75%", K.PERCENT, F.PERCENT, "3/4", False, "percentage"),
    ("percent: a decimal", "75%", K.PERCENT, F.PERCENT, "0.75", False, "percentage"),
    ("percent: with %", "75%", K.PERCENT, F.PERCENT, "75%", True, ""),
    ("percent: in words", "75%", K.PERCENT, F.PERCENT, "75 percent", True, ""),
    ("percent: latex", "12.5%", K.PERCENT, F.PERCENT, r"12.5\%", True, ""),
    # improper and mixed
    (
        "improper: a decimal",
        "11/4",
        K.RATIONAL,
        F.IMPROPER_FRACTION,
        "2.75",
        False,
        "improper fraction",
    ),  # fmt: skip
    (
        "improper: a mixed number",
        "11/4",
        K.RATIONAL,
        F.IMPROPER_FRACTION,
        r"2\frac{3}{4}",
        False,
        "improper fraction",
    ),  # fmt: skip
    ("improper: not reduced", "11/4", K.RATIONAL, F.IMPROPER_FRACTION, "22/8", False, "reduce"),
    ("improper: the fraction", "11/4", K.RATIONAL, F.IMPROPER_FRACTION, "11/4", True, ""),
    ("mixed: the mixed number", "11/4", K.RATIONAL, F.MIXED_NUMBER, r"2\frac{3}{4}", True, ""),
    ("mixed: improper", "11/4", K.RATIONAL, F.MIXED_NUMBER, "11/4", False, "mixed number"),
    ("mixed: a written sum", "11/4", K.RATIONAL, F.MIXED_NUMBER, "2 + 3/4", False, "mixed number"),
    # solved
    ("solved: the question", "x < 4", K.INEQUALITY, F.SOLVED, "2x + 3 < 11", False, "solve for x"),
    ("solved: equation echo", "x = 5", K.EQUATION, F.SOLVED, "3x + 5 = 20", False, "solve for x"),
    ("solved: solved", "x < 4", K.INEQUALITY, F.SOLVED, "x < 4", True, ""),
    ("solved: mirrored", "x < 4", K.INEQUALITY, F.SOLVED, "4 > x", True, ""),
    ("solved: chain", "-4 < x < 4", K.INEQUALITY, F.SOLVED, "-4 < x < 4", True, ""),
    ("solved: x on both sides", "x = 5", K.EQUATION, F.SOLVED, "2x = x + 5", False, "solve for x"),
    (
        "solved: value left to simplify",
        "x = 5",
        K.EQUATION,
        F.SOLVED,
        "x = 15/3",
        False,
        "simplify the value",
    ),  # fmt: skip
    ("solved: a decimal value", "x = 11/4", K.EQUATION, F.SOLVED, "x = 2.75", True, ""),
    # exact
    (
        "exact: unevaluated cos",
        "sqrt(3)/2",
        None,
        F.EXACT,
        r"\cos\left(\frac{\pi}{6}\right)",
        False,
        "evaluate cos",
    ),  # fmt: skip
    ("exact: unevaluated arcsin", "pi/6", None, F.EXACT, "asin(1/2)", False, "evaluate asin"),
    ("exact: radicals are exact", "sqrt(3)/2", None, F.EXACT, r"\frac{\sqrt{3}}{2}", True, ""),
    ("exact: a terminating decimal", "1/2", None, F.EXACT, "0.5", True, ""),
    (
        "exact: a long decimal with tolerance",
        "sqrt(2)",
        None,
        F.EXACT,
        "1.4142135623",
        False,
        "exact value",
    ),  # fmt: skip
    ("exact: ln kept where the answer has it", "ln(2)", None, F.EXACT, "ln(2)", True, ""),
    # literal (what Python prints)
    ("literal: 3.0 is not 3", "3", K.INTEGER, F.LITERAL, "3.0", False, "exactly"),
    ("literal: the same text", "3", K.INTEGER, F.LITERAL, "3", True, ""),
    ("literal: spaces do not matter", "[3, 2, 1]", None, F.LITERAL, "[3,2,1]", True, ""),
    # the older forms, still there
    ("expanded: a product", "x^2 + 8x + 15", None, F.EXPANDED, "(x+3)(x+5)", False, "expand"),
    ("factored: expanded", "(x+2)(x+3)", None, F.FACTORED, "x^2 + 5x + 6", False, "factor"),
    ("lowest terms: a decimal", "3/4", K.RATIONAL, F.LOWEST_TERMS, "0.75", False, "fraction"),
    ("lowest terms: a sum", "5/6", K.RATIONAL, F.LOWEST_TERMS, "1/2 + 1/3", False, "evaluate"),
    ("lowest terms: 6/8", "3/4", K.RATIONAL, F.LOWEST_TERMS, "6/8", False, "reduce"),
    ("lowest terms: a percent", "7/20", K.RATIONAL, F.LOWEST_TERMS, r"35\%", False, "fraction"),
    ("simplified: power of a power", "x^12", None, F.SIMPLIFIED, "(x^3)^4", False, "simplify"),
    ("simplified: power of a product", "8x^6", None, F.SIMPLIFIED, "(2x^2)^3", False, "simplify"),
    ("simplified: simplified", "8x^6", None, F.SIMPLIFIED, "8x^6", True, ""),
    # any: a problem lifts its deck's form
    ("any: no form", "114", K.INTEGER, F.ANY, "49 + 65", True, ""),
]


@pytest.mark.parametrize(
    ("answer", "kind", "form", "attempt", "accepted", "sentence"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_form(
    answer: str,
    kind: AnswerKind | None,
    form: Form,
    attempt: str,
    accepted: bool,
    sentence: str,
) -> None:
    options = CheckOptions(form=form)
    if "tolerance" in attempt or answer == "sqrt(2)":
        options = CheckOptions(form=form, abs_tol=1e-6)
    verdict = check(AnswerSpec(answer, kind, options), attempt, budget=10)
    assert verdict.correct is accepted, verdict
    if not accepted:
        assert verdict.reason == Reason.WRONG_FORM
        assert sentence in verdict.message


def test_kind_alone_leaves_equivalence_to_the_checker() -> None:
    assert check(AnswerSpec("12", K.INTEGER), "3*4").correct
    assert check(AnswerSpec("0.375", K.DECIMAL), "3/8").correct


def test_a_wrong_value_is_wrong_value_not_wrong_form() -> None:
    verdict = check(AnswerSpec("114", K.INTEGER, CheckOptions(form=F.NUMERAL)), "49 + 66")
    assert not verdict.correct
    assert verdict.reason != Reason.WRONG_FORM


@pytest.mark.parametrize(
    ("attempt", "options", "reason"),
    [
        ("40", CheckOptions(), Reason.WRONG_FORM),  # a bare number is not a percentage
        ("40", CheckOptions(allow_bare_value=True), Reason.EQUAL),  # opt-in
        ("$40$ %", CheckOptions(), Reason.EQUAL),  # the % said after the maths
        ("40%", CheckOptions(), Reason.EQUAL),
        ("0.4", CheckOptions(), Reason.EQUAL),  # the value, without a form
    ],
)
def test_a_bare_number_for_a_percent_is_opt_in(
    attempt: str, options: CheckOptions, reason: Reason
) -> None:
    assert check(AnswerSpec("40%", K.PERCENT, options), attempt).reason == reason


@pytest.mark.parametrize(
    ("attempt", "reason"),
    [
        ("20", Reason.EQUAL),  # the prompt names the unit: a bare number is in it
        ("20 m/s", Reason.EQUAL),
        ("72 km/h", Reason.WRONG_FORM),  # right value, not in the unit asked
        ("20 km", Reason.INCOMPATIBLE_UNITS),
        ("21", Reason.WRONG_VALUE),
    ],
)
def test_units_with_the_unit_named_in_the_prompt(attempt: str, reason: Reason) -> None:
    options = CheckOptions(allow_bare_value=True, form=F.NUMERAL)
    assert check(AnswerSpec("20 m/s", K.UNITS, options), attempt).reason == reason
