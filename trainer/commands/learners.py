"""``trainer learners add|list|remove``: the learners of a class on a PostgreSQL server.

Run with the admin's URL in ``--db``/``TRAINER_DB``. Each learner becomes a login role
with a schema of their own (see ``trainer.store.class_roster``); the password is read
from ``--password-file`` or asked for twice, never taken from the command line, and sent
to the server only as a SCRAM-SHA-256 verifier.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext

MIN_PASSWORD = 8


@click.group()
def learners() -> None:
    """The learners of a class (PostgreSQL; run with the admin's URL in --db)."""


def _read_password(password_file: Path | None, name: str) -> str:
    from trainer.errors import TrainerError

    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise TrainerError(f"--password-file {password_file}: cannot read it ({exc})") from exc
        password = lines[0] if lines else ""
    else:
        password = click.prompt(
            f"Password for {name}", hide_input=True, confirmation_prompt=True, err=True
        )
    if len(password) < MIN_PASSWORD:
        raise TrainerError(f"the password for {name} must have at least {MIN_PASSWORD} characters")
    return password


@learners.command("add")
@click.argument("name")
@click.option(
    "--password-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the password from the first line of FILE (default: ask twice).",
)
@click.option(
    "--adopt-existing",
    is_flag=True,
    help="Give this learner the progress the collection holds now (turning a one-learner "
    "collection into a class).",
)
@click.pass_obj
def add(obj: CliContext, name: str, password_file: Path | None, adopt_existing: bool) -> None:
    """Create a learner: a login role NAME with their own schedule."""
    from trainer.practice.classroom import add_learner
    from trainer.store.class_roster import check_name

    check_name(name)
    password = _read_password(password_file, name)
    services = obj.services()
    cards, moved = add_learner(services, name, password, adopt=adopt_existing)
    adopted = f", {moved} review(s) adopted" if adopt_existing else ""
    click.echo(f"Added learner {name}: {cards} card(s){adopted}.")
    click.echo(f"They run: trainer --db {_learner_url(services.collection.url, name)}")


def _learner_url(admin_url: str, name: str) -> str:
    """The admin's URL with the learner's name and a password placeholder."""
    scheme, _, rest = admin_url.partition("://")
    host = rest.rpartition("@")[2]
    return f"{scheme}://{name}:PASSWORD@{host}"


@learners.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def list_(obj: CliContext, as_json: bool) -> None:
    """The learners with their review count and last activity."""
    from trainer.practice.classroom import learners as roster

    lines = roster(obj.services())
    if as_json:
        keep = ("name", "reviews", "last_active", "removed")
        payload = [{k: v for k, v in line.to_dict().items() if k in keep} for line in lines]
        click.echo(json.dumps({"learners": payload}, indent=2))
        return
    if not lines:
        click.echo("No learners yet. Add one with `trainer learners add NAME`.")
        return
    for line in lines:
        last = line.last_active.strftime("%Y-%m-%d %H:%M UTC") if line.last_active else "never"
        gone = "  (removed)" if line.removed else ""
        click.echo(f"{line.name:<24} {line.reviews:>7} reviews   last active {last}{gone}")


@learners.command("remove")
@click.argument("name")
@click.option(
    "--delete-history",
    is_flag=True,
    help="Also delete their cards and reviews (default: kept for the class report).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def remove(obj: CliContext, name: str, delete_history: bool, yes: bool) -> None:
    """Remove a learner's login (their history stays in the report unless deleted)."""
    from trainer.practice.classroom import remove_learner

    what = (
        "their login AND their whole history (cards, reviews), for good"
        if delete_history
        else "their login; their history stays in the class report, marked removed"
    )
    if not yes and not click.confirm(f"Remove {name}: {what}?", err=True):
        click.echo("Nothing removed.", err=True)
        return
    remove_learner(obj.services(), name, keep_history=not delete_history)
    click.echo(f"Removed learner {name}" + (" and their history." if delete_history else "."))
