"""Write a ``Deck`` as deck-format TOML that reads back to the same deck.

Strings are written the most readable way that is still exact: literal strings for LaTeX
(no doubled backslashes), literal multi-line strings for text with line breaks, and
escaped basic strings only when nothing else can hold the text.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from trainer.domain import CheckOptions, Deck, Parameter, Problem

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_INT_TEXT = re.compile(r"^-?(0|[1-9][0-9]*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def toml_string(text: str) -> str:
    """``text`` as a TOML string literal."""
    if (
        "\n" in text
        and not _CONTROL_BUT_NEWLINE.search(text)
        and "'''" not in text
        and not (text.endswith("'"))
    ):
        return "'''\n" + text + "'''"
    if "\\" in text and "'" not in text and not _CONTROL.search(text):
        return "'" + text + "'"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else json.dumps(name, ensure_ascii=False)


def _scalar(text: str) -> int | str:
    """A drawn value as written: an integer when the text is one, else a string."""
    return int(text) if _INT_TEXT.match(text) else text


def _options_lines(options: CheckOptions, *, skip_alternatives: bool) -> list[str]:
    lines = []
    for name, value in options.to_dict().items():
        if skip_alternatives and name == "alternatives":
            continue
        lines.append(f"{name} = {toml_value(value)}")
    return lines


def _param_line(param: Parameter) -> str:
    parts: list[str] = []
    if param.range is not None:
        parts.append(f"range = {toml_value(list(param.range))}")
        if param.step != 1:
            parts.append(f"step = {param.step}")
    if param.choice is not None:
        parts.append(f"choice = {toml_value([_scalar(c) for c in param.choice])}")
    if param.exclude:
        parts.append(f"exclude = {toml_value([_scalar(e) for e in param.exclude])}")
    return f"{_key(param.name)} = {{ {', '.join(parts)} }}"


def _problem_lines(problem: Problem) -> list[str]:
    lines = ["[[problems]]", f"id = {toml_string(problem.key)}"]
    lines.append(f"prompt = {toml_string(problem.prompt)}")
    lines.append(f"answer = {toml_string(problem.answer)}")
    if problem.kind is not None:
        lines.append(f"kind = {toml_string(problem.kind.value)}")
    optional: list[tuple[str, Any]] = [
        ("tags", list(problem.tags)),
        ("solution", problem.solution),
        ("hints", list(problem.hints)),
        ("alternatives", list(problem.options.alternatives)),
        ("note", problem.note_key or ""),
        ("media", list(problem.media)),
        ("constraints", list(problem.constraints)),
    ]
    lines += [f"{name} = {toml_value(value)}" for name, value in optional if value]
    check = _options_lines(problem.options, skip_alternatives=True)
    if check:
        lines += ["", "[problems.check]", *check]
    if problem.parameters:
        lines += ["", "[problems.params]", *(_param_line(p) for p in problem.parameters)]
    return lines


def dumps_deck(deck: Deck) -> str:
    """The deck as deck-format TOML text."""
    lines = ["format = 1", "", "[deck]", f"id = {toml_string(deck.key)}"]
    lines.append(f"name = {toml_string(deck.name)}")
    for name in ("description", "version", "author", "licence"):
        value = getattr(deck, name)
        if value or name == "version":
            lines.append(f"{name} = {toml_string(value)}")
    if deck.kind is not None:
        lines.append(f"kind = {toml_string(deck.kind.value)}")
    if deck.new_order is not None:
        lines.append(f"new_order = {toml_string(deck.new_order)}")
    check = _options_lines(deck.options, skip_alternatives=False)
    if check:
        lines += ["", "[deck.check]", *check]
    for problem in deck.problems:
        lines += ["", *_problem_lines(problem)]
    return "\n".join(lines) + "\n"


def write_deck(deck: Deck, path: Path) -> None:
    """Write the deck to ``path`` atomically: a temporary file in the same folder, then a rename."""
    text = dumps_deck(deck)
    path = Path(path)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
