"""Hostile input: never correct, never a crash, always within the time bound."""

from __future__ import annotations

import threading
import time

import pytest

from trainer.checking import check, preview
from trainer.domain import AnswerKind, AnswerSpec, Reason

HOSTILE = {
    "class-attribute": "().__class__",
    "dunder-import": "__import__('os').system('echo hi')",
    "lambda": "lambda: 1",
    "exec": "exec('1')",
    "eval-call": "eval('1+1')",
    "tower-of-powers": "9**9**9**9",
    "caret-tower": "9^9^9^9",
    "deep-parentheses": "(" * 10_000 + "1" + ")" * 10_000,
    "deep-but-short": "(" * 450 + "1" + ")" * 450,
    "nested-sqrt": "sqrt(" * 150 + "1" + ")" * 150,
    "nul-byte": "1\x00",
    "only-nul": "\x00",
    "megabyte": "1" * 1_000_000,
    "lone-backslash": "\\",
    "trailing-backslash": "1\\",
    "open-frac": "\\frac{1}{",
    "huge-exponent": "2^99999999",
    "huge-factorial": "(10^9)!",
    "huge-scientific": "1e999999",
    "tiny-scientific": "1e-999999",
    "braces": "{" * 400,
    "unclosed-env": "\\begin{pmatrix}" * 100,
    "subscript-soup": "x_" * 300,
    "format-string": "{0.__class__}",
    "sql": "1; DROP TABLE cards",
}
ANSWERS = ["1", "2", "x", "x + 1", "(1, 2)", "{1}", "x = 1", "[0, 1)", "1 m"]
BUDGET = 2.0


@pytest.mark.parametrize("attempt", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("answer", ANSWERS)
def test_hostile_attempt_is_never_correct_and_fast(answer: str, attempt: str) -> None:
    start = time.monotonic()
    verdict = check(AnswerSpec(answer), attempt, budget=BUDGET)
    elapsed = time.monotonic() - start
    assert not verdict.correct
    assert elapsed < BUDGET + 0.5


@pytest.mark.parametrize("attempt", list(HOSTILE.values()), ids=list(HOSTILE))
def test_preview_never_raises(attempt: str) -> None:
    start = time.monotonic()
    result = preview(AnswerSpec("x + 1"), attempt)
    assert time.monotonic() - start < 0.5
    assert isinstance(result.read_as, str)


def test_megabyte_attempt_is_refused_as_too_long() -> None:
    assert check(AnswerSpec("1"), "1" * 1_000_000).reason == Reason.TOO_LONG


def test_code_is_unparseable_not_wrong() -> None:
    verdict = check(AnswerSpec("1"), "().__class__")
    assert verdict.reason == Reason.UNPARSEABLE
    assert "column" in verdict.message


@pytest.mark.parametrize("kind", list(AnswerKind))
def test_every_kind_survives_a_lone_backslash(kind: AnswerKind) -> None:
    assert not check(AnswerSpec("1", kind), "\\").correct


def test_a_hostile_reference_does_not_crash() -> None:
    assert not check(AnswerSpec("(" * 5000), "1").correct
    assert not check(AnswerSpec("9^9^9^9"), "1").correct


def test_check_works_in_a_worker_thread() -> None:
    results: list[object] = []

    def grade() -> None:
        results.append(check(AnswerSpec("x^2 - 1"), "(x-1)(x+1)"))
        results.append(check(AnswerSpec("1"), "9^9^9^9", budget=0.5))

    thread = threading.Thread(target=grade)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert results[0].correct  # type: ignore[attr-defined]
    assert not results[1].correct  # type: ignore[attr-defined]


def test_running_out_of_budget_is_a_timeout_never_correct() -> None:
    verdict = check(AnswerSpec("sin(x)^2 + cos(x)^2"), "1", budget=0.0)
    assert verdict.reason == Reason.TIMEOUT
    assert not verdict.correct
    assert not verdict.counts_as_attempt


HEAVY = {
    "long-inequality-chain": ("x < 1", " < ".join(f"x^{k}+y^{k}" for k in range(1, 60))),
    "huge-powers-equation": (
        "y = x",
        "(x-a)^99999 = " + "+".join(f"(y-{k})^9999" for k in range(30)),
    ),
    "matrix-power-tower": ("[[1,2],[3,4]]", "*".join(["[[1,2],[3,4]]"] * 60)),
    "exponential-tower": ("e^x", "e^(e^(e^(e^(e^(e^x)))))"),
}


@pytest.mark.parametrize(("answer", "attempt"), list(HEAVY.values()), ids=list(HEAVY))
def test_budget_is_honoured_on_heavy_but_valid_input(answer: str, attempt: str) -> None:
    start = time.monotonic()
    verdict = check(AnswerSpec(answer), attempt, budget=0.3)
    assert time.monotonic() - start < 0.3 + 0.2
    assert not verdict.correct


@pytest.mark.parametrize(
    "attempt",
    ["1,²³⁴", "0,5²", "2e²", "1 ²", "x_²", "٣", "１２", "\\frac²{3}", "1.²"],
    ids=["comma-superscripts", "decimal-comma-square", "exponent-superscript", "space-square",
         "subscript-superscript", "arabic-digit", "fullwidth-digits", "frac-superscript",
         "dot-superscript"],
)  # fmt: skip
@pytest.mark.parametrize("kind", [None, AnswerKind.INTEGER, AnswerKind.DECIMAL])
def test_unicode_digits_never_crash(attempt: str, kind: AnswerKind | None) -> None:
    verdict = check(AnswerSpec("1234", kind), attempt)
    assert "could not be checked" not in verdict.message
    assert not verdict.correct
