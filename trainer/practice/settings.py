"""Learner settings: per-deck scheduling presets and the rating-policy thresholds.

The settings screen reads a ``SettingsView`` and writes back through ``save_settings``.
Values arrive as text from a form, so ``parse_preset`` and ``parse_thresholds`` turn
text into checked values and report every bad field at once (``SettingsInvalid``) with a
message that says what is allowed. Nothing is written unless everything is valid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from trainer.domain import Preset
from trainer.errors import NotFoundError, TrainerError
from trainer.practice.overview import default_preset, save_default_preset
from trainer.practice.queue import NEW_ORDERS
from trainer.practice.services import Services
from trainer.scheduling.policy import PolicyThresholds, ThresholdError
from trainer.store.decks import list_decks, preset_overrides, save_preset
from trainer.store.settings import get_setting, put_setting

POLICY_KEY = "rating_policy"  # read by trainer.practice.session_setup

__all__ = [
    "DeckSettings",
    "FieldError",
    "SettingsInvalid",
    "SettingsView",
    "load_settings",
    "parse_preset",
    "parse_thresholds",
    "save_settings",
]


@dataclass(frozen=True)
class DeckSettings:
    """One deck and the preset its sessions use (the defaults with its own on top)."""

    key: str
    name: str
    preset: Preset


@dataclass(frozen=True)
class SettingsView:
    defaults: Preset
    thresholds: PolicyThresholds
    decks: tuple[DeckSettings, ...]

    def preset_for(self, deck_key: str | None) -> Preset:
        """The preset shown for a deck, or the defaults for ``None``."""
        if deck_key is None:
            return self.defaults
        for deck in self.decks:
            if deck.key == deck_key:
                return deck.preset
        raise NotFoundError(f"no deck {deck_key!r}")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class SettingsInvalid(TrainerError):
    """Some fields are invalid; ``errors`` names each one with what is allowed."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def load_settings(services: Services) -> SettingsView:
    base = default_preset(services)
    with services.collection.session_scope(write=False) as session:
        decks = tuple(
            DeckSettings(
                key=info.key,
                name=info.name,
                preset=Preset.from_dict({**base.to_dict(), **preset_overrides(session, info.id)}),
            )
            for info in list_decks(session)
        )
        stored = get_setting(session, POLICY_KEY) or {}
    try:
        thresholds = PolicyThresholds.from_dict(stored)
    except (TypeError, ValueError):
        thresholds = PolicyThresholds()  # a broken setting is shown as the defaults
    return SettingsView(defaults=base, thresholds=thresholds, decks=decks)


# field name -> (label shown, converter, check, what is allowed)
def _number(text: str) -> float:
    value = float(text.strip().rstrip("%"))
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value / 100 if text.strip().endswith("%") else value


def _whole(text: str) -> int:
    return int(text.strip())


def _word(text: str) -> str:
    return text.strip().lower()


_PRESET_FIELDS = {
    "desired_retention": (_number, lambda v: 0.7 <= v <= 0.99, "a number from 0.70 to 0.99"),
    "new_per_day": (_whole, lambda v: 0 <= v <= 9999, "a whole number from 0 to 9999"),
    "reviews_per_day": (_whole, lambda v: 0 <= v <= 99999, "a whole number from 0 to 99999"),
    "day_start_hour": (_whole, lambda v: 0 <= v <= 23, "a whole number from 0 to 23"),
    # new problems across the deck's sections in turn, or in file order (practice.md)
    "new_order": (_word, lambda v: v in NEW_ORDERS, "mixed or file"),
}


def parse_preset(values: dict[str, str], base: Preset) -> Preset:
    """``base`` with the given fields (text from a form) set; every bad field reported."""
    errors: list[FieldError] = []
    changes: dict[str, object] = {}
    for name, text in values.items():
        if name not in _PRESET_FIELDS:
            errors.append(FieldError(name, "not a setting"))
            continue
        convert, ok, allowed = _PRESET_FIELDS[name]
        try:
            value = convert(text)
        except ValueError:
            errors.append(FieldError(name, f"{text.strip()!r} is not {allowed}"))
            continue
        if not ok(value):  # type: ignore[operator]
            errors.append(FieldError(name, f"{text.strip()} is out of range: use {allowed}"))
            continue
        changes[name] = value
    if errors:
        raise SettingsInvalid(errors)
    return replace(base, **changes)  # type: ignore[arg-type]


def parse_thresholds(values: dict[str, str | bool], base: PolicyThresholds) -> PolicyThresholds:
    """Rating-policy thresholds from a form: factors as numbers, the cap in seconds."""
    errors: list[FieldError] = []
    changes: dict[str, object] = {}
    for name, raw in values.items():
        try:
            if name == "hint_gives_hard":
                changes[name] = bool(raw)
            elif name == "response_cap_s":
                changes["response_cap_ms"] = round(_number(str(raw)) * 1000)
            elif name == "min_history":
                changes[name] = _whole(str(raw))
            elif name in ("slow_factor", "fast_factor"):
                changes[name] = _number(str(raw))
            else:
                errors.append(FieldError(name, "not a setting"))
        except ValueError:
            errors.append(FieldError(name, f"{str(raw).strip()!r} is not a number"))
    if errors:
        raise SettingsInvalid(errors)
    thresholds = replace(base, **changes)  # type: ignore[arg-type]
    try:
        return thresholds.validate()
    except ThresholdError as exc:
        field = "response_cap_s" if exc.field == "response_cap_ms" else exc.field
        message = str(exc).partition(": ")[2]
        if field == "response_cap_s":
            message = "must be between 1 and 3600 seconds"
        raise SettingsInvalid([FieldError(field, message)]) from exc


def save_settings(
    services: Services,
    deck_key: str | None,
    preset: Preset,
    thresholds: PolicyThresholds | None = None,
) -> None:
    """Store ``preset`` for one deck (or as the defaults for ``None``) and the thresholds."""
    if deck_key is None:
        save_default_preset(services, preset)
    else:
        with services.collection.session_scope() as session:
            match = next((d for d in list_decks(session) if d.key == deck_key), None)
            if match is None:
                raise NotFoundError(f"no deck {deck_key!r}")
            save_preset(session, match.id, preset)
    if thresholds is not None:
        with services.collection.session_scope() as session:
            put_setting(session, POLICY_KEY, thresholds.validate().to_dict())
