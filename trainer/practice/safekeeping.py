"""Backups of the learner's collection: before every import, once a day, on demand, and
the way back (restore). Backups sit in ``backups/`` next to the collection file (the
data dir for the default collection). SQLite collections only: a PostgreSQL collection is backed up
with the server's own tools (``pg_dump``). The policy and the file work live in
``trainer.store.backup``; this module decides when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.errors import CollectionError, NotFoundError

if TYPE_CHECKING:
    from trainer.practice.services import Services
    from trainer.store.backup import Backup


@dataclass(frozen=True)
class Restored:
    backup: Path
    collection: Path
    aside: Path | None  # where the replaced collection was kept


def backup_now(services: Services, reason: str = "manual") -> Backup:
    """Take a backup now (``trainer backup``)."""
    from trainer.store.backup import take_backup

    path = _sqlite_only(services, "backups")
    return take_backup(path, path.parent, services.clock(), reason)


def backup_before_import(services: Services) -> Backup | None:
    """Before an import writes: refuse a damaged collection (``quick_check`` whatever its
    size), then back it up. None on PostgreSQL or for a collection not created yet."""
    from trainer.store.backup import take_backup
    from trainer.store.integrity import check_fully

    path = services.sqlite_path()
    if path is None or not path.is_file():
        return None
    check_fully(path)
    return take_backup(path, path.parent, services.clock(), "import")


def daily_backup(services: Services) -> Backup | None:
    """A backup if none was taken today (local calendar day); None otherwise."""
    from trainer.store.backup import backed_up_on, take_backup

    path = services.sqlite_path()
    now = services.clock()
    if path is None or not path.is_file() or backed_up_on(path.parent, now):
        return None
    return take_backup(path, path.parent, now, "daily")


def restore(db_url: str, choice: str, now: datetime) -> Restored:
    """Restore the backup named by ``choice``: its number in ``list_backups`` (1 =
    newest), its file name in the backups folder, or any path to a collection file."""
    from trainer.store.backup import list_backups, restore_backup

    path = sqlite_file(db_url)
    if path is None:
        raise CollectionError("restore works on a SQLite collection; use your server's tools")
    home = path.parent  # backups/ and damaged/ sit next to the collection
    backups = list_backups(home)
    chosen: Path | None = None
    if choice.isdigit() and 1 <= int(choice) <= len(backups):
        chosen = backups[int(choice) - 1].path
    elif (home / "backups" / choice).is_file():
        chosen = home / "backups" / choice
    elif Path(choice).is_file():
        chosen = Path(choice)
    if chosen is None:
        raise NotFoundError(f"restore: no backup {choice!r} (run `trainer restore` for the list)")
    aside = restore_backup(chosen, path, home, now)
    return Restored(chosen, path, aside)


def backups_of(db_url: str, home: Path) -> tuple[Path, list[Backup]]:
    """The backups folder of the collection at ``db_url`` and its backups, newest first
    (for a collection that is not a SQLite file: the data dir's, normally empty)."""
    from trainer.store.backup import backups_dir, list_backups

    path = sqlite_file(db_url)
    folder = path.parent if path is not None else home
    return backups_dir(folder), list_backups(folder)


def missing_with_backups(db_url: str) -> int:
    """How many backups there are when the SQLite collection file is gone (else 0): a
    new, empty collection is about to be created where the learner's used to be."""
    from trainer.store.backup import list_backups

    path = sqlite_file(db_url)
    if path is None or path.exists():
        return 0
    return len(list_backups(path.parent))


def sqlite_file(db_url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL, else None."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or "?" in db_url:
        return None
    database = db_url[len(prefix) :]
    return Path(database) if database and database != ":memory:" else None


def _sqlite_only(services: Services, what: str) -> Path:
    path = services.sqlite_path()
    if path is None:
        raise CollectionError(
            f"{what} are for a SQLite collection; back up a PostgreSQL one with pg_dump"
        )
    return path
