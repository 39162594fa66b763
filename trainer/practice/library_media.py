"""Media files of an import: safe names inside the media folder, written only on success.

A package names its media itself, so a name is untrusted: ``../../evil`` or ``C:\\x`` or
a name with control characters must never land outside ``media_dir``. Each file keeps a
readable, sanitised version of its name; when that name is taken by a different file, a
digest of the content is added. Problems that refer to a renamed file are rewritten to
the new name, deterministically, so a re-import of the same package is "unchanged".

Files are staged as temporary files inside ``media_dir`` before the database commit and
renamed into place after it (atomic ``os.replace``); a failed import deletes its staged
files, so the folder never holds half a file or a file no problem refers to.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from trainer.domain import Deck, MediaFile, Problem

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
    staged: dict[str, Path] = field(default_factory=dict)  # stored name -> temp file

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

    def fix(text: str) -> str:
        for old, new in renamed.items():
            if old in text:
                text = text.replace(f"]({old})", f"]({new})")
        return text

    return replace(
        problem,
        prompt=fix(problem.prompt),
        answer=fix(problem.answer),
        solution=fix(problem.solution),
        hints=tuple(fix(h) for h in problem.hints),
        media=tuple(renamed.get(m, m) for m in problem.media),
    )


def stage(plan: MediaPlan, media_dir: Path) -> None:
    """Write every new file to a temporary file inside ``media_dir`` (not yet visible)."""
    discard(plan)  # a retried transaction stages afresh
    if not plan.to_write:
        return
    media_dir.mkdir(parents=True, exist_ok=True)
    root = media_dir.resolve()
    try:
        for name, data in plan.to_write.items():
            if (root / name).resolve().parent != root:
                raise ValueError(f"media name {name!r} escapes the media folder")
            fd, temp = tempfile.mkstemp(prefix=".import-", suffix=".part", dir=root)
            plan.staged[name] = Path(temp)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    except BaseException:
        discard(plan)
        raise


def publish(plan: MediaPlan, media_dir: Path) -> None:
    """Move staged files to their names (after the database commit)."""
    root = media_dir.resolve()
    for name, temp in list(plan.staged.items()):
        os.replace(temp, root / name)
        del plan.staged[name]


def discard(plan: MediaPlan) -> None:
    """Delete staged files (the import failed or was a dry run)."""
    for temp in plan.staged.values():
        temp.unlink(missing_ok=True)
    plan.staged.clear()
