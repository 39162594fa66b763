"""A fast synthetic W1-sized collection for the stats benchmark (until ``w1.py`` is usable).

100,000 problems in one deck ``W1`` (5,000 never reviewed) and about a million reviews over
the last 730 scheduler days, written straight into a migrated SQLite collection with
``executemany``. The history is shaped like W1 (learning steps, reviews on the due day,
lapses with a relearning step, FSRS-6 forgetting curve for the outcomes), but it is not W1:
its figures are for timing only. Every review row carries the before/after state columns
the stats read, as a real import or drill would.
"""

from __future__ import annotations

import json
import math
import random
import sqlite3
from pathlib import Path

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
CARDS = 100_000
NEW_CARDS = 5_000
W20 = 0.1542
FACTOR = 0.9 ** (1 / -W20) - 1


def _r(elapsed: float, stability: float) -> float:
    return (1 + FACTOR * elapsed / stability) ** -W20


def day0_start_ms(now_ms: int) -> int:
    """Start of the current scheduler day (04:00 UTC), as W1 defines it."""
    return (now_ms - 4 * HOUR_MS) // DAY_MS * DAY_MS + 4 * HOUR_MS


def build_synthetic(db_path: Path, now_ms: int, seed: int = 1729) -> int:
    """Fill the (already migrated) SQLite collection at ``db_path``; returns the review count."""
    day0 = day0_start_ms(now_ms)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    created = day0 - 731 * DAY_MS
    conn.execute(
        "INSERT INTO decks (id, key, name, description, version, author, licence, kind, options,"
        " preset, source, bundled, created_at) VALUES (1, 'w1', 'W1', '', '1', '', '', NULL,"
        " '{}', ?, '', 0, ?)",
        (json.dumps({"reviews_per_day": 9999, "day_start_hour": 4, "timezone": "UTC"}), created),
    )
    problems, cards, reviews = [], [], []
    for i in range(CARDS):
        k, n = 2 + i % 8, 1 + i // 8
        tags = "" if i % 10 else f"power{k}"
        problems.append(
            (
                i + 1,
                1,
                f"w1-{i:06d}",
                f"d/dx x^{{{k}}} at x={n}",
                str(k * n ** (k - 1)),
                tags,
                "h",
                created,
                created,
            )
        )
        if i >= CARDS - NEW_CARDS:
            cards.append((i + 1, i + 1, 1, 0, None, None, None, None, None, 0, 0, i, 0))
            continue
        rng = random.Random(seed * 1_000_003 + i)
        state = _simulate(rng, day0, i + 1)
        reviews.extend(state["rows"])
        cards.append(
            (
                i + 1,
                i + 1,
                1,
                2,
                None,
                state["s"],
                state["d"],
                state["due"],
                state["last"],
                len(state["rows"]),
                state["lapses"],
                i,
                0,
            )
        )
    conn.executemany(
        "INSERT INTO problems (id, deck_id, key, prompt, answer, tags, content_hash, created_at,"
        " updated_at, body) VALUES (?,?,?,?,?,?,?,?,?,'{}')",
        problems,
    )
    conn.executemany(
        "INSERT INTO cards (id, problem_id, deck_id, phase, step, stability, difficulty, due,"
        " last_review, reps, lapses, position, suspended, leech) VALUES"
        " (?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
        cards,
    )
    reviews.sort(key=lambda r: (r[1], r[0]))
    conn.executemany(
        "INSERT INTO reviews (id, card_id, reviewed_at, rating, correct, reason, attempts,"
        " response_ms, attempt_text, override, hint_used, revealed, source, phase_before,"
        " step_before, stability_before, difficulty_before, due_before, last_review_before,"
        " reps_before, lapses_before, phase_after, step_after, stability_after,"
        " difficulty_after, due_after) VALUES (?,?,?,?,?,?,1,?,?,NULL,0,0,'graded',"
        "?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(n, *r) for n, r in enumerate(reviews, start=1)],
    )
    conn.commit()
    conn.close()
    return len(reviews)


def _simulate(rng: random.Random, day0: int, card_id: int) -> dict:
    """One card's history: learning on its intro day, then reviews on each due day."""
    rows: list[tuple] = []
    day = -1 - math.floor(730 * rng.random() ** 1.25)
    mult = math.exp(rng.gauss(0.2, 0.5))
    t = day0 + day * DAY_MS + 2 * HOUR_MS + math.floor(rng.random() * 14 * HOUR_MS)
    s, d, reps, lapses = 2.3, 5.0, 0, 0
    first = rng.random()
    ratings = [1, 3, 3] if first < 0.25 else [3, 3] if first < 0.9 else [4]
    phase, last, due = 0, None, None
    for rating in ratings:
        took = 2000 + math.floor(rng.random() * 10_000)
        after_phase = 2 if rating == ratings[-1] and len(rows) == len(ratings) - 1 else 1
        new_due = t + (600_000 if after_phase == 1 else 0)
        if after_phase == 2:
            s = {1: 0.2, 3: 2.3, 4: 8.3}[rating] * (1.5 if len(ratings) > 1 else 1.0)
            new_due = day0 + (day + max(1, round(s))) * DAY_MS
        rows.append(
            _row(
                card_id,
                t,
                rating,
                took,
                phase,
                last,
                due,
                None if phase == 0 else s,
                reps,
                lapses,
                after_phase,
                s,
                d,
                new_due,
            )
        )
        phase, last, due, reps = after_phase, t, new_due, reps + 1
        t += took + 600_000
    ivl = max(1, round(s))
    while day + ivl < 0:
        day += ivl
        t = day0 + day * DAY_MS + 2 * HOUR_MS + math.floor(rng.random() * 14 * HOUR_MS)
        took = 2000 + math.floor(rng.random() * 10_000)
        passed = rng.random() < _r(ivl, s * mult)
        old_s = s
        if passed:
            rating = 2 if rng.random() < 0.08 else 3
            s = s * (1.6 + 1.2 * rng.random())
            ivl = min(36500, max(1, round(s)))
            new_due = day0 + (day + ivl) * DAY_MS
            rows.append(
                _row(card_id, t, rating, took, 2, last, due, old_s, reps, lapses, 2, s, d, new_due)
            )
        else:
            s = max(0.5, s * 0.35)
            rows.append(
                _row(card_id, t, 1, took, 2, last, due, old_s, reps, lapses, 3, s, d, t + 600_000)
            )
            reps, lapses, last, due = reps + 1, lapses + 1, t, t + 600_000
            t += took + 600_000
            ivl = max(1, round(s))
            new_due = day0 + (day + ivl) * DAY_MS
            rows.append(_row(card_id, t, 3, took, 3, last, due, s, reps, lapses, 2, s, d, new_due))
        reps, last, due = reps + 1, t, new_due
    return {"rows": rows, "s": s, "d": d, "due": due, "last": last, "lapses": lapses}


def _row(
    card_id,
    t,
    rating,
    took,
    phase,
    last,
    due,
    s_before,
    reps,
    lapses,
    phase_after,
    s_after,
    d,
    due_after,
) -> tuple:
    return (
        card_id,
        t,
        rating,
        rating > 1,
        "equal" if rating > 1 else "wrong_value",
        took,
        "" if rating > 1 else "42",
        phase,
        None if phase == 2 else 0,
        s_before,
        d if s_before is not None else None,
        due,
        last,
        reps,
        lapses,
        phase_after,
        None if phase_after == 2 else 0,
        s_after,
        d,
        due_after,
    )
