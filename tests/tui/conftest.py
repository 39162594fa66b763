"""TUI fixtures: a real temporary collection with a small deck, and no cursor blink."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from textual.widget import Widget
from textual.widgets import Input

from trainer.clock import FrozenClock
from trainer.practice.library import import_path
from trainer.practice.services import Services
from trainer.store.models import CardRow, ReviewRow
from trainer.wiring import build_services

from .screen_text import shown_text

MINI_DECK = r"""format = 1

[deck]
id = 'mini'
name = 'Mini arithmetic'
kind = 'integer'

[[problems]]
id = 'times'
prompt = 'What is $6 \times 7$?'
answer = '42'
hints = ['Six sevens.']
solution = 'Seven sixes: $6 \cdot 7 = 42$.'

[[problems]]
id = 'power'
prompt = 'What is $2^{3}$?'
answer = '8'
solution = '$2 \cdot 2 \cdot 2 = 8$.'

[[problems]]
id = 'root'
prompt = 'What is $\sqrt{81}$?'
answer = '9'
"""


def import_mini_deck(services: Services, folder: Path) -> Path:
    path = folder / "mini.toml"
    path.write_text(MINI_DECK, encoding="utf-8")
    import_path(services, path)
    return path


def reviews(services: Services) -> list[ReviewRow]:
    """Every stored review, oldest first (read through the store, as the tests check)."""
    with services.collection.session_scope(write=False) as session:
        rows = list(session.scalars(select(ReviewRow).order_by(ReviewRow.id)))
        session.expunge_all()
    return rows


def cards(services: Services) -> list[CardRow]:
    with services.collection.session_scope(write=False) as session:
        rows = list(session.scalars(select(CardRow).order_by(CardRow.id)))
        session.expunge_all()
    return rows


class Probe:
    """What the tests look at: the collection read back through the store, and screens."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @staticmethod
    def text(widget: Widget) -> str:
        return shown_text(widget)

    def reviews(self) -> list[ReviewRow]:
        return reviews(self.services)

    def cards(self) -> list[CardRow]:
        return cards(self.services)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A steady cursor, so screens are the same on every run."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def mini_services(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    """A collection holding only the three-problem "mini" deck, on a frozen clock."""
    services = build_services(home=tmp_path / "home", clock=clock, import_bundled=False)
    import_mini_deck(services, tmp_path)
    yield services
    services.close()


@pytest.fixture
def db(mini_services: Services) -> Probe:
    return Probe(mini_services)
