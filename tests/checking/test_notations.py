"""Notations from other projects' answer checkers (issue 12, item 4), one table per category.

Each category has right answers in the notation, wrong ones in the same notation (so a
reading cannot pass by accepting everything) and, for malformed input, the column.
"""

from __future__ import annotations

import pytest

from trainer.checking import check
from trainer.domain import AnswerKind, AnswerSpec, Reason

K = AnswerKind
Row = tuple[str, str, str, AnswerKind | None, bool]


def _rows(rows: list[Row]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(
        ("answer", "attempt", "kind", "correct"),
        [pytest.param(a, t, k, c, id=name) for name, a, t, k, c in rows],
    )


NOTATIONS: list[Row] = [
    # degree signs inside trig arguments
    ("degrees: \\sin(30^\\circ)", "1/2", "\\sin(30^\\circ)", None, True),
    ("degrees: sin 30°", "1/2", "sin 30°", None, True),
    ("degrees: \\cos 60^{\\circ}", "1/2", "\\cos 60^{\\circ}", None, True),
    ("degrees: tan(45°)", "1", "tan(45°)", None, True),
    ("degrees: sin(30^o)", "1/2", "sin(30^o)", None, True),
    ("degrees: sin(30 degrees)", "1/2", "sin(30 degrees)", None, True),
    (
        "degrees: \\sin\\left(30^{\\circ}\\right)",
        "1/2",
        "\\sin\\left(30^{\\circ}\\right)",
        None,
        True,
    ),
    ("degrees: sin 30 is radians", "1/2", "sin 30", None, False),
    ("degrees: sin(60°) is not 1/2", "1/2", "sin(60°)", None, False),
    ("degrees: a bare angle stays degrees", "\\frac{\\pi}{6}", "30°", None, False),
    # factorials
    ("factorial: 3!", "6", "3!", None, True),
    ("factorial: factorial(5)", "120", "factorial(5)", None, True),
    ("factorial: factorial(n)", "n!", "factorial(n)", None, True),
    ("factorial: (n+1)!/n!", "n+1", "factorial(n+1)/factorial(n)", None, True),
    ("factorial: 4! is not 6", "6", "factorial(4)", None, False),
    ("factorial: Factorial spelled in capitals", "24", "Factorial(4)", None, True),
    # repeating decimals
    ("repeating: 0.\\overline{3}", "1/3", "0.\\overline{3}", None, True),
    ("repeating: 0.1\\overline{6}", "1/6", "0.1\\overline{6}", None, True),
    ("repeating: 0.\\overline{142857}", "1/7", "0.\\overline{142857}", None, True),
    ("repeating: 0.\\overline{3} is not 0.3", "3/10", "0.\\overline{3}", None, False),
    # floor and ceiling brackets
    ("floor: \\lfloor x \\rfloor", "floor(x)", "\\lfloor x \\rfloor", None, True),
    ("floor: \\lceil 3.2 \\rceil", "4", "\\left\\lceil 3.2 \\right\\rceil", None, True),
    ("floor: \\lfloor 3.7 \\rfloor is not 4", "4", "\\lfloor 3.7 \\rfloor", None, False),
    # Abs
    ("abs: Abs(x)", "|x|", "Abs(x)", None, True),
    ("abs: Abs(-3)", "3", "Abs(-3)", None, True),
    ("abs: Abs(x) is not x", "x", "Abs(x)", None, False),
    # words or \text{} after a value
    ("words: \\text{radians}", "2", "2 \\text{radians}", None, True),
    ("words: \\text{ years}", "5", "5\\text{ years}", None, True),
    ("words: 5 dollars", "5", "5 dollars", None, True),
    ("words: \\$10", "10", "\\$10", None, True),
    ("words: 12 eggs", "12", "12 eggs", None, True),
    ("words: 12 eggs.", "12", "12 eggs.", None, True),
    ("words: 13 eggs is still wrong", "12", "13 eggs", None, False),
    ("words: 7 is the answer", "7", "7 is the answer", None, True),
    ("words: inside an equation", "x = 5", "x = 5 \\text{ cm}", None, True),
    ("words: \\$10.00", "10", "\\$10.00", None, True),
    ("words: 6 percent is not 6", "6", "6 percent", K.INTEGER, False),
    # units it did not know
    ("units: angstrom", "1.5 angstrom", "0.15 nm", K.UNITS, True),
    ("units: \\AA", "5 \\AA", "0.5 nm", None, True),
    ("units: Å and angstroms", "1.5 Å", "1.5 angstroms", None, True),
    ("units: amu and u", "3 amu", "3 u", None, True),
    ("units: gal and gallons", "2 gal", "2 gallons", None, True),
    ("units: gal in litres", "2 gal", "7.570823568 L", None, True),
    ("units: gal is not a litre", "2 gal", "2 L", None, False),
    # set operations in interval answers
    ("sets: ℝ ∖ {0}", "\\mathbb{R} \\setminus \\{0\\}", "(-inf, 0) U (0, inf)", None, True),
    (
        "sets: (-∞,0) ∪ (0,∞) as ℝ ∖ {0}",
        "(-inf,0) ∪ (0,inf)",
        "\\mathbb{R} \\setminus \\{0\\}",
        None,
        True,
    ),
    ("sets: ℝ ∖ {0} is not ℝ", "(-inf, inf)", "\\mathbb{R} \\setminus \\{0\\}", None, False),
    ("sets: ∩", "[1,2]", "[0,2] \\cap [1,3]", None, True),
    ("sets: ∩ unicode", "[1,2]", "[0,2] ∩ [1,3]", None, True),
    ("sets: ∖ of an interval", "[0,1)", "[0,2] \\setminus [1,2]", None, True),
    ("sets: ∖ keeps the endpoint type", "[0,1]", "[0,2] \\setminus [1,2]", None, False),
    ("sets: ∪ merges", "[0,2]", "[0,1] ∪ [1,2]", None, True),
    ("sets: ℝ ∖ {1, 2}", "(-inf,1) U (1,2) U (2,inf)", "ℝ ∖ {1, 2}", None, True),
    (
        "sets: \\mathbb R without braces",
        "(-inf,0) U (0,inf)",
        "\\mathbb R \\setminus \\{0\\}",
        None,
        True,
    ),
    ("sets: \\R", "(-inf,0) U (0,inf)", "\\R \\setminus \\{0\\}", None, True),
    ("sets: ℝ - {0} as a difference", "(-inf,0) U (0,inf)", "\\mathbb{R}-\\{0\\}", None, True),
    ("sets: finite sets joined by ∪", "{1,2}", "\\{1, 2\\} \\cup \\{2\\}", None, True),
    ("sets: finite sets joined by ∪, wrong", "{1,2}", "{1} U {3}", None, False),
    # trailing dot, fullwidth digits, • as times
    ("dot: 42.", "42", "42.", None, True),
    ("dot: 3.5.", "3.5", "3.5.", None, True),
    ("dot: 43. is still wrong", "42", "43.", None, False),
    ("fullwidth: ４２", "42", "４２", None, True),
    ("fullwidth: ３／４", "0.75", "３／４", None, True),
    ("fullwidth: ４３ is wrong", "42", "４３", None, False),
    ("bullet: 2•3", "6", "2•3", None, True),
    ("bullet: 2•x", "2x", "2•x", None, True),
    ("bullet: 2•3 is not 5", "5", "2•3", None, False),
    ("bullet: \\bullet", "6", "2 \\bullet 3", None, True),
    # recurrences with subscripts
    ("subscript: a_n = 3a_{n-1}", "a_n = 3a_{n-1}", "a_n = 3 a_{n-1}", None, True),
    ("subscript: a_{n+1} = 2a_n", "a_{n+1} = 2a_n", "a_{n+1} - 2 a_n = 0", None, True),
    ("subscript: a_n = 2a_{n-1} is wrong", "a_n = 3a_{n-1}", "a_n = 2 a_{n-1}", None, False),
    # digit grouping inside an equation
    ("grouping: y = 26,000", "y = 26000", "y = 26,000", None, True),
    ("grouping: x = 1,234,567", "x = 1234567", "x = 1,234,567", None, True),
    ("grouping: y = 26,001 is wrong", "y = 26000", "y = 26,001", None, False),
    ("grouping: a list stays a list", "{1, 2, 3}", "{1,2,3}", None, True),
]


@_rows(NOTATIONS)
def test_notation(answer: str, attempt: str, kind: AnswerKind | None, correct: bool) -> None:
    verdict = check(AnswerSpec(answer, kind), attempt)
    assert verdict.correct is correct, verdict
    assert verdict.reason not in (Reason.CHECKER_ERROR, Reason.UNPARSEABLE), verdict


MALFORMED = [
    pytest.param("[3, inf)", "[3, \\infty]", 11, id="malformed: closed at +infinity"),
    pytest.param("(-inf, 3]", "[-\\infty, 3]", 1, id="malformed: closed at -infinity"),
    pytest.param("[3, inf)", "[3, ∞]", 6, id="malformed: closed at ∞"),
    pytest.param("1", "$1$$", 4, id="malformed: $1$$"),
    pytest.param("2", "$1$ and $2", 9, id="malformed: an unclosed $ after math"),
    pytest.param("6", "2 3", 3, id="malformed: two numbers side by side"),
    pytest.param("3", "\\lfloor 3.7 \\rceil", 13, id="malformed: floor closed by a ceiling"),
]


@pytest.mark.parametrize(("answer", "attempt", "column"), MALFORMED)
def test_malformed_input_is_refused_with_its_column(answer: str, attempt: str, column: int) -> None:
    verdict = check(AnswerSpec(answer), attempt)
    assert verdict.reason == Reason.UNPARSEABLE, verdict
    assert f"column {column}" in verdict.message, verdict
    assert not verdict.counts_as_attempt


def test_a_plain_dollar_price_is_still_read() -> None:
    assert check(AnswerSpec("10"), "$10").correct
