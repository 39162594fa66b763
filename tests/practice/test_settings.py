"""practice.settings: form text to checked presets and thresholds, saved per deck."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.domain import Preset
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.practice.settings import (
    SettingsInvalid,
    load_settings,
    parse_preset,
    parse_thresholds,
    save_settings,
)
from trainer.scheduling.policy import PolicyThresholds


def test_parse_preset_reads_text_and_percentages() -> None:
    preset = parse_preset(
        {"desired_retention": "85%", "new_per_day": " 12 ", "day_start_hour": "0"}, Preset()
    )
    assert preset.desired_retention == 0.85
    assert preset.new_per_day == 12 and preset.day_start_hour == 0
    assert preset.reviews_per_day == Preset().reviews_per_day


def test_parse_preset_reports_every_bad_field_with_what_is_allowed() -> None:
    with pytest.raises(SettingsInvalid) as caught:
        parse_preset(
            {"desired_retention": "0.5", "new_per_day": "-1", "day_start_hour": "24h"}, Preset()
        )
    by_field = {e.field: e.message for e in caught.value.errors}
    assert by_field == {
        "desired_retention": "0.5 is out of range: use a number from 0.70 to 0.99",
        "new_per_day": "-1 is out of range: use a whole number from 0 to 9999",
        "day_start_hour": "'24h' is not a whole number from 0 to 23",
    }


def test_parse_thresholds_checks_with_the_policy_rules() -> None:
    base = PolicyThresholds()
    got = parse_thresholds({"slow_factor": "3", "response_cap_s": "90"}, base)
    assert got.slow_factor == 3.0 and got.response_cap_ms == 90_000
    with pytest.raises(SettingsInvalid) as caught:
        parse_thresholds({"slow_factor": "0.5"}, base)
    assert caught.value.errors[0].field == "slow_factor"
    with pytest.raises(SettingsInvalid) as caught:
        parse_thresholds({"response_cap_s": "0.1"}, base)
    assert caught.value.errors[0].message == "must be between 1 and 3600 seconds"


def test_save_settings_per_deck_and_defaults(services: Services, tmp_path: Path) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text(
        "format = 1\n[deck]\nid = 'd'\nname = 'D'\n\n"
        "[[problems]]\nid = 'a'\nprompt = '1+1'\nanswer = '2'\n",
        encoding="utf-8",
    )
    import_path(services, deck)
    view = load_settings(services)
    save_settings(services, "d", parse_preset({"new_per_day": "5"}, view.preset_for("d")))
    save_settings(
        services,
        None,
        parse_preset({"day_start_hour": "6"}, view.defaults),
        parse_thresholds({"fast_factor": "0"}, view.thresholds),
    )
    again = load_settings(services)
    assert again.preset_for("d").new_per_day == 5
    assert again.defaults.day_start_hour == 6 and again.defaults.new_per_day == 20
    assert again.thresholds.fast_factor == 0.0
