"""The teacher's report: every learner's activity and each problem's item analysis.

Read with the admin's connection, which owns every learner's schema; one ``UNION ALL``
over the learners' ``reviews`` joined to their ``cards`` gives the class's reviews.
"Right first time" is a review whose first attempt was right, with no hint, no reveal
and no override. A review that was not right first time gives its first attempt (the
first line of ``attempt_text``) as the wrong answer; its reason is the stored one when
that attempt was the review's only one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from trainer.domain import DAY_MS, LearnerActivity, ProblemItem, WrongAnswer
from trainer.store.class_roster import learner_schemas, require_admin

if TYPE_CHECKING:
    from trainer.store.db import Collection

_FIRST_TIME = (
    "(r.correct AND r.attempts = 1 AND NOT r.hint_used AND NOT r.revealed AND r.override IS NULL)"
)


def _reviews_union(names: list[str]) -> str:
    parts = [
        f"SELECT '{name}' AS learner, c.problem_id, c.deck_id, r.* FROM \"{name}\".reviews r"
        f' JOIN "{name}".cards c ON c.id = r.card_id'
        for name in names
    ]
    return " UNION ALL ".join(parts)


def learner_activity(
    collection: Collection, now_ms: int, deck_id: int | None = None
) -> list[LearnerActivity]:
    """Each learner's reviews, right-first-time count, review-phase passes, due backlog,
    active UTC days and last review, optionally for one deck."""
    with collection.engine.connect() as conn:
        require_admin(conn)
        removed = _removed(conn)
        out = []
        for name in learner_schemas(conn):
            out.append(_one_learner(conn, name, now_ms, deck_id, name in removed))
        return out


def _removed(conn: Connection) -> set[str]:
    rows = conn.execute(text("SELECT name FROM public.class_learners WHERE removed_at IS NOT NULL"))
    return set(rows.scalars())


def _one_learner(
    conn: Connection, name: str, now_ms: int, deck_id: int | None, removed: bool
) -> LearnerActivity:
    deck = "" if deck_id is None else " AND c.deck_id = :deck"
    params = {"now": now_ms, "deck": deck_id, "day": DAY_MS}
    totals = conn.execute(
        text(
            f"SELECT count(*), count(*) FILTER (WHERE {_FIRST_TIME}),"
            " count(*) FILTER (WHERE r.phase_before = 2),"
            " count(*) FILTER (WHERE r.phase_before = 2 AND r.rating > 1), max(r.reviewed_at)"
            f' FROM "{name}".reviews r JOIN "{name}".cards c ON c.id = r.card_id WHERE TRUE{deck}'
        ),
        params,
    ).one()
    days = conn.execute(
        text(
            f'SELECT DISTINCT r.reviewed_at / :day FROM "{name}".reviews r'
            f' JOIN "{name}".cards c ON c.id = r.card_id WHERE TRUE{deck} ORDER BY 1'
        ),
        params,
    ).scalars()
    backlog = conn.execute(
        text(
            f'SELECT count(*) FROM "{name}".cards c JOIN public.problems p ON p.id = c.problem_id'
            " WHERE c.phase > 0 AND c.due <= :now AND NOT c.suspended"
            f" AND p.removed_at IS NULL{deck}"
        ),
        params,
    ).scalar()
    return LearnerActivity(
        name=name,
        reviews=int(totals[0]),
        right_first_time=int(totals[1]),
        review_phase=int(totals[2]),
        review_phase_passed=int(totals[3]),
        due_backlog=int(backlog or 0),
        active_days=tuple(int(d) for d in days),
        last_active_ms=None if totals[4] is None else int(totals[4]),
        removed=removed,
    )


def item_analysis(
    collection: Collection, deck_id: int | None = None, wrong_answers: int = 3
) -> list[ProblemItem]:
    """Per problem that anyone reviewed: reviews, attempts, right first time, how many
    learners, and the most common wrong first attempts with their reasons; the problems
    the class finds hardest (lowest right-first-time share) first."""
    with collection.engine.connect() as conn:
        require_admin(conn)
        names = learner_schemas(conn)
        if not names:
            return []
        union = _reviews_union(names)
        deck = "" if deck_id is None else " WHERE a.deck_id = :deck"
        first = _FIRST_TIME.replace("r.", "a.")
        rows = conn.execute(
            text(
                f"WITH a AS ({union}) SELECT a.problem_id, d.key, p.key, p.prompt, count(*),"
                f" sum(a.attempts), count(*) FILTER (WHERE {first}),"
                " count(DISTINCT a.learner) FROM a JOIN public.problems p ON p.id = a.problem_id"
                f" JOIN public.decks d ON d.id = p.deck_id{deck}"
                " GROUP BY a.problem_id, d.key, p.key, p.prompt"
                f" ORDER BY count(*) FILTER (WHERE {first})::float / count(*), count(*) DESC,"
                " d.key, p.key"
            ),
            {"deck": deck_id},
        ).all()
        wrong = _wrong_answers(conn, union, deck, deck_id, wrong_answers)
    return [
        ProblemItem(
            deck_key=deck_key,
            problem_key=problem_key,
            prompt=prompt,
            reviews=int(reviews),
            attempts=int(attempts or 0),
            right_first_time=int(first),
            learners=int(learners),
            wrong_answers=tuple(wrong.get(problem_id, ())),
        )
        for problem_id, deck_key, problem_key, prompt, reviews, attempts, first, learners in rows
    ]


def _wrong_answers(
    conn: Connection, union: str, deck: str, deck_id: int | None, top: int
) -> dict[int, list[WrongAnswer]]:
    first_attempt = "btrim(split_part(a.attempt_text, E'\\n', 1))"
    not_first = _FIRST_TIME.replace("r.", "a.")
    where = f"{deck} {'AND' if deck else 'WHERE'} NOT {not_first} AND {first_attempt} <> ''"
    rows = conn.execute(
        text(
            f"WITH a AS ({union}), w AS (SELECT a.problem_id, {first_attempt} AS answer,"
            " mode() WITHIN GROUP (ORDER BY CASE WHEN a.attempts = 1 THEN a.reason END)"
            " AS reason, count(*) AS n,"
            " row_number() OVER (PARTITION BY a.problem_id ORDER BY count(*) DESC,"
            f" {first_attempt}) AS rank FROM a{where} GROUP BY a.problem_id, {first_attempt})"
            " SELECT problem_id, answer, reason, n FROM w WHERE rank <= :top"
            " ORDER BY problem_id, rank"
        ),
        {"deck": deck_id, "top": top},
    ).all()
    out: dict[int, list[WrongAnswer]] = {}
    for problem_id, answer, reason, count in rows:
        out.setdefault(int(problem_id), []).append(WrongAnswer(answer, reason, int(count)))
    return out


def deck_id_named(collection: Collection, name_or_key: str) -> tuple[int, str]:
    """The id and key of the deck a teacher named (key or name, any case, a unique prefix)."""
    from trainer.store.decks import find_deck

    with collection.session_scope(write=False) as session:
        info = find_deck(session, name_or_key)
    return info.id, info.key
