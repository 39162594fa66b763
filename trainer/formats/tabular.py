"""CSV/TSV, JSONL and JSON-array problem files -> one deck.

Columns (or JSON fields) map to problem fields by ``--map`` or by common header names
(front/back, question/answer, prompt/answer, id, tags, kind, solution). A row that cannot
become a problem is skipped with its line and reason; a file that is not text, or is not
what its name says, raises ``DeckFormatError`` naming the line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trainer.domain import Deck, ImportBatch, Problem, Skipped
from trainer.errors import DeckFormatError, FormatProblem
from trainer.formats import anki_html
from trainer.formats.anki_text import apply_roles, default_header, read_directives
from trainer.formats.options import ReadOptions, slug
from trainer.formats.row_mapping import DEFAULT_SOURCES, RecordMapper
from trainer.formats.text_lines import MAX_LINES, read_lines

DEFAULT_OPTIONS = ReadOptions()
JSON_MAX_LINE_BYTES = 256 * 1024 * 1024  # a whole JSON array may sit on one line


def _deck(
    path: Path, options: ReadOptions, problems: list[Problem], skipped: list[Skipped]
) -> ImportBatch:
    name = options.deck_name or path.stem
    deck = Deck(key=slug(name), name=name, problems=tuple(problems))
    return ImportBatch(decks=(deck,), skipped=tuple(skipped))


def _collect(result: Problem | Skipped, problems: list[Problem], skipped: list[Skipped]) -> None:
    if isinstance(result, Skipped):
        skipped.append(result)
    else:
        problems.append(result)


def _pick_delimiter(header: str, default: str) -> str:
    counts = {d: header.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: (counts[d], d == default))
    return best if counts[best] > 0 else default


def read_csv(
    path: Path, options: ReadOptions = DEFAULT_OPTIONS, delimiter: str | None = None
) -> ImportBatch:
    """A CSV (or, with ``delimiter="\\t"``, TSV) file with a header row -> one deck."""
    lines = read_lines(path, progress=options.progress)
    shown = str(path)
    if not lines or not "".join(lines).strip():
        raise DeckFormatError(FormatProblem(shown, None, None, "the file is empty"))
    anki = read_directives(lines)
    start = anki.first_data_line if anki else 0
    default = delimiter or ("\t" if path.suffix.lower() in (".tsv", ".tab", ".txt") else ",")
    sep = (anki.separator if anki else None) or (
        _pick_delimiter(lines[start] if start < len(lines) else "", default)
        if delimiter is None
        else delimiter
    )
    reader = csv.reader(lines[start:], delimiter=sep, skipinitialspace=True)
    first_row: list[str] | None = None
    try:
        if anki is None or anki.header is not None:
            header = [cell.strip() for cell in next(reader)] if anki is None else anki.header
        else:
            first_row = next(reader, [])
            header = default_header(len(first_row))
    except (csv.Error, StopIteration) as error:
        raise DeckFormatError(
            FormatProblem(shown, start + 1, None, f"bad header row: {error}")
        ) from error
    assert header is not None
    if anki is not None:
        header = apply_roles(header, anki.roles)
    convert = anki_html.to_text if anki is not None and anki.html else None
    mapper = RecordMapper(options.field_map, options.answer_marker)
    columns = _resolve_columns(header, mapper, shown)
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    previous = reader.line_num + start - (1 if first_row is not None else 0)
    pending = [first_row] if first_row else []
    while True:
        try:
            row = pending.pop() if pending else next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise DeckFormatError(
                FormatProblem(
                    shown,
                    previous + 1,
                    None,
                    f"cannot read this row ({error}); is a quote left open?",
                )
            ) from error
        line, previous = previous + 1, reader.line_num + start
        if not any(cell.strip() for cell in row):
            continue
        cells = [cell.strip().replace("\r\n", "\n") for cell in row]
        if convert is not None:
            cells = [convert(cell) for cell in cells]

        def get(name: str, cells: list[str] = cells) -> list[Any]:
            return [cells[i] for i in columns.get(name, ()) if i < len(cells)]

        result = mapper.map(get, f"{shown}:{line}")
        _collect(result, problems, skipped)
    return _deck(path, options, problems, skipped)


def _resolve_columns(header: list[str], mapper: RecordMapper, shown: str) -> dict[str, list[int]]:
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(name.casefold(), i)
    columns: dict[str, list[int]] = {}
    problems = []
    for name in DEFAULT_SOURCES:
        sources = mapper.sources(name)
        if mapper.is_mapped(name):
            missing = [s for s in sources if s.casefold() not in index]
            if missing:
                problems.append(
                    FormatProblem(
                        shown,
                        1,
                        None,
                        f"--map {name}={'+'.join(sources)}: no "
                        f"column {missing[0]!r}; the columns are: {', '.join(header)}",
                    )
                )
                continue
            columns[name] = [index[s.casefold()] for s in sources]
        else:
            found = next((index[s] for s in sources if s in index), None)
            if found is not None:
                columns[name] = [found]
    if problems:
        raise DeckFormatError(problems)
    if ("prompt" not in columns or "answer" not in columns) and len(header) == 2:
        columns.setdefault("prompt", [0])
        columns.setdefault("answer", [1])
    for name in ("prompt", "answer"):
        if name not in columns:
            raise DeckFormatError(
                FormatProblem(
                    shown,
                    1,
                    None,
                    f"no column for the {name} (looked for "
                    f"{', '.join(DEFAULT_SOURCES[name])}); the columns are: {', '.join(header)}; "
                    f"say which with --map {name}=COLUMN",
                )
            )
    return columns


def read_tsv(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> ImportBatch:
    return read_csv(path, options, delimiter="\t")


def lookup(record: dict[str, Any], dotted: str) -> Any:
    """``record["a"]["b"][0]`` for ``"a.b.0"``; an exact key containing dots wins."""
    if dotted in record:
        return record[dotted]
    current: Any = record
    for part in dotted.split("."):
        if isinstance(current, dict):
            if part not in current:
                lowered = {k.casefold(): k for k in current if isinstance(k, str)}
                if part.casefold() not in lowered:
                    return None
                part = lowered[part.casefold()]
            current = current[part]
        elif isinstance(current, list) and part.lstrip("-").isdigit():
            position = int(part)
            if not -len(current) <= position < len(current):
                return None
            current = current[position]
        else:
            return None
    return current


def _json_getter(record: dict[str, Any], mapper: RecordMapper) -> Callable[[str], list[Any]]:
    lowered = {k.casefold(): k for k in record if isinstance(k, str)}

    def get(name: str) -> list[Any]:
        if mapper.is_mapped(name):
            return [lookup(record, source) for source in mapper.sources(name)]
        for source in DEFAULT_SOURCES[name]:
            if source in lowered:
                return [record[lowered[source]]]
        return []

    return get


def read_jsonl(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> ImportBatch:
    """One JSON object per line -> one deck. Unparseable lines are skipped with the reason."""
    lines = read_lines(path, progress=options.progress)
    shown = str(path)
    mapper = RecordMapper(options.field_map, options.answer_marker)
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    parsed = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        location = f"{shown}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            skipped.append(
                Skipped(location, f"not valid JSON ({error.msg} at column {error.colno})")
            )
            continue
        except (RecursionError, ValueError) as error:  # nesting, a 5,000-digit number
            skipped.append(Skipped(location, f"not valid JSON ({_json_limit(error)})"))
            continue
        parsed += 1
        if not isinstance(record, dict):
            skipped.append(Skipped(location, "expected a JSON object {...}"))
            continue
        result = mapper.map(_json_getter(record, mapper), location)
        _collect(result, problems, skipped)
    if skipped and parsed == 0:
        raise DeckFormatError(
            [
                FormatProblem(shown, int(s.location.rsplit(":", 1)[1]), None, s.reason)
                for s in skipped[:5]
            ]
        )
    return _deck(path, options, problems, skipped)


def read_json(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> ImportBatch:
    """A JSON array of objects (SVAMP's layout) -> one deck, each item located by its line."""
    text = "".join(read_lines(path, max_line_bytes=JSON_MAX_LINE_BYTES, progress=options.progress))
    shown = str(path)
    mapper = RecordMapper(options.field_map, options.answer_marker)
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    for line, record in _array_items(text, shown):
        location = f"{shown}:{line}"
        if not isinstance(record, dict):
            skipped.append(Skipped(location, "expected a JSON object {...}"))
            continue
        result = mapper.map(_json_getter(record, mapper), location)
        _collect(result, problems, skipped)
    return _deck(path, options, problems, skipped)


def _array_items(text: str, shown: str) -> list[tuple[int, Any]]:
    decoder = json.JSONDecoder()
    ws = " \t\r\n"
    n = len(text)

    def skip(i: int) -> int:
        while i < n and text[i] in ws:
            i += 1
        return i

    def fail(i: int, message: str) -> DeckFormatError:
        return DeckFormatError(FormatProblem(shown, text.count("\n", 0, i) + 1, None, message))

    i = skip(0)
    if i >= n or text[i] != "[":
        raise fail(i, "expected a JSON array of objects [ {...}, {...} ]")
    i = skip(i + 1)
    items: list[tuple[int, Any]] = []
    line, counted = 1, 0
    if i < n and text[i] == "]":
        return items
    while True:
        line += text.count("\n", counted, i)
        counted = i
        if len(items) >= MAX_LINES:  # records, like lines: 30 MB of ``{},`` is 10M dicts
            raise fail(i, f"more than {MAX_LINES} items in the JSON array")
        try:
            value, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as error:
            raise fail(error.pos, f"not valid JSON: {error.msg}") from error
        except (RecursionError, ValueError) as error:  # nesting, a 5,000-digit number
            raise fail(i, f"not valid JSON: {_json_limit(error)}") from error
        items.append((line, value))
        i = skip(end)
        if i < n and text[i] == ",":
            i = skip(i + 1)
            continue
        if i < n and text[i] == "]":
            if skip(i + 1) < n:
                raise fail(skip(i + 1), "unexpected text after the JSON array")
            return items
        raise fail(i, "expected ',' or ']' in the JSON array")


def _json_limit(error: Exception) -> str:
    """What a JSON value ran into: nesting past the recursion limit, or a number past
    Python's 4,300-digit limit."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if "digits" in str(error):
        return "a number with more than 4300 digits"
    return str(error)
