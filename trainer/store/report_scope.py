"""What a report covers (which decks, whose days) and the day arithmetic reports share.

A report counts in the learner's scheduler days: the default preset's day-start hour
and time zone, or the deck's own with ``deck``. Day boundaries come from
``SchedulerDay`` (right across DST changes); the SQL side gets them as a ``DayClock``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from trainer.domain import Preset
from trainer.errors import NotFoundError
from trainer.stats.local_days import utc_offset_segments
from trainer.store.aggregates import DayClock

if TYPE_CHECKING:
    from sqlalchemy import Connection

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Scope:
    """Which cards a report covers and whose days it counts in."""

    deck_ids: tuple[int, ...] | None
    deck_key: str | None
    preset: Preset
    presets: dict[int, Preset]  # every deck's effective preset, by deck id
    names: dict[int, tuple[str, str]]  # deck id -> (key, name)


def resolve_scope(conn: Connection, base: Preset, deck: str | None) -> Scope:
    """Every deck (``deck`` None) or the one named by key, name or unique prefix."""
    from trainer.store.aggregates.stats_sql import deck_rows

    rows = deck_rows(conn)
    presets = {i: base.with_overrides(overrides) for i, _, _, overrides in rows}
    names = {i: (key, name) for i, key, name, _ in rows}
    if deck is None:
        return Scope(None, None, base, presets, names)
    from trainer.store.deck_match import pick_deck

    try:
        i, key, _, _ = pick_deck(deck, rows, lambda r: r[1], lambda r: r[2])
    except NotFoundError as exc:
        raise NotFoundError(f"--deck: {exc}") from exc
    return Scope((i,), key, presets[i], {i: presets[i]}, {i: names[i]})


def day_date(day: int) -> str:
    """The local calendar date (ISO) on which scheduler day ``day`` starts."""
    return date.fromordinal(_EPOCH_ORDINAL + day).isoformat()


def date_day(value: date) -> int:
    """The scheduler day that starts on local calendar date ``value``."""
    return value.toordinal() - _EPOCH_ORDINAL


def day_clock(preset: Preset, start_ms: int, end_ms: int) -> DayClock:
    """The SQL day clock for a preset's hour and zone, exact between the two instants."""
    if preset.timezone in ("UTC", "Etc/UTC"):
        segments: tuple[tuple[int, int], ...] = ((start_ms, 0),)
    else:
        segments = utc_offset_segments(preset.timezone, start_ms, end_ms)
    return DayClock(preset.day_start_hour, segments)
