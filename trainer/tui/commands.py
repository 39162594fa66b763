"""Command palette entries (ctrl+p): the same things the home screen's keys do."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from trainer.practice.settings import load_settings

if TYPE_CHECKING:
    from trainer.tui.app_base import AppBase


class TrainerCommands(Provider):
    """Drill a deck or all, browse, unsuspend, export, import, stats, settings, help."""

    def _commands(self) -> list[tuple[str, object, str]]:
        app = cast("AppBase", self.app)
        fixed: list[tuple[str, object, str]] = [
            ("Drill all decks", partial(app.drill, None), "practise everything due today"),
            ("Browse cards", partial(app.action_open, "browse"), "search, suspend, history"),
            (
                "Unsuspend cards",
                partial(app.action_open, "browse", "is:suspended"),
                "the suspended cards, to unsuspend (u) or read (Enter)",
            ),
            ("Export", partial(app.action_open, "export"), "review log, cards or daily totals"),
            ("Import a deck", partial(app.action_open, "import"), "read a deck file in"),
            ("Statistics", partial(app.action_open, "stats"), "reviews, accuracy, forecast"),
            ("Settings", partial(app.action_open, "settings"), "retention, limits, day start"),
            ("Help: keys", app.action_help, "every key of every screen"),
            ("Home: decks", app.action_home, "back to the deck list"),
        ]
        from trainer.practice.classroom import whose

        if whose(app.services).is_admin:
            fixed.append(
                (
                    "Class report",
                    partial(app.action_open, "class"),
                    "each learner's progress; each problem's common wrong answers",
                )
            )
        decks = [
            (f"Drill deck: {d.name}", partial(app.drill, d.key), f"drill only {d.key}")
            for d in load_settings(app.services).decks
        ]
        return fixed + decks

    # A deck's name is the author's text: shown literally, never read as markup (a name
    # such as "[@click=app.quit]…" would otherwise be a live action in the palette).
    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(escape(name), callback, text=name, help=escape(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                shown = matcher.highlight(escape(name))
                yield Hit(score, shown, callback, text=name, help=escape(help_text))  # type: ignore[arg-type]
