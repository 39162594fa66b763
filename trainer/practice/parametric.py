"""Parametric problems: fresh parameter values for every review, and the texts rendered.

A parametric problem declares parameters (an integer range with a step, or a choice
from a list, minus excluded values) and constraints over them. Every time it is shown,
values are drawn from the session's ``random.Random`` until every constraint holds, and
the prompt, answer, solution and hints are rendered with them through the checker's
safe template evaluator (``trainer.checking.templates``). The values are stored with
the review (``ReviewRow.params``) so the review can be shown again exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from trainer.domain import Parameter, Problem
from trainer.errors import DeckFormatError, FormatProblem

MAX_DRAWS = 1000


@dataclass(frozen=True)
class RenderedProblem:
    """A problem with its parameters filled in (for a plain problem: the problem as is)."""

    problem: Problem  # prompt, answer, solution, hints and alternatives rendered
    params: dict[str, str]


def _candidates(parameter: Parameter) -> list[str]:
    if parameter.choice is not None:
        values = list(parameter.choice)
    elif parameter.range is not None:
        low, high = parameter.range
        values = [str(v) for v in range(low, high + 1, max(1, parameter.step))]
    else:
        values = []
    excluded = set(parameter.exclude)
    return [v for v in values if v not in excluded]


def _where(problem: Problem, field: str) -> FormatProblem:
    return FormatProblem(f"problem {problem.key!r}", None, field, "")


def draw_values(problem: Problem, rng: random.Random) -> dict[str, str]:
    """Values for every parameter such that every constraint holds (DeckFormatError when
    no draw satisfies them after ``MAX_DRAWS`` tries, or a parameter has no value)."""
    from trainer.checking.templates import constraint_holds

    pools: list[tuple[str, list[str]]] = []
    for index, parameter in enumerate(problem.parameters):
        pool = _candidates(parameter)
        if not pool:
            raise DeckFormatError(
                replace(
                    _where(problem, f"params[{index}] ({parameter.name})"),
                    message="no value left to draw (empty range or everything excluded)",
                )
            )
        pools.append((parameter.name, pool))
    for _ in range(MAX_DRAWS):
        values = {name: rng.choice(pool) for name, pool in pools}
        if all(constraint_holds(c, values) for c in problem.constraints):
            return values
    raise DeckFormatError(
        replace(
            _where(problem, "constraints"),
            message=f"no parameter values satisfy the constraints after {MAX_DRAWS} draws",
        )
    )


def render(problem: Problem, values: dict[str, str]) -> Problem:
    """The problem with ``values`` filled into every template field."""
    from trainer.checking.templates import render_template

    def fill(text: str) -> str:
        return render_template(text, values) if text else text

    options = problem.options
    if options.alternatives:
        options = replace(options, alternatives=tuple(fill(a) for a in options.alternatives))
    return replace(
        problem,
        prompt=fill(problem.prompt),
        answer=fill(problem.answer),
        solution=fill(problem.solution),
        hints=tuple(fill(h) for h in problem.hints),
        options=options,
    )


def instantiate(
    problem: Problem, rng: random.Random, values: dict[str, str] | None = None
) -> RenderedProblem:
    """A fresh draw (or the given ``values``, to show a stored review again), rendered."""
    if not problem.is_parametric:
        return RenderedProblem(problem, {})
    chosen = dict(values) if values is not None else draw_values(problem, rng)
    return RenderedProblem(render(problem, chosen), chosen)
