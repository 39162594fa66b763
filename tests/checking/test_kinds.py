"""Tricky cases per answer kind: (answer, attempt, expected correct), with readable ids."""

from __future__ import annotations

import pytest

from trainer.checking import check
from trainer.domain import AnswerKind, AnswerSpec, CheckOptions, Reason

K = AnswerKind


def case(answer, attempt, correct, kind=None, id=None, **options):  # noqa: A002
    spec = AnswerSpec(answer, kind, CheckOptions(**options))
    return pytest.param(spec, attempt, correct, id=id)


INTEGER = [
    case("1234", "1,234", True, K.INTEGER, "comma-thousands"),
    case("1234", "1 234", True, K.INTEGER, "space-thousands"),
    case("2500000", "2,500,000", True, K.INTEGER, "two-comma-groups"),
    case("56", "56.0", True, K.INTEGER, "trailing-zero-decimal"),
    case("56", "57", False, K.INTEGER, "off-by-one"),
    case("-8", "8", False, K.INTEGER, "sign"),
    case("45", "45, 000", False, K.INTEGER, "comma-space-is-a-list"),
    case("12", "(3+9)", True, K.INTEGER, "arithmetic-that-evaluates"),
    case("3", "x3y", False, K.INTEGER, "digit-inside-letters"),
    case("64", "2^6", True, K.INTEGER, "power"),
    case("7", "$7$", True, K.INTEGER, "dollar-delimited"),
    case("7", "\\(7\\)", True, K.INTEGER, "paren-delimited"),
    case("7", "k = 7", True, K.INTEGER, "named-value"),
]
RATIONAL = [
    case("3/8", "6/16", True, K.RATIONAL, "unreduced"),
    case("3/8", "0.375", True, K.RATIONAL, "exact-decimal"),
    case("2/3", "0.67", False, K.RATIONAL, "rounded-decimal-is-not-exact"),
    case("2/3", "0.666666666666667", False, K.RATIONAL, "long-decimal-is-not-exact"),
    case("-3/5", "3/-5", True, K.RATIONAL, "sign-in-denominator"),
    case("5/7", "\\dfrac{5}{7}", True, K.RATIONAL, "dfrac"),
    case("1/4", "\\frac14", True, K.RATIONAL, "frac-without-braces"),
    case("5/7", "-5/7", False, K.RATIONAL, "sign-error"),
    case("3/2", "1½", True, K.RATIONAL, "unicode-mixed-number"),
    case("7/2", "3\\frac{1}{2}", True, K.RATIONAL, "latex-mixed-number"),
    case("-7/2", "-3\\frac12", True, K.RATIONAL, "negative-mixed-number"),
    case("2x/3", "2\\frac{x}{3}", True, None, "coefficient-times-fraction"),
]
DECIMAL = [
    case("3.25", "3,25", True, K.DECIMAL, "decimal-comma"),
    case("0.7", ".7", True, K.DECIMAL, "leading-dot"),
    case("2.5", "2.50", True, K.DECIMAL, "trailing-zero"),
    case("2.5", "2.4", False, K.DECIMAL, "different"),
    case("2.5", "2.45", True, K.DECIMAL, "within-abs-tol", abs_tol=0.06),
    case("200", "205", True, K.DECIMAL, "within-rel-tol", rel_tol=0.05),
    case("200", "215", False, K.DECIMAL, "outside-rel-tol", rel_tol=0.05),
    case("3.6056", "sqrt(13)", True, K.DECIMAL, "surd-within-tol", abs_tol=1e-4),
]
SCIENTIFIC = [
    case("6.02e23", "6.02*10^23", True, K.SCIENTIFIC, "e-vs-times-ten"),
    case("6.02e23", "6.02 × 10^23", True, K.SCIENTIFIC, "unicode-times"),
    case("3.1e-4", "0.00031", True, K.SCIENTIFIC, "plain-decimal"),
    case("3.1e-4", "3.1e-5", False, K.SCIENTIFIC, "wrong-exponent"),
    case("6.02e23", "6.02x10^23", True, K.SCIENTIFIC, "letter-x-as-times"),
    case("20x", "2x10", True, None, "letter-x-stays-a-variable"),
]
EXPRESSION = [
    case("x^2 + 2x + 1", "(x+1)^2", True, None, "factored-vs-expanded"),
    case("x^2 + 2x + 1", "(x+1)^2 + 1", False, None, "plus-one"),
    case("2x", "2·x", True, None, "middle-dot"),
    case("x**3", "x³", True, None, "superscript"),
    case("3x^2+2", "3 x^{2} + 2", True, None, "latex-braces"),
    case("sin(x)^2", "sin^2(x)", True, None, "function-power"),
    case("sin(x)^2", "1 - cos^2 x", True, None, "identity-without-parens"),
    case("e^x", "exp(x)", True, None, "exp"),
    case("(t^2-4)/(t-2)", "t+2", True, None, "removable-point"),
    case("sqrt(t^2)", "t", False, None, "sqrt-of-square-is-abs"),
    case("sqrt(t^2)", "|t|", True, None, "abs-bars"),
    case("\\sqrt[3]{y}", "y^(1/3)", True, None, "cube-root"),
    case("ln(p) + ln(q)", "ln(p q)", True, None, "log-product"),
    case("a - b", "b - a", False, None, "sign-swap"),
    case("u/v", "u*v^-1", True, None, "negative-exponent"),
    case("x", "X", False, None, "case-matters"),
    case("π r^2", "pi*r^2", True, None, "pi-unicode"),
    case("\\frac{a}{b} \\cdot c", "a c / b", True, None, "latex-cdot"),
    case("2^(0.5 t)", "2^(t/2)", True, None, "decimal-exponent-exact"),
    case("t^2/7", "0.142857142857143*t^2", False, None, "float-coefficient-not-exact"),
    case("cos(2w)", "cos(w)^2 - sin(w)^2", True, None, "double-angle"),
    case("(m+1)!", "(m+1)*m!", True, None, "factorial"),
    case("g(s)", "g(t)", False, None, "undefined-function-argument"),
    case("x + C", "x", True, None, "constant-dropped", up_to_constant=True),
    case("x^2/2", "x^2/2 + 3", True, None, "up-to-constant", up_to_constant=True),
    case("x^2/2", "x^2/2 + 3", False, None, "constant-without-option"),
    case("x^2/2", "x^2/2 + x", False, None, "not-a-constant", up_to_constant=True),
]
EQUATION = [
    case("y = 3x - 2", "3x - y - 2 = 0", True, K.EQUATION, "rearranged"),
    case("y = 3x - 2", "2y = 6x - 4", True, K.EQUATION, "multiple"),
    case("y = 3x - 2", "y = 3x + 2", False, K.EQUATION, "constant-sign"),
    case("u^2 = v^2", "(u-v)(u+v) = 0", True, K.EQUATION, "factored"),
    case("u^2 = v^2", "u = v", False, K.EQUATION, "lost-a-branch"),
    case("p = q", "r*p = r*q", False, K.EQUATION, "multiplied-by-a-variable"),
    case("y = 3x - 2", "3x - 2", False, K.EQUATION, "bare-expression"),
    case("x = 4", "x = 4", True, K.EQUATION, "same"),
    case("x = 4", "4 = x", True, K.EQUATION, "swapped"),
    case("x = 4", "4 = 4", False, K.EQUATION, "trivial-equation"),
    case("u^2 = 9", "u = 3 or u = -3", True, K.EQUATION, "solutions-joined-by-or"),
    case("u^2 = 9", "u = 3", False, K.EQUATION, "one-solution-of-two"),
    case("p*q = 0", "p = 0 or q = 0", True, K.EQUATION, "zero-product"),
]
INEQUALITY = [
    case("t > 3", "3 < t", True, K.INEQUALITY, "flipped"),
    case("t > 3", "-t < -3", True, K.INEQUALITY, "negated"),
    case("t > 3", "t >= 3", False, K.INEQUALITY, "strictness"),
    case("t \\le 3", "t ≤ 3", True, K.INEQUALITY, "latex-vs-unicode"),
    case("t^2 < 9", "-3 < t < 3", True, K.INEQUALITY, "quadratic-vs-chain"),
    case("t^2 < 9", "t < 3", False, K.INEQUALITY, "half-solution"),
    case("t != 5", "t ≠ 5", True, K.INEQUALITY, "not-equal"),
    case("2 < s <= 7", "(2, 7]", True, K.INEQUALITY, "chain-vs-interval"),
    case("t < 250", "t < 251", False, K.INEQUALITY, "far-boundary"),
    case("t > 4000", "t >= 4000", False, K.INEQUALITY, "far-boundary-strictness"),
    case("|t - 70| < 2", "68 < t < 72", True, K.INEQUALITY, "far-abs-window"),
    case("t^2 > 0.01", "t^2 > 0.02", False, K.INEQUALITY, "close-roots-near-zero"),
    case("t^2 < 0.0004", "|t| < 0.02", True, K.INEQUALITY, "narrow-window"),
]
SET = [
    case("{2, 5, 9}", "{9, 2, 5}", True, K.SET, "reordered"),
    case("{2, 5, 9}", "{2, 5}", False, K.SET, "missing"),
    case("{2, 5, 9}", "{2, 5, 9, 11}", False, K.SET, "extra"),
    case("{2, 5}", "{5, 2, 2}", True, K.SET, "duplicates"),
    case("{1/2, 3}", "{0.5, 3}", True, K.SET, "equal-values"),
    case("3 ± 2", "{1, 5}", True, K.SET, "plus-minus"),
    case("{3, 7}", "3 and 7", True, K.SET, "and-separated"),
    case("{3, 7}", "7; 3", True, K.SET, "semicolon-separated"),
    case("{(1, 2), (3, 4)}", "{(3, 4), (1, 2)}", True, K.SET, "set-of-pairs"),
    case("{(1, 2), (3, 4)}", "{(2, 1), (3, 4)}", False, K.SET, "pair-reversed"),
    case("{4, {6}}", "{4, 6}", False, K.SET, "nested-set"),
]
TUPLE = [
    case("(4, -1)", "(4, -1)", True, K.TUPLE, "same"),
    case("(4, -1)", "(-1, 4)", False, K.TUPLE, "swapped"),
    case("(4, -1, 0)", "(4, -1)", False, K.TUPLE, "short"),
    case("(1/2, 2)", "(0.5, 4/2)", True, K.TUPLE, "equal-values"),
    case("(x+1, 2x)", "(1+x, x+x)", True, K.TUPLE, "expressions"),
]
INTERVAL = [
    case("[2, 6)", "[2,6)", True, K.INTERVAL, "same"),
    case("[2, 6)", "(2, 6)", False, K.INTERVAL, "open-left"),
    case("(0, 4)", "(0, 1] ∪ (1, 4)", True, K.INTERVAL, "union-merges"),
    case("(-inf, 5]", "(-∞, 5]", True, K.INTERVAL, "infinity-symbol"),
    case("(-inf, 5]", "(-\\infty, 5]", True, K.INTERVAL, "latex-infinity"),
    case("(-inf, 5]", "(-inf, 6]", False, K.INTERVAL, "wrong-endpoint"),
    case("[0, 2] U [3, 4]", "[3, 4] U [0, 2]", True, K.INTERVAL, "union-order"),
    case("(1, 3)", "1 < x < 3", True, K.INTERVAL, "inequality-form"),
]
MATRIX = [
    case(
        "[[1, 2], [3, 4]]",
        "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}",
        True,
        K.MATRIX,
        "plain-vs-pmatrix",
    ),
    case(
        "[[1, 2], [3, 4]]", "\\begin{bmatrix}1&2\\\\3&5\\end{bmatrix}", False, K.MATRIX, "one-entry"
    ),
    case("[[1, 2], [3, 4]]", "[[1, 3], [2, 4]]", False, K.MATRIX, "transposed"),
    case("[[2, 0], [0, 2]]", "2*[[1, 0], [0, 1]]", True, K.MATRIX, "scalar-times"),
    case("[[1, 2, 3]]", "[[1, 2]]", False, K.MATRIX, "shape"),
]
UNITS = [
    case("5 km", "5000 m", True, K.UNITS, "km-vs-m"),
    case("5 km", "5000", False, K.UNITS, "missing-unit"),
    case("5 km", "5 kg", False, K.UNITS, "incompatible"),
    case("3 m/s", "10.8 km/h", True, K.UNITS, "speed"),
    case("2 h", "120 min", True, K.UNITS, "time"),
    case("9.8 m/s^2", "9.8 m/s²", True, K.UNITS, "superscript-unit"),
    case("24 ohm", "24 Ω", True, K.UNITS, "ohm-symbol"),
    case("5 kΩ", "5000 ohm", True, K.UNITS, "kilo-ohm-symbol"),
    case("3 µm", "0.003 mm", True, K.UNITS, "micro-sign-vs-mm"),
    case("3 μm", "3 um", True, K.UNITS, "greek-mu-prefix"),
    case("3 µm", "3 mm", False, K.UNITS, "micro-is-not-milli"),
    case("4 Å", "0.4 nm", True, K.UNITS, "angstrom"),
    case("20 °C", "293.15 K", True, K.UNITS, "celsius-vs-kelvin"),
    case("20 °C", "20 K", False, K.UNITS, "celsius-is-not-kelvin"),
]
PERCENT = [
    case("40%", "0.4", True, K.PERCENT, "fraction-of-one"),
    case("40%", "40 %", True, K.PERCENT, "spaced-sign"),
    case("40%", "40 percent", True, K.PERCENT, "word"),
    case("40%", "4%", False, K.PERCENT, "different"),
    case("40\\%", "2/5", True, K.PERCENT, "latex-percent"),
]
CHOICE = [
    case("C", "c", True, K.CHOICE, "lower-case"),
    case("C", "(c)", True, K.CHOICE, "parenthesised"),
    case("C", "c)", True, K.CHOICE, "closing-paren"),
    case("C", "D", False, K.CHOICE, "other-letter"),
    case("B", "blue", True, K.CHOICE, "choice-text", choices=("red", "blue")),
]
TEXT = [
    case("Paris", "paris", True, K.TEXT, "case"),
    case("New York", "new   york", True, K.TEXT, "whitespace-runs"),
    case("New York", "newyork", False, K.TEXT, "missing-space"),
    case("colour", "color", True, K.TEXT, "alternative", alternatives=("color",)),
    case("Paris", "Pariss", False, K.TEXT, "typo"),
    case("Paris", "PARIS", False, K.TEXT, "case-sensitive", case_sensitive=True),
]

ALL = INTEGER + RATIONAL + DECIMAL + SCIENTIFIC + EXPRESSION + EQUATION + INEQUALITY + SET
ALL += TUPLE + INTERVAL + MATRIX + UNITS + PERCENT + CHOICE + TEXT


@pytest.mark.parametrize(("spec", "attempt", "correct"), ALL)
def test_verdict(spec: AnswerSpec, attempt: str, correct: bool) -> None:
    verdict = check(spec, attempt)
    assert verdict.correct is correct, verdict


@pytest.mark.parametrize(
    ("answer", "attempt", "kind", "reason"),
    [
        ("a - b", "b - a", None, Reason.SIGN_ERROR),
        ("x^2", "x^2 + 4", None, Reason.OFF_BY_CONSTANT),
        ("(1, 2)", "(2, 1)", K.TUPLE, Reason.WRONG_ORDER),
        ("{1, 2, 3}", "{1, 2}", K.SET, Reason.MISSING_ELEMENTS),
        ("{1, 2}", "{1, 2, 3}", K.SET, Reason.EXTRA_ELEMENTS),
        ("[0, 1]", "(0, 1)", K.INTERVAL, Reason.WRONG_ENDPOINT_TYPE),
        ("5 km", "5", K.UNITS, Reason.MISSING_UNIT),
        ("5 km", "5 s", K.UNITS, Reason.INCOMPATIBLE_UNITS),
        ("7", "   ", None, Reason.EMPTY),
        ("7", "7" * 1001, None, Reason.TOO_LONG),
        ("7", "(7", None, Reason.UNPARSEABLE),
        ("7", "7", None, Reason.EQUAL),
        ("2x", "x+x", None, Reason.EQUIVALENT),
    ],
    ids=lambda v: str(v)[:20] if not isinstance(v, Reason) else v.value,
)
def test_reason_codes(answer: str, attempt: str, kind: AnswerKind | None, reason: Reason) -> None:
    assert check(AnswerSpec(answer, kind), attempt).reason == reason


def test_unparseable_points_at_the_column() -> None:
    verdict = check(AnswerSpec("x + 1"), "x + (1")
    assert verdict.reason == Reason.UNPARSEABLE
    assert "column 5" in verdict.message
    assert not verdict.counts_as_attempt


def test_read_as_is_a_readable_rendering() -> None:
    assert check(AnswerSpec("3x^2+2"), "3x^2+2").read_as == "3·x² + 2"
    assert check(AnswerSpec("1/2"), "\\frac{1}{2}").read_as == "1/2"


def test_bare_value_against_equation_needs_the_option() -> None:
    spec = AnswerSpec("y = 2x + 1", K.EQUATION)
    assert not check(spec, "2x + 1").correct
    allowed = AnswerSpec("x = 3", K.EQUATION, CheckOptions(allow_bare_value=True))
    assert check(allowed, "3").correct


def test_kind_is_inferred_when_absent() -> None:
    assert check(AnswerSpec("12 cm"), "0.12 m").correct
    assert check(AnswerSpec("30%"), "0.3").correct
    assert not check(AnswerSpec("12 cm"), "12").correct


NOTATION = [
    case(
        "x \\le -2 \\text{ or } x \\ge 2", "(-\\infty,-2] \\cup [2,\\infty)", True, None, "or-union"
    ),
    case("x > 1 and x < 3", "(1,3)", True, None, "and-intersection"),
    case("x < 1 or x > 3", "(1,3)", False, None, "or-is-not-and"),
    case("\\langle 1, 2 \\rangle", "(1,2)", True, None, "angle-brackets"),
    case("\\mathbb{R}", "(-\\infty, \\infty)", True, None, "all-reals"),
    case("\\emptyset", "\\{\\}", True, None, "empty-set"),
    case("B", "The answer is (B).", True, K.CHOICE, "choice-in-sentence"),
    case("10000", "10,000", True, None, "inferred-integer-thousands"),
    case("\\frac{\\sqrt{3}}{2}", "sqrt(3)/2", True, None, "latex-vs-plain-surd"),
    case("(1+i)^2", "2i", True, None, "complex"),
    case("e^{i\\pi}", "-1", True, None, "euler"),
    case("x = 2, y = 3", "y = 3, x = 2", True, None, "system-reordered"),
    case("x = 2 \\text{ or } x = 3", "{2, 3}", True, None, "solutions-as-set"),
    case("\\sin^{-1}(x)", "arcsin(x)", True, None, "inverse-sine"),
    case("a_{1} + a_{2}", "a_2+a_1", True, None, "subscripts"),
    case("\\binom{5}{2}", "10", True, None, "binomial"),
    case("\\log_2 8", "3", True, None, "log-base"),
    case("lg(1000)", "3", True, None, "common-log"),
    case("5", "1 + lg(81, 3)", True, None, "log-with-base-argument"),
    case("-1", "signum(-7)", True, None, "signum"),
    case("b_1", "b1", False, None, "subscript-is-not-a-product"),
    case("\\infty", "oo", True, None, "oo-infinity"),
    case("2x+1 = 5", "x = 2", True, K.EQUATION, "solved-equation"),
    case("\\frac{\\pi}{6}", "30°", False, None, "degrees-are-not-radians"),
    case("1/3", "0.3333", True, None, "tolerance-given", abs_tol=1e-3),
    case("1.5", "1 1/2", True, None, "mixed-number-is-n-plus-a-over-b"),
    case("$f(x) = 3x$", "$3x$", True, None, "function-definition-names-a-value"),
    case("$y = 3x$", "$3x$", False, None, "equation-is-not-a-value"),
    case("$x = \\pm 2$", "$x=2, x=-2$", True, None, "plus-minus-solutions"),
    case("$\\pm\\sqrt{2}$", "$\\{-\\sqrt2, \\sqrt2\\}$", True, None, "pm-vs-latex-set"),
    case("$3$", "$\\boxed{3}$ and $\\boxed{4}$", False, None, "two-boxed-answers"),
    case("$1{,}000$", "1000", True, None, "latex-thousands-group"),
    case("(x^a)^b", "x^(a*b)", False, None, "power-of-power-needs-care"),
    case("x^2>=4", "abs(x)>2", False, None, "boundary-included"),
    case("(-inf,0) U (0,inf)", "x != 0", True, None, "punctured-line"),
]


@pytest.mark.parametrize(("spec", "attempt", "correct"), NOTATION)
def test_notation(spec: AnswerSpec, attempt: str, correct: bool) -> None:
    assert check(spec, attempt).correct is correct
