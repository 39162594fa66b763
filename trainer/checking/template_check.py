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

import random
from dataclasses import dataclass

from trainer.checking.nodes import BinOp, Call, Neg, Node, Num, Postfix, Rel, Seq
from trainer.checking.template_draws import (
    RANGE_LIMIT,
    ParameterPool,
    draw,
    edge_draws,
    every_draw,
    pools,
)
from trainer.checking.template_eval import (
    RESERVED,
    Meter,
    TemplateError,
    Value,
    evaluate_tree,
    names_used,
    parameter_value,
    parse_expression,
    show,
)
from trainer.checking.templates import computed_expressions
from trainer.domain import AnswerKind, Problem

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
PROBLEM_UNITS = 50_000
"""Evaluation work (``template_eval.Meter`` units, about 1-5 µs each) spent on one problem."""
IMPORT_UNITS = 2_000_000
"""Evaluation work spent on one file; past it, problems get their static checks only."""


MAX_REPORTED = 20
"""Template errors listed for one file; past them the file is refused without more."""


class TemplateValidator:
    """``problem_errors`` with one work budget for a whole file (``IMPORT_UNITS``), so a
    hostile deck of many heavy templates is checked in bounded time. Past the budget the
    remaining problems are not checked (a drill still catches what that leaves, showing
    a message instead of the problem). After ``MAX_REPORTED`` errors the rest of the
    file is not checked either: the import is refused already, in a screenful."""

    def __init__(self, units: int = IMPORT_UNITS) -> None:
        self.meter = Meter()
        self.limit = units
        self.reported = 0

    def __call__(self, problem: Problem) -> list[tuple[FieldPath, str]]:
        if self.reported >= MAX_REPORTED:
            return []
        errors = problem_errors(problem, self)
        self.reported += len(errors)
        if self.reported >= MAX_REPORTED:
            errors.append(
                ((), f"more than {MAX_REPORTED} template errors: the rest are not listed")
            )
        return errors


@dataclass
class _Expression:
    path: FieldPath
    text: str
    node: Node
    constraint: bool
    failed: bool = False
    kind: AnswerKind | None = None  # the whole answer is this expression, of this kind


def problem_errors(
    problem: Problem, validator: TemplateValidator | None = None
) -> list[tuple[FieldPath, str]]:
    """What is wrong with ``problem``'s parameters, templates and constraints (empty: fine).
    ``validator`` carries a file's work budget (default: a budget for this problem alone)."""
    errors: list[tuple[FieldPath, str]] = []
    label = f"problem {problem.key!r}"
    budget = validator if validator is not None else TemplateValidator(PROBLEM_UNITS)
    for param in problem.parameters:
        message = _parameter_problem(param.name, param.range)
        if message:
            errors.append((("params", param.name), f"{label}: {message}"))
    names = {p.name for p in problem.parameters}
    expressions = []
    for path, text, constraint in _sources(problem):
        if budget.meter.units >= budget.limit:
            return errors  # the file's budget is spent: a drill catches what is left
        budget.meter.units += 4 * len(text)  # reading: about 4 units a character
        what = describe(text, constraint)
        try:
            node = parse_expression(text)
        except TemplateError as error:
            errors.append((path, f"{label}: {what}: {error}"))
            continue
        unknown = sorted(name[:40] for name in names_used(node) - names)[:5]
        if unknown:
            declared = ", ".join(sorted(names)) or "none"
            errors.append(
                (path, f"{label}: {what}: unknown name {', '.join(unknown)} (params: {declared})")
            )
            continue
        whole_answer = path == ("answer",) and problem.answer.strip() == f"{{={text}}}"
        kind = problem.kind if whole_answer and problem.kind in _NUMBER_KINDS else None
        expressions.append(_Expression(path, text, node, constraint, kind=kind))
    if problem.constraints and not problem.parameters:
        errors.append((("constraints",), f"{label}: constraints need [problems.params]"))
    if errors or not problem.parameters:
        return errors
    try:
        pool_list = pools(problem.parameters)
    except TemplateError as error:
        return [(("params",), f"{label}: {error}")]
    limit = min(budget.meter.units + PROBLEM_UNITS, budget.limit)
    draws = _Draws(label, budget.meter, limit)
    return draws.errors_of(pool_list, expressions, random.Random(problem.key))


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


class _Draws:
    """Draw after draw, evaluate the constraints and then the templates; stop at the first
    error of each expression, or when the work budget is spent."""

    def __init__(self, label: str, meter: Meter, limit: int) -> None:
        self.label = label
        self.meter = meter
        self.limit = limit
        self.errors: list[tuple[FieldPath, str]] = []

    def errors_of(
        self, pool_list: list[ParameterPool], expressions: list[_Expression], rng: random.Random
    ) -> list[tuple[FieldPath, str]]:
        """On every possible draw when there are at most ``EXHAUSTIVE`` of them, else on the
        edge draws and then on random ones, as a drill draws."""
        constraints = [e for e in expressions if e.constraint]
        templates = [e for e in expressions if not e.constraint]
        every = every_draw(pool_list, EXHAUSTIVE)
        targets = _literals(expressions)
        candidates = every if every is not None else edge_draws(pool_list, rng, targets)
        tries = 0 if every is not None else RANDOM_TRIES
        evaluated = accepted = 0
        for index in range(len(candidates) + tries):
            if self.meter.units >= self.limit:
                return self.errors  # the budget is spent: no verdict on the constraints
            counted = every is not None or index >= len(candidates)
            raw = candidates[index] if index < len(candidates) else draw(pool_list, rng)
            values = {name: parameter_value(v) for name, v in raw.items()}
            holds = True
            for expr in constraints:
                result = self.run(expr, values, raw)
                if result is None:
                    return self.errors  # a broken constraint: no draw can be judged
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
                        self.run(expr, values, raw)
            elif accepted >= MIN_ACCEPTED:
                break
        out_of = len(candidates) if every is not None else RANDOM_TRIES
        if constraints and accepted * RANDOM_TRIES < MIN_ACCEPTED * out_of:
            which = "possible" if every is not None else "random"
            self.errors.append(
                (
                    ("constraints",),
                    f"{self.label}: the constraints hold for {accepted} of {out_of} {which} "
                    f"draws; at least {MIN_ACCEPTED} in {RANDOM_TRIES} are needed so that a "
                    "drill always finds values",
                )
            )
        return self.errors

    def run(self, expr: _Expression, values: dict[str, Value], raw: dict[str, str]) -> Value | None:
        """The value of ``expr`` on one draw; None after recording its error."""
        try:
            result = evaluate_tree(expr.node, values, self.meter)
            if expr.constraint and not isinstance(result, bool):
                raise TemplateError(f"gives {show(result)}, not true or false")
            if expr.kind is not None:
                _fits(result, expr.kind)
        except TemplateError as error:
            expr.failed = True
            used = names_used(expr.node)
            shown = ", ".join(f"{k} = {v[:24]}" for k, v in raw.items() if k in used)
            message = f"{self.label}: {describe(expr.text, expr.constraint)}: {error}"
            self.errors.append((expr.path, message + (f" (with {shown})" * bool(shown))))
            return None
        return result


def _literals(expressions: list[_Expression]) -> list[int]:
    """The whole numbers the expressions write (at most 32) and their exact quotients:
    values worth drawing."""
    found: set[int] = set()
    stack: list[object] = [e.node for e in expressions]
    while stack and len(found) < 32:
        n = stack.pop()
        if isinstance(n, Num):
            if n.value.denominator == 1 and abs(n.value) <= RANGE_LIMIT:
                found.update({n.value.numerator, -n.value.numerator})
        elif isinstance(n, tuple):
            stack.extend(n)
        elif isinstance(n, BinOp | Neg | Call | Postfix | Rel | Seq):
            stack.extend(getattr(n, slot) for slot in n.__slots__)
    quotients = {n // m for n in found for m in found if m > 1 and n % m == 0}  # 2b - 34
    return sorted(found | quotients)[:96]


_NUMBER_KINDS = frozenset(
    {AnswerKind.INTEGER, AnswerKind.RATIONAL, AnswerKind.DECIMAL, AnswerKind.SCIENTIFIC}
)


def _fits(result: Value, kind: AnswerKind) -> None:
    """A whole-answer template must give what its kind reads: a number, whole for integer."""
    if isinstance(result, bool | str) or (kind is AnswerKind.INTEGER and result.denominator != 1):
        raise TemplateError(f"gives {show(result)}, but the answer's kind is {kind}")
