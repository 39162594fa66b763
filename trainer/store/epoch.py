"""Epoch milliseconds <-> aware UTC datetimes: how the store keeps every time.

Standard library only, so the drill's fast path (plain ``sqlite3``) can use it without
importing SQLAlchemy; ``trainer.store.types.UTCDateTime`` builds on it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
