"""``ix_reviews_card_time`` also holds the rating, so fitting FSRS reads the index alone.

``trainer optimize`` reads every review of a deck in card and time order. With the
rating outside the index, each of those rows cost a lookup in the table (on a million
reviews: 0.44 s of the scan's 1.05 s); with it inside, the scan never leaves the index.
Undo and per-card history, the index's other readers, use its first columns as before.

Revision ID: 0006_reviews_card_rating
Revises: 0005_stats_card_covering
"""

from alembic import op

revision = "0006_reviews_card_rating"
down_revision = "0005_stats_card_covering"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_reviews_card_time", table_name="reviews")
    op.create_index("ix_reviews_card_time", "reviews", ["card_id", "reviewed_at", "rating"])


def downgrade() -> None:
    op.drop_index("ix_reviews_card_time", table_name="reviews")
    op.create_index("ix_reviews_card_time", "reviews", ["card_id", "reviewed_at"])
