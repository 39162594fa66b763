"""CSV cells a spreadsheet will not run: OWASP's CSV-injection rule. Standard library only.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)`` from an imported
deck's text, an attempt, a problem id). Such a cell gets a leading ``'``, which the
spreadsheet shows as text. One exception keeps numbers readable: a cell that is exactly a
negative decimal number (``-3``, ``-0.25``: a minus, digits, at most one fraction) stays
as it is; a spreadsheet reads it as the number, which runs nothing. Numeric columns are
numbers and never touched. docs/exports.md documents the rule; the SQLite fast path of
the review export applies the same rule in SQL (``trainer.store.aggregates.export_sql``).
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell that is never a formula (text only; other types as given)."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _NEGATIVE_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(row: tuple[Any, ...] | list[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]
