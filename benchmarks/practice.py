"""Time the practice engine on W1: M1 (open to first due problem), M2 (answers/s), M4 (optimise).

    python benchmarks/practice.py [--json PATH] [--runs 5] [--shared ../shared] [--only m1,m2,m4]

Every run starts from a fresh copy of the pristine W1 collection (``benchmarks/w1.py``,
built once per scheduler day through trainer's own import), which this script first
brings to the current schema and leaves in WAL mode, fully checkpointed, as a learner's
collection is (untimed). Figures are medians of
``--runs`` runs, with min and max (workload.md section 3):

* M1: a fresh ``python -m trainer drill w1 --plain`` process, from spawning it until
  the first due problem's prompt is on its stdout; peak RSS of that process.
* M2: in one process, after open and the first queue build, 1,000 problems in a row:
  next problem, answer (wrong when ``i % 5 == 2``, else right), and the engine grades,
  rates, schedules and commits each answer as its own transaction. The clock is frozen
  in the middle of W1's day and moves 6 s per answer (a typical response time, so a
  right answer is rated Good, as the workload's "answer Good" intends).
* M4: ``trainer optimize`` on W1's whole history (read + fit), with its log loss.

Beside the wall-clock figures it reports CPU time (``m1_cpu_ms``: the drill process's
user + system time through its exit; ``m2_cpu_per_s``: answers per second of this
process's CPU time). On a machine shared with other work the wall clock measures the
contention as much as the program; the CPU figures say what an idle machine would see.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.w1 import (  # noqa: E402
    DB_NAME,
    DECK_KEY,
    DEFAULT_CACHE,
    DEFAULT_SHARED,
    build_w1,
    current_day0_start_ms,
    fresh_copy,
)

ANSWERS = 1000
PROMPT_MARK = b"\n> "


def w1_answer(problem_key: str) -> str:
    """The right answer of W1 problem ``w1-IIIIII`` (workload.md section 2)."""
    i = int(problem_key.rsplit("-", 1)[1])
    k, n = 2 + i % 8, 1 + i // 8
    return str(k * n ** (k - 1))


# ---------------------------------------------------------------------------------- M1
def m1_once(db: Path) -> tuple[float, float, float]:
    """Spawn the drill, wait for the first prompt; (ms to first problem, peak RSS MiB, CPU
    ms of the whole process, through its exit)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = fresh_copy(db, Path(tmp))
        env = {**os.environ, "TRAINER_HOME": tmp}
        args = [sys.executable, "-m", "trainer", "--db", f"sqlite:///{copy}"]
        args += ["drill", DECK_KEY, "--plain"]
        started = time.perf_counter()
        proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None and proc.stdin is not None
        seen = b""
        while PROMPT_MARK not in seen:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                raise SystemExit(f"M1: the drill ended before a problem: {seen!r}")
            seen += chunk
        elapsed_ms = (time.perf_counter() - started) * 1000
        peak_mib = _own_peak_rss_mib(proc.pid)
        proc.stdin.close()  # end of input: the session ends cleanly
        proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"M1: drill exited {proc.returncode}: {proc.stderr.read()!r}")
        if b"w1" not in seen.lower():
            raise SystemExit(f"M1: no W1 problem shown: {seen!r}")
        cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000
        return elapsed_ms, peak_mib, cpu_ms


def _own_peak_rss_mib(pid: int) -> float:
    """The drill process's own peak RSS at its first prompt: ``VmHWM`` of
    ``/proc/PID/status``. Not ``wait4``'s ``ru_maxrss``: a child forked from this process
    starts with this process's high-water mark (it may just have built W1), and
    ``ru_maxrss`` would report that instead of the drill's own memory."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise SystemExit("M1: no VmHWM in /proc/PID/status (Linux only)")


# ---------------------------------------------------------------------------------- M2
def m2_once(db: Path, now: datetime) -> tuple[float, float, dict[str, int], float]:
    """1,000 answers in a row; (answers per second, peak RSS MiB, ratings given, answers
    per second of process CPU time)."""
    from trainer.clock import FrozenClock
    from trainer.practice.engine import PracticeSession
    from trainer.wiring import build_services

    with tempfile.TemporaryDirectory() as tmp:
        fresh_copy(db, Path(tmp))
        clock = FrozenClock(now)
        services = build_services(home=Path(tmp), clock=clock, import_bundled=False)
        try:
            session = PracticeSession(services, [DECK_KEY])
            ratings: dict[str, int] = {}
            started, cpu_started = time.perf_counter(), time.process_time()
            for i in range(ANSWERS):
                shown = session.next_problem()
                if shown is None:
                    raise SystemExit(f"M2: the queue ran out after {i} answers")
                clock.advance(seconds=6)
                answer = w1_answer(shown.problem_key)
                outcome = session.submit(str(int(answer) + 1) if i % 5 == 2 else answer)
                if outcome.review_id is None or outcome.verdict.correct != (i % 5 != 2):
                    raise SystemExit(f"M2: answer {i} not graded as expected: {outcome}")
                name = outcome.rating.name if outcome.rating else "none"
                ratings[name] = ratings.get(name, 0) + 1
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            session.close()
        finally:
            services.close()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return ANSWERS / elapsed, rss, ratings, ANSWERS / cpu


# ---------------------------------------------------------------------------------- M4
def m4_once(db: Path) -> tuple[float, float, float, float, float]:
    """Optimise W1; (total s, read s, fit s, log loss after, CPU s of all threads)."""
    from trainer.practice.optimizing import decks_to_optimize, optimize_deck
    from trainer.wiring import build_services

    with tempfile.TemporaryDirectory() as tmp:
        fresh_copy(db, Path(tmp))
        services = build_services(home=Path(tmp), import_bundled=False)
        try:
            [deck] = decks_to_optimize(services, DECK_KEY)
            started, cpu_started = time.perf_counter(), time.process_time()
            report = optimize_deck(services, deck, save=True)
            total = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
        finally:
            services.close()
        if report.after is None:
            raise SystemExit(f"M4: nothing fitted: {report.refused}")
        return total, report.load_s, report.fit_s, report.after.log_loss, cpu


def at_current_schema(db: Path, workdir: Path) -> Path:
    """A private pristine copy of W1 at the current schema, with the current bundled decks.

    The cached W1 may predate a migration or a change to a bundled deck; opening it would
    migrate it or re-import the decks inside the timed runs (M1 would time a schema
    upgrade or a deck import, which a learner's collection does once). The copy is brought
    up to date once, here, untimed, and the runs copy it."""
    import sqlite3

    home = workdir / "pristine"
    fresh_copy(db, home)
    # In a child process: importing SQLAlchemy here would inflate this process, and the
    # M1 children forked from it would report its memory as their peak RSS.
    opener = "from trainer.wiring import build_services as b; import sys; from pathlib import Path"
    opener += "; b(home=Path(sys.argv[1]), import_bundled=True).close()"
    subprocess.run([sys.executable, "-c", opener, str(home)], check=True)
    conn = sqlite3.connect(home / DB_NAME)
    # Stay in WAL mode, as a learner's collection always is (the store sets it when it
    # creates one); everything checkpointed, so the file alone is the whole collection.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return home / DB_NAME


# ---------------------------------------------------------------------------------- driver
def summarise(name: str, values: list[float], out: dict[str, float]) -> None:
    out[name] = statistics.median(values)
    out[f"{name}_min"] = min(values)
    out[f"{name}_max"] = max(values)


def repeat(runs: int, once: Callable[[], tuple]) -> list[tuple]:
    return [once() for _ in range(runs)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", default="m1,m2,m4")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs: at least 1")
    wanted = {part.strip() for part in args.only.split(",") if part.strip()}
    day0 = current_day0_start_ms()
    workdir = Path(tempfile.mkdtemp(prefix="practice-bench-"))
    db = at_current_schema(build_w1(args.cache, shared=args.shared, day0_ms=day0), workdir)
    now = datetime.fromtimestamp(day0 / 1000, UTC) + timedelta(hours=8)
    figures: dict[str, float] = {}
    notes: list[str] = []
    if "m1" in wanted:
        m1_once(db)  # warm the OS page cache and the bytecode cache (workload: warm cache)
        results = repeat(args.runs, lambda: m1_once(db))
        summarise("m1_ms", [r[0] for r in results], figures)
        summarise("m1_rss_mib", [r[1] for r in results], figures)
        summarise("m1_cpu_ms", [r[2] for r in results], figures)
    if "m2" in wanted:
        results = repeat(args.runs, lambda: m2_once(db, now))
        summarise("m2_per_s", [r[0] for r in results], figures)
        figures["m2_rss_mib"] = max(r[1] for r in results)
        summarise("m2_cpu_per_s", [r[3] for r in results], figures)
        notes.append(f"M2 ratings (last run): {results[-1][2]}")
    if "m4" in wanted:
        results = repeat(args.runs, lambda: m4_once(db))
        summarise("m4_fit_s", [r[0] for r in results], figures)
        summarise("m4_read_s", [r[1] for r in results], figures)
        summarise("m4_compute_s", [r[2] for r in results], figures)
        summarise("m4_logloss", [r[3] for r in results], figures)
        summarise("m4_cpu_s", [r[4] for r in results], figures)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Practice engine on W1 ({machine}), {args.runs} runs each\n")
    print(f"{'figure':16} {'median':>10} {'min':>10} {'max':>10}   Anki 26.9.3")
    anki = {
        "m1_ms": "300",
        "m1_rss_mib": "121",
        "m2_per_s": "1678",
        "m4_fit_s": "4.55",
        "m4_logloss": "0.3363",
    }
    for key in [k for k in figures if not k.endswith(("_min", "_max"))]:
        lo, hi = figures.get(f"{key}_min", figures[key]), figures.get(f"{key}_max", figures[key])
        print(f"{key:16} {figures[key]:10.4g} {lo:10.4g} {hi:10.4g}   {anki.get(key, '')}")
    for note in notes:
        print(note)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    import shutil

    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
