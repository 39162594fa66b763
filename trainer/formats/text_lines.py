"""Read a text file line by line, refusing what is not text before it costs memory.

Every text reader (CSV, TSV, JSONL, JSON) goes through here, so a wrong encoding, a
binary file or a 100 MB line gets the same clear error naming the line, and big files
report progress.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trainer.errors import DeckFormatError, FormatProblem

Progress = Callable[[int, int | None], None]

MAX_LINE_BYTES = 8 * 1024 * 1024
# A whole file, and its lines: 100 MB of newlines would otherwise become 100 million
# strings (5 GB) and minutes of parsing.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_LINES = 1_000_000
_BOM = b"\xef\xbb\xbf"
_PROGRESS_EVERY = 4 * 1024 * 1024


def read_lines(
    path: Path,
    *,
    max_line_bytes: int = MAX_LINE_BYTES,
    max_lines: int = MAX_LINES,
    progress: Progress | None = None,
) -> list[str]:
    """The file's lines, decoded as UTF-8 (a BOM is dropped), each with its line ending.

    Raises ``DeckFormatError`` naming the line for a line longer than ``max_line_bytes``,
    a NUL byte (a binary file) or bytes that are not UTF-8.
    """
    shown = str(path)
    try:
        total = path.stat().st_size
        handle = path.open("rb")
    except OSError as error:
        raise DeckFormatError(
            FormatProblem(shown, None, None, f"cannot be read: {error}")
        ) from error
    if total > MAX_FILE_BYTES:
        handle.close()
        raise DeckFormatError(
            FormatProblem(
                shown, None, None, f"is {total} bytes, over the {MAX_FILE_BYTES}-byte limit"
            )
        )
    lines: list[str] = []
    done = 0
    next_report = _PROGRESS_EVERY
    with handle:
        number = 0
        while True:
            raw = handle.readline(max_line_bytes + 1)
            if not raw:
                break
            number += 1
            if number > max_lines:  # each line costs ~50 bytes as a str, even an empty one
                raise DeckFormatError(
                    FormatProblem(shown, number, None, f"more than {max_lines} lines")
                )
            if len(raw) > max_line_bytes:
                raise DeckFormatError(
                    FormatProblem(
                        shown,
                        number,
                        None,
                        f"line is longer than {max_line_bytes} "
                        "bytes; this does not look like a text file of problems",
                    )
                )
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            if b"\x00" in raw:
                raise DeckFormatError(
                    FormatProblem(
                        shown, number, None, "contains a NUL byte: this is a binary file, not text"
                    )
                )
            try:
                lines.append(raw.decode("utf-8"))
            except UnicodeDecodeError as error:
                raise DeckFormatError(
                    FormatProblem(
                        shown,
                        number,
                        None,
                        f"is not valid UTF-8 (byte "
                        f"0x{raw[error.start]:02x} at column {error.start + 1}); "
                        "save the file as UTF-8",
                    )
                ) from error
            done += len(raw)
            if progress is not None and done >= next_report:
                progress(done, total)
                next_report = done + _PROGRESS_EVERY
    if progress is not None:
        progress(total, total)
    return lines
