"""The collection at a glance: decks with their counts, for the CLI and the home screen."""

from __future__ import annotations

from trainer.domain import Preset
from trainer.practice.services import Services
from trainer.scheduling.days import SchedulerDay
from trainer.store.decks import DeckCounts, deck_counts
from trainer.store.settings import get_setting, put_setting

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


def deck_overview(services: Services) -> list[DeckCounts]:
    """Every deck with problem, new, learning and due-today counts, as of now."""
    now = services.clock()
    _, day_end = SchedulerDay.for_preset(default_preset(services)).today_bounds(now)
    with services.collection.session_scope(write=False) as session:
        return deck_counts(session, now=now, day_end=day_end)
