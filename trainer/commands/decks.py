"""``trainer decks``: list the decks, their size, and what today's drill will show.

``--json`` gives per deck ``total`` (live problems), ``new`` (unseen cards) and ``today``
= ``{"new", "learning", "due"}``: today's counts under the daily limits, the same figures
as home, the drill and stats (``trainer.practice.overview.today_counts``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def decks(obj: CliContext, as_json: bool) -> None:
    """List the decks: problems, unseen ones, and today's new, learning and due."""
    from trainer.practice.overview import deck_overview

    rows = deck_overview(obj.services())
    if as_json:
        payload = [row.to_dict() for row in rows]
        click.echo(json.dumps({"decks": payload}, indent=2))
        return
    if not rows:
        click.echo("No decks yet. Import one with `trainer import PATH`.")
        return
    from rich.console import Console
    from rich.table import Table

    from trainer.presentation.terminal_text import rich_text

    table = Table(
        title="Decks",
        title_justify="left",
        caption="New, Learn, Due: what today's drill shows, under the daily limits",
        caption_justify="left",
    )
    table.add_column("Deck")
    # the key is what `trainer drill KEY` takes: never cut, the name wraps instead
    key_width = min(32, max(len(row.key) for row in rows))
    table.add_column("Key", style="dim", no_wrap=True, min_width=key_width)
    for label in ("Total", "Unseen", "New", "Learn", "Due"):
        table.add_column(label, justify="right")
    for row in rows:
        today = row.today
        table.add_row(
            rich_text(row.name),
            rich_text(row.key),
            str(row.total),
            str(row.unseen),
            str(today.new),
            str(today.learning),
            str(today.due),
        )
    Console().print(table)
