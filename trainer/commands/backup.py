"""``trainer backup``, ``trainer restore [BACKUP]`` and ``trainer doctor [--fix]``.

Backups live in the data dir's ``backups/`` folder (README "Backups"; docs/reliability.md).
``restore`` and ``doctor`` work on a damaged or missing collection: they never open it
the normal way, which would refuse it (or create a new one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path

    from trainer.cli import CliContext


def _where(obj: CliContext) -> tuple[Path, str]:
    from trainer.paths import data_home, default_db_url

    home = data_home()
    return home, obj.db_url or default_db_url(home)


@click.command()
@click.pass_obj
def backup(obj: CliContext) -> None:
    """Back up the collection now (SQLite; kept in the data dir's backups folder)."""
    from trainer.practice.safekeeping import backup_now

    taken = backup_now(obj.services(bundled=False))
    click.echo(f"Backed up to {taken.path} ({taken.size // 1024} KB)")


@click.command()
@click.argument("choice", required=False, metavar="[BACKUP]")
@click.pass_obj
def restore(obj: CliContext, choice: str | None) -> None:
    """List the backups, or restore BACKUP (its number in the list, its file name, or a
    path). The replaced collection is kept in the data dir's damaged folder."""
    from datetime import UTC, datetime

    from trainer.practice.safekeeping import backups_of
    from trainer.practice.safekeeping import restore as restore_backup

    home, db_url = _where(obj)
    if choice is None:
        folder, backups = backups_of(db_url, home)
        if not backups:
            click.echo(f"No backups in {folder} yet.")
            return
        click.echo(f"Backups in {folder} (newest first):")
        for n, item in enumerate(backups, start=1):
            click.echo(
                f"{n:3}  {item.taken_at:%Y-%m-%d %H:%M:%S}  {item.reason:<7} "
                f"{item.size // 1024:>8} KB  {item.path.name}"
            )
        click.echo("Restore one with `trainer restore N`.")
        return
    done = restore_backup(db_url, choice, datetime.now(UTC))
    click.echo(f"Restored {done.collection} from {done.backup}.")
    if done.aside is not None:
        click.echo(f"The replaced collection is kept at {done.aside}.")


@click.command()
@click.option("--fix", is_flag=True, help="Remove leftovers; move unreferenced media aside.")
@click.pass_obj
def doctor(obj: CliContext, fix: bool) -> None:
    """Check the collection (SQLite integrity_check), backups, media and leftovers."""
    from datetime import UTC, datetime

    from trainer.paths import media_dir
    from trainer.practice.doctor import (
        check_backups,
        check_collection,
        check_leftovers,
        check_orphaned_media,
    )
    from trainer.practice.safekeeping import sqlite_file

    home, db_url = _where(obj)
    db_path = sqlite_file(db_url)
    folders = [home] if db_path is None or db_path.parent == home else [home, db_path.parent]
    # leftovers first: a killed import's complete media is published, then checked
    findings = [check_collection(db_path), check_leftovers(folders, media_dir(home), fix=fix)]
    if findings[0].ok and (db_path is None or db_path.exists()):
        findings.append(
            check_orphaned_media(obj.services(bundled=False), datetime.now(UTC), fix=fix)
        )
    findings.append(check_backups(db_path))
    for finding in findings:
        mark = "ok     " if finding.ok else "PROBLEM"
        click.echo(f"{mark}  {finding.check:<11} {finding.detail}")
    if not all(f.ok for f in findings):
        click.get_current_context().exit(1)
