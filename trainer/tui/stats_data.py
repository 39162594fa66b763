"""What the home and stats screens read from the stats module, tolerant of its absence."""

from __future__ import annotations

import importlib.util
from typing import Any

from trainer.practice.services import Services


def reports_available() -> bool:
    return importlib.util.find_spec("trainer.practice.reports") is not None


def stats_report(services: Services, deck: str | None = None) -> Any:
    """``trainer.practice.reports.stats_report`` (None while that module is missing)."""
    if not reports_available():
        return None
    from trainer.practice.reports import stats_report as report

    return report(services, deck=deck)
