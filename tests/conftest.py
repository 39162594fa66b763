"""Fixtures shared by every test: an isolated data dir and services on a frozen clock."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
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


PG_URL_ENV = "TRAINER_TEST_PG_URL"


@pytest.fixture
def pg_database() -> Iterator[Callable[[], str]]:
    """Make fresh, empty PostgreSQL databases on the test server; dropped afterwards.

    Skips when no server is configured (``TRAINER_TEST_PG_URL``, which ``.ci/run`` sets
    after starting one on loopback).
    """
    admin_url = os.environ.get(PG_URL_ENV)
    if not admin_url:
        pytest.skip(f"no PostgreSQL server ({PG_URL_ENV} unset)")
    import sqlalchemy as sa

    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    created: list[str] = []

    def make() -> str:
        name = f"trainer_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return admin_url.rsplit("/", 1)[0] + "/" + name

    yield make
    with admin.connect() as conn:
        for name in created:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty collection on each backend (PostgreSQL skips without a server)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'backend.sqlite3'}"
    make: Callable[[], str] = request.getfixturevalue("pg_database")
    return make()


@pytest.fixture
def backend_services(backend_url: str, tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    """Services on each backend in turn: for the store, engine and concurrency tests."""
    svc = build_services(
        home=tmp_path / "home", db_url=backend_url, clock=clock, import_bundled=False
    )
    yield svc
    svc.close()
