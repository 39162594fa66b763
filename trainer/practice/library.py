"""The deck library: importing files, the bundled starter decks, exporting a deck.

``import_path`` reads any supported file (``trainer.formats.detect.read_any``) and
applies it with ``importing.import_read``: the read runs inside the one write
transaction. ``ensure_bundled_decks`` runs at every start: it imports the decks shipped
in ``decks/`` into a new collection and updates a bundled deck when a newer version
ships, keeping progress. It costs one settings read and a few small file reads when
nothing changed (a fingerprint of the shipped files is kept in the settings).
``export_deck_file`` writes a deck as our TOML.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from trainer.domain import Deck, ImportBatch
from trainer.errors import (
    CollectionError,
    DeckFormatError,
    FormatProblem,
    NotFoundError,
    TrainerError,
)
from trainer.practice.bundled_files import BUNDLED_SETTING, deck_files, fingerprint
from trainer.practice.importing import (
    ImportProgress,
    ImportReport,
    Reading,
    import_batch,
    import_read,
)
from trainer.practice.services import Services
from trainer.store.decks import find_deck, live_problems
from trainer.store.epoch import from_ms
from trainer.store.settings import get_setting, put_setting

log = logging.getLogger(__name__)

ReadProgress = Callable[[int, int | None], None]
# Formats whose deck, without --deck, is named after the file (an Anki package or our TOML
# names its decks itself).
_NAMED_BY_FILE = frozenset({"csv", "tsv", "jsonl", "json"})


def import_path(
    services: Services,
    path: Path,
    *,
    deck_name: str | None = None,
    format: str | None = None,  # noqa: A002 - the CLI option's name
    field_map: Mapping[str, str] | None = None,
    answer_marker: str | None = None,
    dry_run: bool = False,
    read_progress: ReadProgress | None = None,
    progress: ImportProgress | None = None,
) -> ImportReport:
    """Read ``path`` (any supported format) and import it, in one write transaction.

    A CSV with ``id`` and ``created_ms`` columns (the W1 exchange files) gives the new
    problems those creation times. The file is read inside the import's write
    transaction (``importing.import_read``), and the reader is told each deck's stored
    source revisions, so a re-import builds only the problems whose source changed, and
    the stored problems are read once for both the reader and the apply.
    """
    from trainer.checking.template_check import TemplateValidator
    from trainer.formats.detect import ReadOptions, detect_format, read_any

    if services.collection.identity.is_learner:
        raise TrainerError(
            "on a class server only the teacher imports decks: ask them to import "
            f"{Path(path).name} (with the admin's URL)"
        )
    path = Path(path)
    options = ReadOptions(
        check_problem=TemplateValidator(),  # one work budget for the file
        deck_name=deck_name,
        format=format,
        field_map=dict(field_map or {}),
        answer_marker=answer_marker,
        progress=read_progress,
    )

    def read(known: Callable[[str], Mapping[str, str]]) -> Reading:
        batch = read_any(path, replace(options, known_revisions=known))
        if not batch.decks:  # a review history: it names its deck with --deck
            return Reading(batch, history_deck=deck_name)
        created = None
        if detect_format(path, format) == "csv":
            created = _created_times(path, (field_map or {}).get("id", "id"))
        return Reading(batch, created=created)

    named_by_file = deck_name is None and detect_format(path, format) in _NAMED_BY_FILE
    return import_read(
        services,
        read,
        source=str(path),
        dry_run=dry_run,
        progress=progress,
        named_by_file=named_by_file,
    )


def _created_times(path: Path, id_column: str) -> dict[str, datetime] | None:
    """``id -> created time`` from a ``created_ms`` column, or ``None`` when there is none."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [cell.strip() for cell in next(reader, [])]
        if "created_ms" not in header or id_column not in header:
            return None
        at, key_at = header.index("created_ms"), header.index(id_column)
        out: dict[str, datetime] = {}
        for number, row in enumerate(reader, start=2):
            if len(row) <= max(at, key_at) or not row[at].strip():
                continue
            try:
                out[row[key_at].strip()] = from_ms(int(row[at]))
            except (ValueError, OverflowError) as error:
                raise DeckFormatError(
                    FormatProblem(str(path), number, "created_ms", f"not epoch ms: {error}")
                ) from error
        return out


# --- bundled decks -----------------------------------------------------------------


@dataclass
class BundledReport:
    """What ``ensure_bundled_decks`` did on this start."""

    skipped_unchanged: bool = False
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    parts = version.replace("-", ".").split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def ensure_bundled_decks(services: Services) -> BundledReport:
    """Import new bundled decks and update ones that shipped a newer version.

    A deck the learner already has under the same key but did not get from trainer is
    left alone, as is a bundled deck the learner deleted. A broken deck file is skipped
    and its error kept in the ``bundled_decks`` setting; it never stops the app opening.
    """
    report = BundledReport()
    if services.collection.identity.is_learner:
        return report  # on a class server the teacher chooses the decks
    files = deck_files(services.bundled_decks_dir)
    if not files:
        return report
    shipped = fingerprint(files)
    if _bundled_state(services).get("fingerprint") == shipped:
        report.skipped_unchanged = True
        return report
    with services.collection.exclusive():
        # Another process may have imported them while we waited for the lock.
        state = _bundled_state(services)
        if state.get("fingerprint") == shipped:
            report.skipped_unchanged = True
            return report
        return _install_bundled(services, files, shipped, state, report)


def _bundled_state(services: Services) -> dict[str, Any]:
    with services.collection.session_scope(write=False) as session:
        return get_setting(session, BUNDLED_SETTING) or {}


def _install_bundled(
    services: Services,
    files: list[Path],
    shipped: str,
    state: dict[str, Any],
    report: BundledReport,
) -> BundledReport:
    installed: dict[str, str] = dict(state.get("installed") or {})
    with services.collection.session_scope(write=False) as session:
        from trainer.store.decks import list_decks

        present = {d.key: d for d in list_decks(session)}
    retry_next_start = False
    for path in files:
        try:
            deck = _read_bundled(path)
        except Exception as error:  # a broken shipped file must never stop the app
            report.errors.append(f"{path.name}: {error}")
            log.warning("bundled deck %s is broken: %s", path.name, error)
            continue
        have = present.get(deck.key)
        if have is None:
            if deck.key in installed:
                continue  # the learner deleted it
            action = report.imported
        elif not have.bundled:
            continue  # the learner's own deck with the same key
        elif _version_key(deck.version) > _version_key(have.version):
            action = report.updated
        else:
            installed[deck.key] = have.version
            continue
        try:
            import_batch(
                services, ImportBatch(decks=(deck,)), source=f"bundled:{path.name}", bundled=True
            )
        except DeckFormatError as error:
            report.errors.append(f"{path.name}: {error}")
            continue
        except CollectionError as error:  # locked by another program: try again next start
            report.errors.append(f"{path.name}: {error}")
            log.warning("bundled decks not imported now: %s", error)
            retry_next_start = True
            break  # every other deck would wait out the same lock
        except Exception as error:  # any other failure: this deck next start, the rest now
            report.errors.append(f"{path.name}: {error}")
            log.warning("bundled deck %s not imported: %s", path.name, error)
            retry_next_start = True
            continue
        installed[deck.key] = deck.version
        action.append(deck.key)
    value = {
        "fingerprint": None if retry_next_start else shipped,
        "installed": installed,
        "errors": report.errors,
    }
    try:
        with services.collection.session_scope() as session:
            put_setting(session, BUNDLED_SETTING, value)
    except Exception as error:
        log.warning("could not record the bundled decks: %s", error)
    return report


def decline_bundled_decks(services: Services) -> list[str]:
    """Record the shipped decks as installed and removed, so no start imports them.

    For collections that must hold only their own decks (the W1 benchmark collection):
    a later start then costs the same as on a collection that has them. Returns the keys.
    """
    files = deck_files(services.bundled_decks_dir)
    installed: dict[str, str] = {}
    for path in files:
        try:
            deck = _read_bundled(path)
        except Exception:  # a broken file is skipped at start too
            continue
        installed[deck.key] = deck.version
    value = {"fingerprint": fingerprint(files), "installed": installed, "errors": []}
    with services.collection.session_scope() as session:
        put_setting(session, BUNDLED_SETTING, value)
    return sorted(installed)


def _read_bundled(path: Path) -> Deck:
    from trainer.checking.template_check import TemplateValidator
    from trainer.formats.toml_deck import read_deck

    return read_deck(path, check=TemplateValidator())


# --- export ------------------------------------------------------------------------


def deck_for_export(services: Services, name_or_key: str) -> Deck:
    """The deck as stored (problems in card position order, removed ones left out)."""
    with services.collection.session_scope(write=False) as session:
        info = find_deck(session, name_or_key)
        problems = tuple(live_problems(session, info.id))
    return Deck(
        key=info.key,
        name=info.name,
        problems=problems,
        description=info.description,
        version=info.version,
        author=info.author,
        licence=info.licence,
        kind=info.kind,
        options=info.options,
        # the deck's setting, written only when it is not the default
        new_order=info.preset.new_order if info.preset.new_order != "mixed" else None,
    )


def export_deck_file(services: Services, name_or_key: str, path: Path) -> Deck:
    """Write the deck to ``path`` as deck-format TOML (atomically); returns what was written."""
    from trainer.formats.toml_writer import write_deck

    deck = deck_for_export(services, name_or_key)
    path = Path(path)
    if not path.parent.is_dir():
        raise NotFoundError(f"{path}: folder {path.parent} does not exist")
    write_deck(deck, path)
    return deck
