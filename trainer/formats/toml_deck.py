"""Our deck format: one TOML file per deck (see docs/deck-format.md).

``read_deck``/``loads_deck`` validate the whole file and raise one ``DeckFormatError``
listing every problem with its line; ``dumps_deck``/``write_deck`` write a deck back so
that ``loads_deck(dumps_deck(deck)) == deck``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from trainer.domain import AnswerKind, CheckOptions, Deck, Parameter, Problem
from trainer.errors import DeckFormatError, FormatProblem
from trainer.formats.options import ProblemCheck
from trainer.formats.toml_fields import INVALID, Problems, too_many_problems
from trainer.formats.toml_lines import TomlLines, oversized, parse_limit, read_at_most
from trainer.formats.toml_writer import dumps_deck, write_deck

__all__ = ["FORMAT_VERSION", "dumps_deck", "loads_deck", "read_deck", "write_deck"]

FORMAT_VERSION = 1
DECK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
NEW_ORDERS = ("mixed", "file")  # as trainer.practice.queue.NEW_ORDERS
TOP_KEYS = frozenset({"format", "deck", "problems"})
DECK_KEYS = frozenset(
    {"id", "name", "description", "version", "author", "licence", "kind", "check", "new_order"}
)
PROBLEM_KEYS = frozenset(
    {
        "id",
        "prompt",
        "answer",
        "kind",
        "tags",
        "solution",
        "hints",
        "alternatives",
        "note",
        "check",
        "params",
        "constraints",
        "media",
        "lint",
    }
)
# ``lint = { echo = "why" }``: a named reason for a question test not to apply (trainer lint).
LINT_KEYS = frozenset({"echo"})
PARAM_KEYS = frozenset({"range", "step", "exclude", "choice"})
TEMPLATE_FIELDS = ("prompt", "answer", "solution", "hints", "alternatives")
_MAX_DRAWABLE_CHECK = 100_000
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def read_deck(path: Path, check: ProblemCheck | None = None) -> Deck:
    """Read and validate one deck file; ``check`` (the checker's template validation,
    given by the application) runs on every problem built."""
    try:
        raw = read_at_most(path)
    except OSError as error:
        raise DeckFormatError(
            FormatProblem(str(path), None, None, f"cannot be read: {error}")
        ) from error
    too_big = oversized(raw)  # before tomllib, which reads strings at a few MB/s
    if too_big is not None:
        raise DeckFormatError(FormatProblem(str(path), too_big[0], None, too_big[1]))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DeckFormatError(
            FormatProblem(str(path), line, None, "is not valid UTF-8; a deck file must be UTF-8")
        ) from error
    return loads_deck(text, str(path), check)


def loads_deck(text: str, path: str = "<string>", check: ProblemCheck | None = None) -> Deck:
    """Parse and validate deck TOML; ``path`` is only used in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else None
        message = _TOML_POSITION.sub("", message).strip()
        raise DeckFormatError(
            FormatProblem(path, line, None, f"not valid TOML: {message}")
        ) from error
    except (RecursionError, ValueError) as error:  # 5,000-deep arrays, 4,400-digit integers
        line, message = parse_limit(text, error)
        raise DeckFormatError(
            FormatProblem(path, line, None, f"not valid TOML: {message}")
        ) from None
    too_many = too_many_problems(data, path)
    if too_many is not None:
        raise DeckFormatError(too_many)
    problems = Problems(path, TomlLines(text))
    deck = _build_deck(data, problems, check)
    if problems.found:
        raise DeckFormatError(problems.reported())
    assert deck is not None
    return deck


def _build_deck(data: dict[str, Any], out: Problems, check: ProblemCheck | None) -> Deck | None:
    out.unknown_keys(data, TOP_KEYS, ())
    fmt = data.get("format")
    if fmt is None:
        out.add(("format",), f"missing; expected format = {FORMAT_VERSION} at the top of the file")
    elif fmt != FORMAT_VERSION or isinstance(fmt, bool):
        out.add(
            ("format",), f"expected {FORMAT_VERSION} (the only deck format version), got {fmt!r}"
        )

    meta = out.table(data, "deck", ())
    if meta is None:
        out.add(("deck",), "missing; expected a [deck] table with at least id and name")
        meta = INVALID
    deck_fields: dict[str, Any] = {}
    if meta is not INVALID:
        deck_fields = _deck_fields(meta, out)

    raw_problems = data.get("problems", [])
    if not isinstance(raw_problems, list) or any(not isinstance(p, dict) for p in raw_problems):
        out.add(("problems",), "expected [[problems]] tables")
        raw_problems = []
    built: list[Problem] = []
    first_line: dict[str, int | None] = {}
    for index, entry in enumerate(raw_problems):
        key = entry.get("id")
        if isinstance(key, str | int) and not isinstance(key, bool):
            key = str(key)
            if key in first_line:
                out.add(
                    ("problems", index, "id"),
                    f"duplicate id {key!r} (first used at line {first_line[key]})",
                )
            else:
                first_line[key] = out.lines.line(("problems", index, "id"))
        problem = _build_problem(entry, ("problems", index), out, check, deck_fields.get("kind"))
        if problem is not None:
            built.append(problem)
    if out.found or not deck_fields:
        return None
    return Deck(problems=tuple(built), **deck_fields)


def _deck_fields(meta: dict[str, Any], out: Problems) -> dict[str, Any]:
    path = ("deck",)
    out.unknown_keys(meta, DECK_KEYS, path)
    key = out.string(meta, "id", path, required=True)
    if key is not INVALID and not DECK_ID.match(key):
        out.add(
            path + ("id",),
            "expected lower-case letters, digits, '.', '_' or '-' "
            f'starting with a letter or digit, e.g. "algebra-basics"; got {key!r}',
        )
        key = INVALID
    values = {
        "key": key,
        "name": out.string(meta, "name", path, required=True, non_empty=True),
        "description": out.string(meta, "description", path),
        "version": out.string(meta, "version", path, default="1", non_empty=True, allow_int=True),
        "author": out.string(meta, "author", path),
        "licence": out.string(meta, "licence", path),
        "kind": out.kind(meta, path),
        "new_order": _new_order(meta, out, path),
    }
    check = out.table(meta, "check", path)
    values["options"] = (
        CheckOptions()
        if check is None
        else (INVALID if check is INVALID else out.check_options(check, path + ("check",)))
    )
    if any(v is INVALID for v in values.values()):
        return {}
    return values


def _new_order(meta: dict[str, Any], out: Problems, path: tuple) -> Any:
    """``new_order = "mixed" | "file"``, or None when the file does not say."""
    if "new_order" not in meta:
        return None
    value = out.string(meta, "new_order", path)
    if value is not INVALID and value not in NEW_ORDERS:
        out.add(path + ("new_order",), f'expected "mixed" or "file", got {value!r}')
        return INVALID
    return value


def _build_problem(
    entry: dict[str, Any],
    path: tuple,
    out: Problems,
    check_problem: ProblemCheck | None,
    deck_kind: AnswerKind | None = None,
) -> Problem | None:
    before = len(out.found)
    out.unknown_keys(entry, PROBLEM_KEYS, path)
    key = out.string(entry, "id", path, required=True, non_empty=True, allow_int=True)
    if key is not INVALID and (key != key.strip() or any(ord(c) < 32 for c in key)):
        out.add(path + ("id",), "expected an id without surrounding spaces or control characters")
    values: dict[str, Any] = {
        "key": key,
        "prompt": out.string(entry, "prompt", path, required=True, non_empty=True),
        "answer": out.string(entry, "answer", path, required=True, non_empty=True, allow_int=True),
        "kind": out.kind(entry, path),
        "solution": out.string(entry, "solution", path),
        "hints": out.string_list(entry, "hints", path),
        "tags": out.string_list(entry, "tags", path),
        "constraints": out.string_list(entry, "constraints", path),
        "media": out.string_list(entry, "media", path),
    }
    note = out.string(entry, "note", path, non_empty=True, allow_int=True)
    values["note_key"] = None if note == "" else note
    alternatives = out.string_list(entry, "alternatives", path)
    check = out.table(entry, "check", path)
    options = (
        CheckOptions()
        if check is None
        else (INVALID if check is INVALID else out.check_options(check, path + ("check",)))
    )
    if options is not INVALID and alternatives is not INVALID and alternatives:
        merged = tuple(dict.fromkeys(alternatives + options.alternatives))
        options = CheckOptions(**{**_options_kwargs(options), "alternatives": merged})
    values["options"] = options
    _check_lint_table(entry, path, out)
    params = out.table(entry, "params", path)
    values["parameters"] = (
        ()
        if params is None
        else (INVALID if params is INVALID else _build_params(params, path + ("params",), out))
    )
    constraints = values["constraints"]
    if constraints is not INVALID and constraints and values["parameters"] == ():
        out.add(path + ("constraints",), "constraints need [problems.params] to constrain")
    if len(out.found) > before or any(v is INVALID for v in values.values()):
        return None
    problem = Problem(**values)
    if check_problem is not None:  # it sees the kind the problem gets from its deck
        for sub, message in check_problem(replace(problem, kind=problem.kind or deck_kind)):
            out.add(path + sub, message)
    return None if len(out.found) > before else problem


def _check_lint_table(entry: dict[str, Any], path: tuple, out: Problems) -> None:
    lint = out.table(entry, "lint", path)
    if isinstance(lint, dict):
        out.unknown_keys(lint, LINT_KEYS, path + ("lint",))
        for key in LINT_KEYS & lint.keys():
            out.string(lint, key, path + ("lint",), non_empty=True)


def _options_kwargs(options: CheckOptions) -> dict[str, Any]:
    return {name: getattr(options, name) for name in options.__dataclass_fields__}


def _build_params(table: dict[str, Any], path: tuple, out: Problems) -> Any:
    built: list[Parameter] = []
    ok = True
    for name, spec in table.items():
        where = path + (name,)
        if not IDENTIFIER.match(name):
            out.add(
                where,
                "a parameter name must be an identifier (letters, digits, '_', not "
                "starting with a digit)",
            )
            ok = False
            continue
        if not isinstance(spec, dict):
            out.add(
                where, "expected an inline table, e.g. { range = [1, 9] } or { choice = [2, 3] }"
            )
            ok = False
            continue
        param = _build_param(name, spec, where, out)
        if param is None:
            ok = False
        else:
            built.append(param)
    return tuple(built) if ok else INVALID


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | str):
        return str(value)
    return None


def _build_param(name: str, spec: dict[str, Any], where: tuple, out: Problems) -> Parameter | None:
    before = len(out.found)
    out.unknown_keys(spec, PARAM_KEYS, where)
    has_range, has_choice = "range" in spec, "choice" in spec
    if has_range == has_choice:
        out.add(where, "expected exactly one of range = [lo, hi] or choice = [...]")
        return None
    exclude: list[str] = []
    for i, item in (
        enumerate(spec.get("exclude", [])) if isinstance(spec.get("exclude", []), list) else ()
    ):
        text = _scalar_text(item)
        if text is None:
            out.add(where + ("exclude", i), "expected a number or a string")
        else:
            exclude.append(text)
    if not isinstance(spec.get("exclude", []), list):
        out.add(where + ("exclude",), "expected a list of values never to draw")
    if has_range:
        rng, step = spec["range"], spec.get("step", 1)
        if not (isinstance(rng, list) and len(rng) == 2 and all(_is_int(v) for v in rng)):
            out.add(where + ("range",), "expected two integers [lo, hi]")
            return None
        if not _is_int(step) or step < 1:
            out.add(where + ("step",), "expected a positive integer")
            return None
        lo, hi = rng
        if lo > hi:
            out.add(where + ("range",), f"empty range: lo {lo} is greater than hi {hi}")
            return None
        count = (hi - lo) // step + 1
        if count <= _MAX_DRAWABLE_CHECK:
            excluded = set(exclude)
            if all(str(v) in excluded for v in range(lo, hi + 1, step)):
                out.add(where, "every value in the range is excluded: nothing can be drawn")
        if len(out.found) > before:
            return None
        return Parameter(name=name, range=(lo, hi), step=step, exclude=tuple(exclude))
    if "step" in spec:
        out.add(where + ("step",), "step only goes with range")
    choice = spec["choice"]
    if not isinstance(choice, list) or not choice:
        out.add(where + ("choice",), "expected a non-empty list of numbers or strings")
        return None
    values: list[str] = []
    for i, item in enumerate(choice):
        text = _scalar_text(item)
        if text is None:
            out.add(where + ("choice", i), "expected a number or a string")
        else:
            values.append(text)
    if values and all(v in set(exclude) for v in values):
        out.add(where, "every choice is excluded: nothing can be drawn")
    if len(out.found) > before:
        return None
    return Parameter(name=name, choice=tuple(values), exclude=tuple(exclude))
