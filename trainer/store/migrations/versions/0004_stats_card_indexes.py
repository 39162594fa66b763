"""Indexes for the stats screen's card figures: most-lapsed cards, removed and tagged problems.

* ``ix_cards_lapses`` (lapses, reps, leech, deck, problem): the most-failed problems and
  the leeches are the first rows of this index read backwards, not a sort of every card.
* ``ix_problems_removed`` (partial): the problems a re-import removed, usually none,
  without reading the problems table (``removed_problem_ids`` and the NOT IN filters).
* ``ix_problems_tagged`` (partial): the tag breakdown reads tagged problems only.

Revision ID: 0004_stats_card_indexes
Revises: 0003_review_day_totals
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_stats_card_indexes"
down_revision = "0003_review_day_totals"
branch_labels = None
depends_on = None

REMOVED_WHERE = "removed_at IS NOT NULL"
TAGGED_WHERE = "tags <> ''"


def upgrade() -> None:
    op.create_index(
        "ix_cards_lapses", "cards", ["lapses", "reps", "leech", "deck_id", "problem_id"]
    )
    op.create_index(
        "ix_problems_removed",
        "problems",
        ["id"],
        sqlite_where=sa.text(REMOVED_WHERE),
        postgresql_where=sa.text(REMOVED_WHERE),
    )
    op.create_index(
        "ix_problems_tagged",
        "problems",
        ["id", "tags", "removed_at"],
        sqlite_where=sa.text(TAGGED_WHERE),
        postgresql_where=sa.text(TAGGED_WHERE),
    )


def downgrade() -> None:
    op.drop_index("ix_problems_tagged", table_name="problems")
    op.drop_index("ix_problems_removed", table_name="problems")
    op.drop_index("ix_cards_lapses", table_name="cards")
