"""Pick the reader for a file by ``--format``, its extension or its first bytes."""

from __future__ import annotations

from pathlib import Path

from trainer.domain import ImportBatch
from trainer.errors import DeckFormatError, FormatProblem
from trainer.formats.options import FORMATS, ReadOptions, parse_field_map

__all__ = ["FORMATS", "ReadOptions", "detect_format", "parse_field_map", "read_any"]

_BY_SUFFIX = {
    ".toml": "toml",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".apkg": "apkg",
    ".colpkg": "colpkg",
}


_UNSUPPORTED = {
    ".xml": "XML",
    ".xlsx": "Excel",
    ".xls": "Excel",
    ".ods": "OpenDocument spreadsheet",
    ".anki2": "a bare Anki collection (export it from Anki as .apkg or .colpkg)",
    ".zip": "a zip archive that is not an Anki package",
}


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as error:
        raise DeckFormatError(
            FormatProblem(str(path), None, None, f"cannot be read: {error}")
        ) from error


def detect_format(path: Path, forced: str | None = None) -> str:
    """The format name for ``path``: ``forced`` if given, else by extension, else by content."""
    if forced:
        name = forced.strip().lower().lstrip(".")
        if name not in FORMATS:
            raise DeckFormatError(
                FormatProblem(
                    str(path),
                    None,
                    "--format",
                    f"unknown format {forced!r}; expected one of {', '.join(FORMATS)}",
                )
            )
        return name
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise DeckFormatError(
            FormatProblem(
                str(path),
                None,
                None,
                f"{_UNSUPPORTED[suffix]} is not an import format; save it as "
                "CSV, TSV or JSONL (or give --format if the name misleads)",
            )
        )
    head = _head(path)
    by_suffix = _BY_SUFFIX.get(suffix)
    if by_suffix == "csv":
        from trainer.formats.revlog_csv import looks_like_revlog

        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
        return "revlog" if looks_like_revlog(first) else "csv"
    if by_suffix:
        return by_suffix
    if head.startswith(b"PK\x03\x04"):
        return "apkg"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        return "jsonl"
    if b"\t" in head.split(b"\n", 1)[0]:
        return "tsv"
    if b"[deck]" in head or b"format =" in head:
        return "toml"
    raise DeckFormatError(
        FormatProblem(
            str(path),
            None,
            None,
            "cannot tell the file's format from "
            f"its name; say it with --format ({', '.join(FORMATS)})",
        )
    )


def read_any(path: Path, options: ReadOptions = ReadOptions()) -> ImportBatch:  # noqa: B008
    """Read any supported file into an ``ImportBatch``."""
    path = Path(path)
    if not path.is_file():
        raise DeckFormatError(FormatProblem(str(path), None, None, "no such file"))
    fmt = detect_format(path, options.format)
    # Each reader is imported only when it is needed (zstandard, sqlite3, tomllib...).
    if fmt == "toml":
        from trainer.formats import toml_deck

        deck = toml_deck.read_deck(path, check=options.check_problem)
        return ImportBatch(decks=(deck,))
    if fmt in ("apkg", "colpkg"):
        from trainer.formats import anki

        return anki.read_anki_package(path, options)
    if fmt == "revlog":
        from trainer.formats import revlog_csv

        return revlog_csv.read_revlog(path, options)
    from trainer.formats import tabular

    if fmt == "tsv":
        return tabular.read_tsv(path, options)
    if fmt == "csv":
        return tabular.read_csv(path, options)
    if fmt == "jsonl":
        return tabular.read_jsonl(path, options)
    return tabular.read_json(path, options)
