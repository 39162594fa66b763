"""Validation of a parametric problem at import: every template, drawn and evaluated.

``problem_errors`` parses every ``{=expr}`` of the prompt, answer, solution, hints and
alternatives and every constraint with the checker's grammar, then draws parameter
values (first the edge values of each parameter, then random ones, as a drill would) and
evaluates every constraint on each draw and every template on each draw the constraints
accept. An error is reported once per expression, with the values that caused it, as
``(field path, message)`` for the reader to place at a line of the file. What no draw
here finds, the drill still catches: it shows a message and moves on.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from trainer.checking.nodes import Node
from trainer.checking.template_draws import RANGE_LIMIT, ParameterPool, draw, pools
from trainer.checking.template_eval import (
    RESERVED,
    TemplateError,
    Value,
    evaluate_tree,
    names_used,
    parameter_value,
    parse_expression,
    show,
)
from trainer.checking.templates import computed_expressions
from trainer.domain import Problem

FieldPath = tuple[str | int, ...]


def describe(text: str, constraint: bool) -> str:
    """``template {=a+1}`` or ``constraint 'a > 1'``, cut to a readable length."""
    short = text if len(text) <= 60 else text[:57] + "..."
    return f"constraint {short!r}" if constraint else f"template {{={short}}}"


TEMPLATE_DRAWS = 48
"""Draws the constraints accept on which every template is evaluated."""
RANDOM_TRIES = 1000
"""Random draws tried; the drill tries as many (``parametric.MAX_DRAWS``)."""
MIN_ACCEPTED = 5
"""Of ``RANDOM_TRIES`` random draws, at least this many must satisfy the constraints."""
EXHAUSTIVE = 256
"""Up to this many possible draws, validation evaluates on every one of them."""
_EDGE_DRAWS = 40


@dataclass
class _Expression:
    path: FieldPath
    text: str
    node: Node
    constraint: bool
    failed: bool = False


def problem_errors(problem: Problem) -> list[tuple[FieldPath, str]]:
    """What is wrong with ``problem``'s parameters, templates and constraints (empty: fine)."""
    errors: list[tuple[FieldPath, str]] = []
    label = f"problem {problem.key!r}"
    for param in problem.parameters:
        message = _parameter_problem(param.name, param.range)
        if message:
            errors.append((("params", param.name), f"{label}: {message}"))
    names = {p.name for p in problem.parameters}
    expressions = []
    for path, text, constraint in _sources(problem):
        what = describe(text, constraint)
        try:
            node = parse_expression(text)
        except TemplateError as error:
            errors.append((path, f"{label}: {what}: {error}"))
            continue
        unknown = sorted(names_used(node) - names)
        if unknown:
            declared = ", ".join(sorted(names)) or "none"
            errors.append(
                (path, f"{label}: {what}: unknown name {', '.join(unknown)} (params: {declared})")
            )
            continue
        expressions.append(_Expression(path, text, node, constraint))
    if problem.constraints and not problem.parameters:
        errors.append((("constraints",), f"{label}: constraints need [problems.params]"))
    if errors or not problem.parameters:
        return errors
    try:
        pool_list = pools(problem.parameters)
    except TemplateError as error:
        return [(("params",), f"{label}: {error}")]
    return _draw_errors(label, pool_list, expressions, random.Random(problem.key))


def _parameter_problem(name: str, bounds: tuple[int, int] | None) -> str:
    if name in RESERVED:
        return f"parameter name {name!r} is a function or keyword of the template language"
    if bounds is not None and max(abs(bounds[0]), abs(bounds[1])) > RANGE_LIMIT:
        return f"parameter {name}: range ends must lie within ±10^12"
    return ""


def _sources(problem: Problem) -> list[tuple[FieldPath, str, bool]]:
    fields: list[tuple[FieldPath, str]] = [
        (("prompt",), problem.prompt),
        (("answer",), problem.answer),
        (("solution",), problem.solution),
    ]
    fields += [(("hints", i), h) for i, h in enumerate(problem.hints)]
    fields += [(("alternatives", i), a) for i, a in enumerate(problem.options.alternatives)]
    out = [(path, expr, False) for path, text in fields for expr in computed_expressions(text)]
    out += [(("constraints", i), c, True) for i, c in enumerate(problem.constraints)]
    return out


def _draw_errors(
    label: str,
    pool_list: list[ParameterPool],
    expressions: list[_Expression],
    rng: random.Random,
) -> list[tuple[FieldPath, str]]:
    """Evaluate on every possible draw when there are at most ``EXHAUSTIVE`` of them,
    else on the edge draws and then on random ones."""
    errors: list[tuple[FieldPath, str]] = []
    constraints = [e for e in expressions if e.constraint]
    templates = [e for e in expressions if not e.constraint]
    every = _every_draw(pool_list)
    candidates = every if every is not None else _edge_draws(pool_list, rng)
    tries = 0 if every is not None else RANDOM_TRIES
    evaluated = accepted = 0
    for index in range(len(candidates) + tries):
        counted = every is not None or index >= len(candidates)
        raw = candidates[index] if index < len(candidates) else draw(pool_list, rng)
        values = {name: parameter_value(v) for name, v in raw.items()}
        holds = True
        for expr in constraints:
            result = _run(expr, values, raw, label, errors)
            if result is None:
                return errors  # a broken constraint: no draw can be judged
            holds = result is True
            if not holds:
                break
        if not holds:
            continue
        accepted += counted
        if every is not None or evaluated < TEMPLATE_DRAWS:
            evaluated += 1
            for expr in templates:
                if not expr.failed:
                    _run(expr, values, raw, label, errors)
        elif accepted >= MIN_ACCEPTED:
            break
    out_of = len(candidates) if every is not None else RANDOM_TRIES
    if constraints and accepted * RANDOM_TRIES < MIN_ACCEPTED * out_of:
        which = "possible" if every is not None else "random"
        errors.append(
            (
                ("constraints",),
                f"{label}: the constraints hold for {accepted} of {out_of} {which} draws; "
                f"at least {MIN_ACCEPTED} in {RANDOM_TRIES} are needed so that a drill always "
                "finds values",
            )
        )
    return errors


def _every_draw(pool_list: list[ParameterPool]) -> list[dict[str, str]] | None:
    """Every combination of values, when the parameters are lists small enough."""
    count = 1
    for pool in pool_list:
        if pool.listed is None:
            return None
        count *= len(pool.listed)
        if count > EXHAUSTIVE:
            return None
    names = [pool.name for pool in pool_list]
    lists = [pool.listed or [] for pool in pool_list]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*lists)]


def _run(
    expr: _Expression,
    values: dict[str, Value],
    raw: dict[str, str],
    label: str,
    errors: list[tuple[FieldPath, str]],
) -> Value | None:
    what = describe(expr.text, expr.constraint)
    try:
        result = evaluate_tree(expr.node, values)
        if expr.constraint and not isinstance(result, bool):
            raise TemplateError(f"gives {show(result)}, not true or false")
    except TemplateError as error:
        expr.failed = True
        used = names_used(expr.node)
        shown = ", ".join(f"{k} = {v[:24]}" for k, v in raw.items() if k in used)
        errors.append((expr.path, f"{label}: {what}: {error}" + (f" (with {shown})" * bool(shown))))
        return None
    return result


def _edge_draws(pool_list: list[ParameterPool], rng: random.Random) -> list[dict[str, str]]:
    """Draws built from edge values: all parameters at one end, each parameter through its
    edges with the others random, every parameter equal where they can be."""
    edges = [pool.edge_values() for pool in pool_list]
    out: list[dict[str, str]] = []
    if all(edges):
        out.append({p.name: e[0] for p, e in zip(pool_list, edges, strict=True)})
        out.append({p.name: e[-1] for p, e in zip(pool_list, edges, strict=True)})
    shared = set.intersection(*(set(e) for e in edges)) if edges else set()
    for value in sorted(shared)[:8]:
        out.append({p.name: value for p in pool_list})
    for i, pool in enumerate(pool_list):
        for value in edges[i]:
            row = draw(pool_list, rng)
            row[pool.name] = value
            out.append(row)
    if len(out) > _EDGE_DRAWS:
        out = out[:2] + rng.sample(out[2:], _EDGE_DRAWS - 2)
    return out
