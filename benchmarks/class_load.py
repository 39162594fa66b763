"""A class under load: N learners, each their own process, role and connection, answering
problems against one local PostgreSQL for a fixed time.

    python benchmarks/class_load.py [--learners 50] [--seconds 30] [--think-ms 1000]
                                    [--pg postgresql+psycopg://postgres@127.0.0.1:PORT/postgres]

The server comes from ``--pg`` or ``TRAINER_TEST_PG_URL`` (``.ci/postgres.sh start`` makes
one). A fresh database gets a 400-problem deck and N learners (``trainer learners add``'s
code: a role and schema each). Every learner process opens its own collection with its own
URL, warms up (one answer in a one-problem "warm" deck, so every module a submit needs
is loaded, as in any session after its first answer), waits for the start signal, then
for ``--seconds`` shows a problem, "thinks" for a random 0.5–1.5 × ``--think-ms``, and
submits an answer (right three times in four). The latency measured is
``PracticeSession.submit``: the verdict, the FSRS schedule and the commit of the review,
as the learner waits for it.

Printed: answers/s in total, p50/p99/max submit latency, and the reviews acknowledged
(submit returned with a stored review) against the reviews the server holds per learner,
with duplicates (two reviews of one card at one instant) counted. ``--json PATH`` writes
the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSWORD = "class-load-password"


def deck_toml(count: int, key: str = "load") -> str:
    lines = ["format = 1", "", "[deck]", f'id = "{key}"', f'name = "{key.title()}"']
    lines += ['kind = "integer"', ""]
    for i in range(count):
        a, b = i % 97 + 2, i % 13 + 1
        lines += ["[[problems]]", f'id = "p{i:04d}"']
        lines += [f'prompt = "L{i:04d}: {a} plus {b}"', f'answer = "{a + b}"', ""]
    return "\n".join(lines)


def answer_for(prompt: str, rng: random.Random) -> str:
    _, _, rest = prompt.partition(": ")
    a, _, b = rest.split(" ")
    right = int(a) + int(b)
    return str(right if rng.random() < 0.75 else right + 1)


def worker(url: str, seconds: float, think_ms: float, seed: int) -> None:
    """One learner: report ready, wait for 'go' on stdin, answer until time is up."""
    from trainer.practice.engine import PracticeSession
    from trainer.wiring import build_services

    rng = random.Random(seed)
    home = Path(tempfile.mkdtemp(prefix="class-load-"))
    services = build_services(home=home, db_url=url, import_bundled=False)
    # Warm up as a learner's session is warm after its first answer: one review of the
    # "warm" deck (counted below like every other) loads every module a submit needs.
    warm = PracticeSession(services, ["warm"])
    first = warm.next_problem()
    assert first is not None
    acked = 1 if warm.submit(answer_for(first.prompt, random.Random(-1))).review_id else 0
    warm.close()
    session = PracticeSession(services, ["load"])
    shown = session.next_problem()
    print("ready", flush=True)
    sys.stdin.readline()
    latencies: list[float] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end and shown is not None:
        time.sleep(think_ms * rng.uniform(0.5, 1.5) / 1000)
        text = answer_for(shown.prompt, rng)
        while True:
            start = time.perf_counter()
            outcome = session.submit(text)
            latencies.append((time.perf_counter() - start) * 1000)
            if outcome.review_id is not None and outcome.attempts == 1:
                acked += 1  # the first counted attempt stores the review
            if outcome.finished:
                break
            text = str(int(text) - 1)  # a wrong answer was one too many: try again
        shown = session.next_problem()
    session.close()
    services.close()
    print(json.dumps({"latencies": latencies, "acked": acked}), flush=True)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def setup(pg: str, learners: int) -> tuple[str, list[str]]:
    """A fresh class database with the load deck and ``learners`` learners."""
    import sqlalchemy as sa

    from trainer.practice import classroom
    from trainer.practice.library import import_path
    from trainer.wiring import build_services

    database = f"class_load_{uuid.uuid4().hex[:8]}"
    admin_engine = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
    admin_engine.dispose()
    url = pg.rsplit("/", 1)[0] + "/" + database
    home = Path(tempfile.mkdtemp(prefix="class-load-admin-"))
    services = build_services(home=home, db_url=url, import_bundled=False)
    for key, count in (("load", 400), ("warm", 1)):
        deck = home / f"{key}.toml"
        deck.write_text(deck_toml(count, key), encoding="utf-8")
        import_path(services, deck)
    # The class default for the load deck: no daily cap on new problems, so no learner
    # runs out of work however fast they answer.
    from dataclasses import replace

    from trainer.practice.settings import load_settings, save_settings

    preset = load_settings(services).preset_for("load")
    save_settings(services, "load", replace(preset, new_per_day=1000))
    names = [f"load_{database[-8:]}_{i:03d}" for i in range(learners)]
    for name in names:
        classroom.add_learner(services, name, PASSWORD, adopt=False)
    services.close()
    return url, names


def teardown(pg: str, url: str, names: list[str]) -> None:
    import sqlalchemy as sa

    database = url.rsplit("/", 1)[1]
    engine = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        for name in names:
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{name}"'))
    engine.dispose()


def stored_counts(url: str, names: list[str]) -> tuple[dict[str, int], int]:
    """Reviews the server holds per learner, and duplicates (same card, same instant)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    counts: dict[str, int] = {}
    duplicates = 0
    with engine.connect() as conn:
        for name in names:
            counts[name] = conn.execute(sa.text(f'SELECT count(*) FROM "{name}".reviews')).scalar()
            duplicates += conn.execute(
                sa.text(
                    f'SELECT count(*) FROM (SELECT card_id, reviewed_at FROM "{name}".reviews'
                    " GROUP BY 1, 2 HAVING count(*) > 1) d"
                )
            ).scalar()
    engine.dispose()
    return counts, duplicates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--think-ms", type=float, default=1000.0)
    parser.add_argument("--pg", default=os.environ.get("TRAINER_TEST_PG_URL"))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.seconds, args.think_ms, args.seed)
        return
    if not args.pg:
        sys.exit("class_load: give --pg URL (or set TRAINER_TEST_PG_URL): a PostgreSQL server")
    t0 = time.monotonic()
    url, names = setup(args.pg, args.learners)
    print(f"setup: {len(names)} learners in {time.monotonic() - t0:.1f} s", flush=True)
    server = url.split("@", 1)[1]
    procs = []
    try:
        for index, name in enumerate(names):
            learner_url = f"postgresql+psycopg://{name}:{PASSWORD}@{server}"
            cmd = [sys.executable, __file__, "--worker", learner_url, "--seed", str(index)]
            cmd += ["--seconds", str(args.seconds), "--think-ms", str(args.think_ms)]
            procs.append(
                subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            )
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            if line != "ready":
                raise SystemExit(f"class_load: a learner did not start: {line!r}")
        print(f"all {len(procs)} learners ready; measuring {args.seconds:.0f} s", flush=True)
        started = time.monotonic()
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in procs:
            out, _ = proc.communicate(timeout=args.seconds + 120)
            results.append(json.loads(out.strip().splitlines()[-1]))
        elapsed = time.monotonic() - started
        latencies = [ms for r in results for ms in r["latencies"]]
        acked = {name: r["acked"] for name, r in zip(names, results, strict=True)}
        stored, duplicates = stored_counts(url, names)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        teardown(args.pg, url, names)
    lost = sum(max(0, acked[n] - stored[n]) for n in names)
    extra = sum(max(0, stored[n] - acked[n]) for n in names)
    figures = {
        "learners": len(names),
        "seconds": round(elapsed, 1),
        "answers": len(latencies),
        "answers_per_s": round(len(latencies) / elapsed, 1),
        "submit_p50_ms": round(statistics.median(latencies), 2),
        "submit_p99_ms": round(_percentile(latencies, 0.99), 2),
        "submit_max_ms": round(max(latencies), 2),
        "acknowledged": sum(acked.values()),
        "stored": sum(stored.values()),
        "lost": lost,
        "extra": extra,
        "duplicated": duplicates,
    }
    print(
        f"{figures['learners']} learners, {figures['answers']} answers in {figures['seconds']} s:"
        f" {figures['answers_per_s']} answers/s; submit p50 {figures['submit_p50_ms']} ms,"
        f" p99 {figures['submit_p99_ms']} ms, max {figures['submit_max_ms']} ms"
    )
    print(
        f"reviews acknowledged {figures['acknowledged']}, stored {figures['stored']}:"
        f" lost {lost}, extra {extra}, duplicated {duplicates}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
