"""``trainer decks``: list the decks with their problem, new and due counts."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def decks(obj: CliContext, as_json: bool) -> None:
    """List the decks with their problem, new, learning and due counts."""
    from trainer.practice.overview import deck_overview

    rows = deck_overview(obj.services())
    if as_json:
        payload = [{k: v for k, v in asdict(row).items() if k != "id"} for row in rows]
        click.echo(json.dumps({"decks": payload}, indent=2))
        return
    if not rows:
        click.echo("No decks yet. Import one with `trainer import PATH`.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Decks", title_justify="left")
    table.add_column("Deck")
    table.add_column("Key", style="dim")
    for label in ("Problems", "New", "Learning", "Due"):
        table.add_column(label, justify="right")
    for row in rows:
        table.add_row(
            row.name, row.key, str(row.problems), str(row.new), str(row.learning), str(row.due)
        )
    Console().print(table)
