"""Open zip archives from strangers without being hurt by them.

A package is read member by member into memory, never extracted to disk. Before anything
is read, every member name is checked (no absolute paths, no ``..``, no drive letters, no
NUL) and the sizes the archive claims are checked against caps; while a member is read,
the bytes actually produced are counted again, because a zip bomb can lie in its headers.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import zstandard

from trainer.errors import DeckFormatError, FormatProblem, UnsafeFileError
from trainer.formats.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_MEMBER_BYTES,
    MAX_RATIO,
    RATIO_FLOOR,
    MiB,
)


@dataclass(frozen=True)
class ZipLimits:
    """Caps on what one archive may expand to."""

    max_total: int = MAX_ARCHIVE_BYTES
    max_member: int = MAX_MEMBER_BYTES
    max_ratio: float = MAX_RATIO
    max_members: int = 200_000
    # Small members may compress very well (a column of zeros); the ratio cap only applies
    # above this size.
    ratio_floor: int = RATIO_FLOOR


DEFAULT_LIMITS = ZipLimits()
_CHUNK = 1 * MiB
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_ZSTD_PIECE = 2048
_ZSTD_MAX_WINDOW = 128 * MiB


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

    def head(self, name: str, size: int) -> bytes:
        """The member's first ``size`` bytes (at most one chunk is inflated)."""
        return next(self.chunks(name), b"")[:size]

    def read(self, name: str, *, zstd: bool = False) -> bytes:
        """The member's bytes, counted as they are inflated so a lying header cannot hurt.

        With ``zstd``, a member that is a zstd frame is decompressed too, under the same
        caps (see ``chunks``).
        """
        # BytesIO, not b"".join: join holds every chunk and the result at once (twice
        # the member's size); BytesIO grows in place and hands over its buffer.
        out = io.BytesIO()
        for chunk in self.chunks(name, zstd=zstd):
            out.write(chunk)
        return out.getvalue()

    def extract(self, name: str, target: Path, *, zstd: bool = False) -> None:
        """Stream the member (zstd-decompressed with ``zstd``) to ``target``, capped."""
        with target.open("wb") as handle:
            for chunk in self.chunks(name, zstd=zstd):
                handle.write(chunk)

    def chunks(self, name: str, *, zstd: bool = False) -> Iterator[bytes]:
        """The member's bytes in chunks of at most 1 MiB, every cap checked per chunk.

        Caps: the member's size, the archive's total, and, above ``ratio_floor``, the
        ratio of what comes out to the member's compressed size in the archive. With
        ``zstd``, a member starting with the zstd magic is decompressed as it streams and
        the same caps apply to its output: the ratio is then counted from the bytes on
        disk through both layers.
        """
        info = self._infos.get(name)
        if info is None:
            raise DeckFormatError(FormatProblem(self._path, None, name, "missing from the archive"))
        raw = self._inflated(info)
        try:
            if not zstd:
                yield from raw
                return
            first = next(raw, b"")
            if not first.startswith(ZSTD_MAGIC):
                if first:
                    yield first
                yield from raw
                return
            yield from self._unzstd(info, itertools.chain([first], raw))
        finally:
            raw.close()  # the member's stream now, not at garbage collection (a frame that
            # ends early or fails leaves it half read; an open member keeps the zip open)

    def _inflated(self, info: zipfile.ZipInfo) -> Generator[bytes, None, None]:
        name = info.filename
        try:
            with self._zip.open(info) as stream:
                counter = _Counter(self, info, "")
                while chunk := stream.read(_CHUNK):
                    counter.count(len(chunk))
                    yield chunk
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

    def _unzstd(self, info: zipfile.ZipInfo, raw: Iterator[bytes]) -> Iterator[bytes]:
        """Decompress one zstd frame as it streams, every cap checked per piece.

        The input is fed ``_ZSTD_PIECE`` bytes at a time: a zstd block needs at least
        4 bytes to produce at most 128 KiB, so no call can produce more than about
        64 MiB however the frame was built. A frame that stops early is an error
        (zstandard's stream readers would return the part quietly).
        """
        counter = _Counter(self, info, "zstd ")
        decoder = zstandard.ZstdDecompressor(max_window_size=_ZSTD_MAX_WINDOW).decompressobj()
        try:
            for chunk in raw:
                for at in range(0, len(chunk), _ZSTD_PIECE):
                    out = decoder.decompress(chunk[at : at + _ZSTD_PIECE])
                    if out:
                        counter.count(len(out))
                        yield out
                    if decoder.eof:
                        return
        except zstandard.ZstdError as error:
            raise DeckFormatError(
                FormatProblem(self._path, None, info.filename, f"corrupt zstd data ({error})")
            ) from error
        if not decoder.eof:
            raise DeckFormatError(
                FormatProblem(
                    self._path, None, info.filename, "corrupt zstd data (the frame is cut short)"
                )
            )


class _Counter:
    """Counts what one layer of one member produces and refuses it past a cap."""

    def __init__(self, archive: SafeZip, info: zipfile.ZipInfo, layer: str) -> None:
        self._archive = archive
        self._info = info
        self._layer = layer
        self._produced = 0

    def count(self, size: int) -> None:
        archive, limits, name = self._archive, self._archive._limits, self._info.filename
        self._produced += size
        produced = self._produced
        archive._read_total += size
        if produced > limits.max_member:
            raise _bomb(archive._path, name, f"{self._layer}expands past {limits.max_member} bytes")
        if archive._read_total > limits.max_total:
            raise _bomb(archive._path, name, f"archive expands past {limits.max_total} bytes")
        if produced > limits.ratio_floor and produced > limits.max_ratio * max(
            self._info.compress_size, 1
        ):
            raise _bomb(
                archive._path,
                name,
                f"{self._layer}compression ratio is over {limits.max_ratio:.0f}:1",
            )


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
