"""Run the whole W1 benchmark suite and print one table beside Anki 26.9.3's figures.

    python benchmarks/run.py [--json PATH] [--shared ../shared] [--runs 5] [--only m1,m2,...]

Each area has its own script (checker.py, import_apkg.py, practice.py, stats.py, tui.py)
that writes its figures as JSON; this runs each in a fresh process, merges the figures,
and prints them. Every figure is a median with ``_min`` and ``_max`` beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# (script, extra arguments given the shared dir) in the order they run.
SUITES: dict[str, tuple[str, list[str]]] = {
    "checker": ("checker.py", ["{shared}/corpora/answer_pairs_public.jsonl"]),
    "import": ("import_apkg.py", []),
    "practice": ("practice.py", []),
    "stats": ("stats.py", []),
    "tui": ("tui.py", []),
}

# key, label, unit, Anki 26.9.3 on the same workload and machine size, better-is
ROWS: list[tuple[str, str, str, float | None, str]] = [
    ("m1_ms", "M1 open to first due problem", "ms", 300.0, "lower"),
    ("m1_rss_mib", "M1 peak RSS", "MiB", 121.0, "lower"),
    ("m2_per_s", "M2 answers per second", "/s", 1678.0, "higher"),
    ("m3_import_s", "M3 import 20k-note .apkg", "s", 0.30, "lower"),
    ("m3_reimport_s", "M3 re-import (unchanged)", "s", 0.13, "lower"),
    ("m4_fit_s", "M4 FSRS optimise (fit)", "s", 4.55, "lower"),
    ("m4_logloss", "M4 log loss", "", 0.3363, "lower"),
    ("m5_ms", "M5 stats screen data", "ms", 298.0, "lower"),
    ("export_s", "Export ~1M reviews CSV", "s", 5.0, "lower"),
    ("tui_first_paint_ms", "TUI launch to first problem", "ms", 500.0, "lower"),
    ("tui_preview_ms", "TUI keystroke to preview", "ms", 50.0, "lower"),
    ("checker_accuracy", "Checker accuracy (public corpus)", "%", None, "higher"),
    ("checker_p50_ms", "Checker p50", "ms", 2.0, "lower"),
    ("checker_p99_ms", "Checker p99", "ms", 50.0, "lower"),
]


def run_suite(name: str, shared: Path, runs: int, timeout: float) -> tuple[dict[str, float], str]:
    script, extra = SUITES[name]
    path = HERE / script
    if not path.exists():
        return {}, f"{script} not found"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        args = [sys.executable, str(path), *(a.format(shared=shared) for a in extra)]
        args += ["--json", str(out), "--runs", str(runs), "--shared", str(shared)]
        started = time.perf_counter()
        try:
            proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return {}, f"{script} timed out after {timeout:.0f} s"
        elapsed = time.perf_counter() - started
        if proc.returncode != 0 or not out.exists():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            return {}, f"{script} failed (exit {proc.returncode}): " + " | ".join(tail)
        return json.loads(out.read_text()), f"{script} ok in {elapsed:.0f} s"


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("s",) and value < 10:
        return f"{value:.3f}"
    if unit == "" or (isinstance(value, float) and value < 10):
        return f"{value:.4g}"
    return f"{value:,.0f}"


def verdict(value: float | None, anki: float | None, better: str) -> str:
    if value is None or anki is None:
        return ""
    ok = value <= anki if better == "lower" else value >= anki
    return "met" if ok else "MISSED"


def print_table(figures: dict[str, float]) -> None:
    header = f"{'measure':36} {'median':>10} {'min':>10} {'max':>10} {'target':>9} {'':6}"
    print(header)
    print("-" * len(header))
    for key, label, unit, anki, better in ROWS:
        value = figures.get(key)
        lo, hi = figures.get(f"{key}_min"), figures.get(f"{key}_max")
        name = label + (f" ({unit})" if unit else "")
        cells = [fmt(value, unit), fmt(lo, unit), fmt(hi, unit)]
        print(
            f"{name:36} {cells[0]:>10} {cells[1]:>10} {cells[2]:>10}"
            f" {fmt(anki, unit):>9} {verdict(value, anki, better):6}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--runs", type=int, default=5, help="repetitions per figure (median)")
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(SUITES))
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per suite")
    args = parser.parse_args(argv)

    names = [n for n in args.only.split(",") if n] or list(SUITES)
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        parser.error(
            f"--only: unknown suite(s) {', '.join(unknown)}; choose from {', '.join(SUITES)}"
        )
    if not args.shared.is_dir():
        parser.error(f"--shared: {args.shared} is not a folder (it holds perf/ and corpora/)")

    figures: dict[str, float] = {}
    for name in names:
        got, status = run_suite(name, args.shared.resolve(), args.runs, args.timeout)
        print(f"[{name}] {status}", file=sys.stderr, flush=True)
        figures.update(got)

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"\nW1 benchmark suite on {machine}; target = Anki 26.9.3 on the same workload\n")
    print_table(figures)
    if args.json:
        payload = {**figures, "machine": machine, "runs": args.runs}
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
