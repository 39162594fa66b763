"""Parametric problem templates: ``{name}`` and ``{=expr}``, filled in exactly.

``{name}`` (a declared parameter) is replaced by its value; any other brace group (LaTeX
``x^{2}``) is left alone. ``{=expr}`` is replaced by the exact value of ``expr``, read by
the checker's own parser and computed by ``template_eval`` (numbers, parameters,
``+ - * / ^``, ``%`` as percent, ``!``, parentheses, ``abs sqrt root floor ceil gcd lcm
min max mod binom not``, comparisons, ``and``/``or``, ``true``/``false``). Rationals
render as ``p/q``. Errors are ``TemplateError`` (a ``ValueError``) with one line saying
what; callers add where.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from trainer.checking.template_eval import (
    TemplateError,
    Value,
    evaluate_tree,
    parameter_value,
    parse_expression,
    show,
)

__all__ = [
    "TemplateError",
    "computed_expressions",
    "constraint_holds",
    "evaluate",
    "render_template",
    "template_values",
]

_PLACEHOLDER = re.compile(r"\{(=?)([^{}]*)\}")
_COMPUTED = re.compile(r"\{=([^{}]*)\}")

Values = Mapping[str, str | int]
MAX_RENDERED_CHARS = 100_000
"""A filled-in text (prompt, answer...) longer than this, and longer than its template, is
an error: a few huge values must not make a prompt of megabytes."""


def template_values(values: Values) -> dict[str, Value]:
    """Drawn values (text or integers) as the evaluator reads them."""
    return {name: parameter_value(raw) for name, raw in values.items()}


def computed_expressions(template: str) -> list[str]:
    """The ``expr`` of every ``{=expr}`` in ``template``."""
    return [m.group(1) for m in _COMPUTED.finditer(template)]


def evaluate(expr: str, values: Values) -> str:
    """The exact value of ``expr`` as text: ``7``, ``-3/4``, ``true``."""
    return show(evaluate_tree(parse_expression(expr), template_values(values)))


def constraint_holds(expr: str, values: Values) -> bool:
    """Whether a constraint such as ``mod(a, 10) != 0`` holds; it must be true or false."""
    result = evaluate_tree(parse_expression(expr), template_values(values))
    if not isinstance(result, bool):
        raise TemplateError(f"constraint {expr!r} gives {show(result)}, not true or false")
    return result


def render_template(template: str, values: Values) -> str:
    """Fill ``{name}`` and ``{=expr}`` in ``template``; other braces are left as they are."""
    read = template_values(values)

    def replace(m: re.Match[str]) -> str:
        computed, body = m.group(1), m.group(2)
        if computed:
            try:
                return show(evaluate_tree(parse_expression(body), read))
            except TemplateError as exc:
                short = body if len(body) <= 60 else body[:57] + "..."
                raise TemplateError(f"in {{={short}}}: {exc}") from None
        name = body.strip()
        if name in values and name == body:
            return str(values[name])
        return m.group(0)

    out = _PLACEHOLDER.sub(replace, template)
    if len(out) > MAX_RENDERED_CHARS and len(out) > len(template):
        raise TemplateError(f"the filled-in text grows past {MAX_RENDERED_CHARS} characters")
    return out
