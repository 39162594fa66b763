"""Open zip archives from strangers without being hurt by them.

A package is read member by member into memory, never extracted to disk. Before anything
is read, every member name is checked (no absolute paths, no ``..``, no drive letters, no
NUL) and the sizes the archive claims are checked against caps; while a member is read,
the bytes actually produced are counted again, because a zip bomb can lie in its headers.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from trainer.errors import DeckFormatError, FormatProblem, UnsafeFileError

MiB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """Caps on what one archive may expand to."""

    max_total: int = 2048 * MiB
    max_member: int = 1024 * MiB
    max_ratio: float = 200.0
    max_members: int = 200_000
    # Small members may compress very well (a column of zeros); the ratio cap only applies
    # above this size.
    ratio_floor: int = 1 * MiB


DEFAULT_LIMITS = ZipLimits()
_CHUNK = 1 * MiB


def unsafe_member_name(name: str) -> str | None:
    """Why ``name`` could escape the folder it is extracted into, or ``None`` if it cannot."""
    if not name or "\x00" in name:
        return "empty name or NUL byte in name"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        return "path goes up with '..'"
    return None


class SafeZip:
    """A checked zip archive: member names are safe and sizes within the limits."""

    def __init__(self, archive: zipfile.ZipFile, path: str, limits: ZipLimits) -> None:
        self._zip = archive
        self._path = path
        self._limits = limits
        self._read_total = 0
        self._infos = {info.filename: info for info in archive.infolist()}

    def names(self) -> list[str]:
        return list(self._infos)

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def read(self, name: str) -> bytes:
        """The member's bytes, counted as they are inflated so a lying header cannot hurt."""
        info = self._infos.get(name)
        if info is None:
            raise DeckFormatError(FormatProblem(self._path, None, name, "missing from the archive"))
        limits = self._limits
        chunks: list[bytes] = []
        produced = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    produced += len(chunk)
                    self._read_total += len(chunk)
                    if produced > limits.max_member:
                        raise _bomb(self._path, name, f"expands past {limits.max_member} bytes")
                    if self._read_total > limits.max_total:
                        raise _bomb(
                            self._path, name, f"archive expands past {limits.max_total} bytes"
                        )
                    if produced > limits.ratio_floor and produced > limits.max_ratio * max(
                        info.compress_size, 1
                    ):
                        raise _bomb(self._path, name, "compression ratio is implausibly high")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise DeckFormatError(
                FormatProblem(
                    self._path, None, name, f"corrupt or truncated archive member ({error})"
                )
            ) from error
        except NotImplementedError as error:
            raise DeckFormatError(
                FormatProblem(self._path, None, name, f"unsupported zip compression ({error})")
            ) from error
        except RuntimeError as error:  # zipfile's "File ... is encrypted, password required"
            raise DeckFormatError(
                FormatProblem(self._path, None, name, f"cannot be read: {error}")
            ) from error
        return b"".join(chunks)


def _bomb(path: str, name: str, why: str) -> UnsafeFileError:
    return UnsafeFileError(FormatProblem(path, None, name, f"refused: {why} (zip bomb?)"))


def _check_archive(archive: zipfile.ZipFile, path: str, limits: ZipLimits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeFileError(
            FormatProblem(path, None, None, f"refused: more than {limits.max_members} members")
        )
    problems: list[FormatProblem] = []
    total = 0
    for info in infos:
        why = unsafe_member_name(info.filename)
        if why:
            problems.append(
                FormatProblem(path, None, info.filename, f"refused: unsafe name ({why})")
            )
        total += info.file_size
        if info.file_size > limits.max_member:
            problems.append(
                FormatProblem(
                    path,
                    None,
                    info.filename,
                    f"refused: {info.file_size} bytes unpacked "
                    f"is over the {limits.max_member}-byte limit (zip bomb?)",
                )
            )
        elif info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            problems.append(
                FormatProblem(
                    path,
                    None,
                    info.filename,
                    "refused: compression ratio is implausibly high (zip bomb?)",
                )
            )
    if total > limits.max_total:
        problems.append(
            FormatProblem(
                path,
                None,
                None,
                f"refused: {total} bytes unpacked is over the "
                f"{limits.max_total}-byte limit (zip bomb?)",
            )
        )
    if problems:
        raise UnsafeFileError(problems)


@contextmanager
def open_zip(path: Path, limits: ZipLimits = DEFAULT_LIMITS) -> Iterator[SafeZip]:
    """Open ``path`` as a checked zip archive, or raise a clear error saying why not."""
    shown = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise DeckFormatError(FormatProblem(shown, None, None, "no such file")) from error
    except zipfile.BadZipFile as error:
        raise DeckFormatError(
            FormatProblem(
                shown,
                None,
                None,
                f"not a zip archive, or a truncated one (an Anki package is a zip file): {error}",
            )
        ) from error
    except (OSError, EOFError, ValueError) as error:
        raise DeckFormatError(
            FormatProblem(shown, None, None, f"cannot be read as a zip archive: {error}")
        ) from error
    with archive:
        _check_archive(archive, shown, limits)
        yield SafeZip(archive, shown, limits)
