"""What screens and the command palette need of the app: the practice services and
where to go next. ``TrainerApp`` implements it; screens type ``self.app`` with it
(``getters.app(AppBase)``), so no screen imports ``app.py``, which imports them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from trainer.practice.services import Services


class AppBase(App[None]):
    """The app as its screens see it."""

    services: Services

    def drill(self, decks: str | Sequence[str] | None, *, quiet: bool = False) -> bool:
        """Open a drill over a deck, several, or every deck (``None``); True when opened."""
        raise NotImplementedError

    def action_home(self) -> None:
        """Back to the deck list."""
        raise NotImplementedError

    def action_open(self, name: str, *args: str) -> None:
        """Open a screen by name."""
        raise NotImplementedError

    def action_help(self) -> None:
        """The keys of every screen."""
        raise NotImplementedError
