"""SQL for local scheduler days over epoch-millisecond columns.

``DayClock`` carries what the SQL needs to turn an epoch-ms column into the scheduler day
number that ``trainer.scheduling.days.SchedulerDay`` gives: the day-start hour and the
UTC offsets in force over the data's time range (``trainer.stats.local_days``). With one
offset the expression is plain integer arithmetic; across DST changes it is a ``CASE``
over the few changes in range. Times before 1970 are not supported (integer division
truncates toward zero on SQLite and PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.domain import DAY_MS

HOUR_MS = 3_600_000


@dataclass(frozen=True)
class DayClock:
    day_start_hour: int
    segments: tuple[tuple[int, int], ...]  # ((starts_at_ms, utc_offset_ms), ...), sorted

    def day_sql(self, column: str) -> str:
        """SQL for the scheduler day number of epoch-ms ``column`` (a trusted name)."""
        shift = self.day_start_hour * HOUR_MS
        first = self.segments[0][1] - shift
        if len(self.segments) == 1:
            return f"(({column} + {first}) / {DAY_MS})"
        parts = ["(CASE"]
        for (start, _), (_, offset) in zip(self.segments[1:], self.segments, strict=False):
            parts.append(
                f" WHEN {column} < {int(start)} THEN ({column} + {offset - shift}) / {DAY_MS}"
            )
        parts.append(f" ELSE ({column} + {self.segments[-1][1] - shift}) / {DAY_MS} END)")
        return "".join(parts)


def flag(condition: str, dialect: str) -> str:
    """1 when ``condition`` holds, else 0 (SQLite comparisons are 0/1; PostgreSQL needs CASE)."""
    if dialect == "sqlite":
        return f"({condition})"
    return f"(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def floor_of(expression: str, dialect: str) -> str:
    """``floor`` of a non-negative number. On SQLite a cast: SQLAlchemy replaces SQLite's
    own ``floor`` with a Python function, which is slow and fails on NULL."""
    if dialect == "sqlite":
        return f"CAST({expression} AS INTEGER)"
    return f"FLOOR({expression})"


def in_decks(column: str, deck_ids: tuple[int, ...] | None) -> str:
    """``AND column IN (...)`` for a deck filter (ids are ints from the store), or nothing."""
    if deck_ids is None:
        return ""
    return f" AND {column} IN ({', '.join(str(int(d)) for d in deck_ids) or 'NULL'})"


def reviews_in_decks(deck_ids: tuple[int, ...] | None, alias: str = "r") -> str:
    """A deck filter on a reviews query that needs no join."""
    if deck_ids is None:
        return ""
    ids = ", ".join(str(int(d)) for d in deck_ids) or "NULL"
    return f" AND {alias}.card_id IN (SELECT id FROM cards WHERE deck_id IN ({ids}))"


def reviews_in_decks_by_lookup(deck_ids: tuple[int, ...] | None, alias: str = "r") -> str:
    """The same filter as ``reviews_in_decks``, as one card lookup per review: cheaper over a
    short time range, where building the deck's card set would cost more than the probes."""
    if deck_ids is None:
        return ""
    ids = ", ".join(str(int(d)) for d in deck_ids) or "NULL"
    return f" AND (SELECT c.deck_id FROM cards c WHERE c.id = {alias}.card_id) IN ({ids})"
