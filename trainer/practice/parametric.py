"""Parametric problems: fresh parameter values for every review, and the texts rendered.

A parametric problem declares parameters (an integer range with a step, or a choice
from a list, minus excluded values) and constraints over them. Every time it is shown,
values are drawn from the session's ``random.Random`` (a range is never built as a list:
``trainer.checking.template_draws``) until every constraint holds, and the prompt,
answer, solution, hints and alternatives are rendered with them by the checker's
template evaluator (``trainer.checking.templates``). The values are stored with the
review (``ReviewRow.params``) so the review can be shown again exactly.

Import validation (``trainer.checking.template_check``) evaluates every template on
many draws; whatever it could not foresee raises ``TemplateFailure`` here, before
anything is stored, and the drill shows its message and moves on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from trainer.domain import Problem
from trainer.errors import TrainerError

MAX_DRAWS = 1000


class TemplateFailure(TrainerError):
    """A parametric problem that cannot be shown: its values or templates fail."""


@dataclass(frozen=True)
class RenderedProblem:
    """A problem with its parameters filled in (for a plain problem: the problem as is)."""

    problem: Problem  # prompt, answer, solution, hints and alternatives rendered
    params: dict[str, str]


def draw_values(problem: Problem, rng: random.Random) -> dict[str, str]:
    """Values for every parameter such that every constraint holds (``TemplateError`` when
    no draw satisfies them after ``MAX_DRAWS`` tries, or a parameter has no value)."""
    from trainer.checking.template_draws import draw, pools
    from trainer.checking.templates import TemplateError, constraint_holds

    pool_list = pools(problem.parameters)
    for _ in range(MAX_DRAWS):
        values = draw(pool_list, rng)
        if all(constraint_holds(c, values) for c in problem.constraints):
            return values
    raise TemplateError(f"the constraints hold for 0 of {MAX_DRAWS} draws")


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
    """A fresh draw (or the given ``values``, to show a stored review again), rendered.

    Raises ``TemplateFailure`` (one line: which problem, which template, why) when the
    problem cannot be shown; nothing has been stored then."""
    if not problem.is_parametric:
        return RenderedProblem(problem, {})
    from trainer.checking.templates import TemplateError

    chosen: dict[str, str] = {}
    try:
        chosen = dict(values) if values is not None else draw_values(problem, rng)
        return RenderedProblem(render(problem, chosen), chosen)
    except TemplateError as error:
        shown = ", ".join(f"{k} = {v[:24]}" for k, v in chosen.items())
        raise TemplateFailure(
            f"problem {problem.key!r} cannot be shown: {error}"
            + (f" (with {shown})" if shown else "")
            + "; skipped (fix the deck and import it again)"
        ) from None
