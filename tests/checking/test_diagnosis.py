"""Diagnostics a teacher would give: a wrong answer gets a reason code and one sentence.

Each row is (name, answer, kind, options, attempt, reason, words in the message). The
verdict stays wrong; only the reason gets more specific than ``wrong_value``.
"""

from __future__ import annotations

import pytest

from trainer.checking import check
from trainer.checking.checker import read
from trainer.checking.mutations import variants
from trainer.checking.question_tests import learner_mistakes, prompt_segments, right_forms
from trainer.domain import AnswerKind, AnswerSpec, CheckOptions, Form, Reason

K = AnswerKind
R = Reason
NONE = CheckOptions()

CASES = [
    ("sign of one term", "x^2 + 3x - 28", None, NONE, "x^2 - 3x - 28", R.SIGN_ERROR, "3·x"),
    (
        "sign of the constant term",
        "y = 3x - 2",
        K.EQUATION,
        NONE,
        "y = 3x + 2",
        R.SIGN_ERROR,
        "sign",
    ),
    ("sign of a root", "x = -4", K.EQUATION, NONE, "x = 4", R.SIGN_ERROR, "sign"),
    ("sign of a set element", "{2, -3}", K.SET, NONE, "{2, 3}", R.SIGN_ERROR, "−3"),
    (
        "inequality flipped",
        "x >= -3",
        K.INEQUALITY,
        NONE,
        "x <= -3",
        R.INEQUALITY_FLIPPED,
        "wrong way",
    ),  # fmt: skip
    (
        "inequality flipped, mirrored",
        "x >= -3",
        K.INEQUALITY,
        NONE,
        "-3 >= x",
        R.INEQUALITY_FLIPPED,
        "wrong way",
    ),  # fmt: skip
    (
        "inequality endpoint",
        "x >= -3",
        K.INEQUALITY,
        NONE,
        "x > -3",
        R.WRONG_ENDPOINT_TYPE,
        "−3 itself",
    ),  # fmt: skip
    (
        "interval endpoint named",
        "[2, 6)",
        K.INTERVAL,
        NONE,
        "[2, 6]",
        R.WRONG_ENDPOINT_TYPE,
        "endpoint 6",
    ),  # fmt: skip
    ("missing middle term", "(a+b)^2", None, NONE, "a^2 + b^2", R.MISSING_TERM, "missing"),
    ("missing term of a sum", "x^2 + 2x + 1", None, NONE, "x^2 + 1", R.MISSING_TERM, "missing"),
    ("extra term", "x^2 + 5x + 6", None, NONE, "x^2 + 5x + 6 + x", R.EXTRA_TERM, "too many"),
    (
        "letter case",
        "NaCl",
        K.TEXT,
        CheckOptions(case_sensitive=True),
        "nacl",
        R.LETTER_CASE,
        "capitals matter: NaCl",
    ),  # fmt: skip
    ("approximation", "sqrt(3)/2", None, NONE, "0.866", R.APPROXIMATION, "exact value"),
    ("approximation of a third", "1/3", K.RATIONAL, NONE, "0.33", R.APPROXIMATION, "exact"),
    (
        "one matrix entry",
        "[[1, 2], [3, 4]]",
        K.MATRIX,
        NONE,
        "[[1, 2], [3, 5]]",
        R.WRONG_ENTRY,
        "row 2, column 2",
    ),  # fmt: skip
    (
        "matrix transposed",
        "[[1, 2], [3, 4]]",
        K.MATRIX,
        NONE,
        "[[1, 3], [2, 4]]",
        R.WRONG_ORDER,
        "transpose",
    ),  # fmt: skip
    (
        "matrix rows swapped",
        "[[1, 2], [3, 4]]",
        K.MATRIX,
        NONE,
        "[[3, 4], [1, 2]]",
        R.WRONG_ORDER,
        "rows 1 and 2",
    ),  # fmt: skip
    ("one tuple component", "(3, 7)", K.TUPLE, NONE, "(3, 8)", R.WRONG_ENTRY, "second component"),
    ("unit missing", "72 km/h", K.UNITS, NONE, "72", R.MISSING_UNIT, "unit"),
    ("unit of another quantity", "72 km/h", K.UNITS, NONE, "72 kg", R.INCOMPATIBLE_UNITS, ""),
    ("reciprocal", "3/4", None, NONE, "4/3", R.RECIPROCAL, "reciprocal"),
    ("off by one", "12", K.INTEGER, NONE, "13", R.OFF_BY_ONE, "off by one"),
    (
        "form reason",
        "114",
        K.INTEGER,
        CheckOptions(form=Form.NUMERAL),
        "49 + 65",
        R.WRONG_FORM,
        "evaluate it",
    ),  # fmt: skip
    (
        "antiderivative, a term missing",
        "x^3/3 + x",
        None,
        CheckOptions(up_to_constant=True),
        "x^3/3 + C",
        R.MISSING_TERM,
        "missing",
    ),  # fmt: skip
]


@pytest.mark.parametrize(
    ("answer", "kind", "options", "attempt", "reason", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_diagnosis(
    answer: str,
    kind: AnswerKind | None,
    options: CheckOptions,
    attempt: str,
    reason: Reason,
    words: str,
) -> None:
    verdict = check(AnswerSpec(answer, kind, options), attempt, budget=10)
    assert not verdict.correct
    assert verdict.reason == reason, verdict
    assert words in verdict.message


@pytest.mark.parametrize(
    ("answer", "attempt"),
    [("x^2", "x^3"), ("5", "17"), ("sin(x)", "cos(x)"), ("{1, 2}", "{5, 9}")],
)
def test_an_unrelated_wrong_answer_keeps_wrong_value(answer: str, attempt: str) -> None:
    assert check(AnswerSpec(answer), attempt).reason == Reason.WRONG_VALUE


def test_a_coefficient_slip_is_not_called_a_missing_term() -> None:
    verdict = check(AnswerSpec("3x^2 + 2x"), "3x^2 + 3x")
    assert verdict.reason != Reason.MISSING_TERM


def test_every_variant_of_an_answer_is_a_wrong_answer() -> None:
    for answer in ("x^2 + 3x - 28", "(3, 7)", "x >= -3", "[[1, 2], [3, 4]]", "[2, 6)", "{2, -3}"):
        ref = read(answer, None)
        for variant in variants(ref):
            assert variant.node != ref, variant.name


def test_question_tests_of_an_inequality() -> None:
    spec = AnswerSpec("x >= -3", K.INEQUALITY)
    names = {m.name for m in learner_mistakes(spec)}
    assert {"inequality flipped", "endpoint open/closed"} <= names
    assert [f.name for f in right_forms(spec)] == ["plain", "LaTeX"]
    for form in right_forms(spec):
        assert check(spec, form.text).correct, form
    for mistake in learner_mistakes(spec):
        assert check(spec, mistake.text).reason == mistake.reason, mistake


def test_prompt_segments_and_quantities() -> None:
    assert prompt_segments("Solve $2x + 3 < 11$ for $x$.") == ["2x + 3 < 11", "x"]
    assert prompt_segments("Convert 72 km/h to m/s.", K.UNITS) == ["72 km/h"]
    assert prompt_segments("Convert 72 km/h to m/s.") == []
