"""The public API: import cost, preview, budget, the symbolic worker and forms."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from trainer.checking import Preview, check, preview
from trainer.domain import AnswerKind, AnswerSpec, CheckOptions, Form, Reason


def test_importing_the_checker_loads_no_heavy_library() -> None:
    code = (
        "import sys, trainer.checking; "
        "print(','.join(m for m in ('sympy', 'lark', 'pint', 'mpmath') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_exact_number_path_needs_no_sympy() -> None:
    code = (
        "import sys; from trainer.checking import check; from trainer.domain import *; "
        "v = check(AnswerSpec('1234', AnswerKind.INTEGER), '1,234'); "
        "w = check(AnswerSpec('Paris', AnswerKind.TEXT), 'paris'); "
        "print(v.correct, w.correct, 'sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "False"]


def test_exact_number_check_is_fast() -> None:
    spec = AnswerSpec("1234", AnswerKind.INTEGER)
    check(spec, "1,234")
    start = time.perf_counter()
    for _ in range(200):
        check(spec, "1,234")
    assert (time.perf_counter() - start) / 200 < 0.002


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [
        ("3x^2+2", Preview("3·x² + 2")),
        ("\\frac{1}{2}", Preview("1/2")),
        ("", Preview("")),
        ("x + (1", Preview("", "unbalanced parenthesis at column 5", 5)),
    ],
    ids=["polynomial", "latex-fraction", "empty", "unbalanced"],
)
def test_preview(attempt: str, expected: Preview) -> None:
    assert preview(AnswerSpec("x"), attempt) == expected


def test_preview_is_fast() -> None:
    spec = AnswerSpec("x")
    preview(spec, "sin(x)^2 + 3x/(x-1)")
    start = time.perf_counter()
    for k in range(100):
        preview(spec, f"sin(x)^2 + {k}x/(x-1)")
    assert (time.perf_counter() - start) / 100 < 0.005


@pytest.mark.parametrize(
    ("answer", "attempt", "form", "correct"),
    [
        ("x^2 - 1", "(x - 1)(x + 1)", Form.FACTORED, True),
        ("x^2 - 1", "x^2 - 1", Form.FACTORED, False),
        ("2x + 2", "2(x + 1)", Form.EXPANDED, False),
        ("2x + 2", "2x + 2", Form.EXPANDED, True),
        ("1/2", "2/4", Form.LOWEST_TERMS, False),
        ("1/2", "1/2", Form.LOWEST_TERMS, True),
        ("x + 1", "(x^2 - 1)/(x - 1)", Form.SIMPLIFIED, False),
        ("x + 1", "1 + x", Form.SIMPLIFIED, True),
    ],
    ids=[
        "factored",
        "not-factored",
        "not-expanded",
        "expanded",
        "unreduced",
        "reduced",
        "not-simplified",
        "simplified",
    ],
)
def test_required_forms(answer: str, attempt: str, form: Form, correct: bool) -> None:
    verdict = check(AnswerSpec(answer, options=CheckOptions(form=form)), attempt, budget=10)
    assert verdict.correct is correct
    if not correct:
        assert verdict.reason == Reason.WRONG_FORM


def test_symbolic_worker_is_killed_on_timeout() -> None:
    from trainer.checking import worker
    from trainer.checking.parser import parse
    from trainer.checking.sampling import Deadline, OutOfTime

    slow = parse("sin(x+y+z)^12 - (sin(x)*cos(y+z)+cos(x)*sin(y+z))^12")
    assert worker.run("equal", (parse("0"), parse("0")), Deadline(30)) is True  # warm
    start = time.monotonic()
    with pytest.raises(OutOfTime):
        worker.run("equal", (slow, parse("0")), Deadline(0.2))
    assert time.monotonic() - start < 1.0
    # the next task starts a fresh worker and gets an answer
    assert worker.run("equal", (parse("2x"), parse("x + x")), Deadline(30)) is True


def test_kind_synonyms_work_through_the_domain() -> None:
    assert check(AnswerSpec("7", AnswerKind.parse("int")), "7.0").correct


FACTORED_3X2_MINUS_12 = "3(x - 2)(x + 2)"


@pytest.mark.parametrize(
    ("attempt", "correct"),
    [
        ("3(x - 2)(x + 2)", True),
        ("3*(x-2)*(x+2)", True),  # a flat product with a number in it
        ("-3(2-x)(x+2)", True),  # a sign moved between factors
        ("(x+2)(x-2)3", True),
        ("(3x-6)(x+2)", False),  # the common factor 3 is not taken out
        ("3(x^2-4)", False),  # x^2 - 4 still factors
        ("3x^2-12", False),
    ],
    ids=[
        "written",
        "flat-stars",
        "sign-moved",
        "number-last",
        "content-left",
        "partial",
        "expanded",
    ],
)
def test_factored_form_reads_every_written_factor(attempt: str, correct: bool) -> None:
    """Products of three or more factors parse as nested products; each factor counts.
    (A right answer like 3(x - 2)(x + 2) was once judged wrong_form; and a sympy error on a
    number factor made the check undecided, so unfactored answers passed.)"""
    spec = AnswerSpec(FACTORED_3X2_MINUS_12, options=CheckOptions(form=Form.FACTORED))
    verdict = check(spec, attempt, budget=10)
    assert verdict.correct is correct, verdict
    if not correct:
        assert verdict.reason == Reason.WRONG_FORM
