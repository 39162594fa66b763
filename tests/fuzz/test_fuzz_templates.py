"""Random template expressions over the whole grammar, through import validation and draws.

Hypothesis (derandomised, fixed example counts) builds expression trees from numbers
(zero, huge, decimal), parameters (a range, a choice with zero and a huge float, a text
choice), every operator and function, comparisons, ``and``/``or``, deep prefix and
postfix chains and huge powers, and puts one in a parametric problem's answer or
constraints. The property: validation answers in bounded time, either with errors, each
one line naming the problem, or with none; and then every draw a drill makes renders the
problem, or (only where validation could not try every value) fails with one
``TemplateFailure`` line, never another exception. Where the parameters have few enough
values for validation to try them all, a validated problem always renders.
"""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.checking.template_check import EXHAUSTIVE, problem_errors
from trainer.domain import Parameter, Problem
from trainer.practice.parametric import TemplateFailure, instantiate

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
EXAMPLES = 80
DRAWS = 40
SLOW = 20.0  # seconds: a hang detector, not a speed target (those live in benchmarks/)

NUMBERS = st.sampled_from(["0", "1", "2", "7", "10", "0.5", "1e3", "999999999999", "3/4"])
NAMES = st.sampled_from(["a", "a", "b", "n_1", "n_1", "u", "true", "false", "x"])
UNARY = ["-{}", "({})", "{}!", "{}%", "abs({})", "sqrt({})", "floor({})", "ceil({})", "not({})"]
BINARY = [
    "{} + {}", "{} - {}", "{} * {}", "{} / {}", "{} ^ {}", "{}^{}", "{} {}", "mod({}, {})",
    "gcd({}, {})", "lcm({}, {})", "min({}, {})", "max({}, {})", "binom({}, {})",
    "root({}, {})", "{} < {}", "{} <= {}", "{} == {}", "{} != {}", "{} > {}", "{} = {}",
    "{} and {}", "{} or {}", "{} % {}",
]  # fmt: skip
HOSTILE = st.sampled_from(
    ["-" * 980 + "a", "a" + "!" * 980, "a^1000", "(a^1000)^1000", "9^9^9", "b^b^b",
     "(" * 70 + "a" + ")" * 70, "a!!", "1e400^3", "sqrt(-1)", "1/(a-a)", "a && b", "!a",
     "a || b", "f(a)", "pi"]
)  # fmt: skip


def trees() -> st.SearchStrategy[str]:
    leaves = st.one_of(NUMBERS, NAMES)

    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        unary = st.tuples(st.sampled_from(UNARY), children).map(lambda t: t[0].format(t[1]))
        binary = st.tuples(st.sampled_from(BINARY), children, children).map(
            lambda t: t[0].format(t[1], t[2])
        )
        return st.one_of(unary, binary)

    return st.one_of(st.recursive(leaves, extend, max_leaves=12), HOSTILE)


PARAMETER_SETS = {
    "small": (
        Parameter("a", range=(-3, 5)),
        Parameter("b", choice=("0", "2", "1.5e300")),
        Parameter("u", choice=("m", "cm")),
        Parameter("n_1", range=(1, 3)),
    ),
    "large": (
        Parameter("a", range=(-(10**12), 10**12), step=7),
        Parameter("b", choice=("0", "2", "1.5e300", "-4")),
        Parameter("u", choice=("m",)),
        Parameter("n_1", range=(0, 300_000_000), exclude=("0",)),
    ),
}


def problem_with(expr: str, where: str, params: tuple[Parameter, ...]) -> Problem:
    if where == "answer":
        return Problem(key="p", prompt="?", answer=f"{{={expr}}}", parameters=params)
    return Problem(key="p", prompt="?", answer="{=a}", parameters=params, constraints=(expr,))


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    expr=trees(),
    where=st.sampled_from(["answer", "constraint"]),
    size=st.sampled_from(sorted(PARAMETER_SETS)),
)
def test_a_template_validates_and_then_renders_or_is_refused_in_one_line(
    expr: str, where: str, size: str
) -> None:
    params = PARAMETER_SETS[size]
    problem = problem_with(expr, where, params)
    started = time.monotonic()
    errors = problem_errors(problem)
    assert time.monotonic() - started < SLOW, f"validation of {expr!r} took too long"
    for path, message in errors:
        assert isinstance(path, tuple) and path
        assert "\n" not in message and message.startswith("problem 'p': "), message
    if errors:
        return
    every_value_tried = size == "small"  # 9 * 3 * 2 * 3 draws: validation tries them all
    assert EXHAUSTIVE >= 9 * 3 * 2 * 3
    rng = random.Random(expr)
    for _ in range(DRAWS):
        try:
            rendered = instantiate(problem, rng)
        except TemplateFailure as failure:
            assert not every_value_tried, f"{expr!r} validated but failed: {failure}"
            assert "\n" not in str(failure) and "problem 'p' cannot be shown" in str(failure)
            continue
        assert "{=" not in rendered.problem.answer
    assert time.monotonic() - started < SLOW, f"drawing {expr!r} took too long"
