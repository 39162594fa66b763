"""True-retention totals per deck and UTC day, kept by triggers; a covering review-time index.

``review_day_totals`` holds, per (deck, UTC day of ``reviewed_at``), the counts a year of
true retention needs: eligible reviews (a Review-phase card, or a learning step of a day
or more), their passes, and the reviews that are mature under *any* day clock (Review
phase, due - last review >= 22 days: a UTC offset moves a local day boundary by at most a
day) with their passes. They depend on no day-start hour or time zone, so a preset change
needs no rebuild. Reviews whose interval lies between 19 and 22 days are mature or not
depending on the clock: ``ix_reviews_interval_edge`` (a partial index) finds them, and the
report classifies them exactly. Day edges that are not whole UTC days are read live.

Triggers keep the totals in the same transaction as every write to ``reviews`` (a review
commit, an override, an undo, a history import) and to ``cards`` (a card that is deleted
takes its reviews with it first; a card that moves deck moves its counts). Deleting a
deck removes its totals first (no foreign key: on PostgreSQL the cascade would check the
totals' rows against the deck being deleted). ``trainer.store.aggregates.day_totals.rebuild``
recomputes the table from the log. A batch migration that recreates ``reviews`` or
``cards`` on SQLite drops their triggers: such a migration must create them again
(``create_triggers``).

``ix_reviews_time`` gains the columns the last 30 days' report reads, so that read stays
inside the index instead of visiting rows stored card by card.

Revision ID: 0003_review_day_totals
Revises: 0002_problem_source_rev
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_review_day_totals"
down_revision = "0002_problem_source_rev"
branch_labels = None
depends_on = None

DAY = 86_400_000
TIME_COLUMNS = [
    "reviewed_at",
    "card_id",
    "rating",
    "phase_before",
    "due_before",
    "last_review_before",
    "stability_before",
    "response_ms",
    "override",
]
EDGE_COLUMNS = [
    "reviewed_at",
    "card_id",
    "rating",
    "phase_before",
    "due_before",
    "last_review_before",
]
EDGE_WHERE = (
    f"phase_before = 2 AND due_before - last_review_before > {19 * DAY}"
    f" AND due_before - last_review_before < {22 * DAY}"
)


def eligible(row: str) -> str:
    return f"({row}.phase_before = 2 OR {row}.due_before - {row}.last_review_before >= {DAY})"


def _counts(row: str) -> str:
    """passes, mature, mature passes of one review (0/1 each), NULL-safe on both backends."""
    passed = f"CASE WHEN {row}.rating > 1 THEN 1 ELSE 0 END"
    mature = f"{row}.phase_before = 2 AND {row}.due_before - {row}.last_review_before >= {22 * DAY}"
    return (
        f"{passed}, CASE WHEN {mature} THEN 1 ELSE 0 END,"
        f" CASE WHEN {mature} AND {row}.rating > 1 THEN 1 ELSE 0 END"
    )


def _add(row: str, where: str) -> str:
    return (
        "INSERT INTO review_day_totals (deck_id, utc_day, eligible, passes, mature,"
        f" mature_passes) SELECT c.deck_id, {row}.reviewed_at / {DAY}, 1, {_counts(row)}"
        f" FROM cards c WHERE c.id = {row}.card_id{where}"
        " ON CONFLICT (deck_id, utc_day) DO UPDATE SET"
        " eligible = review_day_totals.eligible + 1,"
        " passes = review_day_totals.passes + excluded.passes,"
        " mature = review_day_totals.mature + excluded.mature,"
        " mature_passes = review_day_totals.mature_passes + excluded.mature_passes"
    )


def _remove(row: str, where: str) -> str:
    passed = f"CASE WHEN {row}.rating > 1 THEN 1 ELSE 0 END"
    mature = f"{row}.phase_before = 2 AND {row}.due_before - {row}.last_review_before >= {22 * DAY}"
    return (
        "UPDATE review_day_totals SET eligible = eligible - 1,"
        f" passes = passes - {passed},"
        f" mature = mature - CASE WHEN {mature} THEN 1 ELSE 0 END,"
        f" mature_passes = mature_passes - CASE WHEN {mature} AND {row}.rating > 1"
        " THEN 1 ELSE 0 END"
        f" WHERE deck_id = (SELECT deck_id FROM cards WHERE id = {row}.card_id)"
        f" AND utc_day = {row}.reviewed_at / {DAY}{where}"
    )


def _card_sums(card: str) -> str:
    """Per UTC day, the totals of one card's eligible reviews."""
    return (
        f"SELECT r.reviewed_at / {DAY} AS utc_day, COUNT(*) AS eligible,"
        " SUM(CASE WHEN r.rating > 1 THEN 1 ELSE 0 END) AS passes,"
        f" SUM(CASE WHEN r.phase_before = 2 AND r.due_before - r.last_review_before >= {22 * DAY}"
        " THEN 1 ELSE 0 END) AS mature,"
        f" SUM(CASE WHEN r.phase_before = 2 AND r.due_before - r.last_review_before >= {22 * DAY}"
        " AND r.rating > 1 THEN 1 ELSE 0 END) AS mature_passes"
        f" FROM reviews r WHERE r.card_id = {card}.id AND {eligible('r')} GROUP BY 1"
    )


def _move_out(card: str) -> str:
    return (
        "UPDATE review_day_totals SET eligible = review_day_totals.eligible - s.eligible,"
        " passes = review_day_totals.passes - s.passes,"
        " mature = review_day_totals.mature - s.mature,"
        " mature_passes = review_day_totals.mature_passes - s.mature_passes"
        f" FROM ({_card_sums(card)}) AS s"
        f" WHERE review_day_totals.deck_id = {card}.deck_id"
        " AND review_day_totals.utc_day = s.utc_day"
    )


def _move_in(card: str) -> str:
    return (
        "INSERT INTO review_day_totals (deck_id, utc_day, eligible, passes, mature,"
        f" mature_passes) SELECT {card}.deck_id, s.utc_day, s.eligible, s.passes, s.mature,"
        f" s.mature_passes FROM ({_card_sums(card)}) AS s WHERE true"
        " ON CONFLICT (deck_id, utc_day) DO UPDATE SET"
        " eligible = review_day_totals.eligible + excluded.eligible,"
        " passes = review_day_totals.passes + excluded.passes,"
        " mature = review_day_totals.mature + excluded.mature,"
        " mature_passes = review_day_totals.mature_passes + excluded.mature_passes"
    )


REVIEW_COLUMNS = "card_id, reviewed_at, rating, phase_before, due_before, last_review_before"


def _sqlite_triggers() -> list[str]:
    old_counted, new_counted = f" AND {eligible('OLD')}", f" AND {eligible('NEW')}"
    return [
        f"CREATE TRIGGER review_day_totals_insert AFTER INSERT ON reviews"
        f" WHEN {eligible('NEW')} BEGIN {_add('NEW', '')}; END",
        f"CREATE TRIGGER review_day_totals_delete AFTER DELETE ON reviews"
        f" WHEN {eligible('OLD')} BEGIN {_remove('OLD', '')}; END",
        f"CREATE TRIGGER review_day_totals_update AFTER UPDATE OF {REVIEW_COLUMNS} ON reviews"
        f" BEGIN {_remove('OLD', old_counted)}; {_add('NEW', new_counted)}; END",
        "CREATE TRIGGER review_day_totals_card_delete BEFORE DELETE ON cards"
        " BEGIN DELETE FROM reviews WHERE card_id = OLD.id; END",
        "CREATE TRIGGER review_day_totals_deck_delete BEFORE DELETE ON decks"
        " BEGIN DELETE FROM review_day_totals WHERE deck_id = OLD.id; END",
        "CREATE TRIGGER review_day_totals_card_move_out BEFORE UPDATE OF deck_id ON cards"
        f" WHEN OLD.deck_id <> NEW.deck_id BEGIN {_move_out('OLD')}; END",
        "CREATE TRIGGER review_day_totals_card_move_in AFTER UPDATE OF deck_id ON cards"
        f" WHEN OLD.deck_id <> NEW.deck_id BEGIN {_move_in('NEW')}; END",
    ]


def _postgresql_triggers() -> list[str]:
    def function(name: str, body: str, result: str) -> str:
        return (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {body} RETURN {result}; END $$"
        )

    review_body = (
        f"IF TG_OP <> 'INSERT' AND {eligible('OLD')} THEN {_remove('OLD', '')}; END IF;"
        f" IF TG_OP <> 'DELETE' AND {eligible('NEW')} THEN {_add('NEW', '')}; END IF;"
    )
    return [
        function("review_day_totals_review", review_body, "NULL"),
        "CREATE TRIGGER review_day_totals_review AFTER INSERT OR DELETE OR UPDATE OF"
        f" {REVIEW_COLUMNS} ON reviews FOR EACH ROW EXECUTE FUNCTION review_day_totals_review()",
        function(
            "review_day_totals_card_delete", "DELETE FROM reviews WHERE card_id = OLD.id;", "OLD"
        ),
        "CREATE TRIGGER review_day_totals_card_delete BEFORE DELETE ON cards"
        " FOR EACH ROW EXECUTE FUNCTION review_day_totals_card_delete()",
        function(
            "review_day_totals_deck_delete",
            "DELETE FROM review_day_totals WHERE deck_id = OLD.id;",
            "OLD",
        ),
        "CREATE TRIGGER review_day_totals_deck_delete BEFORE DELETE ON decks"
        " FOR EACH ROW EXECUTE FUNCTION review_day_totals_deck_delete()",
        function("review_day_totals_card_move_out", f"{_move_out('OLD')};", "NEW"),
        "CREATE TRIGGER review_day_totals_card_move_out BEFORE UPDATE OF deck_id ON cards"
        " FOR EACH ROW WHEN (OLD.deck_id <> NEW.deck_id)"
        " EXECUTE FUNCTION review_day_totals_card_move_out()",
        function("review_day_totals_card_move_in", f"{_move_in('NEW')};", "NULL"),
        "CREATE TRIGGER review_day_totals_card_move_in AFTER UPDATE OF deck_id ON cards"
        " FOR EACH ROW WHEN (OLD.deck_id <> NEW.deck_id)"
        " EXECUTE FUNCTION review_day_totals_card_move_in()",
    ]


TRIGGERS = (
    "review_day_totals_insert",
    "review_day_totals_delete",
    "review_day_totals_update",
    "review_day_totals_review",
)
CARD_TRIGGERS = (
    "review_day_totals_card_delete",
    "review_day_totals_card_move_out",
    "review_day_totals_card_move_in",
)


def create_triggers(dialect: str) -> None:
    for statement in _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers():
        op.execute(statement)


def fill_sql() -> str:
    """Every total, recomputed from the review log."""
    passed = "CASE WHEN r.rating > 1 THEN 1 ELSE 0 END"
    mature = f"r.phase_before = 2 AND r.due_before - r.last_review_before >= {22 * DAY}"
    return (
        "INSERT INTO review_day_totals (deck_id, utc_day, eligible, passes, mature,"
        f" mature_passes) SELECT c.deck_id, r.reviewed_at / {DAY}, COUNT(*), SUM({passed}),"
        f" SUM(CASE WHEN {mature} THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {mature} AND r.rating > 1 THEN 1 ELSE 0 END)"
        f" FROM reviews r JOIN cards c ON c.id = r.card_id WHERE {eligible('r')} GROUP BY 1, 2"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "review_day_totals",
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("utc_day", sa.Integer(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("passes", sa.Integer(), nullable=False),
        sa.Column("mature", sa.Integer(), nullable=False),
        sa.Column("mature_passes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("deck_id", "utc_day"),
    )
    op.execute(fill_sql())
    create_triggers(dialect)
    op.drop_index("ix_reviews_time", table_name="reviews")
    op.create_index("ix_reviews_time", "reviews", TIME_COLUMNS)
    op.create_index(
        "ix_reviews_interval_edge",
        "reviews",
        EDGE_COLUMNS,
        sqlite_where=sa.text(EDGE_WHERE),
        postgresql_where=sa.text(EDGE_WHERE),
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_index("ix_reviews_interval_edge", table_name="reviews")
    op.drop_index("ix_reviews_time", table_name="reviews")
    op.create_index("ix_reviews_time", "reviews", ["reviewed_at"])
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS review_day_totals_review ON reviews")
        op.execute("DROP TRIGGER IF EXISTS review_day_totals_deck_delete ON decks")
        for name in CARD_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON cards")
        for name in ("review_day_totals_review", "review_day_totals_deck_delete", *CARD_TRIGGERS):
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in (*TRIGGERS[:3], *CARD_TRIGGERS, "review_day_totals_deck_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("review_day_totals")
