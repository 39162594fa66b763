"""Time the stats screen's data (M5) and the full review-log CSV export on W1.

    python benchmarks/stats.py [--json PATH] [--runs 5] [--shared ../shared] [--synthetic]

W1 is built once per scheduler day through trainer's own import (``benchmarks/w1.py``);
``--synthetic`` (or a missing ``../shared``) uses ``stats_synthetic.py``'s generator
instead, a W1-sized collection for timing only. Every run starts from a fresh copy of the
pristine collection, with trainer's modules already imported (workload.md section 3):

* M5: one ``trainer.practice.reports.stats_report(services)`` call, everything the stats
  screen shows (today, streak, true retention 7/30/365 young/mature, calibration,
  30-day forecast, states, interval and difficulty distributions, breakdowns, leeches).
* export: ``trainer export reviews -o FILE`` in-process (the command's own code path:
  streamed rows, csv.writer, temporary file renamed over the target).

Figures are medians with ``_min``/``_max``; the W1 checks (true retention over 30 days,
due in days 0-29, median interval) are printed beside the generator's values.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.w1 import (  # noqa: E402
    DB_NAME,
    DEFAULT_CACHE,
    DEFAULT_SHARED,
    build_w1,
    expected_counts,
    fresh_copy,
)


def pristine(args: argparse.Namespace) -> tuple[Path, str]:
    """The collection to copy for each run, and what it is."""
    if not args.synthetic and args.shared.is_dir():
        return build_w1(args.cache, shared=args.shared, log=True), "W1"
    from benchmarks.stats_synthetic import build_synthetic
    from trainer.wiring import build_services

    target = args.cache / "stats-synthetic"
    db = target / DB_NAME
    if not db.is_file():
        target.mkdir(parents=True, exist_ok=True)
        build_services(home=target, import_bundled=False).close()
        build_synthetic(db, int(time.time() * 1000))
    return db, "synthetic W1-sized collection"


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


class StatementTimes:
    """Per-statement wall and CPU time (the executing thread's) of one engine's queries.

    SQLite computes an aggregate inside ``execute``, so its time is the query's."""

    def __init__(self) -> None:
        self.times: dict[str, list[tuple[float, float]]] = {}
        self._local = threading.local()

    def listen(self, engine: object) -> None:
        from sqlalchemy import event

        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        self._local.start = (time.perf_counter(), time.thread_time())

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        wall, cpu = self._local.start
        label = " ".join(statement.split())[:70]
        cell = (1000 * (time.perf_counter() - wall), 1000 * (time.thread_time() - cpu))
        self.times.setdefault(label, []).append(cell)

    def print(self, runs: int) -> None:
        print("  per statement, mean per run (ms): wall / CPU of its thread")
        ranked = sorted(self.times.items(), key=lambda kv: -sum(c for _, c in kv[1]))
        for label, cells in ranked:
            wall = sum(w for w, _ in cells) / runs
            cpu = sum(c for _, c in cells) / runs
            if cpu >= 0.5 or wall >= 1:
                print(f"    {wall:7.1f} / {cpu:6.1f}  {label}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--synthetic", action="store_true", help="skip W1: synthetic data")
    parser.add_argument(
        "--queries", action="store_true", help="also print each statement's wall and CPU time"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs: at least 1")

    from trainer.commands.export import _target, write_rows
    from trainer.practice import report_builder  # noqa: F401  (imports outside the timing)
    from trainer.practice.reports import export_rows, stats_report
    from trainer.wiring import build_services

    source, what = pristine(args)
    m5: list[float] = []
    m5_cpu: list[float] = []
    export: list[float] = []
    export_cpu: list[float] = []
    rows = 0
    report = None
    statements = StatementTimes()
    with tempfile.TemporaryDirectory(prefix="trainer-stats-bench-") as tmp:
        for run in range(args.runs):
            home = Path(tmp) / f"m5-{run}"
            fresh_copy(source, home)
            services = build_services(home=home, import_bundled=False)
            if args.queries:
                statements.listen(services.collection.engine)
            try:
                start, cpu = time.perf_counter(), time.process_time()
                report = stats_report(services)
                m5.append((time.perf_counter() - start) * 1000)
                m5_cpu.append((time.process_time() - cpu) * 1000)
            finally:
                services.close()
        for run in range(args.runs):
            home = Path(tmp) / f"export-{run}"
            fresh_copy(source, home)
            services = build_services(home=home, import_bundled=False)
            out = home / "reviews.csv"
            try:
                start, cpu = time.perf_counter(), time.process_time()
                with export_rows(services, "reviews") as data, _target(str(out)) as handle:
                    write_rows(data, "csv", handle)
                export.append(time.perf_counter() - start)
                export_cpu.append(time.process_time() - cpu)
                rows = data.total
            finally:
                services.close()

    assert report is not None
    figures: dict[str, float] = {}
    series = (
        ("m5_ms", m5),
        ("m5_cpu_ms", m5_cpu),
        ("export_s", export),
        ("export_cpu_s", export_cpu),
    )
    for key, values in series:
        figures[key], figures[f"{key}_min"], figures[f"{key}_max"] = summary(values)
    month = next(w for w in report.retention if w.days == 30)
    figures["export_rows"] = rows
    figures["m5_true_retention_30d"] = month.total.rate or 0.0
    figures["m5_due_0_29"] = sum(d.review for d in report.forecast)
    figures["m5_median_interval"] = report.intervals.median or 0.0

    expected = expected_counts(source) if what == "W1" else {}
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    print(
        f"stats benchmark on {what}, {args.runs} runs, {stamp}, load average {load:.1f}"
        f" on {os.cpu_count()} cores"
    )
    print(
        f"  M5 stats_report   median {figures['m5_ms']:.0f} ms"
        f" (min {figures['m5_ms_min']:.0f}, max {figures['m5_ms_max']:.0f}); target 300 ms;"
        f" CPU (both threads) median {figures['m5_cpu_ms']:.0f} ms"
        f" (min {figures['m5_cpu_ms_min']:.0f}, max {figures['m5_cpu_ms_max']:.0f})"
    )
    if args.queries:
        statements.print(args.runs)
    print(
        f"  export reviews    median {figures['export_s']:.2f} s"
        f" (min {figures['export_s_min']:.2f}, max {figures['export_s_max']:.2f})"
        f" for {rows:,} rows; target 5 s; CPU median {figures['export_cpu_s']:.2f} s"
    )
    print(
        f"  true retention 30 d {figures['m5_true_retention_30d']:.4f}"
        f" (generator: {expected.get('true_retention_last_30d', '-')}),"
        f" due days 0-29 {figures['m5_due_0_29']:.0f}"
        f" (generator: {expected.get('due_in_days_0_29', '-')}),"
        f" median interval {figures['m5_median_interval']:.0f} d"
        f" (generator: {expected.get('median_interval_days', '-')})"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
