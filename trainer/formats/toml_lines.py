"""Find where things are in a TOML file, since ``tomllib`` keeps no positions.

A light scan of the text: table headers (``[deck]``, ``[[problems]]``,
``[problems.params]``) and ``key = value`` lines are recorded under their path, e.g.
``("problems", 3, "answer")``; the contents of multi-line strings and arrays are skipped.
Lookups fall back to the nearest enclosing path, so a problem inside an inline table is
reported at the line of its key.
"""

from __future__ import annotations

import re
from os import PathLike

Path = tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"' + r"|'[^']*'"
_KEY_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[|\[)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=\s*(.*)$")
_KEY_SPLIT = re.compile(rf"\s*({_KEY_PART})\s*(?:\.|$)")


def _split_key(dotted: str) -> list[str]:
    parts = []
    for match in _KEY_SPLIT.finditer(dotted):
        part = match.group(1)
        if part and part[0] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return [p for p in parts if p != ""] or [dotted]


def _opens_multiline_string(value: str) -> str | None:
    """The delimiter of a multi-line string left open at the end of ``value``, if any."""
    i = 0
    while i < len(value):
        for delim in ('"""', "'''"):
            if value.startswith(delim, i):
                end = value.find(delim, i + 3)
                if end < 0:
                    return delim
                i = end + 3
                break
        else:
            ch = value[i]
            if ch == "#":
                return None
            if ch in "\"'":
                end = value.find(ch, i + 1)
                while ch == '"' and end > 0 and value[end - 1] == "\\":
                    end = value.find(ch, end + 1)
                i = len(value) if end < 0 else end + 1
                continue
            i += 1
    return None


class TomlLines:
    """Line numbers (1-based) of the tables and keys of one TOML text."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        self._scan(text)

    def _record(self, path: Path, line: int) -> None:
        self._lines.setdefault(path, line)

    def _scan(self, text: str) -> None:
        table: Path = ()
        arrays: dict[tuple[str, ...], int] = {}
        open_string: str | None = None
        bracket_depth = 0
        for number, line in enumerate(text.splitlines(), start=1):
            if open_string is not None:
                if open_string in line:
                    open_string = _opens_multiline_string(line[line.index(open_string) + 3 :])
                continue
            if bracket_depth > 0:
                bracket_depth = _bracket_balance(line, bracket_depth)[0]
                continue
            header = _HEADER.match(line)
            if header:
                names = _split_key(header.group(2))
                if header.group(1) == "[[":
                    arrays[tuple(names)] = arrays.get(tuple(names), -1) + 1
                table = self._table_path(names, arrays)
                self._record(table, number)
                continue
            key = _KEY_LINE.match(line)
            if key:
                path = table + tuple(_split_key(key.group(1)))
                for depth in range(len(table) + 1, len(path) + 1):
                    self._record(path[:depth], number)
                value = key.group(2)
                open_string = _opens_multiline_string(value)
                if open_string is None and ("[" in value or "{" in value):
                    bracket_depth = max(_bracket_balance(value)[0], 0)

    @staticmethod
    def _table_path(names: list[str], arrays: dict[tuple[str, ...], int]) -> Path:
        path: list[str | int] = []
        for i, name in enumerate(names):
            path.append(name)
            index = arrays.get(tuple(names[: i + 1]))
            if index is not None:
                path.append(index)
        return tuple(path)

    def line(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest recorded ancestor."""
        while path:
            found = self._lines.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self._lines.get(())


def _bracket_balance(value: str, depth: int = 0) -> tuple[int, int]:
    """Open minus closed ``[``/``{`` outside strings and comments on one line, added to
    ``depth``; and the deepest it went on the way."""
    peak = depth
    quote: str | None = None
    escaped = False
    for ch in value:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            depth += 1
            peak = max(peak, depth)
        elif ch in "]}":
            depth -= 1
    return depth, peak


# tomllib recurses once per nesting level and converts integers with ``int()``: a file
# may hit Python's recursion limit or its 4,300-digit limit, and neither error says where.
MAX_NESTING = 100
MAX_DECK_FILE_BYTES = 32 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4299,}")


def parse_limit(text: str, error: RecursionError | ValueError) -> tuple[int | None, str]:
    """(line, message) for a file ``tomllib`` gave up on: too deep, or a huge integer."""
    if isinstance(error, RecursionError):
        depth = 0
        for number, line in enumerate(text.splitlines(), start=1):
            depth, peak = _bracket_balance(line, depth)
            if peak > MAX_NESTING:
                return number, f"arrays or tables nested more than {MAX_NESTING} levels deep"
        return None, "arrays or tables nested too deeply"
    found = _LONG_NUMBER.search(text)
    if found is not None and "digits" in str(error):
        return text.count("\n", 0, found.start()) + 1, "an integer with more than 4300 digits"
    return None, f"cannot be read ({error})"


def oversized(raw: bytes) -> tuple[int | None, str] | None:
    """(line, why) when a deck file is too big to parse in bounded time, else ``None``.

    ``tomllib`` reads strings at a few MB a second, so a 50 MB prompt would take
    minutes to refuse: the file and its lines are capped before it is parsed.
    """
    if len(raw) > MAX_DECK_FILE_BYTES:
        return None, f"is over the {MAX_DECK_FILE_BYTES}-byte limit for a deck file"
    if len(raw) > MAX_LINE_BYTES:
        for number, line in enumerate(raw.split(b"\n"), start=1):
            if len(line) > MAX_LINE_BYTES:
                return number, f"line is {len(line)} bytes, over the {MAX_LINE_BYTES}-byte limit"
    return None


def read_at_most(path: PathLike[str]) -> bytes:
    """The file's bytes, but never more than one past ``MAX_DECK_FILE_BYTES``."""
    with open(path, "rb") as handle:
        return handle.read(MAX_DECK_FILE_BYTES + 1)
