"""Fixtures shared by every test: an isolated data dir and services on a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.clock import FrozenClock
from trainer.practice.services import Services
from trainer.wiring import build_services

# A fixed moment for tests: a Wednesday, mid-morning UTC, away from any DST change.
T0 = datetime(2026, 3, 11, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test ever touches the real user data dir."""
    home = tmp_path_factory.mktemp("trainer-home")
    monkeypatch.setenv("TRAINER_HOME", str(home))
    monkeypatch.delenv("TRAINER_DB", raising=False)
    return home


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def services(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    """An empty collection (no bundled decks) in a temporary SQLite file."""
    svc = build_services(home=tmp_path / "home", clock=clock, import_bundled=False)
    yield svc
    svc.close()
