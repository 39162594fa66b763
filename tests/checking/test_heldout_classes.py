"""Held-out red-team cases (issue 12): new cases of every class, written apart from the
issue's examples, the shared corpora and ``test_redteam.py``, to check that the fixes
hold for the class and not only for the lines that were listed.

Every row is one case; its id names the class first (``hedge: it's 7, not 8``). The
verdicts follow docs/checking.md: ``right`` (correct), ``wrong`` (graded, not correct),
``ambiguous`` (competing answers named: not counted), ``unreadable`` (refused with a
column: not counted). A red-team row is never ``right``; each class also keeps right
answers in the same notation right, so that refusing everything cannot pass.
"""

from __future__ import annotations

from typing import Any

import pytest

from trainer.checking import check
from trainer.domain import AnswerKind, AnswerSpec, CheckOptions, Form, Reason

K = AnswerKind
F = Form
Row = tuple[str, str, str, AnswerKind | None, dict[str, Any], str]


def _grade(answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any]) -> str:
    verdict = check(AnswerSpec(answer, kind, CheckOptions(**options)), attempt)
    assert verdict.reason not in (Reason.CHECKER_ERROR, Reason.TIMEOUT), verdict
    if verdict.correct:
        return "right"
    if verdict.reason == Reason.AMBIGUOUS:
        assert not verdict.counts_as_attempt
        assert verdict.message
        return "ambiguous"
    if verdict.reason == Reason.UNPARSEABLE:
        assert "column" in verdict.message, verdict
        return "unreadable"
    return "wrong"


def _verdict_is(got: str, want: str) -> bool:
    """``not right``: wrong, ambiguous or unreadable, where the conventions leave which."""
    return got != "right" if want == "not right" else got == want


def _table(rows: list[Row]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(
        ("answer", "attempt", "kind", "options", "want"),
        [pytest.param(a, t, k, o, w, id=name) for name, a, t, k, o, w in rows],
    )


# The prompt typed back: a `$…$` segment of the question, graded under the problem's form.
ECHO: list[Row] = [
    ("echo numeral: 56 from 7 * 8", "56", "7 * 8", K.INTEGER, {"form": F.NUMERAL}, "wrong"),
    ("echo numeral: 81 from 3^4", "81", "3^4", K.INTEGER, {"form": F.NUMERAL}, "wrong"),
    ("echo numeral: 9 from sqrt(81)", "9", "\\sqrt{81}", K.INTEGER, {"form": F.NUMERAL}, "wrong"),
    ("echo numeral: 120 from 5!", "120", "5!", K.INTEGER, {"form": F.NUMERAL}, "wrong"),
    ("echo numeral: 7 from |-7|", "7", "|-7|", K.INTEGER, {"form": F.NUMERAL}, "wrong"),
    ("echo numeral: 4 from 12 ÷ 3", "4", "12 ÷ 3", K.INTEGER, {"form": F.NUMERAL}, "wrong"),
    ("echo numeral: 3 from log_2(8)", "3", "log_2(8)", K.INTEGER, {"form": F.NUMERAL}, "wrong"),
    (
        "echo numeral: 1/2 from sin(π/6)",
        "1/2",
        "sin(π/6)",
        K.RATIONAL,
        {"form": F.NUMERAL},
        "wrong",
    ),
    ("echo numeral right: 56", "56", "56", K.INTEGER, {"form": F.NUMERAL}, "right"),
    ("echo numeral right: 1/2 as p/q", "1/2", "1/2", K.RATIONAL, {"form": F.NUMERAL}, "right"),
    ("echo numeral right: -12", "-12", "−12", K.INTEGER, {"form": F.NUMERAL}, "right"),
    (
        "echo numeral right: \\boxed{56}",
        "56",
        "\\boxed{56}",
        K.INTEGER,
        {"form": F.NUMERAL},
        "right",
    ),
    ("echo decimal: 0.625 from 5/8", "0.625", "5/8", K.DECIMAL, {"form": F.DECIMAL}, "wrong"),
    (
        "echo decimal: 0.625 from \\frac{5}{8}",
        "0.625",
        "\\frac{5}{8}",
        K.DECIMAL,
        {"form": F.DECIMAL},
        "wrong",
    ),
    ("echo decimal right: .625", "0.625", ".625", K.DECIMAL, {"form": F.DECIMAL}, "right"),
    ("echo percent: 62.5% from 5/8", "62.5%", "5/8", K.PERCENT, {"form": F.PERCENT}, "wrong"),
    ("echo percent: 62.5% from 0.625", "62.5%", "0.625", K.PERCENT, {"form": F.PERCENT}, "wrong"),
    ("echo percent right: 62.5 \\%", "62.5%", "62.5 \\%", K.PERCENT, {"form": F.PERCENT}, "right"),
    (
        "echo improper: 17/5 from 3 2/5",
        "17/5",
        "3 2/5",
        K.RATIONAL,
        {"form": F.IMPROPER_FRACTION},
        "wrong",
    ),
    (
        "echo improper: 17/5 from 3.4",
        "17/5",
        "3.4",
        K.RATIONAL,
        {"form": F.IMPROPER_FRACTION},
        "wrong",
    ),
    (
        "echo improper right: \\frac{17}{5}",
        "17/5",
        "\\frac{17}{5}",
        K.RATIONAL,
        {"form": F.IMPROPER_FRACTION},
        "right",
    ),
    ("echo mixed: 3 2/5 from 17/5", "3 2/5", "17/5", K.RATIONAL, {"form": F.MIXED_NUMBER}, "wrong"),
    ("echo mixed: 3 2/5 from 3.4", "3 2/5", "3.4", K.RATIONAL, {"form": F.MIXED_NUMBER}, "wrong"),
    (
        "echo mixed right: 3\\frac{2}{5}",
        "3 2/5",
        "3\\frac{2}{5}",
        K.RATIONAL,
        {"form": F.MIXED_NUMBER},
        "right",
    ),
    ("echo solved: 5x - 1 > 9", "x > 2", "5x - 1 > 9", K.INEQUALITY, {"form": F.SOLVED}, "wrong"),
    ("echo solved: 3(x + 1) = 12", "x = 3", "3(x + 1) = 12", None, {"form": F.SOLVED}, "wrong"),
    ("echo solved right: x > 2", "x > 2", "x > 2", K.INEQUALITY, {"form": F.SOLVED}, "right"),
    ("echo solved right: x = 3", "x = 3", "x=3", None, {"form": F.SOLVED}, "right"),
    ("echo exact: tan(π/3)", "sqrt(3)", "tan(π/3)", None, {"form": F.EXACT}, "wrong"),
    ("echo exact: 1.7320508", "sqrt(3)", "1.7320508", None, {"form": F.EXACT}, "wrong"),
    ("echo exact right: √3", "sqrt(3)", "√3", None, {"form": F.EXACT}, "right"),
    (
        "echo exact right: \\frac{\\sqrt{2}}{2}",
        "sqrt(2)/2",
        "\\frac{\\sqrt{2}}{2}",
        None,
        {"form": F.EXACT},
        "right",
    ),
    ("echo solved: x² = 9", "x = 3 or x = -3", "x^2 = 9", None, {"form": F.SOLVED}, "wrong"),
    ("echo solved: |x| = 3", "x = 3 or x = -3", "|x| = 3", None, {"form": F.SOLVED}, "wrong"),
    ("echo solved right: x = ±3", "x = 3 or x = -3", "x = ±3", None, {"form": F.SOLVED}, "right"),
    (
        "echo solved right: x = \\pm 3",
        "x = 3 or x = -3",
        "x = \\pm 3",
        None,
        {"form": F.SOLVED},
        "right",
    ),
    (
        "echo solved: x = ±√9 is not simplified",
        "x = 3 or x = -3",
        "x = ±\\sqrt{9}",
        None,
        {"form": F.SOLVED},
        "wrong",
    ),
    ("echo numeral right: ±3 for a set", "{3, -3}", "±3", K.SET, {"form": F.NUMERAL}, "right"),
    ("echo simplified: √50", "5*sqrt(2)", "\\sqrt{50}", None, {"form": F.SIMPLIFIED}, "wrong"),
    (
        "echo simplified: 1/√2",
        "sqrt(2)/2",
        "\\frac{1}{\\sqrt{2}}",
        None,
        {"form": F.SIMPLIFIED},
        "wrong",
    ),
    ("echo simplified: x + x", "2x", "x + x", None, {"form": F.SIMPLIFIED}, "wrong"),
    ("echo simplified: 2x + 3x", "5x", "2x + 3x", None, {"form": F.SIMPLIFIED}, "wrong"),
    ("echo simplified: 2³·2⁴", "2^7", "2^3 \\cdot 2^4", None, {"form": F.SIMPLIFIED}, "wrong"),
    ("echo simplified: x·x", "x^2", "x \\cdot x", None, {"form": F.SIMPLIFIED}, "wrong"),
    ("echo simplified: log₂ 8", "3", "\\log_2 8", None, {"form": F.SIMPLIFIED}, "wrong"),
    ("echo simplified: ∛16", "2*cbrt(2)", "\\sqrt[3]{16}", None, {"form": F.SIMPLIFIED}, "wrong"),
    (
        "echo simplified right: 5√2",
        "5*sqrt(2)",
        "5\\sqrt{2}",
        None,
        {"form": F.SIMPLIFIED},
        "right",
    ),
    (
        "echo simplified right: √2/2",
        "sqrt(2)/2",
        "\\frac{\\sqrt{2}}{2}",
        None,
        {"form": F.SIMPLIFIED},
        "right",
    ),
    (
        "echo simplified right: 1 + √2",
        "1 + sqrt(2)",
        "1 + \\sqrt{2}",
        None,
        {"form": F.SIMPLIFIED},
        "right",
    ),
    ("echo simplified right: ln 2", "ln(2)", "\\ln 2", None, {"form": F.SIMPLIFIED}, "right"),
    ("echo expanded: x² + x + x + 1", "x^2+2x+1", "x^2+x+x+1", None, {"form": F.EXPANDED}, "wrong"),
    ("echo expanded: (x + 1)²", "x^2+2x+1", "(x+1)^2", None, {"form": F.EXPANDED}, "wrong"),
    (
        "echo expanded right: x² + 2x + 1",
        "x^2+2x+1",
        "x^{2}+2x+1",
        None,
        {"form": F.EXPANDED},
        "right",
    ),
    ("echo factored: x² - x", "x(x-1)", "x^2 - x", None, {"form": F.FACTORED}, "wrong"),
    (
        "echo lowest terms: 6/8",
        "3/4",
        "\\frac{6}{8}",
        K.RATIONAL,
        {"form": F.LOWEST_TERMS},
        "wrong",
    ),
    ("echo exact right: exp(2) for e²", "e^2", "\\exp(2)", None, {"form": F.EXACT}, "right"),
    ("echo exact: exp(ln 2) for 2", "2", "\\exp(\\ln 2)", None, {"form": F.EXACT}, "wrong"),
    ("echo exact: sin(60°)", "sqrt(3)/2", "\\sin(60^\\circ)", None, {"form": F.EXACT}, "wrong"),
    ("echo exact: acos(1/2) for π/3", "pi/3", "acos(1/2)", None, {"form": F.EXACT}, "wrong"),
    ("echo literal: 4.0 for 4", "4", "4.0", K.INTEGER, {"form": F.LITERAL}, "wrong"),
    ("echo literal: 2 for 2.0", "2.0", "2", K.DECIMAL, {"form": F.LITERAL}, "wrong"),
    ("echo literal right: 4", "4", "4", K.INTEGER, {"form": F.LITERAL}, "right"),
    ("echo none: 49 + 65 without a form", "114", "49 + 65", K.INTEGER, {}, "right"),
    ("echo units: 5 km for 5000 m", "5000 m", "5 km", K.UNITS, {"form": F.NUMERAL}, "wrong"),
    ("echo units: 5 × 1000 m", "5000 m", "5 \\times 1000 m", K.UNITS, {"form": F.NUMERAL}, "wrong"),
    ("echo units: 5000 m + 0 m", "5000 m", "5000 m + 0 m", K.UNITS, {"form": F.NUMERAL}, "wrong"),
    ("echo units: 1500 · 1 J", "1500 J", "1500 \\cdot 1 J", K.UNITS, {"form": F.NUMERAL}, "wrong"),
    ("echo units right: 5\\,000 m", "5000 m", "5\\,000 m", K.UNITS, {"form": F.NUMERAL}, "right"),
    ("echo units right: 5 000 m", "5000 m", "5 000 m", K.UNITS, {"form": F.NUMERAL}, "right"),
    (
        "echo units right: 1.5 \\times 10^{3} \\text{ J}",
        "1500 J",
        "1.5 \\times 10^{3} \\text{ J}",
        K.UNITS,
        {"form": F.NUMERAL},
        "right",
    ),
    ("echo units right: 1.5×10³ J", "1500 J", "1.5×10³ J", K.UNITS, {"form": F.NUMERAL}, "right"),
    (
        "echo units right: 20 m s^{-1}",
        "20 m/s",
        "20 m s^{-1}",
        K.UNITS,
        {"form": F.NUMERAL},
        "right",
    ),
]


@_table(ECHO)
def test_prompt_echo(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)


HEDGE: list[Row] = [
    ("hedge: it's 7, not 8", "8", "it's 7, not 8", None, {}, "ambiguous"),
    ("hedge: 7 or maybe 8", "8", "7 or maybe 8", None, {}, "ambiguous"),
    ("hedge: 7 or maybe 8 for 7", "7", "7 or maybe 8", K.INTEGER, {}, "ambiguous"),
    ("hedge: it's either 3 or 4", "4", "it's either 3 or 4", K.INTEGER, {}, "ambiguous"),
    ("hedge: neither 3 nor 4", "4", "neither 3 nor 4", None, {}, "ambiguous"),
    ("hedge: x=2=3", "3", "x=2=3", None, {}, "ambiguous"),
    ("hedge: x=2=3 for x = 3", "x = 3", "x=2=3", None, {}, "ambiguous"),
    ("hedge: somewhere between 5 and 6", "6", "somewhere between 5 and 6", None, {}, "ambiguous"),
    ("hedge: 7, not 8 without words", "8", "7 not 8", K.INTEGER, {}, "ambiguous"),
    ("hedge: not 8", "8", "not 8", K.INTEGER, {}, "ambiguous"),
    ("hedge: 2.5 or 3.5 decimals", "3.5", "2.5 or 3.5", K.DECIMAL, {}, "ambiguous"),
    ("hedge: 1/2 or 1/3", "1/3", "1/2 or 1/3", K.RATIONAL, {}, "ambiguous"),
    ("hedge: x = 4 or x = 5 for one value", "5", "x = 4 or x = 5", None, {}, "ambiguous"),
    ("hedge: 4 and not 5", "5", "4 and not 5", None, {}, "ambiguous"),
    ("hedge: maybe 4, maybe 5", "5", "maybe 4, maybe 5", None, {}, "ambiguous"),
    ("hedge: 4 (or 5)", "5", "4 (or 5)", K.INTEGER, {}, "not right"),
    ("hedge: 4 (or 5) is not 20", "20", "4 (or 5)", K.INTEGER, {}, "not right"),
    ("hedge: 6 or 7 in a box", "7", "\\boxed{6 \\text{ or } 7}", K.INTEGER, {}, "ambiguous"),
    ("hedge: $x=2=3$ in LaTeX", "3", "$x = 2 = 3$", None, {}, "ambiguous"),
    ("hedge: 10 = 12 for 12", "12", "10 = 12", K.INTEGER, {}, "ambiguous"),
    ("hedge: 5 ≠ 6", "6", "5 ≠ 6", K.INTEGER, {}, "ambiguous"),
    ("hedge: 3 to 4 is a range", "4", "from 3 to 4", K.INTEGER, {}, "ambiguous"),
    ("hedge: at least 8 is not 8", "8", "at least 8", K.INTEGER, {}, "ambiguous"),
    ("hedge: more than 7 is not 8", "8", "more than 7", K.INTEGER, {}, "ambiguous"),
    ("hedge: 9, or is it 8?", "8", "9, or is it 8?", K.INTEGER, {}, "ambiguous"),
    ("hedge: $x$ is either $3$ or $4$", "4", "$x$ is either $3$ or $4$", None, {}, "ambiguous"),
    ("hedge: $x = 3$, not $4$", "4", "$x = 3$, not $4$", None, {}, "ambiguous"),
    ("hedge: neither $3$ nor $4$", "4", "neither $3$ nor $4$", None, {}, "ambiguous"),
    ("hedge: $4$ (or maybe $5$)", "4", "It is $4$ (or maybe $5$)", None, {}, "ambiguous"),
    (
        "hedge: \\text{either } 3 \\text{ or } 4",
        "4",
        "\\text{either } 3 \\text{ or } 4",
        None,
        {},
        "ambiguous",
    ),
    ("hedge: I don't think it's 8", "8", "I don't think it's 8", None, {}, "ambiguous"),
    ("hedge: I doubt the answer is 8", "8", "I doubt that the answer is 8", None, {}, "ambiguous"),
    ("hedge: not sure it's 8", "8", "not sure it's 8", None, {}, "ambiguous"),
    ("hedge right: no doubt it's 8", "8", "No doubt it's 8", None, {}, "right"),
    ("hedge right: I think it's 8", "8", "I think it's 8", None, {}, "right"),
    (
        "hedge right: the answer is not 6, it's 8",
        "8",
        "the answer is not 6, it's 8",
        None,
        {},
        "right",
    ),
    ("hedge right: it's 8.", "8", "it's 8.", None, {}, "right"),
    ("hedge right: x = 8", "8", "x = 8", None, {}, "right"),
    ("hedge right: 2x = 16 so x = 8", "8", "$2x = 16$ so $x = 8$", None, {}, "right"),
    ("hedge wrong: it's 7, not 8 read as 7", "9", "it's 7", None, {}, "wrong"),
]


@_table(HEDGE)
def test_hedged_or_negated(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)


_CAPITALS = {"choices": ("Paris", "London", "Rome", "Berlin")}

CHOICE: list[Row] = [
    ("choice: B and C", "C", "B and C", K.CHOICE, {}, "ambiguous"),
    ("choice: B, C", "C", "B, C", K.CHOICE, {}, "ambiguous"),
    ("choice: B or C", "B", "B or C", K.CHOICE, {}, "ambiguous"),
    ("choice: B/C", "B", "B/C", K.CHOICE, {}, "ambiguous"),
    ("choice: B & C", "C", "B & C", K.CHOICE, {}, "ambiguous"),
    ("choice: B; C", "C", "B; C", K.CHOICE, {}, "ambiguous"),
    ("choice: BC", "C", "BC", K.CHOICE, {}, "ambiguous"),
    ("choice: both B and C", "C", "both B and C", K.CHOICE, {}, "ambiguous"),
    ("choice: not A", "B", "not A", K.CHOICE, {}, "ambiguous"),
    ("choice: C, not B", "C", "C, not B", K.CHOICE, {}, "ambiguous"),
    ("choice: all of them", "D", "all of them", K.CHOICE, {}, "ambiguous"),
    ("choice: all of the above", "D", "all of the above", K.CHOICE, {}, "ambiguous"),
    ("choice: A-D", "D", "A-D", K.CHOICE, {}, "ambiguous"),
    ("choice: (b) or (c)", "C", "(b) or (c)", K.CHOICE, {}, "ambiguous"),
    ("choice: either b or c", "B", "either b or c", K.CHOICE, {}, "ambiguous"),
    ("choice: texts London or Rome", "B", "London or Rome", K.CHOICE, _CAPITALS, "ambiguous"),
    ("choice: texts London, Rome", "B", "London, Rome", K.CHOICE, _CAPITALS, "ambiguous"),
    ("choice: not Paris", "B", "not Paris", K.CHOICE, _CAPITALS, "ambiguous"),
    ("choice right: option C", "C", "option C", K.CHOICE, {}, "right"),
    ("choice right: C.", "C", "C.", K.CHOICE, {}, "right"),
    ("choice right: answer: c", "C", "answer: c", K.CHOICE, {}, "right"),
    ("choice right: the text London", "B", "London", K.CHOICE, _CAPITALS, "right"),
    ("choice right: b) London", "B", "b) London", K.CHOICE, _CAPITALS, "right"),
    ("choice wrong: Rome", "B", "Rome", K.CHOICE, _CAPITALS, "wrong"),
]


@_table(CHOICE)
def test_several_choices(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)


MIXED: list[Row] = [
    ("mixed: 4 1/3 is 13/3", "13/3", "4 1/3", None, {}, "right"),
    ("mixed: 4 1/3 is not 4/3", "4/3", "4 1/3", None, {}, "wrong"),
    ("mixed: 4 1/3 is not 4/3, rational", "4/3", "4 1/3", K.RATIONAL, {}, "wrong"),
    ("mixed: -4 1/3 is -13/3", "-13/3", "-4 1/3", K.RATIONAL, {}, "right"),
    ("mixed: -4 1/3 is not -11/3", "-11/3", "-4 1/3", K.RATIONAL, {}, "wrong"),
    ("mixed: 10 1/4 as a decimal", "10.25", "10 1/4", K.DECIMAL, {}, "right"),
    ("mixed: 1 2/4 is 1.5", "3/2", "1 2/4", None, {}, "right"),
    ("mixed: 2 ¾ is 11/4", "11/4", "2 ¾", None, {}, "right"),
    ("mixed: 2\\tfrac{3}{4} is 11/4", "11/4", "2\\tfrac{3}{4}", None, {}, "right"),
    ("mixed: 2\\frac34 is not 3/2", "3/2", "2\\frac34", None, {}, "wrong"),
    ("mixed: 3½ is not 3/2", "3/2", "3½", None, {}, "wrong"),
    ("mixed: 4~\\frac13 with a LaTeX tie", "13/3", "4~\\frac13", None, {}, "right"),
    ("mixed: 4\\,\\frac{1}{3}", "13/3", "4\\,\\frac{1}{3}", None, {}, "right"),
    (
        "mixed: 4 \\cdot \\frac{1}{3} is a product",
        "4/3",
        "4 \\cdot \\frac{1}{3}",
        None,
        {},
        "right",
    ),
    ("mixed: 1 3/2 is not a mixed number", "5/2", "1 3/2", None, {}, "unreadable"),
    ("mixed: 1 3/2 is not 3/2 either", "3/2", "1 3/2", None, {}, "unreadable"),
    ("mixed: 1\\frac{3}{2} is not 5/2", "5/2", "1\\frac{3}{2}", None, {}, "unreadable"),
    ("mixed: 1\\frac{3}{2} is not 3/2", "3/2", "1\\frac{3}{2}", None, {}, "unreadable"),
    ("mixed: 3 1/2 m is 3.5 m", "3.5 m", "3 1/2 m", K.UNITS, {}, "right"),
    ("mixed: 3 1/2% is 3.5%", "3.5%", "3 1/2%", None, {}, "right"),
    ("mixed: (3 1/2, 2) is (3.5, 2)", "(3.5, 2)", "(3 1/2, 2)", K.TUPLE, {}, "right"),
    ("spaced: 3 4 m", "12 m", "3 4 m", K.UNITS, {}, "unreadable"),
    ("spaced: 3 4%", "12%", "3 4%", None, {}, "unreadable"),
    ("spaced: x^2 3 is not x^6", "x^6", "x^2 3", None, {}, "unreadable"),
    ("spaced: 2\\ 3 in LaTeX", "6", "2\\ 3", None, {}, "unreadable"),
    ("spaced: 2\\quad 3", "3", "2\\quad 3", None, {}, "unreadable"),
    ("spaced: 12 5 is not 60", "60", "12 5", K.INTEGER, {}, "unreadable"),
    ("spaced: 12 5 is not 125", "125", "12 5", K.INTEGER, {}, "unreadable"),
    ("spaced: 0 .25 is not 0", "0", "0 .25", None, {}, "unreadable"),
    ("spaced: 0 .25 is not 0.25", "0.25", "0 .25", K.DECIMAL, {}, "unreadable"),
    ("spaced: 1 00 is not 100", "100", "1 00", K.INTEGER, {}, "unreadable"),
    ("spaced: 3 .14 is not 3.14", "3.14", "3 .14", None, {}, "unreadable"),
    ("spaced: 5 0.5 is not 2.5", "2.5", "5 0.5", None, {}, "unreadable"),
    ("spaced: 2 3 is not a set", "{2, 3}", "2 3", K.SET, {}, "unreadable"),
    ("spaced: 2 3 is not 23", "23", "2 3", K.INTEGER, {}, "unreadable"),
    ("spaced: 6 -2 is not 4 for a list", "{6, -2}", "6 -2", K.SET, {}, "wrong"),
    ("spaced right: 12 345 678 groups", "12345678", "12 345 678", K.INTEGER, {}, "right"),
    ("spaced right: 2 x multiplies a letter", "2x", "2 x", None, {}, "right"),
    ("spaced right: 1\\,000\\,000", "1000000", "1\\,000\\,000", K.INTEGER, {}, "right"),
]


@_table(MIXED)
def test_mixed_and_spaced(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)


SETS: list[Row] = [
    ("sets: [2, 5] is not [2, 5)", "[2, 5)", "[2, 5]", K.INTERVAL, {}, "wrong"),
    ("sets: (2, 5 + 10^-25)", "(2, 5)", "(2, 5 + 10^-25)", K.INTERVAL, {}, "wrong"),
    ("sets: (2, 10^50) is not (2, ∞)", "(2, inf)", "(2, 10^50)", K.INTERVAL, {}, "wrong"),
    ("sets: x ≥ 2 is not x > 2", "x > 2", "x >= 2", None, {}, "wrong"),
    ("sets: (1,3) ∪ (3,5) misses 3", "(1, 5)", "(1, 3) U (3, 5)", K.INTERVAL, {}, "wrong"),
    ("sets: x ≠ 2 + 10^-30", "x != 2", "x != 2 + 10^-30", None, {}, "wrong"),
    ("sets: {1, 2, 3 + 10^-40}", "{1, 2, 3}", "{1, 2, 3 + 10^-40}", K.SET, {}, "wrong"),
    ("sets: x > 1/3 by 22 digits", "x > 1/3", "x > 0.3333333333333333333333", None, {}, "wrong"),
    ("sets: x > π by 27 digits", "x > pi", "x > 3.14159265358979323846264338", None, {}, "wrong"),
    (
        "sets: (0, e) by 25 digits",
        "(0, e)",
        "(0, 2.718281828459045235360287)",
        K.INTERVAL,
        {},
        "wrong",
    ),
    ("sets: [1, 10^20 + 1]", "[1, 10^20]", "[1, 10^20 + 1]", K.INTERVAL, {}, "wrong"),
    ("sets: x ≥ 10^20 + 1", "x >= 10^20", "x >= 10^20 + 1", None, {}, "wrong"),
    ("sets: x > -10^100 is not ℝ", "(-inf, inf)", "x > -10^100", K.INTERVAL, {}, "wrong"),
    ("sets: -2 ≤ x < 2 for x² < 4", "x^2 < 4", "-2 <= x < 2", None, {}, "wrong"),
    ("sets: x < 2 or x > 2 + 10^-22", "x != 2", "x < 2 or x > 2 + 10^-22", None, {}, "wrong"),
    (
        "sets: x = -1 or x = 2 + 10^-20",
        "x^2 - x - 2 = 0",
        "x = -1 or x = 2 + 10^-20",
        None,
        {},
        "wrong",
    ),
    ("sets: x < -1 or x > 10^30 for x < -1", "x < -1", "x < -1 or x > 10^30", None, {}, "wrong"),
    ("sets: x ≤ 5 - 10^-35", "x <= 5", "x <= 5 - 10^-35", None, {}, "wrong"),
    ("sets: [1, 3] ∪ {10^12}", "[1, 3]", "[1, 3] U {10^12}", K.INTERVAL, {}, "wrong"),
    ("sets: x³ > 8 + 10^-30 is not x³ > 8", "x^3 > 8", "x^3 > 8 + 10^-30", None, {}, "wrong"),
    (
        "sets: x > 1.2599… (26 digits) for x³ > 2",
        "x^3 > 2",
        "x > 1.2599210498948731647672106",
        None,
        {},
        "wrong",
    ),
    ("sets: |x| < 2 + 10^-30", "|x| < 2", "|x| < 2 + 10^-30", None, {}, "wrong"),
    (
        "sets: x > ln 2 by 30 digits",
        "e^x > 2",
        "x > 0.693147180559945309417232121458",
        None,
        {},
        "wrong",
    ),
    (
        "sets: 0 < x < e by 30 digits",
        "ln(x) < 1",
        "0 < x < 2.71828182845904523536028747135",
        None,
        {},
        "wrong",
    ),
    ("sets: sin(x) > 10^-30", "sin(x) > 0", "sin(x) > 10^-30", None, {}, "wrong"),
    ("sets: 1/x > 1 as 0 < x < 1 - 10^-30", "1/x > 1", "0 < x < 1 - 10^-30", None, {}, "wrong"),
    (
        "sets: x⁴ > 16 with a shifted bound",
        "x^4 > 16",
        "x < -2 or x > 2 + 10^-30",
        None,
        {},
        "wrong",
    ),
    (
        "sets: |x - 1| ≤ 3 with 4 + 10^-40",
        "|x - 1| <= 3",
        "-2 <= x <= 4 + 10^-40",
        None,
        {},
        "wrong",
    ),
    ("sets right: x³ > 2 is x > 2^(1/3)", "x^3 > 2", "x > 2^(1/3)", None, {}, "right"),
    ("sets right: e^x > 2 is x > ln 2", "e^x > 2", "x > ln(2)", None, {}, "right"),
    ("sets right: ln x < 1 is 0 < x < e", "ln(x) < 1", "0 < x < e", None, {}, "right"),
    ("sets right: x³ - x > 0", "x^3 - x > 0", "-1 < x < 0 or x > 1", None, {}, "right"),
    ("sets right: (1,3] ∪ [3,5) is (1,5)", "(1, 5)", "(1, 3] U [3, 5)", K.INTERVAL, {}, "right"),
    ("sets right: [0,1) ∪ {1} is [0,1]", "[0, 1]", "[0, 1) \\cup \\{1\\}", K.INTERVAL, {}, "right"),
    ("sets right: x < 2 or x > 2 is x ≠ 2", "x != 2", "x < 2 or x > 2", None, {}, "right"),
    ("sets right: \\left[2, 5\\right)", "[2, 5)", "\\left[2, 5\\right)", K.INTERVAL, {}, "right"),
    ("sets right: 2 ≤ x < 5 is [2, 5)", "[2, 5)", "2 ≤ x < 5", K.INTERVAL, {}, "right"),
    ("sets right: 5 > x > 2", "2 < x < 5", "5 > x > 2", None, {}, "right"),
    ("sets right: x ∈ (2, 5)", "(2, 5)", "x \\in (2, 5)", K.INTERVAL, {}, "right"),
    ("sets right: -2 < x < 2 for x² < 4", "x^2 < 4", "-2 < x < 2", None, {}, "right"),
    (
        "sets right: a LaTeX union",
        "x <= 3 or x >= 5",
        "(-\\infty, 3] \\cup [5, \\infty)",
        None,
        {},
        "right",
    ),
    ("sets right: |x| > 1 as a union", "|x| > 1", "(-∞, -1) ∪ (1, ∞)", None, {}, "right"),
    ("sets right: all real numbers", "(-inf, inf)", "All real numbers.", K.INTERVAL, {}, "right"),
    ("sets right: all reals for x² + 1 > 0", "x^2 + 1 > 0", "all reals", None, {}, "right"),
    ("sets right: no solution", "x^2 < 0", "no solution", None, {}, "right"),
    ("sets right: no real solutions is ∅", "{}", "no real solutions", K.SET, {}, "right"),
    ("sets: no solution for x > 2", "x > 2", "no solution", None, {}, "wrong"),
    ("sets: all real numbers for x > 2", "x > 2", "all real numbers", None, {}, "wrong"),
    ("sets: no solution for {1}", "{1}", "no solution", K.SET, {}, "wrong"),
    ("sets right: {x | x > 2}", "x > 2", "{x | x > 2}", None, {}, "right"),
    (
        "sets right: \\{x \\in \\mathbb{R} : x > 2\\}",
        "x > 2",
        "\\{x \\in \\mathbb{R} : x > 2\\}",
        None,
        {},
        "right",
    ),
    (
        "sets right: \\{x \\mid x > 2, x < 5\\}",
        "2 < x < 5",
        "\\{x \\mid x > 2, x < 5\\}",
        None,
        {},
        "right",
    ),
    (
        "sets right: set-builder as an interval",
        "(2, inf)",
        "\\{x \\mid x > 2\\}",
        K.INTERVAL,
        {},
        "right",
    ),
    ("sets: {x : x ≥ 2} is not x > 2", "x > 2", "\\{x : x \\ge 2\\}", None, {}, "wrong"),
    ("sets: {x : x > 2 + 10^-30}", "x > 2", "\\{x : x > 2 + 10^{-30}\\}", None, {}, "wrong"),
    ("sets: {x | y > 2} names no condition on x", "x > 2", "{x | y > 2}", None, {}, "unreadable"),
    ("sets right: {2, 1} is {1, 2}", "{1, 2}", "\\{2, 1\\}", K.SET, {}, "right"),
]


@_table(SETS)
def test_sets_and_intervals(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)


EXACT: list[Row] = [
    ("exact: π by 36 digits", "pi", "3.14159265358979323846264338327950288", None, {}, "wrong"),
    ("exact: e by 32 digits", "e", "2.7182818284590452353602874713527", None, {}, "wrong"),
    (
        "exact: √5 by 32 digits, decimal",
        "sqrt(5)",
        "2.2360679774997896964091736687313",
        K.DECIMAL,
        {},
        "wrong",
    ),
    ("exact: 1/7 by 30 digits", "1/7", "0.142857142857142857142857142857", None, {}, "wrong"),
    ("exact: ln 2 by 32 digits", "ln(2)", "0.69314718055994530941723212145818", None, {}, "wrong"),
    ("exact: 0 from 10^-25", "0", "10^-25", None, {}, "wrong"),
    ("exact: 0 from exp(-80), decimal", "0", "exp(-80)", K.DECIMAL, {}, "wrong"),
    ("exact: 0 from sin(10^-22)", "0", "sin(10^-22)", None, {}, "wrong"),
    ("exact: 0 from e^(-e^5)", "0", "e^(-e^5)", None, {}, "wrong"),
    ("exact: 1 from 1 - 10^-21", "1", "1 - 10^-21", K.INTEGER, {}, "wrong"),
    ("exact: 1 from cosh(10^-12)", "1", "cosh(10^-12)", None, {}, "wrong"),
    ("exact: 2 from 2^(1 + 10^-25)", "2", "2^(1 + 10^-25)", None, {}, "wrong"),
    ("exact: 2 from sqrt(4 + 10^-25)", "2", "sqrt(4 + 10^-25)", K.INTEGER, {}, "wrong"),
    ("exact: -1 from sin(2017·2^(1/5))", "-1", "sin(2017*2^(1/5))", None, {}, "wrong"),
    ("exact: e^(π√58) is not an integer", "24591257752", "e^(pi*sqrt(58))", K.INTEGER, {}, "wrong"),
    ("exact: sin(x) from sin(x + 10^-25)", "sin(x)", "sin(x + 10^-25)", None, {}, "wrong"),
    ("exact: e^x from e^(x + 10^-24)", "e^x", "e^(x + 10^-24)", None, {}, "wrong"),
    ("exact: x² from (x + 10^-20)²", "x^2", "(x + 10^-20)^2", None, {}, "wrong"),
    ("exact: x² from x² + 10^-40·x^50", "x^2", "x^2 + 10^-40*x^50", None, {}, "wrong"),
    ("exact: x from x + 10^-25", "x", "x + 10^-25", None, {}, "wrong"),
    (
        "exact: ln x from ln(x) + ln(1 + 10^-30)",
        "ln(x)",
        "ln(x) + ln(1 + 10^-30)",
        None,
        {},
        "wrong",
    ),
    (
        "exact: a degree-8 mask at 1..8",
        "2x + 1",
        "2x + 1 + (x-1)(x-2)(x-3)(x-4)(x-5)(x-6)(x-7)(x-8)/10^30",
        None,
        {},
        "wrong",
    ),
    ("exact: x from x + exp(-5000)", "x", "x + exp(-5000)", None, {}, "wrong"),
    ("exact: x from x + exp(-2000)", "x", "x + exp(-2000)", None, {}, "wrong"),
    ("exact: x from x + e^(-10^6)", "x", "x + e^(-10^6)", None, {}, "wrong"),
    ("exact: x from x + 10^(-3·300)", "x", "x + 10^(-3*300)", None, {}, "wrong"),
    ("exact: x from x + 10^(-(10^3))", "x", "x + 10^(-(10^3))", None, {}, "wrong"),
    ("exact: x from x·(1 + 10^(-10^6))", "x", "x*(1 + 10^(-10^6))", None, {}, "wrong"),
    ("exact: sin(x) from sin(x + 10^(-10^5))", "sin(x)", "sin(x + 10^(-10^5))", None, {}, "wrong"),
    ("exact right: x·exp(5000)·exp(-5000)", "x", "x*exp(5000)*exp(-5000)", None, {}, "right"),
    (
        "exact: y = sin(x) + 10^-30 is not y = sin(x)",
        "y = sin(x)",
        "y = sin(x) + 10^-30",
        None,
        {},
        "wrong",
    ),
    ("exact: y = sin(x)·(1 + 10^-30)", "y = sin(x)", "y = sin(x)*(1 + 10^-30)", None, {}, "wrong"),
    ("exact: y = e^(x + 10^-30)", "y = e^x", "y = e^(x + 10^-30)", None, {}, "wrong"),
    ("exact: y = 2x + exp(-50)", "y = 2x", "y = 2x + exp(-50)", None, {}, "wrong"),
    ("exact: x² + y² = cos(10^-20)", "x^2 + y^2 = 1", "x^2 + y^2 = cos(10^-20)", None, {}, "wrong"),
    (
        "exact: a 29-digit root of x² = 2",
        "x^2 = 2",
        "x = 1.41421356237309504880168872 or x = -sqrt(2)",
        None,
        {},
        "wrong",
    ),
    ("exact: x = 1 + 10^(-10^4)", "x = 1", "x = 1 + 10^(-10^4)", None, {}, "wrong"),
    ("exact right: y/sin(x) = 1", "y = sin(x)", "y/sin(x) = 1", None, {}, "right"),
    ("exact right: ln(y) = x", "y = e^x", "ln(y) = x", None, {}, "right"),
    ("exact right: |x| = |y|", "(x-y)(x+y) = 0", "|x| = |y|", None, {}, "right"),
    ("exact right: x = ±√2", "x^2 = 2", "x = sqrt(2) or x = -sqrt(2)", None, {}, "right"),
    (
        "exact: y = ceil(x) - 1 is not y = floor(x)",
        "y = floor(x)",
        "y = ceil(x) - 1",
        None,
        {},
        "wrong",
    ),
    (
        "exact: y = floor(x) + 1 is not y = ceil(x)",
        "y = ceil(x)",
        "y = floor(x) + 1",
        None,
        {},
        "wrong",
    ),
    (
        "exact right: y = -ceil(-x) is y = floor(x)",
        "y = floor(x)",
        "y = -ceil(-x)",
        None,
        {},
        "right",
    ),
    ("exact right: 2y = 2floor(x)", "y = floor(x)", "2y = 2floor(x)", None, {}, "right"),
    (
        "exact: y > ceil(x) - 1 is not y > floor(x)",
        "y > floor(x)",
        "y > ceil(x) - 1",
        None,
        {},
        "wrong",
    ),
    (
        "exact right: y ≥ -ceil(-x) is y ≥ floor(x)",
        "y >= floor(x)",
        "y >= -ceil(-x)",
        None,
        {},
        "right",
    ),
    ("exact: y = x + 10^-40·x^50", "y = x", "y = x + 10^-40*x^50", None, {}, "wrong"),
    ("exact: ceil(x) from floor(x) + 1", "ceil(x)", "floor(x) + 1", None, {}, "wrong"),
    ("exact: floor(2x) from 2·floor(x)", "floor(2x)", "2*floor(x)", None, {}, "wrong"),
    ("exact: -1 from floor(x) + floor(-x)", "-1", "floor(x) + floor(-x)", None, {}, "wrong"),
    (
        "exact right: ceil(x) is floor(x) + ceil(x - floor(x))",
        "ceil(x)",
        "floor(x) + ceil(x - floor(x))",
        None,
        {},
        "right",
    ),
    (
        "exact: floor(x) from floor(x) + 1 - floor(x - floor(x) + 1)",
        "ceil(x)",
        "floor(x) + 1 - floor(x - floor(x) + 1)",
        None,
        {},
        "wrong",
    ),
    ("exact right: cos(π/5) is (1 + √5)/4", "cos(pi/5)", "(1+sqrt(5))/4", None, {}, "right"),
    (
        "exact right: √2 + √3 as a nested radical",
        "sqrt(2)+sqrt(3)",
        "sqrt(5+2*sqrt(6))",
        None,
        {},
        "right",
    ),
    ("exact right: tan(π/8) is √2 - 1", "tan(pi/8)", "sqrt(2) - 1", None, {}, "right"),
    ("exact right: ∛2", "2^(1/3)", "\\sqrt[3]{2}", None, {}, "right"),
    ("exact right: |x| is x·sign(x)", "abs(x)", "x*sign(x)", None, {}, "right"),
    ("exact right: floor(floor(x)/3)", "floor(x/3)", "floor(floor(x)/3)", None, {}, "right"),
    ("exact right: e^(iπ) is -1", "-1", "e^{i\\pi}", None, {}, "right"),
    ("exact right: ∛(-8) is -2", "-2", "\\sqrt[3]{-8}", None, {}, "right"),
    ("exact right: cbrt(-27) is -3", "-3", "cbrt(-27)", None, {}, "right"),
    ("exact right: (-8)^(2/3) is 4", "4", "(-8)^(2/3)", None, {}, "right"),
    ("exact right: ∛x is x^(1/3)", "\\sqrt[3]{x}", "x^{1/3}", None, {}, "right"),
    ("exact: ∛(-8) is not 2", "2", "\\sqrt[3]{-8}", None, {}, "wrong"),
    ("exact: ∛(-8) is not -2 + 10^-30", "-2 + 10^-30", "\\sqrt[3]{-8}", None, {}, "wrong"),
    ("exact: √(-4) is not -2", "-2", "sqrt(-4)", None, {}, "wrong"),
    ("exact right: 1.25 is 5/4", "5/4", "1.25", K.RATIONAL, {}, "right"),
]


@_table(EXACT)
def test_exact_is_exact(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)


UNITS: list[Row] = [
    ("units: 3 kBq is not 3000 Hz", "3000 Hz", "3 kBq", K.UNITS, {}, "wrong"),
    ("units: 1 kHz is not 1 kBq", "1 kBq", "1 kHz", K.UNITS, {}, "wrong"),
    ("units: 5 mGy is not 0.005 Sv", "5 mGy", "0.005 Sv", K.UNITS, {}, "wrong"),
    ("units: Gy/s is not Sv/s", "1 Gy/s", "1 Sv/s", K.UNITS, {}, "wrong"),
    ("units: mSv/h is not mGy/h", "2 mSv/h", "2 mGy/h", K.UNITS, {}, "wrong"),
    ("units: 2π rad/s is not 1 Hz", "1 Hz", "6.283185307179586 rad/s", K.UNITS, {}, "wrong"),
    ("units: rad/s² is not Hz/s", "1 rad/s^2", "1 Hz/s", K.UNITS, {}, "wrong"),
    ("units: 3 deg is not 3 sr", "3 sr", "3 deg", K.UNITS, {}, "wrong"),
    ("units: cd·sr is not cd", "5 cd", "5 cd*sr", K.UNITS, {}, "wrong"),
    ("units: lm/m² is not cd/m²", "2 cd/m^2", "2 lm/m^2", K.UNITS, {}, "wrong"),
    ("units: 100 rem is not 1 Gy", "1 Gy", "100 rem", K.UNITS, {}, "wrong"),
    ("units: 1 Ci is not 3.7e10 Hz", "1 Ci", "3.7e10 Hz", K.UNITS, {}, "wrong"),
    ("units: VA is not W", "1 kW", "1 kVA", K.UNITS, {}, "wrong"),
    ("units right: 100 rem is 1 Sv", "1 Sv", "100 rem", K.UNITS, {}, "right"),
    ("units right: 1 Ci is 3.7e10 Bq", "1 Ci", "3.7e10 Bq", K.UNITS, {}, "right"),
    ("units right: W and V·A written out", "1 W", "1 V*A", K.UNITS, {}, "right"),
    (
        "units: 5.000…01 m is not 5 m",
        "5 m",
        "5.0000000000000000000000000001 m",
        K.UNITS,
        {},
        "wrong",
    ),
    (
        "units: 500.00000000000001 cm is not 5 m",
        "5 m",
        "500.00000000000001 cm",
        K.UNITS,
        {},
        "wrong",
    ),
    ("units: 72.000000000000001 km/h", "20 m/s", "72.000000000000001 km/h", K.UNITS, {}, "wrong"),
    ("units: 16 digits of π m", "pi m", "3.141592653589793 m", K.UNITS, {}, "wrong"),
    (
        "units: 57.29577951308232° is not 1 rad",
        "1 rad",
        "57.29577951308232 deg",
        K.UNITS,
        {},
        "wrong",
    ),
    ("units right: π rad is 180°", "180 deg", "pi rad", K.UNITS, {}, "right"),
    ("units right: 1 turn is 2π rad", "1 turn", "2 pi rad", K.UNITS, {}, "right"),
    ("units right: 1 lb is 0.45359237 kg", "1 lb", "0.45359237 kg", K.UNITS, {}, "right"),
    ("units right: 0 °C is 273.15 K", "0 degC", "273.15 K", K.UNITS, {}, "right"),
    ("units right: 1 eV in J", "1 eV", "1.602176634e-19 J", K.UNITS, {}, "right"),
    ("units right: 20 meters per second", "20 m/s", "20 meters per second", K.UNITS, {}, "right"),
    ("units right: The speed is 20 m/s.", "20 m/s", "The speed is 20 m/s.", K.UNITS, {}, "right"),
    ("units right: v = 20\\,\\text{m/s}", "20 m/s", "v = 20\\,\\text{m/s}", K.UNITS, {}, "right"),
    (
        "units right: 9.8 \\text{ m s}^{-2}",
        "9.8 m/s^2",
        "9.8 \\text{ m s}^{-2}",
        K.UNITS,
        {},
        "right",
    ),
    (
        "units: \\text{ m s}^{-1} is not m/s²",
        "9.8 m/s^2",
        "9.8 \\text{ m s}^{-1}",
        K.UNITS,
        {},
        "wrong",
    ),
    ("units right: 25 degrees Celsius", "25 degC", "25 degrees Celsius", K.UNITS, {}, "right"),
    ("units right: 5 sec", "5 s", "5 sec", K.UNITS, {}, "right"),
    ("units right: 3 \\Omega", "3 ohm", "3 \\Omega", K.UNITS, {}, "right"),
    ("units right: 3 \\mu\\text{m}", "3 um", "3 \\mu\\text{m}", K.UNITS, {}, "right"),
    ("units: at least 20 m/s", "20 m/s", "at least 20 m/s", K.UNITS, {}, "ambiguous"),
    ("units: 4 Hz bare value", "4 Hz", "4", K.UNITS, {}, "wrong"),
    ("units: 12.5 m is not 12.6 m", "12.5 m", "12.6 m", K.UNITS, {}, "wrong"),
    ("units right: 1 Wh is 3600 J", "1 Wh", "3600 J", K.UNITS, {}, "right"),
    ("units right: 1 kWh is 3.6 MJ", "1 kWh", "3.6 MJ", K.UNITS, {}, "right"),
    ("units right: J and N·m for energy", "1 J", "1 N*m", K.UNITS, {}, "right"),
    ("units right: W and J/s", "5 W", "5 J/s", K.UNITS, {}, "right"),
    ("units right: Pa and N/m²", "3 Pa", "3 N/m^2", K.UNITS, {}, "right"),
    ("units right: L and cm³", "1 L", "1000 cm^3", K.UNITS, {}, "right"),
    ("units right: cd and lm/sr", "1 cd", "1 lm/sr", K.UNITS, {}, "right"),
    ("units right: lx and lm/m²", "1 lx", "1 lm/m^2", K.UNITS, {}, "right"),
    ("units right: kBq and 1/s", "1 kBq", "1000 s^-1", K.UNITS, {}, "right"),
    ("units right: Sv and J/kg", "2 Sv", "2 J/kg", K.UNITS, {}, "right"),
    (
        "units right: 180° is π rad",
        "180 deg",
        "3.141592653589793 rad",
        K.UNITS,
        {"rel_tol": 1e-9},
        "right",
    ),
    ("units right: 5\\,\\text{m/s}", "5 m/s", "5\\,\\text{m/s}", K.UNITS, {}, "right"),
    ("units right: 90° for 90 deg", "90 deg", "90°", K.UNITS, {}, "right"),
]


@_table(UNITS)
def test_units_by_quantity(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)


MISC: list[Row] = [
    ("ln: ln x + C for ln|x| + C", "ln|x|", "ln(x) + C", None, {"up_to_constant": True}, "wrong"),
    ("ln: ln(-x) for ln|x|", "ln|x|", "ln(-x)", None, {}, "wrong"),
    ("ln: ln(x - 1) for ln|x - 1|", "ln|x-1|", "\\ln(x-1)", None, {}, "wrong"),
    ("ln: ln|2x| off by a constant", "ln|x|", "ln|2x|", None, {}, "wrong"),
    (
        "ln right: ln|2x| up to a constant",
        "ln|x|",
        "ln|2x|",
        None,
        {"up_to_constant": True},
        "right",
    ),
    (
        "ln: x²/2 + Cx is not x²/2 + C",
        "x^2/2",
        "x^2/2 + C x",
        None,
        {"up_to_constant": True},
        "wrong",
    ),
    (
        "ln: C inside a power is not + C",
        "x^2/2",
        "x^2/2 + C^2",
        None,
        {"up_to_constant": True},
        "wrong",
    ),
    (
        "ln right: + c in lower case",
        "ln|x| + C",
        "ln|x| + c",
        None,
        {"up_to_constant": True},
        "right",
    ),
    ("ln right: + C_1", "ln|x| + C", "ln|x| + C_1", None, {"up_to_constant": True}, "right"),
    (
        "ln: ln x + c for ln|x| + C",
        "ln|x| + C",
        "ln(x) + c",
        None,
        {"up_to_constant": True},
        "wrong",
    ),
    ("ln right: \\ln\\left|x\\right|", "ln|x|", "\\ln\\left|x\\right|", None, {}, "right"),
    ("ln right: ln(abs(x))", "ln|x|", "ln(abs(x))", None, {}, "right"),
    ("ln right: ln(x²)/2", "ln|x|", "ln(x^2)/2", None, {}, "right"),
    ("tuple: \\{3, -1\\} reversed", "(3, -1)", "\\{-1, 3\\}", K.TUPLE, {}, "wrong"),
    ("tuple: braces for braces reversed", "{3, -1}", "{-1, 3}", K.TUPLE, {}, "wrong"),
    ("tuple: (5, 2) for (2, 5)", "(2, 5)", "(5, 2)", K.TUPLE, {}, "wrong"),
    ("tuple: (x, y) = (5, 2)", "(2, 5)", "(x, y) = (5, 2)", K.TUPLE, {}, "wrong"),
    ("tuple right: \\left(3, -1\\right)", "(3, -1)", "\\left(3, -1\\right)", K.TUPLE, {}, "right"),
    ("tuple right: \\{3, -1\\} in order", "(3, -1)", "\\{3, -1\\}", K.TUPLE, {}, "right"),
    ("percent: bare 40 for 40%", "40%", "40", None, {}, "wrong"),
    ("percent: bare 12.5 for 12.5%", "12.5%", "12.5", K.PERCENT, {}, "wrong"),
    ("percent: 0.4% for 40%", "40%", "0.4%", None, {}, "wrong"),
    ("percent: 4% for 40%", "40%", "4%", None, {}, "wrong"),
    ("percent: 1/8% is 1/(8%), not 12.5%", "12.5%", "1/8%", None, {}, "wrong"),
    ("percent: 2/5% is not 40%", "40%", "2/5%", None, {}, "wrong"),
    ("percent: bare 40 in a box", "40%", "\\boxed{40}", None, {}, "wrong"),
    ("percent: p = 40 for 40%", "40%", "p = 40", None, {}, "wrong"),
    ("percent right: $40$ % said after the maths", "40%", "$40$ %", None, {}, "right"),
    ("percent right: 4% · 10", "40%", "4%*10", None, {}, "right"),
    ("percent right: 1/8 for 12.5%", "12.5%", "1/8", K.PERCENT, {}, "right"),
    ("percent right: 40 percent", "40%", "40 percent", None, {}, "right"),
    ("percent right: 40 per cent", "40%", "40 per cent", None, {}, "right"),
    ("percent right: 40 percent. with a full stop", "40%", "40 percent.", None, {}, "right"),
    ("percent: 4 per cent for 40%", "40%", "4 per cent", None, {}, "wrong"),
    ("percent right: bare 40 when allowed", "40%", "40", None, {"allow_bare_value": True}, "right"),
    ("near: 3.15 for 3.14", "3.14", "3.15", None, {}, "wrong"),
    ("near: 1235 for 1234", "1234", "1235", K.INTEGER, {}, "wrong"),
    ("near: 6.03e23 for 6.02e23", "6.02e23", "6.03e23", K.SCIENTIFIC, {}, "wrong"),
    ("near: 9.82 for 9.81", "9.81", "9.82", K.DECIMAL, {}, "wrong"),
    ("near: 0.00124 for 0.00123", "0.00123", "0.00124", None, {}, "wrong"),
    ("near: 1.51e-3 for 1.5e-3", "1.5e-3", "1.51 \\times 10^{-3}", None, {}, "wrong"),
    ("near: 0.667 for 2/3", "2/3", "0.667", None, {}, "wrong"),
    ("near: 2.72 for e", "e", "2.72", None, {}, "wrong"),
    ("near right: 3.15 within 0.01", "3.14", "3.15", None, {"abs_tol": 0.011}, "right"),
]


@_table(MISC)
def test_ln_tuples_percents_near_misses(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)


NOTATION: list[Row] = [
    ("notation: \\frac{3}{4}", "0.75", "\\frac{3}{4}", None, {}, "right"),
    ("notation: \\dfrac{3}{4}", "3/4", "\\dfrac{3}{4}", None, {}, "right"),
    ("notation: \\sqrt[3]{8}", "2", "\\sqrt[3]{8}", None, {}, "right"),
    ("notation: \\sqrt[3]{x}", "x^(1/3)", "\\sqrt[3]{x}", None, {}, "right"),
    (
        "notation: \\left(\\frac12\\right)^2",
        "1/4",
        "\\left(\\frac{1}{2}\\right)^2",
        None,
        {},
        "right",
    ),
    ("notation: 2 \\cdot 3", "6", "2 \\cdot 3", None, {}, "right"),
    ("notation: 2 \\times 3", "6", "2 \\times 3", None, {}, "right"),
    ("notation: unicode minus", "-5", "−5", None, {}, "right"),
    ("notation: unicode times", "6", "2×3", None, {}, "right"),
    ("notation: unicode divide", "3", "6 ÷ 2", None, {}, "right"),
    ("notation: √16", "4", "√16", None, {}, "right"),
    ("notation: π²", "pi^2", "π²", None, {}, "right"),
    ("notation: x²", "x^2", "x²", None, {}, "right"),
    ("notation: degrees in sin", "1/2", "\\sin(30^\\circ)", None, {}, "right"),
    ("notation: \\text{} units", "5 m", "5 \\text{ m}", K.UNITS, {}, "right"),
    ("notation: \\text{cm}^2", "12 cm^2", "12\\,\\text{cm}^2", K.UNITS, {}, "right"),
    ("notation: thousands 1,234,567", "1234567", "1,234,567", K.INTEGER, {}, "right"),
    ("notation: thousands with decimals", "12345.5", "12,345.5", None, {}, "right"),
    ("notation: \\boxed{42}", "42", "\\boxed{42}", None, {}, "right"),
    ("notation: $\\boxed{\\frac{1}{2}}$", "1/2", "$\\boxed{\\frac{1}{2}}$", None, {}, "right"),
    ("notation: x = 5 for 5", "5", "x = 5", None, {}, "right"),
    ("notation: \\(x = 5\\) for 5", "5", "\\(x = 5\\)", None, {}, "right"),
    ("notation: ∪ of intervals", "x < -1 or x > 2", "(-∞, -1) ∪ (2, ∞)", None, {}, "right"),
    ("notation: \\{1, 2, 3\\}", "{1, 2, 3}", "\\{3, 1, 2\\}", None, {}, "right"),
    (
        "notation: pmatrix",
        "[[1, 2], [3, 4]]",
        "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}",
        None,
        {},
        "right",
    ),
    (
        "notation: bmatrix",
        "[[1, 0], [0, 1]]",
        "\\left[\\begin{bmatrix}1&0\\\\0&1\\end{bmatrix}\\right]",
        K.MATRIX,
        {},
        "right",
    ),
    (
        "notation: pmatrix one wrong entry",
        "[[1, 2], [3, 4]]",
        "\\begin{pmatrix} 1 & 2 \\\\ 3 & 5 \\end{pmatrix}",
        None,
        {},
        "wrong",
    ),
    ("notation: 1.234e−3 with a unicode minus", "0.001234", "1.234e−3", None, {}, "right"),
    ("notation: 1{,}5 is a LaTeX decimal comma", "1.5", "1{,}5", K.DECIMAL, {}, "right"),
    ("notation: 5{,}000 groups thousands", "5000", "5{,}000", K.INTEGER, {}, "right"),
    ("notation: 1{,}5 is not 15", "15", "1{,}5", K.DECIMAL, {}, "wrong"),
    (
        "notation: vmatrix is a determinant, not the matrix",
        "[[1, 2], [3, 4]]",
        "\\begin{vmatrix}1&2\\\\3&4\\end{vmatrix}",
        None,
        {},
        "wrong",
    ),
    (
        "notation: vmatrix 2×2 is -2",
        "-2",
        "\\begin{vmatrix}1&2\\\\3&4\\end{vmatrix}",
        None,
        {},
        "right",
    ),
    (
        "notation: vmatrix 3×3",
        "0",
        "\\begin{vmatrix}2&0&1\\\\1&3&2\\\\1&1&1\\end{vmatrix}",
        None,
        {},
        "right",
    ),
    (
        "notation: vmatrix numeral form is an operation left",
        "-2",
        "\\begin{vmatrix}1&2\\\\3&4\\end{vmatrix}",
        K.INTEGER,
        {"form": F.NUMERAL},
        "wrong",
    ),
    ("notation: 3.0e8", "3*10^8", "3.0e8", None, {}, "right"),
    ("notation: 3×10^8", "3.0e8", "3×10^8", K.SCIENTIFIC, {}, "right"),
    ("notation: 3 \\times 10^{8}", "3e8", "3 \\times 10^{8}", None, {}, "right"),
    ("notation: 3E8", "300000000", "3E8", None, {}, "right"),
    ("notation: 25%", "0.25", "25%", None, {}, "right"),
    ("notation: 25 \\%", "25%", "25 \\%", None, {}, "right"),
    ("notation: 25\\% for 1/4", "1/4", "25\\%", K.PERCENT, {}, "right"),
    ("notation: \\frac{1}{\\sqrt{3}}", "sqrt(3)/3", "\\frac{1}{\\sqrt{3}}", None, {}, "right"),
    (
        "notation: \\cos\\left(\\frac{\\pi}{3}\\right)",
        "1/2",
        "\\cos\\left(\\frac{\\pi}{3}\\right)",
        None,
        {},
        "right",
    ),
    ("notation: 2^{10}", "1024", "2^{10}", None, {}, "right"),
    ("notation: \\ln(e^2)", "2", "\\ln(e^{2})", None, {}, "right"),
    ("notation: $$…$$ display", "7", "$$7$$", None, {}, "right"),
    ("notation: \\[ x = 7 \\]", "x = 7", "\\[ x = 7 \\]", None, {}, "right"),
    ("notation: 1\\,000 thin space", "1000", "1\\,000", K.INTEGER, {}, "right"),
    ("notation: ½", "0.5", "½", None, {}, "right"),
    ("notation: x ≤ 3", "x <= 3", "x ≤ 3", None, {}, "right"),
    ("notation: \\tfrac{\\pi}{4}", "pi/4", "\\tfrac{\\pi}{4}", None, {}, "right"),
    ("notation: \\sqrt{\\frac{1}{2}}", "sqrt(2)/2", "\\sqrt{\\frac{1}{2}}", None, {}, "right"),
    ("notation: \\pi r^2", "pi*r^2", "\\pi r^{2}", None, {}, "right"),
    ("notation: 3! = 6", "6", "3!", None, {}, "right"),
    ("notation: 42. with a full stop", "42", "42.", None, {}, "right"),
    ("notation: fullwidth ４２", "42", "４２", None, {}, "right"),
    (
        "notation: \\mathbb{R} \\setminus \\{0\\}",
        "x != 0",
        "\\mathbb{R} \\setminus \\{0\\}",
        None,
        {},
        "right",
    ),
    ("notation: x < 2 ∨ x > 3", "x < 2 or x > 3", "x < 2 ∨ x > 3", None, {}, "right"),
    ("notation: \\land for and", "2 < x < 3", "x > 2 \\land x < 3", None, {}, "right"),
    ("notation: ∧ is not ∨", "x < 2 or x > 3", "x < 2 ∧ x > 3", None, {}, "wrong"),
    ("hedge: 7 \\lor 8 for one value", "8", "7 \\lor 8", None, {}, "ambiguous"),
    ("notation: Maxima's %pi", "2*pi", "2*%pi", None, {}, "right"),
    ("notation: Maxima's %e^x", "e^x", "%e^x", None, {}, "right"),
    ("notation: Maxima's 1+%i", "1 + i", "1+%i", None, {}, "right"),
    ("notation: 50%e is still 50% of e", "0.5*e", "50%e", None, {}, "right"),
    ("notation: WeBWorK's R", "(-inf, inf)", "R", K.INTERVAL, {}, "right"),
    ("notation: WeBWorK's NONE", "x^2 < 0", "NONE", None, {}, "right"),
    ("notation: WeBWorK's INF", "(-inf, 3] U [5, inf)", "(-INF,3] U [5,INF)", None, {}, "right"),
    ("notation: R is not x > 2", "x > 2", "R", None, {}, "wrong"),
    ("notation: log10(100)", "2", "log10(100)", None, {}, "right"),
    ("notation: log2(8)", "3", "log2(8)", None, {}, "right"),
    ("notation: log10(x) is not x·log(10)", "x*log(10)", "log10(x)", None, {}, "wrong"),
    ("notation: \\log_{10} 2", "log10(2)", "\\log_{10} 2", None, {}, "right"),
    ("notation malformed: [3, \\infty]", "[3, inf)", "[3, \\infty]", K.INTERVAL, {}, "unreadable"),
    ("notation malformed: $1$$", "1", "$1$$", None, {}, "unreadable"),
]


@_table(NOTATION)
def test_outside_notations(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)


# Words that make the last number a bound, a range or an operand: not a stated value.
QUALIFIED: list[Row] = [
    ("qualified: at least 8", "8", "at least 8", K.INTEGER, {}, "ambiguous"),
    ("qualified: more than 7 for 7", "7", "more than 7", None, {}, "ambiguous"),
    ("qualified: no more than 7", "7", "no more than 7", None, {}, "ambiguous"),
    ("qualified: 7 or more", "7", "7 or more", None, {}, "ambiguous"),
    ("qualified: 7 at least", "7", "7 at least", None, {}, "ambiguous"),
    ("qualified: almost 7", "7", "almost 7", None, {}, "ambiguous"),
    ("qualified: up to 7", "7", "up to 7", None, {}, "ambiguous"),
    ("qualified: from 3 to 7", "7", "from 3 to 7", None, {}, "ambiguous"),
    ("qualified: $x$ is at least $7$", "7", "$x$ is at least $7$", None, {}, "ambiguous"),
    ("qualified: at least \\boxed{7}", "7", "at least \\boxed{7}", None, {}, "ambiguous"),
    ("qualified: more than \\(7\\)", "7", "more than \\(7\\)", None, {}, "ambiguous"),
    ("qualified: 7 divided by 2 for 2", "2", "7 divided by 2", None, {}, "ambiguous"),
    ("qualified: 7 times 2 for 2", "2", "7 times 2", None, {}, "ambiguous"),
    ("qualified: 7 plus 2 for 2", "2", "7 plus 2", None, {}, "ambiguous"),
    ("qualified: half of 8 for 8", "8", "half of 8", None, {}, "ambiguous"),
    ("qualified: twice 4 for 4", "4", "twice 4", None, {}, "ambiguous"),
    ("qualified: 3 squared for 3", "3", "3 squared", None, {}, "ambiguous"),
    ("qualified: 3 over 4 for 4", "4", "3 over 4", None, {}, "ambiguous"),
    ("qualified: 2 out of 3 for 3", "3", "2 out of 3", None, {}, "ambiguous"),
    ("qualified: 7 remainder 1 for 1", "1", "7 remainder 1", None, {}, "ambiguous"),
    ("qualified: minus 5 for 5", "5", "minus 5", None, {}, "ambiguous"),
    ("qualified: the square root of 4 for 4", "4", "the square root of 4", None, {}, "ambiguous"),
    ("qualified: 2 to the power 4 for 4", "4", "it is 2 to the power 4", None, {}, "ambiguous"),
    ("qualified right: x is equal to 7", "7", "x is equal to 7", None, {}, "right"),
    ("qualified right: it comes to 7", "7", "it comes to 7", None, {}, "right"),
    ("qualified right: a total of 7", "7", "a total of 7", None, {}, "right"),
    ("qualified right: 10 squared is 100", "100", "10 squared is 100", None, {}, "right"),
    ("qualified right: so we get 7 apples", "7", "so we get 7 apples", None, {}, "right"),
    (
        "qualified right: a boxed final answer",
        "7",
        "Therefore, the final answer is $\\boxed{7}$.",
        None,
        {},
        "right",
    ),
    ("qualified right: 2 \\times 3 is LaTeX", "6", "2 \\times 3", None, {}, "right"),
    ("arity: sqrt(4, 9) is malformed", "2", "sqrt(4, 9)", None, {}, "unreadable"),
    ("arity: abs(2, 3) is malformed", "2", "abs(2, 3)", None, {}, "unreadable"),
    ("arity: floor(2.5, 3) is malformed", "2", "floor(2.5, 3)", None, {}, "unreadable"),
    ("arity: log(4, 2, 3) is malformed", "2", "log(4, 2, 3)", None, {}, "unreadable"),
    ("arity: log_2(8, 5) is malformed", "3", "log_2(8, 5)", None, {}, "unreadable"),
    ("arity: root 4 is not 4", "4", "root 4", None, {}, "unreadable"),
    ("arity right: log(8, 2)", "3", "log(8, 2)", None, {}, "right"),
    ("arity right: root(8, 3)", "2", "root(8, 3)", None, {}, "right"),
]


@_table(QUALIFIED)
def test_qualified_numbers_and_arity(
    answer: str, attempt: str, kind: AnswerKind | None, options: dict[str, Any], want: str
) -> None:
    assert _verdict_is(_grade(answer, attempt, kind, options), want)
