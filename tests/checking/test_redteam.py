"""Red-team classes (issue 12): each class is one table; every id names its class.

An attempt is ``wrong`` (graded, not correct), ``right``, ``ambiguous`` (names competing
answers: not counted) or ``unreadable`` (refused with a column: not counted). Each table
also keeps right answers in the same notation right, so a fix cannot pass by refusing.
"""

from __future__ import annotations

import logging

import pytest

from trainer.checking import check
from trainer.domain import AnswerKind, AnswerSpec, CheckOptions, Reason

K = AnswerKind
Row = tuple[str, str, str, AnswerKind | None, str]


def _grade(answer: str, attempt: str, kind: AnswerKind | None, **options: object) -> str:
    verdict = check(AnswerSpec(answer, kind, CheckOptions(**options)), attempt)  # type: ignore[arg-type]
    if verdict.correct:
        return "right"
    if verdict.reason == Reason.AMBIGUOUS:
        assert not verdict.counts_as_attempt
        return "ambiguous"
    if verdict.reason == Reason.UNPARSEABLE:
        assert "column" in verdict.message, verdict
        return "unreadable"
    assert verdict.reason != Reason.CHECKER_ERROR, verdict
    return "wrong"


def _table(rows: list[Row]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(
        ("answer", "attempt", "kind", "want"),
        [pytest.param(a, t, k, w, id=name) for name, a, t, k, w in rows],
    )


MIXED_AND_SPACED: list[Row] = [
    ("mixed: 3 1/2 is 3.5", "3.5", "3 1/2", None, "right"),
    ("mixed: 3 1/2 is not 3/2", "3/2", "3 1/2", K.RATIONAL, "wrong"),
    ("mixed: 1 1/2 is not 1/2", "1/2", "1 1/2", K.RATIONAL, "wrong"),
    ("mixed: -2 3/4 is -2.75", "-11/4", "-2 3/4", None, "right"),
    ("mixed: 5 1/4 is not 5/4", "5/4", "5 1/4", None, "wrong"),
    ("mixed: 2 3/4 inside a sum", "x + 11/4", "x + 2 3/4", None, "right"),
    ("spaced: 2 3 is not 6", "6", "2 3", None, "unreadable"),
    ("spaced: 3 4 is not 12", "12", "3 4", K.INTEGER, "unreadable"),
    ("spaced: 1 .5 is not 0.5", "0.5", "1 .5", None, "unreadable"),
    ("spaced: 2 .5 is not 2.5", "2.5", "2 .5", None, "unreadable"),
    ("spaced: 10 20 30 is not a list", "10, 20, 30", "10 20 30", None, "unreadable"),
    ("spaced: thousands 1 234 stay one number", "1234", "1 234", K.INTEGER, "right"),
    ("spaced: 2 (3) still multiplies", "6", "2 (3)", None, "right"),
    ("spaced: 4 1/s is a rate, not a mixed number", "4 Hz", "4 1/s", K.UNITS, "right"),
    ("spaced: 3! 2 is not 12", "12", "3! 2", None, "unreadable"),
]


@_table(MIXED_AND_SPACED)
def test_mixed_and_spaced_numbers(
    answer: str, attempt: str, kind: AnswerKind | None, want: str
) -> None:
    assert _grade(answer, attempt, kind) == want


HEDGED: list[Row] = [
    ("hedge: 5, not 6", "6", "The answer is 5, not 6", None, "ambiguous"),
    ("hedge: either 5 or 6", "6", "either 5 or 6", None, "ambiguous"),
    ("hedge: between 5 and 6", "6", "between 5 and 6", None, "ambiguous"),
    ("hedge: x = 5 = 6", "6", "x = 5 = 6", None, "ambiguous"),
    ("hedge: 4 = 3 when a number is asked", "3", "4 = 3", None, "ambiguous"),
    ("hedge: x ≈ 4 = 3", "3", "x ≈ 4 = 3", None, "ambiguous"),
    ("hedge: 4 ≈ 3", "3", "4 ≈ 3", None, "ambiguous"),
    ("hedge: I think 5, but maybe 6", "6", "I think 5, but maybe 6", K.INTEGER, "ambiguous"),
    ("hedge: it is not 6", "6", "it is not 6", K.INTEGER, "ambiguous"),
    ("hedge: 5? 6?", "6", "5? 6?", K.INTEGER, "ambiguous"),
    ("hedge: perhaps 7 or perhaps 9", "9", "perhaps 7 or perhaps 9", None, "ambiguous"),
    ("hedge: 12 isn't it", "12", "probably 11, surely not 12", None, "ambiguous"),
    ("hedge: 6 ± 1 for one value", "6", "6 ± 1", K.INTEGER, "ambiguous"),
    ("hedge: 5 or 6 typed as math", "6", "5 or 6", K.INTEGER, "ambiguous"),
    ("hedge: boxes 5 and 6", "6", "\\boxed{5} \\boxed{6}", K.INTEGER, "ambiguous"),
    ("hedge: x = 4 ≈ 3 reads 4", "3", "x = 4 ≈ 3", None, "wrong"),
    ("hedge: 6, no wait 5", "5", "6, no wait 5", None, "ambiguous"),
    ("hedge: anything but 6", "6", "anything but 6", None, "ambiguous"),
    ("hedge: 6 (wrong)", "6", "6 (wrong)", None, "ambiguous"),
    ("hedge: \\text{not } 6", "6", "\\text{not } 6", None, "ambiguous"),
    (
        "hedge: 5\\text{, not } 6",
        "6",
        "\\text{The answer is } 5\\text{, not } 6",
        None,
        "ambiguous",
    ),
    (
        "hedge: \\text{either } 5 \\text{ or } 6",
        "6",
        "\\text{either } 5 \\text{ or } 6",
        None,
        "ambiguous",
    ),
    ("hedge: $6$ or $7$", "6", "$6$ or $7$", None, "ambiguous"),
    ("hedge: not 9", "9", "not 9", K.INTEGER, "ambiguous"),
    ("hedge: 8 not 9 without a comma", "9", "8 not 9", K.INTEGER, "ambiguous"),
    ("hedge: 3 (or 4)", "4", "3 (or 4)", K.INTEGER, "ambiguous"),
    ("hedge: 2 ≠ 3 is a relation, not a value", "3", "2 ≠ 3", K.INTEGER, "ambiguous"),
    ("hedge: y = 1 or y = 2 for one value", "2", "y = 1 or y = 2", None, "ambiguous"),
    ("hedge right: it's 9.", "9", "it's 9.", None, "right"),
    ("hedge: it's 8, read as 8", "9", "it's 8", None, "wrong"),
    (
        "hedge: two math numbers in a sentence",
        "6",
        "I got $5$ but the book says $6$",
        None,
        "ambiguous",
    ),
    ("hedge: two boxes apart", "6", "\\boxed{5} hmm \\boxed{6}", None, "ambiguous"),
    (
        "hedge right: one box among workings",
        "2",
        "only $4^2=16$ ends in $6$, so $\\boxed{2}$",
        None,
        "right",
    ),
    ("hedge right: the answer is 34", "34", "The answer is 34.", None, "right"),
    ("hedge right: a withdrawn first guess", "1000.99", "not 10, it is 1,000.99", None, "right"),
    ("hedge right: x = 1/3 ≈ 0.33", "1/3", "x = 1/3 ≈ 0.33", None, "right"),
    ("hedge right: a consistent chain", "14/3", "2 + 5/3 + 1 = 14/3", None, "right"),
    ("hedge right: 5 or 6 for a set", "{5, 6}", "5 or 6", None, "right"),
]


@_table(HEDGED)
def test_hedged_or_negated_text(
    answer: str, attempt: str, kind: AnswerKind | None, want: str
) -> None:
    assert _grade(answer, attempt, kind) == want


CHOICES: list[Row] = [
    ("choice: A or D", "D", "A or D", K.CHOICE, "ambiguous"),
    ("choice: A B C D", "D", "A B C D", K.CHOICE, "ambiguous"),
    ("choice: not D", "D", "not D", K.CHOICE, "ambiguous"),
    ("choice: A/D", "D", "A/D", K.CHOICE, "ambiguous"),
    ("choice: ABCD", "D", "ABCD", K.CHOICE, "ambiguous"),
    ("choice: all of A B C D", "D", "all of A B C D", K.CHOICE, "ambiguous"),
    ("choice: B, D", "D", "(B), (D)", K.CHOICE, "ambiguous"),
    ("choice: anything except C", "D", "anything except C", K.CHOICE, "ambiguous"),
    ("choice: a or b lowercase", "A", "a or b", K.CHOICE, "ambiguous"),
    ("choice: all of the above", "C", "all of the above", K.CHOICE, "ambiguous"),
    ("choice: both A and C", "C", "both A and C", K.CHOICE, "ambiguous"),
    ("choice right: D", "D", "D", K.CHOICE, "right"),
    ("choice right: answer: d", "D", "answer: d", K.CHOICE, "right"),
    ("choice right: (d)", "D", "(d)", K.CHOICE, "right"),
    ("choice right: the answer is (B).", "B", "The answer is (B).", K.CHOICE, "right"),
    ("choice right: it's a B", "B", "it's a B", K.CHOICE, "right"),
    ("choice wrong: C", "D", "C", K.CHOICE, "wrong"),
]


@_table(CHOICES)
def test_several_choices_named(
    answer: str, attempt: str, kind: AnswerKind | None, want: str
) -> None:
    assert _grade(answer, attempt, kind) == want


SOLUTION_SETS: list[Row] = [
    ("sets: x > 3 or x = 3 is not x > 3", "x > 3", "x > 3 or x = 3", None, "wrong"),
    ("sets: x > 3 or x = 3 is x ≥ 3", "x >= 3", "x > 3 or x = 3", None, "right"),
    ("sets: 3 < x < 10^30 is not x > 3", "x > 3", "3 < x < 10^30", None, "wrong"),
    ("sets: x > 3 + 10^-30 is not x > 3", "x > 3", "x > 3 + 10^-30", None, "wrong"),
    ("sets: x > 3 + exp(-100)", "x > 3", "x > 3 + exp(-100)", None, "wrong"),
    ("sets: x ≥ -10^-40 is not x ≥ 0", "x >= 0", "x >= -10^-40", None, "wrong"),
    ("sets: x < 5 or x > 10^20", "x < 5", "x < 5 or x > 10^20", None, "wrong"),
    ("sets: x ≠ 3 and x > 2.9999999999", "x > 3", "x ≠ 3 and x > 2.9999999999", None, "wrong"),
    ("sets: x = 1 or x = 10^10 is not x = 1", "x = 1", "x = 1 or x = 10^10", None, "wrong"),
    ("sets: x = 1 or x = 1 + 10^-30", "x = 1", "x = 1 or x = 1 + 10^-30", None, "wrong"),
    ("sets: (x-1)(x-10^12) = 0", "x = 1", "(x-1)(x-10^12) = 0", None, "wrong"),
    ("sets: x = 2 + 10^-50", "x = 2", "x = 2 + 10^-50", None, "wrong"),
    ("sets: y = 2x + 10^-30·x²", "y = 2x", "y = 2x + 10^-30*x^2", None, "wrong"),
    ("sets: [0, 1 + 10^-30]", "[0, 1]", "[0, 1 + 10^-30]", K.INTERVAL, "wrong"),
    ("sets: [0, cos(10^-15)]", "[0, 1]", "[0, cos(10^-15)]", K.INTERVAL, "wrong"),
    ("sets: (0, 10^40) is not (0, ∞)", "(0, inf)", "(0, 10^40)", K.INTERVAL, "wrong"),
    ("sets: x² > 9 + 10^-30 is not x² > 9", "x^2 > 9", "x^2 > 9 + 10^-30", None, "wrong"),
    (
        "sets: x < -3 or x > 3 + 10^-30 for x² > 9",
        "x^2 > 9",
        "x < -3 or x > 3 + 10^-30",
        None,
        "wrong",
    ),
    ("sets: x² > 2 by 8 digits", "x^2 > 2", "x < -1.41421356 or x > 1.41421356", None, "wrong"),
    ("sets: x² > 9 is not x ≤ -3 or x ≥ 3", "x^2 > 9", "x <= -3 or x >= 3", None, "wrong"),
    ("sets right: x² > 2 with radicals", "x^2 > 2", "x < -sqrt(2) or x > sqrt(2)", None, "right"),
    ("sets right: x² - 2x - 1 < 0", "x^2-2x-1 < 0", "1 - sqrt(2) < x < 1 + sqrt(2)", None, "right"),
    ("sets right: x² + 1 < 0 is empty", "x^2 + 1 < 0", "{}", None, "right"),
    ("sets right: 2x + 3 < 11 is x < 4", "x < 4", "2x + 3 < 11", None, "right"),
    ("sets right: -3x > 6 flips", "x < -2", "-3x > 6", None, "right"),
    ("sets right: x > sqrt(2) vs 2^(1/2)", "x > sqrt(2)", "x > 2^(1/2)", None, "right"),
    ("sets right: x² = 4 is x = ±2", "x = 2 or x = -2", "x^2 = 4", None, "right"),
    ("sets right: (x-1)^2 = 0 is x = 1", "x = 1", "(x-1)^2 = 0", None, "right"),
    ("sets right: x^2 > 9 as a union", "(-inf, -3) U (3, inf)", "x < -3 or x > 3", None, "right"),
    ("sets right: (x-1)² ≤ 0 is the equation x = 1", "(x-1)^2 <= 0", "x = 1", None, "right"),
    ("sets right: x ≥ 3 and x ≤ 3 is x = 3", "x >= 3 and x <= 3", "x = 3", None, "right"),
    ("sets: x = 3 is not x ≥ 3", "x = 3", "x >= 3", None, "wrong"),
    ("sets right: x ∈ R for an always-true inequality", "x^2 + 1 > 0", "x \\in R", None, "right"),
    ("sets right: bare 3 for the singleton {3}", "{3}", "3", K.SET, "right"),
    ("sets right: x = 3 for the singleton {3}", "{3}", "x = 3", None, "right"),
    ("sets: bare 3 for {2, 3}", "{2, 3}", "3", K.SET, "wrong"),
]


@_table(SOLUTION_SETS)
def test_solution_sets_compared_exactly(
    answer: str, attempt: str, kind: AnswerKind | None, want: str
) -> None:
    assert _grade(answer, attempt, kind) == want


EXACT: list[Row] = [
    (
        "exact: sqrt(2) from a 31-digit decimal",
        "sqrt(2)",
        "1.414213562373095048801688724209",
        None,
        "wrong",
    ),
    (
        "exact: sqrt(2) from 31 digits, kind decimal",
        "sqrt(2)",
        "1.4142135623730950488016887242097",
        K.DECIMAL,
        "wrong",
    ),
    ("exact: 0 from exp(-65)", "0", "exp(-65)", None, "wrong"),
    ("exact: 0 from exp(-1000)", "0", "exp(-1000)", None, "wrong"),
    ("exact: 1 from cos(10^-15), kind integer", "1", "cos(10^-15)", K.INTEGER, "wrong"),
    ("exact: 1 from cos(10^-300)", "1", "cos(10^-300)", None, "wrong"),
    ("exact: e^(π√163) is not an integer", "262537412640768744", "e^(pi*sqrt(163))", None, "wrong"),
    ("exact: pi·(1 + 10^-29)", "pi", "pi*(1+10^(-29))", None, "wrong"),
    ("exact: x from x + 10^-100·x^100", "x", "x + 10^-100*x^100", None, "wrong"),
    ("exact: x from x·(1 + 10^-30)", "x", "x*(1+10^-30)", None, "wrong"),
    ("exact: x from x + 10^-30·sin(x)", "x", "x + 10^-30*sin(x)", None, "wrong"),
    ("exact: floor(x) from ceil(x) - 1", "floor(x)", "ceil(x) - 1", None, "wrong"),
    ("exact: 1 from floor(|x|/20) + 1", "1", "floor(abs(x)/20) + 1", None, "wrong"),
    ("exact: x from x + exp(-1000x²)", "x", "x + exp(-1000*x^2)", None, "wrong"),
    (
        "exact: x² + 1 from a high-degree mask",
        "x^2+1",
        "x^2 + 1 + (x-1)(x-2)(x-3)(x-4)(x-5)(x-6)",
        None,
        "wrong",
    ),
    (
        "exact: x from x + floor(x) - floor(x + 10^-9)",
        "x",
        "x + floor(x) - floor(x+10^-9)",
        None,
        "wrong",
    ),
    ("exact: floor(x/2) from floor(x)/2", "floor(x/2)", "floor(x)/2", None, "wrong"),
    ("exact right: ceil(x) is -floor(-x)", "ceil(x)", "-floor(-x)", None, "right"),
    ("exact right: floor(x) + 1 is floor(x + 1)", "floor(x)+1", "floor(x+1)", None, "right"),
    (
        "exact: sqrt(3) from 58 digits",
        "sqrt(3)",
        "1.7320508075688772935274463415058723669428052538103806280558",
        None,
        "wrong",
    ),
    ("exact: 1 from tanh(100)", "1", "tanh(100)", None, "wrong"),
    ("exact: x from x·(1 + 10^-90·sin x)", "x", "x*(1 + 10^-90*sin(x))", None, "wrong"),
    ("exact: 0 from floor(x/10^6)", "0", "floor(x/10^6)", None, "wrong"),
    ("exact: (-cos x)^n is (-1)^n·cos(x)^n", "(-cos(x))^n", "(-1)^n*cos(x)^n", None, "right"),
    ("exact: ln|x| from ln x", "ln|x|", "ln x", None, "wrong"),
    ("exact: ln|x| from ln(x)", "ln|x|", "ln(x)", K.EXPRESSION, "wrong"),
    ("exact: tuple in braces keeps order", "{1,2,3}", "{3,2,1}", K.TUPLE, "wrong"),
    ("exact right: tuple in braces, same order", "{1,2,3}", "{1,2,3}", K.TUPLE, "right"),
    ("exact right: braces in order answer a tuple", "(4, -2)", "\\{4, -2\\}", K.TUPLE, "right"),
    ("exact: braces out of order for a tuple", "(4, -2)", "\\{-2, 4\\}", K.TUPLE, "wrong"),
    (
        "exact right: a nested radical",
        "1",
        "(77+20*sqrt(13))^(1/6)-(77-20*sqrt(13))^(1/6)",
        None,
        "right",
    ),
    ("exact right: sin(pi) is 0", "0", "sin(pi)", None, "right"),
    ("exact right: pi/2 - atan(2) is atan(1/2)", "pi/2-atan(2)", "atan(1/2)", None, "right"),
    ("exact right: (x²-1)/(x-1) is x + 1", "x+1", "(x^2-1)/(x-1)", None, "right"),
    ("exact right: sin² + cos² is 1", "1", "sin(x)^2 + cos(x)^2", None, "right"),
    ("exact right: (x+1)^20 expanded", "(x+1)^3", "x^3 + 3x^2 + 3x + 1", None, "right"),
    ("exact: 8 digits of sqrt(2) without a tolerance", "sqrt(2)", "1.41421356", None, "wrong"),
]


@_table(EXACT)
def test_exact_means_exact(answer: str, attempt: str, kind: AnswerKind | None, want: str) -> None:
    assert _grade(answer, attempt, kind) == want


_CITIES = ("Paris", "London", "Rome")


@pytest.mark.parametrize(
    ("attempt", "want"),
    [
        pytest.param("London or Rome", "ambiguous", id="choice: two choice texts"),
        pytest.param("Rome, London", "ambiguous", id="choice: two choice texts with a comma"),
        pytest.param("not Paris", "ambiguous", id="choice: a negated choice text"),
        pytest.param("London", "right", id="choice right: the choice text"),
        pytest.param("b) London", "right", id="choice right: letter and text"),
        pytest.param("the capital is London", "right", id="choice right: text in a sentence"),
        pytest.param("Rome", "wrong", id="choice: another choice text"),
    ],
)
def test_choices_named_by_text(attempt: str, want: str) -> None:
    assert _grade("B", attempt, K.CHOICE, choices=_CITIES) == want


def test_exact_with_a_tolerance_accepts_the_decimal() -> None:
    assert _grade("sqrt(2)", "1.41421356", None, abs_tol=1e-6) == "right"


UNITS: list[Row] = [
    ("units: 4 rad/s for 4 Hz", "4 Hz", "4 rad/s", K.UNITS, "wrong"),
    ("units: 4 Hz for 4 rad/s", "4 rad/s", "4 Hz", K.UNITS, "wrong"),
    ("units: Bq for Hz", "1 Hz", "1 Bq", K.UNITS, "wrong"),
    ("units: Sv for Gy", "2 Gy", "2 Sv", K.UNITS, "wrong"),
    ("units: mSv for mGy", "3 mGy", "3 mSv", K.UNITS, "wrong"),
    ("units: rad for sr", "1 sr", "1 rad", K.UNITS, "wrong"),
    ("units: sr for rad", "1 rad", "1 sr", K.UNITS, "wrong"),
    ("units: lm for cd", "1 cd", "1 lm", K.UNITS, "wrong"),
    ("units: cd for lm", "1 lm", "1 cd", K.UNITS, "wrong"),
    ("units: kHz for krad/s", "2 kHz", "2000 rad/s", K.UNITS, "wrong"),
    ("units: 57.2957795° is not exactly 1 rad", "1 rad", "57.2957795 deg", K.UNITS, "wrong"),
    ("units: lx for cd/m²", "1 lx", "1 cd/m^2", K.UNITS, "wrong"),
    ("units right: kHz and Hz", "2 kHz", "2000 Hz", K.UNITS, "right"),
    ("units right: mi and km, exactly", "1 mi", "1.609344 km", K.UNITS, "right"),
    ("units right: Hz and s^-1", "4 Hz", "4 s^-1", K.UNITS, "right"),
    ("units right: Gy and J/kg", "1 Gy", "1 J/kg", K.UNITS, "right"),
    ("units right: lm and cd·sr", "1 lm", "1 cd*sr", K.UNITS, "right"),
    ("units right: mSv and Sv", "2 mSv", "0.002 Sv", K.UNITS, "right"),
]


@_table(UNITS)
def test_units_by_quantity_kind(
    answer: str, attempt: str, kind: AnswerKind | None, want: str
) -> None:
    assert _grade(answer, attempt, kind) == want


def test_a_checker_bug_is_not_the_learners_error(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault injection: the comparison raises as a bug would. The verdict says so, is not
    counted, and the bug is logged; it is not passed off as unreadable input."""
    from trainer.checking import compare

    def broken(*args: object) -> object:
        raise ZeroDivisionError("injected")

    monkeypatch.setattr(compare, "compare_answer", broken)
    with caplog.at_level(logging.ERROR, logger="trainer.checking.checker"):
        verdict = check(AnswerSpec("x + 1"), "x + 2")
    assert verdict.reason == Reason.CHECKER_ERROR
    assert not verdict.correct and not verdict.counts_as_attempt
    assert "not your mistake" in verdict.message
    assert any("checker bug" in r.getMessage() for r in caplog.records)
    learner = check(AnswerSpec("x + 1"), "x + (")
    assert learner.reason == Reason.UNPARSEABLE
