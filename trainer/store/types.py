"""Column types: time is stored as integer epoch milliseconds and read back as aware UTC.

SQLite has no timezone-aware timestamp, and fsrs rejects anything but ``timezone.utc``.
Integers sort, index and aggregate the same on SQLite and PostgreSQL, and make the
review log's ``review_time`` column (epoch ms UTC) a plain read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_ms(value: datetime) -> int:
    """Epoch milliseconds of an aware datetime; a naive one is a bug, not a guess."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: the store keeps only timezone-aware times")
    delta = value - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def from_ms(value: int) -> datetime:
    """An aware UTC datetime from epoch milliseconds (exact: no float rounding)."""
    return EPOCH + timedelta(milliseconds=value)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime kept as BIGINT epoch milliseconds."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, int):
            return value
        return to_ms(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return from_ms(int(value))
