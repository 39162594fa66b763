"""``trainer lint DECK…``: question tests for deck authors.

Prints each finding as ``file:line: problem id: …`` (or one JSON object per finding
with ``--json``) and exits 1 when there is any, 0 when every deck is clean.
"""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("decks", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per finding.")
@click.option(
    "--draws", type=click.IntRange(1, 50), default=5, show_default=True,
    help="Draws of each parametric problem.",
)  # fmt: skip
def lint(decks: tuple[Path, ...], as_json: bool, draws: int) -> None:
    """Run the question tests over every problem of each DECK file."""
    from trainer.practice.linting import lint_file

    found = 0
    for path in decks:
        for finding in lint_file(path, draws):
            found += 1
            if as_json:
                click.echo(json.dumps(finding.to_dict(), ensure_ascii=False))
            else:
                click.echo(str(finding))
    if found:
        if not as_json:
            click.echo(f"{found} finding{'s' if found != 1 else ''}", err=True)
        raise SystemExit(1)
    if not as_json:  # a clean run says so (on stderr: stdout stays the findings only)
        click.echo(f"No findings in {len(decks)} deck{'s' if len(decks) != 1 else ''}.", err=True)
