"""Time the TUI on W1: startup to the first problem painted, and keystroke to preview.

    python benchmarks/tui.py [--json PATH] [--runs 5] [--shared ../shared] [--cache DIR]

Every run starts from a fresh copy of the pristine W1 collection (``benchmarks/w1.py``).
Figures are medians of ``--runs`` runs, with min and max:

* ``tui_first_paint_ms``: a fresh ``python -m trainer --db …`` process (bare ``trainer``,
  the TUI) in a pseudo-terminal of 100×30, from spawning it until the app's own ready
  signal: the ``ProblemShown`` message, posted after the first problem has been painted,
  makes the app write ``time.monotonic()`` to ``TRAINER_READY_FILE``. W1 has cards due,
  so the app opens straight into the drill. Before timing, the copy is opened once (as
  any earlier start would have), so the bundled decks are already in it.
* ``tui_preview_ms``: in one headless app on W1 (``App.run_test``), from a key event
  posted to the app (as the terminal driver posts it) until the "read as" line holds the
  new text (the next screen update paints it); the median over the characters of a
  typed answer, per run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import os
import platform
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.w1 import (  # noqa: E402
    DEFAULT_CACHE,
    DEFAULT_SHARED,
    build_w1,
    current_day0_start_ms,
    fresh_copy,
)

TYPED = "12*x^2+7"  # characters typed for the preview figure


def _open_once(copy: Path, home: Path) -> None:
    """Open the collection once, as any earlier start would have: this imports the bundled
    decks, which a learner's collection has had since its first run (not timed)."""
    from trainer.wiring import build_services

    build_services(home=home, db_url=f"sqlite:///{copy}").close()


def first_paint_once(db: Path, timeout_s: float = 20.0) -> float:
    """Spawn the TUI in a pty; ms from spawn to the app's ready signal."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = fresh_copy(db, Path(tmp))
        _open_once(copy, Path(tmp))
        ready = Path(tmp) / "ready"
        env = {
            **os.environ,
            "TRAINER_HOME": tmp,
            "TRAINER_READY_FILE": str(ready),
            "TERM": "xterm-256color",
            "COLUMNS": "100",
            "LINES": "30",
        }
        primary, secondary = pty.openpty()
        os.set_blocking(primary, False)
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "trainer", "--db", f"sqlite:///{copy}"],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            start_new_session=True,
        )
        os.close(secondary)
        try:
            while not ready.exists():
                if proc.poll() is not None:
                    raise SystemExit(f"the app exited ({proc.returncode}) before painting")
                if time.monotonic() - started > timeout_s:
                    raise SystemExit("no first paint within the timeout")
                readable, _, _ = select.select([primary], [], [], 0.002)
                if readable:
                    with contextlib.suppress(OSError):  # the pty may close as the app ends
                        os.read(primary, 65536)  # drain the screen output
            painted = float(ready.read_text().strip())
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            os.close(primary)
        return (painted - started) * 1000


def preview_once(db: Path) -> float:
    """Median ms from a key press to the updated read-as line, in a headless app."""
    from textual import events

    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.drill import DrillScreen
    from trainer.tui.widgets.answer_input import ReadAs
    from trainer.wiring import build_services

    async def run(services: object) -> list[float]:
        app = TrainerApp(services)  # type: ignore[arg-type]
        times: list[float] = []
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            if not isinstance(app.screen, DrillScreen):
                raise SystemExit("the app did not open a drill on W1")
            read_as = app.screen.query_one(ReadAs)
            for char in TYPED:
                before = read_as.content
                start = time.perf_counter()
                # The key as the terminal driver delivers it, to the app's message queue.
                app.post_message(events.Key(char, char))
                while read_as.content is before:
                    await asyncio.sleep(0)
                times.append((time.perf_counter() - start) * 1000)
                await pilot.pause()
        return times

    with tempfile.TemporaryDirectory() as tmp:
        copy = fresh_copy(db, Path(tmp))
        services = build_services(home=Path(tmp), db_url=f"sqlite:///{copy}", import_bundled=False)
        try:
            return statistics.median(asyncio.run(run(services)))
        finally:
            services.close()


def summarise(name: str, values: list[float], out: dict[str, float]) -> None:
    out[name] = statistics.median(values)
    out[f"{name}_min"] = min(values)
    out[f"{name}_max"] = max(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs: at least 5 (medians of five or more)")
    db = build_w1(args.cache, shared=args.shared, day0_ms=current_day0_start_ms())
    figures: dict[str, float] = {}
    first_paint_once(db)  # warm the page and bytecode caches
    summarise("tui_first_paint_ms", [first_paint_once(db) for _ in range(args.runs)], figures)
    summarise("tui_preview_ms", [preview_once(db) for _ in range(args.runs)], figures)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"TUI on W1 ({machine}), {args.runs} runs each\n")
    print(f"{'figure':22} {'median':>9} {'min':>9} {'max':>9}   target")
    targets = {"tui_first_paint_ms": "≤ 500", "tui_preview_ms": "≤ 50"}
    for key, target in targets.items():
        lo, hi = figures[f"{key}_min"], figures[f"{key}_max"]
        print(f"{key:22} {figures[key]:9.1f} {lo:9.1f} {hi:9.1f}   {target}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
