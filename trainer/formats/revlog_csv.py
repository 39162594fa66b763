"""The open-spaced-repetition review-log CSV, read and written.

Columns: ``card_id,review_time,review_rating,review_state,review_duration``; the time is
epoch milliseconds or ISO-8601, ``review_state`` and ``review_duration`` may be absent and
the columns may come in any order. Each row becomes a ``HistoryEntry`` keyed by the card
id as text, marked as self-rated.
"""

from __future__ import annotations

import csv
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.domain import CardPhase, HistoryEntry, ImportBatch, Rating, ReviewSource, Skipped
from trainer.errors import DeckFormatError, FormatProblem
from trainer.formats.limits import MAX_REVIEW_MS
from trainer.formats.options import ReadOptions, slug
from trainer.formats.text_lines import read_lines

REQUIRED = ("card_id", "review_time", "review_rating")
COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
DEFAULT_OPTIONS = ReadOptions()
REVLOG_MAX_LINES = 5_000_000  # a review per line: years of a heavy learner's history


def looks_like_revlog(header_line: str) -> bool:
    names = {c.strip().strip('"').lower() for c in header_line.split(",")}
    return set(REQUIRED) <= names


def parse_time(text: str) -> datetime:
    """Epoch milliseconds or ISO-8601 (a naive time is taken as UTC)."""
    text = text.strip()
    if text.lstrip("-").isdigit():
        return datetime.fromtimestamp(int(text) / 1000, tz=UTC)
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def read_revlog(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> ImportBatch:
    """Review-log CSV -> history (no decks). Bad rows are skipped with line and reason."""
    shown = str(path)
    lines = read_lines(path, max_lines=REVLOG_MAX_LINES, progress=options.progress)
    reader = csv.reader(lines, skipinitialspace=True)
    try:
        header = [c.strip().lower() for c in next(reader, [])]
    except csv.Error as error:
        raise DeckFormatError(FormatProblem(shown, 1, None, f"not valid CSV ({error})")) from error
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DeckFormatError(
            FormatProblem(
                shown,
                1,
                None,
                f"not a review log: no {missing[0]} column (expected {', '.join(COLUMNS)})",
            )
        )
    at = {name: header.index(name) for name in COLUMNS if name in header}
    deck_key = slug(options.deck_name) if options.deck_name else None
    entries: list[HistoryEntry] = []
    skipped: list[Skipped] = []
    for number, row in _rows(reader, shown):
        if not any(c.strip() for c in row):
            continue
        where = f"{shown}:{number}"
        try:
            entry = _entry(row, at, deck_key)
        except (ValueError, IndexError, OverflowError, OSError) as error:
            skipped.append(Skipped(where, f"bad review row ({error})"))
            continue
        if isinstance(entry, str):
            skipped.append(Skipped(where, entry))
        else:
            entries.append(entry)
    entries.sort(key=lambda e: e.reviewed_at)
    return ImportBatch(decks=(), history=tuple(entries), skipped=tuple(skipped))


def _rows(reader: Any, shown: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with their line numbers; malformed CSV is an error at its line, not a crash."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise DeckFormatError(
                FormatProblem(shown, reader.line_num, None, f"not valid CSV ({error})")
            ) from error
        yield reader.line_num, row


def _entry(row: list[str], at: dict[str, int], deck_key: str | None) -> HistoryEntry | str:
    card = row[at["card_id"]].strip()
    if not card:
        return "empty card_id"
    rating = int(row[at["review_rating"]])
    if not 1 <= rating <= 4:
        return f"rating {rating} is not a review (1-4); left out"
    phase = None
    if "review_state" in at and at["review_state"] < len(row) and row[at["review_state"]].strip():
        phase = CardPhase(int(row[at["review_state"]]))
    duration = None
    if "review_duration" in at and at["review_duration"] < len(row):
        text = row[at["review_duration"]].strip()
        duration = max(int(float(text)), 0) if text else None
        if duration is not None and duration > MAX_REVIEW_MS:
            return f"review_duration {text[:30]} ms is over a day ({MAX_REVIEW_MS} ms); left out"
    return HistoryEntry(
        problem_key=card,
        reviewed_at=parse_time(row[at["review_time"]]),
        rating=Rating(rating),
        phase=phase,
        duration_ms=duration,
        deck_key=deck_key,
        source=ReviewSource.IMPORTED_SELF_RATED,
    )


def _default_card_id(entry: HistoryEntry) -> int:
    if entry.problem_key.isdigit():
        return int(entry.problem_key)
    raw = f"{entry.deck_key or ''}\x1f{entry.problem_key}".encode()
    return int.from_bytes(hashlib.blake2b(raw, digest_size=6).digest(), "big")


def write_revlog(
    entries: Iterable[HistoryEntry],
    path: Path,
    card_id: Callable[[HistoryEntry], int] = _default_card_id,
) -> None:
    """Write entries as a review-log CSV (epoch-ms times), atomically."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            for entry in entries:
                writer.writerow(
                    [
                        card_id(entry),
                        round(entry.reviewed_at.timestamp() * 1000),
                        int(entry.rating),
                        "" if entry.phase is None else int(entry.phase),
                        "" if entry.duration_ms is None else entry.duration_ms,
                    ]
                )
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
