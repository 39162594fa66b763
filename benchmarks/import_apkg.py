"""M3: importing a 20,000-note genanki ``.apkg`` into an empty collection, and re-importing it.

Builds ``m3_v1.apkg`` (and ``m3_v2.apkg``, every back changed) with genanki exactly as
``../shared/perf/workload.md`` section 3 says, caches them, then times, each as the
median of ``--runs`` runs from a fresh copy of the starting collection:

* ``import``: ``trainer import m3_v1.apkg`` into an empty collection (read + write);
* ``reimport``: the same file again (every note there, unchanged);
* ``update``: ``m3_v2.apkg`` over v1 (every note changed in place).

Run ``python benchmarks/import_apkg.py [--json PATH] [--profile]``. Anki 26.9.3 does the
first two in 0.30 s and 0.13 s on this machine size.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

NOTES = 20_000
MODEL_ID = 1700000000001
DECK_ID = 1700000000002
TIMESTAMP = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
DEFAULT_CACHE = REPO / "bench-data"
ANKI = {"m3_import_s": 0.30, "m3_reimport_s": 0.13}


def note_fields(i: int) -> tuple[str, str]:
    """W1's note fields (workload.md section 2; same as w1_gen.note_fields)."""
    k = 2 + i % 8
    n = 1 + i // 8
    return f"d/dx x^{{{k}}} at x={n}", str(k * n ** (k - 1))


def build_apkg(path: Path, *, version: int = 1, notes: int = NOTES) -> Path:
    """Write ``m3_v{version}.apkg``: Basic notes, genanki guids ``guid_for("m3", i)``."""
    import genanki

    model = genanki.Model(
        MODEL_ID,
        "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}
        ],
    )
    deck = genanki.Deck(DECK_ID, "M3")
    suffix = " (v2)" if version == 2 else ""
    for i in range(notes):
        front, back = note_fields(i)
        deck.add_note(
            genanki.Note(model=model, fields=[front, back + suffix], guid=genanki.guid_for("m3", i))
        )
    stamp = TIMESTAMP + (86_400 if version == 2 else 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    genanki.Package(deck).write_to_file(str(partial), timestamp=stamp)
    partial.replace(path)
    return path


def cached_apkg(cache_dir: Path, version: int = 1) -> Path:
    path = cache_dir / f"m3_v{version}.apkg"
    if not path.is_file():
        build_apkg(path, version=version)
    return path


def _fresh_home(template: Path | None) -> Path:
    home = Path(tempfile.mkdtemp(prefix="trainer-m3-"))
    if template is not None:
        for item in template.iterdir():
            if item.is_file():
                shutil.copy2(item, home / item.name)
    return home


def _empty_collection_template() -> Path:
    from trainer.wiring import build_services

    home = Path(tempfile.mkdtemp(prefix="trainer-m3-empty-"))
    build_services(home=home, import_bundled=False).close()
    return home


def _import_once(home: Path, apkg: Path) -> tuple[float, float, object]:
    """``(wall seconds, CPU seconds, report)`` of one import into the collection at home."""
    from trainer.practice.library import import_path
    from trainer.wiring import build_services

    services = build_services(home=home, import_bundled=False)
    try:
        services.collection  # noqa: B018  open the store first: opening is not importing
        cpu = time.process_time()
        start = time.perf_counter()
        report = import_path(services, apkg)
        return time.perf_counter() - start, time.process_time() - cpu, report
    finally:
        services.close()


def _timed(
    runs: int, prepare: Callable[[], Path], apkg: Path
) -> tuple[list[float], list[float], object]:
    times: list[float] = []
    cpu: list[float] = []
    report = None
    for _ in range(runs):
        home = prepare()
        try:
            elapsed, used, report = _import_once(home, apkg)
            times.append(elapsed)
            cpu.append(used)
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return times, cpu, report


def measure(
    cache_dir: Path = DEFAULT_CACHE, runs: int = 5, counts: dict[str, dict[str, int]] | None = None
) -> dict[str, float]:
    """Time import, re-import and update; returns the figures ``--json`` writes.

    ``counts``, when given, receives each measure's added/updated/unchanged counts.
    """
    v1, v2 = cached_apkg(cache_dir, 1), cached_apkg(cache_dir, 2)
    empty = _empty_collection_template()
    loaded = _fresh_home(empty)
    _import_once(loaded, v1)  # the starting point of re-import and update
    _import_once(_fresh_home(empty), v1)  # warm the page cache and imports
    out: dict[str, float] = {}
    for name, start, path in (
        ("m3_import_s", empty, v1),
        ("m3_reimport_s", loaded, v1),
        ("m3_update_s", loaded, v2),
    ):
        times, cpu, report = _timed(runs, lambda s=start: _fresh_home(s), path)
        out[name.replace("_s", "_cpu_s")] = statistics.median(cpu)  # a busy machine's view
        out[name] = statistics.median(times)
        out[name + "_min"] = min(times)
        out[name + "_max"] = max(times)
        if counts is not None:
            counts[name] = _counts(report)
    for home in (empty, loaded):
        shutil.rmtree(home, ignore_errors=True)
    return out


def _counts(report: object) -> dict[str, int]:
    return {
        "added": len(report.added),  # type: ignore[attr-defined]
        "updated": len(report.updated),  # type: ignore[attr-defined]
        "unchanged": report.unchanged,  # type: ignore[attr-defined]
    }


def profile(cache_dir: Path = DEFAULT_CACHE, reimport: bool = False) -> None:
    """Print a pyinstrument profile of one import (or re-import)."""
    from pyinstrument import Profiler

    v1 = cached_apkg(cache_dir, 1)
    empty = _empty_collection_template()
    home = _fresh_home(empty)
    if reimport:
        _import_once(home, v1)
    from trainer.practice.library import import_path
    from trainer.wiring import build_services

    services = build_services(home=home, import_bundled=False)
    profiler = Profiler(interval=0.001)
    profiler.start()
    import_path(services, v1)
    profiler.stop()
    services.close()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the .apkg go")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--profile", choices=("import", "reimport"), help="profile one run")
    parser.add_argument("--shared", type=Path, help="accepted for run.py; M3 needs no shared data")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.cache, reimport=args.profile == "reimport")
        return 0
    counts: dict[str, dict[str, int]] = {}
    figures = measure(args.cache, args.runs, counts)
    for name in ("m3_import_s", "m3_reimport_s", "m3_update_s"):
        anki = ANKI.get(name)
        vs = f"   Anki {anki:.2f} s ({figures[name] / anki:.2f}x)" if anki else ""
        print(
            f"{name:15s} median {figures[name]:.3f} s  min {figures[name + '_min']:.3f}  "
            f"max {figures[name + '_max']:.3f}  (CPU {figures[name.replace('_s', '_cpu_s')]:.3f})"
            f"  {counts[name]}{vs}"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
