"""The collection at a glance: decks with their counts, for the CLI and the home screen,
and ``today_counts``: the one source of today's new/learning/due per deck."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from trainer.domain import Preset
from trainer.practice.queue import QueueCounts
from trainer.practice.session_setup import DeckContext, build_queue, load_decks
from trainer.store.decks import deck_sizes
from trainer.store.drill_store import DrillStore
from trainer.store.settings import get_setting, put_setting

if TYPE_CHECKING:
    from trainer.practice.services import Services

DEFAULT_PRESET_KEY = "default_preset"


def default_preset(services: Services) -> Preset:
    """The collection-wide scheduling defaults that every deck's preset starts from."""
    with services.collection.session_scope(write=False) as session:
        stored = get_setting(session, DEFAULT_PRESET_KEY)
    return Preset.from_dict(stored or {})


def save_default_preset(services: Services, preset: Preset) -> None:
    with services.collection.session_scope() as session:
        put_setting(session, DEFAULT_PRESET_KEY, preset.to_dict())


def effective_preset(base: Preset, deck_overrides: dict[str, object]) -> Preset:
    """A deck's preset: the collection defaults with the deck's own settings on top."""
    return Preset.from_dict({**base.to_dict(), **deck_overrides})


@dataclass(frozen=True)
class DeckToday:
    """A deck at a glance: its size, and what today's drill of it will show.

    ``today`` comes from ``today_counts``, the one source of today's numbers: home, the
    drill header (at the start), stats, ``trainer decks`` and the plain mode's "Today:"
    line all read it. ``new``, ``learning`` and ``due`` are today's (under the daily
    limits); ``unseen`` is every new card not suspended or buried; ``total`` every live
    problem.
    """

    id: int
    key: str
    name: str
    version: str
    bundled: bool
    total: int
    unseen: int
    suspended: int
    today: QueueCounts

    @property
    def new(self) -> int:
        return self.today.new

    @property
    def learning(self) -> int:
        return self.today.learning

    @property
    def due(self) -> int:
        return self.today.due

    @property
    def problems(self) -> int:
        return self.total

    def to_dict(self) -> dict[str, object]:
        """What ``trainer decks --json`` prints for the deck."""
        return {
            "key": self.key,
            "name": self.name,
            "version": self.version,
            "bundled": self.bundled,
            "total": self.total,
            "new": self.unseen,
            "suspended": self.suspended,
            "today": {
                "new": self.today.new,
                "learning": self.today.learning,
                "due": self.today.due,
            },
        }


def counts_by_deck(
    store: DrillStore, decks: dict[int, DeckContext], now: datetime
) -> dict[int, QueueCounts]:
    """Today's new, learning and due per deck id: the queue the drill builds, deck by deck
    (the daily limits less what was done today, one card per note, buried and suspended
    left out, each deck's own day-start hour)."""
    out: dict[int, QueueCounts] = {}
    for deck_id, deck in decks.items():
        queue, _ = build_queue(store, {deck_id: deck}, now)
        out[deck_id] = queue.counts()
    return out


def today_counts(
    services: Services, deck_keys: Sequence[str] | None = None
) -> dict[str, QueueCounts]:
    """Today's new, learning and due per deck key, as the drill will show them: the one
    source of these numbers. ``deck_keys``: keys or names (default every deck)."""
    store = services.open_drill_store()
    try:
        decks, _ = load_decks(store, deck_keys)
        counts = counts_by_deck(store, decks, services.clock())
    finally:
        store.close()
    return {decks[deck_id].record.key: c for deck_id, c in counts.items()}


def total_today(counts: dict[str, QueueCounts]) -> QueueCounts:
    """The sum of per-deck counts."""
    return QueueCounts(
        new=sum(c.new for c in counts.values()),
        learning=sum(c.learning for c in counts.values()),
        due=sum(c.due for c in counts.values()),
    )


def deck_overview(services: Services) -> list[DeckToday]:
    """Every deck, by name, with its size and today's counts (``today_counts``)."""
    with services.collection.session_scope(write=False) as session:
        rows = deck_sizes(session, now=services.clock())
    today = today_counts(services)
    empty = QueueCounts(0, 0, 0)
    return [
        DeckToday(
            id=row.id,
            key=row.key,
            name=row.name,
            version=row.version,
            bundled=row.bundled,
            total=row.problems,
            unseen=row.unseen,
            suspended=row.suspended,
            today=today.get(row.key, empty),
        )
        for row in rows
    ]
