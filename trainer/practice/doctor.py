"""``trainer doctor``: is the collection whole, and is anything left lying around?

Each check returns a ``Finding``; with ``fix`` the safe repairs are made: leftovers of a
killed import, backup or restore (``.part`` files, unpack folders) are deleted, and media
files no problem refers to are moved (never deleted) into the data dir's
``orphaned-media/`` folder. A damaged collection is not repaired in place: the finding
names the way back (``trainer restore``).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.errors import CollectionError

if TYPE_CHECKING:
    from trainer.practice.services import Services

ORPHANS_DIR = "orphaned-media"


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    detail: str


def check_collection(db_path: Path | None) -> Finding:
    """SQLite's full ``integrity_check`` of the collection file."""
    from trainer.store.integrity import check_fully

    if db_path is None:
        return Finding("collection", True, "on a database server: checked by the server")
    if not db_path.exists():
        return Finding(
            "collection", False, f"{db_path} is missing; `trainer restore` brings back a backup"
        )
    try:
        check_fully(db_path, full=True)
    except CollectionError as exc:
        return Finding("collection", False, str(exc))
    return Finding("collection", True, f"{db_path}: integrity_check ok")


def check_backups(db_path: Path | None) -> Finding:
    from trainer.store.backup import list_backups

    if db_path is None:
        return Finding("backups", True, "PostgreSQL: back up with pg_dump")
    backups = list_backups(db_path.parent)
    if not backups:
        return Finding("backups", True, "none yet; `trainer backup` takes one")
    newest = backups[0]
    return Finding(
        "backups",
        True,
        f"{len(backups)}, newest {newest.taken_at:%Y-%m-%d %H:%M} ({newest.reason})",
    )


def check_leftovers(folders: list[Path], media_dir: Path, *, fix: bool) -> Finding:
    """What a killed import, backup or restore left (``folders``: where collections and
    their ``backups/`` live). An import's complete staging folder is published, not
    deleted (its import may have committed): ``library_media.remove_import_leftovers``."""
    from trainer.practice.library_media import find_import_leftovers, remove_import_leftovers

    imports = find_import_leftovers(media_dir)
    ours = _backup_leftovers(folders)
    count = len(imports.paths) + len(ours)
    if not count:
        return Finding("leftovers", True, "no temporary files left behind")
    size = sum(_size(path) for path in (*imports.paths, *ours))
    if fix:
        done = remove_import_leftovers(media_dir, leftovers=imports)
        for path in ours:
            path.unlink(missing_ok=True)
        published = f", published {done.published} media files" if done.published else ""
        return Finding("leftovers", True, f"cleaned {count} ({size // 1024} KB){published}")
    return Finding(
        "leftovers",
        False,
        f"{count} left by a killed import/backup/restore ({size // 1024} KB); --fix cleans them",
    )


def check_orphaned_media(services: Services, now: datetime, *, fix: bool) -> Finding:
    """Media files that no problem refers to (removed problems count as referring)."""
    from trainer.store.integrity import referenced_media

    media = services.media_dir
    files = (
        [p for p in media.iterdir() if p.is_file() and not p.name.startswith(".")]
        if media.is_dir()
        else []
    )
    if not files:
        return Finding("media", True, "no media files")
    used = referenced_media(services.collection.engine)
    orphans = [p for p in files if p.name not in used]
    if not orphans:
        return Finding("media", True, f"{len(files)} files, all referred to")
    if not fix:
        return Finding(
            "media",
            False,
            f"{len(orphans)} of {len(files)} files no problem refers to; "
            f"--fix moves them to {services.home / ORPHANS_DIR}",
        )
    target = services.home / ORPHANS_DIR / now.astimezone().strftime("%Y%m%d-%H%M%S")
    target.mkdir(parents=True, exist_ok=True)
    for path in orphans:
        shutil.move(str(path), target / path.name)
    return Finding("media", True, f"moved {len(orphans)} unreferenced files to {target}")


def _backup_leftovers(folders: list[Path]) -> list[Path]:
    found: list[Path] = []
    for folder in [f / "backups" for f in folders] + folders:
        if folder.is_dir():
            found += sorted(folder.glob(".backup-*.part")) + sorted(folder.glob(".restore-*.part"))
    return found


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    try:
        return path.stat().st_size
    except OSError:
        return 0
