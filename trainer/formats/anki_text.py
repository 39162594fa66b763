"""Anki's "Notes in Plain Text" export: a TSV/CSV led by ``#key:value`` directive lines.

``#separator:tab``, ``#html:true``, ``#columns:Front<sep>Back``, ``#tags column:3``,
``#guid column:4`` and friends replace the header row that other tables have. This module
reads those lines and says what the table reader should use instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIRECTIVE = re.compile(r"^#([a-z][a-z ]*):(.*?)\r?\n?$")
_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
_COLUMN_ROLES = {
    "tags column": "tags",
    "guid column": "id",
    "deck column": "deck",
    "notetype column": "notetype",
}


@dataclass(frozen=True)
class AnkiText:
    """What the directive lines said: the data start line (0-based), separator, header."""

    first_data_line: int
    separator: str | None
    header: list[str] | None
    html: bool
    roles: dict[int, str]  # 0-based column -> our field name


def read_directives(lines: list[str]) -> AnkiText | None:
    """The directives at the top of ``lines``, or ``None`` if there are none."""
    found: dict[str, str] = {}
    count = 0
    for line in lines:
        match = _DIRECTIVE.match(line)
        if not match:
            break
        found[match.group(1).strip()] = match.group(2)
        count += 1
    if not found or not any(k in found for k in ("separator", "html", "columns", "tags column")):
        return None
    raw_sep = found.get("separator")
    separator = None
    if raw_sep is not None:
        separator = _SEPARATORS.get(raw_sep.strip().lower(), raw_sep[:1] or None)
    roles: dict[int, str] = {}
    for key, role in _COLUMN_ROLES.items():
        if found.get(key, "").strip().isdigit():
            roles[int(found[key]) - 1] = role
    columns = found.get("columns")
    header = None
    if columns is not None:
        header = [c.strip() for c in columns.split(separator or "\t")]
    return AnkiText(count, separator, header, found.get("html", "").strip() == "true", roles)


def default_header(width: int) -> list[str]:
    """Column names for an export without ``#columns``: Front, Back, then Field 3..."""
    names = ["Front", "Back"] + [f"Field {i}" for i in range(3, width + 1)]
    return names[:width]


def apply_roles(header: list[str], roles: dict[int, str]) -> list[str]:
    out = list(header)
    for index, role in roles.items():
        if 0 <= index < len(out):
            out[index] = role
    return out
