"""Question tests built from an answer: its other notations are right, its mistakes wrong.

Over a table of answers of every shape, the plain and LaTeX writings of the answer must be
graded right, and every learner mistake graded wrong with the reason it names.
"""

from __future__ import annotations

import pytest

from trainer.checking import check
from trainer.checking.question_tests import expanded_text, learner_mistakes, right_forms
from trainer.domain import AnswerKind, AnswerSpec, CheckOptions, Form, Reason

K = AnswerKind
SPECS = [
    AnswerSpec("x^2 + 3x - 28"),
    AnswerSpec("(x + 2)(x - 3)", None, CheckOptions(form=Form.FACTORED)),
    AnswerSpec("2x^3 - 5x", None, CheckOptions(form=Form.EXPANDED)),
    AnswerSpec("\\frac{\\sqrt{3}}{2}", None, CheckOptions(form=Form.EXACT)),
    AnswerSpec("-\\frac{\\pi}{4}"),
    AnswerSpec("e^(2x)/2 + sin(x)"),
    AnswerSpec("ln(x^2 + 1)"),
    AnswerSpec("x = -4", K.EQUATION),
    AnswerSpec("y = 3x - 2", K.EQUATION),
    AnswerSpec("x >= -3", K.INEQUALITY),
    AnswerSpec("-4 < x < 4", K.INEQUALITY),
    AnswerSpec("{-1/2, 2}", K.SET),
    AnswerSpec("(7, 3)", K.TUPLE),
    AnswerSpec("[2, 6)", K.INTERVAL),
    AnswerSpec("(-inf, 5]", K.INTERVAL),
    AnswerSpec("[[1, -1], [-1, 2]]", K.MATRIX),
    AnswerSpec("[[3/2, -1/2], [-2, 1]]", K.MATRIX),
    AnswerSpec("11/4", K.RATIONAL, CheckOptions(form=Form.IMPROPER_FRACTION)),
    AnswerSpec("0.375", K.DECIMAL, CheckOptions(form=Form.DECIMAL)),
    AnswerSpec("12.5%", K.PERCENT, CheckOptions(form=Form.PERCENT)),
    AnswerSpec("114", K.INTEGER, CheckOptions(form=Form.NUMERAL)),
    AnswerSpec("3", K.INTEGER, CheckOptions(form=Form.LITERAL)),
    AnswerSpec("20 m/s", K.UNITS),
    AnswerSpec("9.8 m/s^2", K.UNITS, CheckOptions(allow_bare_value=True, form=Form.NUMERAL)),
    AnswerSpec("NaCl", K.TEXT, CheckOptions(case_sensitive=True)),
    AnswerSpec("New York", K.TEXT),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.answer)
def test_right_forms_are_right(spec: AnswerSpec) -> None:
    assert check(spec, spec.answer).correct
    for form in right_forms(spec):
        verdict = check(spec, form.text, budget=10)
        assert verdict.correct, (form, verdict)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.answer)
def test_mistakes_are_wrong_with_their_reason(spec: AnswerSpec) -> None:
    for mistake in learner_mistakes(spec):
        verdict = check(spec, mistake.text, budget=10)
        assert not verdict.correct, (mistake, verdict)
        assert verdict.reason == mistake.reason, (mistake, verdict)


def test_every_shape_gets_mistakes() -> None:
    for spec in SPECS:
        if spec.answer != "New York":
            assert learner_mistakes(spec), spec.answer


@pytest.mark.parametrize(
    ("factored", "expanded"),
    [("(x+2)(x+3)", "x^2 + 5x + 6"), ("2(x-1)(x+1)", "2x^2 - 2"), ("(x-y)^2", "x^2 - 2xy + y^2")],
)
def test_expanded_text(factored: str, expanded: str) -> None:
    from trainer.checking.checker import read

    assert expanded_text(read(factored, None)) == expanded


def test_no_expansion_of_what_is_not_a_polynomial() -> None:
    from trainer.checking.checker import read

    assert expanded_text(read("sin(x)(x+1)", None)) is None
    assert expanded_text(read("1/(x+1)", None)) is None
    assert Reason.WRONG_FORM in {m.reason for m in learner_mistakes(SPECS[1])}
