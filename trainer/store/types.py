"""Column types: time is stored as integer epoch milliseconds and read back as aware UTC.

SQLite has no timezone-aware timestamp, and fsrs rejects anything but ``timezone.utc``.
Integers sort, index and aggregate the same on SQLite and PostgreSQL, and make the
review log's ``review_time`` column (epoch ms UTC) a plain read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from trainer.store.epoch import EPOCH, from_ms, to_ms

__all__ = ["EPOCH", "UTCDateTime", "from_ms", "to_ms"]


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
