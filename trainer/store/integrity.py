"""Is a SQLite collection file whole? Cheap checks on open, SQLite's own checks on demand.

On every open (``check_on_open``): the file's 100-byte header (the magic string, a page
size SQLite accepts, and a file at least as long as the header says: a truncated file is
caught here in microseconds), then ``PRAGMA quick_check`` when the file is small enough
for it to be cheap (``QUICK_CHECK_MAX_BYTES``: about 3 ms per MB with a warm cache, so
at most ~25 ms on the everyday start).
Before an import and in ``trainer doctor``: ``quick_check`` or the full
``integrity_check`` whatever the size. A damage found is a ``DamagedCollectionError``:
one line naming the file, what is wrong and the way back (``trainer restore``).

Flipped bytes inside a row's text are invisible to every check (SQLite keeps no
checksums); flipped bytes in a page header, a cell pointer or an index are caught.
"""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.errors import DamagedCollectionError

MAGIC = b"SQLite format 3\x00"
if TYPE_CHECKING:
    from sqlalchemy import Engine

QUICK_CHECK_MAX_BYTES = 8 * 1024 * 1024
_REPORT_PROBLEMS = 3


def damaged(path: Path, what: str) -> DamagedCollectionError:
    return DamagedCollectionError(
        f"the collection {path} is damaged ({what}); run `trainer restore` to list the "
        "backups and bring one back (`trainer doctor` checks it)"
    )


def header_problem(path: Path) -> str | None:
    """What is wrong with the file's header, or None. A missing or empty file: None (a new
    collection is created there)."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read it: {exc.strerror}"
    if len(header) < 100 or not header.startswith(MAGIC):
        return "not a SQLite database"
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"impossible page size {page_size}"
    change_counter, pages, valid_for = (
        struct.unpack(">I", header[24:28])[0],
        struct.unpack(">I", header[28:32])[0],
        struct.unpack(">I", header[92:96])[0],
    )
    if pages and change_counter == valid_for and size < pages * page_size:
        if _has_wal(path):
            # mid-checkpoint the new page 1 is written before the file grows: let
            # SQLite, which reads the WAL too, decide
            return quick_check(path)
        return f"truncated: {size} bytes of {pages * page_size}"
    if size % page_size:
        if _has_wal(path):
            return quick_check(path)
        return f"truncated: {size} bytes is not a whole number of {page_size}-byte pages"
    return None


def quick_check(path: Path, *, full: bool = False) -> str | None:
    """SQLite's ``quick_check`` (or ``integrity_check`` when ``full``) of the file, read
    with its WAL: None when it is whole, else the first problems it reports."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(str(path), timeout=10)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = conn.execute(f"PRAGMA {pragma}({_REPORT_PROBLEMS})").fetchall()
    except sqlite3.DatabaseError as exc:
        if _busy(exc):
            return None  # another program is writing; its own reads will notice damage
        return str(exc)
    finally:
        conn.close()
    found = [
        line
        for row in rows
        for line in str(row[0]).splitlines()
        if line.strip() and not line.startswith("***")
    ]
    if found == ["ok"]:
        return None
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    return f"{pragma}: {found[0]}{more}"


def check_on_open(path: Path) -> None:
    """Raise ``DamagedCollectionError`` when the collection at ``path`` is visibly
    damaged: always the header, and ``quick_check`` when the file is small."""
    problem = header_problem(path)
    if problem is None and _size(path) and _size(path) <= QUICK_CHECK_MAX_BYTES:
        problem = quick_check(path)
    if problem is not None:
        raise damaged(path, problem)


def check_fully(path: Path, *, full: bool = False) -> None:
    """Like ``check_on_open`` whatever the size (before an import; ``trainer doctor``)."""
    problem = header_problem(path)
    if problem is None and _size(path):
        problem = quick_check(path, full=full)
    if problem is not None:
        raise damaged(path, problem)


def _has_wal(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _busy(exc: sqlite3.Error) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def referenced_media(engine: Engine) -> set[str]:
    """Every media file name a problem refers to (its body's ``media`` list), removed
    problems included: their history may still show them."""
    import json

    from sqlalchemy import text

    names: set[str] = set()
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT body FROM problems WHERE CAST(body AS TEXT) LIKE '%\"media\"%'")
        )
        for (body,) in rows:
            data = json.loads(body) if isinstance(body, str | bytes) else body
            media = data.get("media") if isinstance(data, dict) else None
            if isinstance(media, list):
                names.update(str(name) for name in media)
    return names
