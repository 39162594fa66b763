"""``trainer where``: print where the collection, media and bundled decks live."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext


@click.command()
@click.pass_obj
def where(obj: CliContext) -> None:
    """Show the data dir, the collection URL and the bundled decks folder."""
    from trainer.errors import masked_url
    from trainer.paths import bundled_decks_dir, data_home, default_db_url

    home = data_home()
    click.echo(f"data dir:      {home}")
    click.echo(f"collection:    {masked_url(obj.db_url or default_db_url(home))}")
    click.echo(f"bundled decks: {bundled_decks_dir()}")
