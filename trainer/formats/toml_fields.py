"""Typed reading of TOML values, collecting every error with its line and field path."""

from __future__ import annotations

import difflib
from dataclasses import fields
from typing import Any

from trainer.domain import AnswerKind, CheckOptions, Form
from trainer.errors import FormatProblem
from trainer.formats.limits import MAX_TEXT_CHARS
from trainer.formats.toml_lines import Path, TomlLines

INVALID: Any = object()


def _too_long(value: str) -> str:
    return f"is {len(value)} characters, over the {MAX_TEXT_CHARS}-character limit"


def field_name(path: Path) -> str:
    """``("problems", 3, "answer")`` -> ``problems[3].answer``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


# A deck file's problems are reported up to this many, then counted (900,000 lines on
# stderr for a 4 MB file of empty ``[[problems]]`` tables is no report).
MAX_REPORTED = 20
# Problems in one deck file: each is validated, at tens of microseconds apiece.
MAX_PROBLEMS = 100_000
# Items of one list (tags, hints, alternatives...): a 30 MB deck held 7.6 million tags.
MAX_LIST_ITEMS = 1_000


def too_many_problems(data: dict[str, Any], source: str) -> FormatProblem | None:
    """A problem for a deck with more than ``MAX_PROBLEMS`` problems, else ``None``."""
    entries = data.get("problems")
    if isinstance(entries, list) and len(entries) > MAX_PROBLEMS:
        return FormatProblem(
            source,
            None,
            "problems",
            f"{len(entries)} problems, over the limit of {MAX_PROBLEMS} for one deck file",
        )
    return None


class Problems:
    """Collects every problem found in one file."""

    def __init__(self, source: str, lines: TomlLines) -> None:
        self.source = source
        self.lines = lines
        self.found: list[FormatProblem] = []

    def reported(self) -> list[FormatProblem]:
        """The problems to show: the first ``MAX_REPORTED`` (in line order), then a count."""
        found = sorted(self.found, key=lambda p: p.line or 0)
        if len(found) <= MAX_REPORTED:
            return found
        rest = len(found) - MAX_REPORTED
        more = FormatProblem(self.source, None, None, f"... and {rest} more problems")
        return found[:MAX_REPORTED] + [more]

    def add(self, path: Path, message: str) -> None:
        self.found.append(
            FormatProblem(self.source, self.lines.line(path), field_name(path) or None, message)
        )

    def unknown_keys(
        self, table: dict[str, Any], known: set[str] | frozenset[str], path: Path
    ) -> None:
        for key in table:
            if key in known:
                continue
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f"; known keys: {', '.join(sorted(known))}"
            )
            self.add(path + (key,), f"unknown key{hint}")

    # Typed getters: each returns the value, or INVALID after recording what was expected.

    def string(
        self,
        table: dict[str, Any],
        key: str,
        path: Path,
        *,
        required: bool = False,
        default: str = "",
        non_empty: bool = False,
        allow_int: bool = False,
    ) -> Any:
        if key not in table:
            if required:
                self.add(path + (key,), "missing; expected a string")
                return INVALID
            return default
        value = table[key]
        if allow_int and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.add(path + (key,), f"expected a string, got {_type_name(value)}")
            return INVALID
        if non_empty and not value.strip():
            self.add(path + (key,), "expected a non-empty string")
            return INVALID
        if len(value) > MAX_TEXT_CHARS:
            self.add(path + (key,), _too_long(value))
            return INVALID
        return value

    def string_list(
        self, table: dict[str, Any], key: str, path: Path, *, non_empty_items: bool = True
    ) -> Any:
        if key not in table:
            return ()
        value = table[key]
        if not isinstance(value, list):
            self.add(path + (key,), f"expected a list of strings, got {_type_name(value)}")
            return INVALID
        if len(value) > MAX_LIST_ITEMS:
            self.add(path + (key,), f"{len(value)} items, over the limit of {MAX_LIST_ITEMS}")
            return INVALID
        out = []
        ok = True
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.add(path + (key, i), f"expected a string, got {_type_name(item)}")
                ok = False
            elif non_empty_items and not item.strip():
                self.add(path + (key, i), "expected a non-empty string")
                ok = False
            elif len(item) > MAX_TEXT_CHARS:
                self.add(path + (key, i), _too_long(item))
                ok = False
            else:
                out.append(item)
        return tuple(out) if ok else INVALID

    def table(self, table: dict[str, Any], key: str, path: Path) -> Any:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, dict):
            self.add(path + (key,), f"expected a table, got {_type_name(value)}")
            return INVALID
        return value

    def kind(self, table: dict[str, Any], path: Path) -> Any:
        raw = self.string(table, "kind", path)
        if raw is INVALID or raw == "":
            return None if raw == "" else INVALID
        try:
            return AnswerKind.parse(raw)
        except ValueError:
            names = ", ".join(k.value for k in AnswerKind)
            self.add(path + ("kind",), f"unknown kind {raw!r}; expected one of: {names}")
            return INVALID

    def check_options(self, table: dict[str, Any], path: Path) -> Any:
        """A ``[... .check]`` table as ``CheckOptions``."""
        known = {f.name for f in fields(CheckOptions)}
        self.unknown_keys(table, known, path)
        kwargs: dict[str, Any] = {}
        ok = True
        for key, value in table.items():
            if key not in known:
                ok = False
                continue
            where = path + (key,)
            if key in ("abs_tol", "rel_tol"):
                if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                    self.add(where, f"expected a non-negative number, got {value!r}")
                    ok = False
                else:
                    kwargs[key] = float(value)
            elif key in ("ordered", "case_sensitive", "up_to_constant", "allow_bare_value"):
                if not isinstance(value, bool):
                    self.add(where, f"expected true or false, got {_type_name(value)}")
                    ok = False
                else:
                    kwargs[key] = value
            elif key == "form":
                forms = [f.value for f in Form]
                if value not in forms:
                    self.add(where, f"expected one of {', '.join(forms)}, got {value!r}")
                    ok = False
                else:
                    kwargs[key] = Form(value)
            elif key == "units":
                if not isinstance(value, str) or not value.strip():
                    self.add(where, 'expected a unit as a non-empty string, e.g. "m/s"')
                    ok = False
                else:
                    kwargs[key] = value
            else:  # choices, alternatives
                items = self.string_list(table, key, path)
                if items is INVALID:
                    ok = False
                else:
                    kwargs[key] = items
        return CheckOptions(**kwargs) if ok else INVALID


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) < 40 else "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
