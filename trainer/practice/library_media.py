"""Media files of an import: safe names inside the media folder, written only on success.

A package names its media itself, so a name is untrusted: ``../../evil`` or ``C:\\x`` or
a name with control characters must never land outside ``media_dir``. Each file keeps a
readable, sanitised version of its name; when that name is taken by a different file, a
digest of the content is added. Problems that refer to a renamed file are rewritten to
the new name, deterministically, so a re-import of the same package is "unchanged".

Publishing is all or nothing. Files are staged in a private folder inside ``media_dir``
(``.import-<pid>-<random>``) before the database commit; when every file is written, a
``.complete`` mark is added, still before the commit. After the commit each file is
renamed into place (atomic ``os.replace``) and the folder removed. A failed import
deletes its folder. An import killed half-way leaves a folder behind: the next import
(or ``trainer doctor --fix``) finds it with ``find_import_leftovers`` and, in
``remove_import_leftovers``, finishes a complete one (its import may have committed)
and deletes an incomplete one (its import cannot have). So the folder never holds half
a file, and a committed import never loses its files.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from trainer.domain import Deck, MediaFile, Problem
from trainer.formats.unpack_folder import process_alive, remove_folders, stale_unpack_folders

_UNSAFE = re.compile(r"[^\w.\- ()+,=@]", re.UNICODE)
_MAX_NAME = 120


def safe_name(name: str) -> str:
    """A file name with no path, no control characters and no leading dots."""
    text = unicodedata.normalize("NFC", name).replace("\\", "/")
    base = text.rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable())
    base = _UNSAFE.sub("_", base).strip(" .")
    if base in ("", ".", ".."):
        base = "media"
    if len(base) > _MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        ext = ext[:16] if dot else ""
        keep = _MAX_NAME - len(ext) - 1
        base = (stem if dot else base)[:keep] + (("." + ext) if ext else "")
    return base


def _with_digest(name: str, digest: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return f"{name}-{digest[:12]}"
    return f"{stem}-{digest[:12]}.{ext}"


@dataclass
class MediaPlan:
    """Where each file of a batch goes, and which ones must be written."""

    names: dict[str, str] = field(default_factory=dict)  # package name -> stored name
    to_write: dict[str, bytes] = field(default_factory=dict)  # stored name -> bytes
    staged: dict[str, Path] = field(default_factory=dict)  # stored name -> staged file
    folder: Path | None = None  # the staging folder, until published or discarded

    @property
    def count(self) -> int:
        return len(self.to_write)


def plan_media(media: tuple[MediaFile, ...], media_dir: Path) -> MediaPlan:
    """Pick a safe stored name for every file; skip files already there with equal bytes."""
    plan = MediaPlan()
    for item in media:
        digest = hashlib.sha256(item.data).hexdigest()
        name = safe_name(item.name)
        for candidate in (name, _with_digest(name, digest)):
            if plan.to_write.get(candidate, item.data) != item.data:
                continue  # another file of this batch has that name
            target = media_dir / candidate
            if target.is_file() and not _same_bytes(target, item.data):
                continue
            plan.names[item.name] = candidate
            if not target.is_file():
                plan.to_write[candidate] = item.data
            break
    return plan


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def rename_references(decks: tuple[Deck, ...], names: dict[str, str]) -> tuple[Deck, ...]:
    """Decks whose problems refer to media by their stored names."""
    renamed = {old: new for old, new in names.items() if old != new}
    if not renamed:
        return decks
    return tuple(
        replace(deck, problems=tuple(_rename(p, renamed) for p in deck.problems)) for deck in decks
    )


def _rename(problem: Problem, renamed: dict[str, str]) -> Problem:
    if not problem.media or not any(m in renamed for m in problem.media):
        return problem

    longest = max(map(len, renamed))

    def fix(text: str) -> str:
        return _relink(text, renamed, longest) if "](" in text else text

    return replace(
        problem,
        prompt=fix(problem.prompt),
        answer=fix(problem.answer),
        solution=fix(problem.solution),
        hints=tuple(fix(h) for h in problem.hints),
        media=tuple(renamed.get(m, m) for m in problem.media),
    )


_CLOSE = re.compile(r"\)")
_LINK = re.compile(r"\]\(")


def _relink(text: str, renamed: dict[str, str], longest: int) -> str:
    """``](old)`` -> ``](new)`` for every renamed name, in one pass over ``text``.

    (One ``str.replace`` per renamed name was names x text: 0.84 s for one prompt of
    8,000 pictures.) A name may hold ``)``, so the next few ``)`` are tried, never one
    further than the longest name.
    """
    closes = [m.start() for m in _CLOSE.finditer(text)]
    out: list[str] = []
    at = 0
    for link in _LINK.finditer(text):
        start = link.end()
        if start < at:
            continue
        j = bisect.bisect_left(closes, start)
        for close in closes[j : j + 4]:
            if close - start > longest:
                break
            new = renamed.get(text[start:close])
            if new is not None:
                out += (text[at:start], new)
                at = close
                break
    out.append(text[at:])
    return "".join(out)


STAGING_PREFIX = ".import-"
COMPLETE = ".complete"


def stage(plan: MediaPlan, media_dir: Path) -> None:
    """Write every new file into a private staging folder in ``media_dir`` (not visible
    yet), then mark the folder complete."""
    discard(plan)  # a retried transaction stages afresh
    if not plan.to_write:
        return
    media_dir.mkdir(parents=True, exist_ok=True)
    root = media_dir.resolve()
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=root))
        plan.folder = folder
        for name, data in plan.to_write.items():
            if (root / name).resolve().parent != root or name.startswith("."):
                raise ValueError(f"media name {name!r} escapes the media folder")
            temp = folder / name
            with temp.open("xb") as handle:
                handle.write(data)
            plan.staged[name] = temp
        (folder / COMPLETE).touch()
    except BaseException:
        discard(plan)
        raise


def publish(plan: MediaPlan, media_dir: Path) -> None:
    """Move staged files to their names (after the database commit)."""
    root = media_dir.resolve()
    for name, temp in list(plan.staged.items()):
        os.replace(temp, root / name)
        del plan.staged[name]
    if plan.folder is not None:
        shutil.rmtree(plan.folder, ignore_errors=True)
        plan.folder = None


def discard(plan: MediaPlan) -> None:
    """Delete staged files (the import failed or was a dry run)."""
    if plan.folder is not None:
        shutil.rmtree(plan.folder, ignore_errors=True)
        plan.folder = None
    plan.staged.clear()


@dataclass(frozen=True)
class ImportLeftovers:
    """What killed imports left behind.

    ``complete``: staging folders whose files were all written (their import may have
    committed: their files are published); ``incomplete``: staging folders and loose
    ``.import-*.part`` files of imports that cannot have committed (deleted);
    ``unpack_folders``: temporary folders of package readers whose process is gone.
    """

    complete: tuple[Path, ...] = ()
    incomplete: tuple[Path, ...] = ()
    unpack_folders: tuple[Path, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.complete or self.incomplete or self.unpack_folders)

    @property
    def paths(self) -> tuple[Path, ...]:
        return self.complete + self.incomplete + self.unpack_folders


@dataclass(frozen=True)
class LeftoversCleaned:
    """What ``remove_import_leftovers`` did: files published, paths deleted."""

    published: int = 0
    removed: int = 0


def find_import_leftovers(media_dir: Path, temp_dir: Path | None = None) -> ImportLeftovers:
    """Leftovers of killed imports in ``media_dir`` and in the temporary directory
    (``temp_dir``, default the system's). A staging folder of a live process (another
    import running now, or this process) is not a leftover."""
    complete: list[Path] = []
    incomplete: list[Path] = []
    try:  # a media folder may hold 100,000 files: look only at the names that matter
        with os.scandir(media_dir) as entries:
            paths = sorted(Path(e.path) for e in entries if e.name.startswith(STAGING_PREFIX))
    except OSError:
        paths = []
    for path in paths:
        name = path.name
        if path.is_file() and not path.is_symlink() and name.endswith(".part"):
            incomplete.append(path)  # an older version staged loose files
        elif path.is_dir() and not path.is_symlink() and not _owner_alive(name):
            (complete if (path / COMPLETE).is_file() else incomplete).append(path)
    return ImportLeftovers(
        tuple(complete), tuple(incomplete), tuple(stale_unpack_folders(temp_dir))
    )


def _owner_alive(name: str) -> bool:
    pid = name[len(STAGING_PREFIX) :].split("-", 1)[0]
    return pid.isdigit() and process_alive(int(pid))


def remove_import_leftovers(
    media_dir: Path, temp_dir: Path | None = None, leftovers: ImportLeftovers | None = None
) -> LeftoversCleaned:
    """Finish or delete what killed imports left (see ``find_import_leftovers``).

    A complete staging folder is published: each file whose name is free is moved into
    place; one whose name a later import took is dropped (that file stays).
    """
    found = leftovers if leftovers is not None else find_import_leftovers(media_dir, temp_dir)
    published = removed = 0
    root = media_dir.resolve() if found.complete else media_dir
    for folder in found.complete:
        for staged in sorted(folder.iterdir()):
            target = root / staged.name
            if staged.name == COMPLETE or not staged.is_file() or staged.is_symlink():
                continue
            if target.resolve().parent != root or target.exists():
                continue
            os.replace(staged, target)
            published += 1
        shutil.rmtree(folder, ignore_errors=True)
        removed += not folder.exists()
    for path in found.incomplete:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed += not path.exists()
    removed += remove_folders(list(found.unpack_folders))
    return LeftoversCleaned(published=published, removed=removed)
