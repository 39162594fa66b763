"""``trainer export-deck DECK PATH``: write a deck as deck-format TOML."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext


@click.command("export-deck")
@click.argument("deck")
@click.argument("path", type=click.Path(path_type=Path))
@click.pass_obj
def export_deck(obj: CliContext, deck: str, path: Path) -> None:
    """Write DECK (its key or name) to PATH as our TOML deck format.

    Removed problems are left out; importing the file into another collection gives the
    same problems.
    """
    from trainer.commands.output_target import target_for
    from trainer.practice.library import export_deck_file
    from trainer.presentation.terminal_text import printable

    target = target_for(obj, path, option="PATH")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    written = export_deck_file(obj.services(), deck, target)
    if mode is not None:
        target.chmod(mode)  # the atomic rename made a new file: keep the old one's mode
    click.echo(
        printable(
            f"Wrote {len(written.problems)} problems of {written.name} ({written.key}) to {path}"
        )
    )
