"""Measure the answer checker on a labelled corpus.

    python benchmarks/checker.py CORPUS.jsonl [--no-kind] [--failures]

Each line: {"id", "kind", "answer", "attempt", "tolerance", "expected"}. Prints accuracy,
false positives and false negatives overall and per kind, p50/p99/max latency of a timed
pass after a warm-up pass, the slowest single check once warm (and, with ``--runs N``, the
slowest check's best of N passes, which leaves out a busy machine's pauses), and the false
positives on a built-in set of hostile inputs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trainer.checking import check  # noqa: E402
from trainer.domain import AnswerKind, AnswerSpec, CheckOptions, Reason  # noqa: E402

HOSTILE = [
    "().__class__",
    "__import__('os').system('true')",
    "lambda: 1",
    "9**9**9**9",
    "9^9^9^9",
    "(" * 10_000 + "1" + ")" * 10_000,
    "(" * 400 + "1" + ")" * 400,
    "1\x00",
    "\x00",
    "1" * 1_000_000,
    "\\",
    "x\\",
    "\\frac{1}{",
    "exec('1')",
    "eval('1')",
    "[1]*10**9",
    "10^10^10",
    "x^(10^10)",
    "2^99999999",
    "factorial(10^9)",
    "(10^9)!",
    "sqrt(" * 300 + "x" + ")" * 300,
    "{" * 500,
    "\\begin{pmatrix}" * 200,
    "1e999999",
    "1e-999999",
]
HOSTILE_ANSWERS = ["1", "x", "x + 1", "0", "1000000", "(1, 2)", "{1}", "x = 1", "inf"]


def spec_for(row: dict, use_kind: bool) -> AnswerSpec:
    kind = AnswerKind.parse(row["kind"]) if use_kind and row.get("kind") else None
    tol = row.get("tolerance")
    options = CheckOptions(abs_tol=float(tol)) if tol is not None else CheckOptions()
    return AnswerSpec(answer=row["answer"], kind=kind, options=options)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _timed_pass(specs: list[AnswerSpec], rows: list[dict[str, Any]]) -> tuple[Any, ...]:
    """One timed pass over the corpus: per-kind counts and latencies, failures, slowest."""
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    times: dict[str, list[float]] = defaultdict(list)
    failures = []
    slowest: list[tuple[float, str]] = []
    cpu_times: list[float] = []
    for spec, row in zip(specs, rows, strict=True):
        t0, c0 = time.perf_counter(), time.process_time()
        verdict = check(spec, row["attempt"])
        ms = (time.perf_counter() - t0) * 1000
        cpu_times.append((time.process_time() - c0) * 1000)
        for key in ("all", row["kind"]):
            s = stats[key]
            s["n"] += 1
            times[key].append(ms)
            if verdict.correct == row["expected"]:
                s["ok"] += 1
            elif verdict.correct:
                s["fp"] += 1
            else:
                s["fn"] += 1
        if verdict.correct != row["expected"]:
            failures.append((row, verdict))
        slowest.append((ms, row["id"]))

    return stats, times, failures, slowest, cpu_times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--no-kind", action="store_true", help="let the checker infer kinds")
    parser.add_argument("--failures", action="store_true", help="list every wrong verdict")
    parser.add_argument("--runs", type=int, default=1, help="timed passes (figures: median)")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--shared", type=Path, help="(accepted for benchmarks/run.py; unused)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.corpus.read_text().splitlines() if line.strip()]
    specs = [spec_for(r, not args.no_kind) for r in rows]

    for spec, row in zip(specs, rows, strict=True):  # warm-up: imports, caches, pint
        check(spec, row["attempt"])
    passes = [_timed_pass(specs, rows) for _ in range(max(1, args.runs))]
    stats, times, failures, slowest, cpu_times = passes[-1]
    warm_ms, warm_id = max(slowest)
    best: dict[str, float] = {}
    for p in passes:
        for ms, row_id in p[3]:
            best[row_id] = min(ms, best.get(row_id, ms))
    best_id = max(best, key=best.__getitem__)
    p50s = [statistics.median(p[1]["all"]) for p in passes]
    p99s = [percentile(p[1]["all"], 0.99) for p in passes]

    print(
        f"{'kind':<12}{'n':>5}{'acc %':>8}{'FP':>5}{'FN':>5}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    order = ["all"] + sorted(k for k in stats if k != "all")
    for key in order:
        s, t = stats[key], times[key]
        print(
            f"{key:<12}{s['n']:>5}{100 * s['ok'] / s['n']:>8.1f}{s['fp']:>5}{s['fn']:>5}"
            f"{statistics.median(t):>9.2f}{percentile(t, 0.99):>9.2f}{max(t):>9.2f}"
        )

    print(
        f"cpu time (this process; wall time above includes waiting on a busy machine): "
        f"p50 {statistics.median(cpu_times):.2f} ms, p99 {percentile(cpu_times, 0.99):.2f} ms, "
        f"max {max(cpu_times):.2f} ms"
    )
    print(
        f"max when warm: {warm_ms:.1f} ms ({warm_id}); slowest check's best of {len(passes)} "
        f"timed pass(es): {best[best_id]:.1f} ms ({best_id})"
    )
    hostile_fp = 0
    hostile_max = 0.0
    for answer in HOSTILE_ANSWERS:
        for attempt in HOSTILE:
            t0 = time.perf_counter()
            verdict = check(AnswerSpec(answer=answer), attempt)
            hostile_max = max(hostile_max, time.perf_counter() - t0)
            if verdict.correct:
                hostile_fp += 1
                print(f"HOSTILE FALSE POSITIVE: {answer!r} <- {attempt[:60]!r}")
            if verdict.reason == Reason.TIMEOUT:
                print(f"hostile timeout: {answer!r} <- {attempt[:60]!r}")
    total = len(HOSTILE) * len(HOSTILE_ANSWERS)
    print(
        f"hostile inputs: {total} checks, {hostile_fp} false positives, "
        f"max {hostile_max * 1000:.1f} ms"
    )

    if args.json:
        everything = stats["all"]
        figures = {
            "checker_accuracy": 100 * everything["ok"] / everything["n"],
            "checker_false_positives": everything["fp"],
            "checker_hostile_false_positives": hostile_fp,
            "checker_max_warm_ms": warm_ms,
            "checker_max_warm_best_of_runs_ms": best[best_id],
        }
        for key, values in (("checker_p50_ms", p50s), ("checker_p99_ms", p99s)):
            figures |= {key: statistics.median(values), f"{key}_min": min(values)}
            figures[f"{key}_max"] = max(values)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print("slowest:", ", ".join(f"{i} {ms:.1f} ms" for ms, i in sorted(slowest)[-8:]))
    if args.failures:
        for row, verdict in failures:
            print(
                f"{row['id']} [{row['kind']}] expected={row['expected']} got={verdict.reason}"
                f"  {row['answer']!r} <- {row['attempt']!r}  read_as={verdict.read_as!r}"
                f"  {verdict.message}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
