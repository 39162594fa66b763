"""The first schema: decks, problems, cards, reviews, settings.

Revision ID: 0001_initial
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

MS = sa.BigInteger  # every time column: epoch milliseconds UTC (trainer.store.types)


def upgrade() -> None:
    op.create_table(
        "decks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("author", sa.String(500), nullable=False),
        sa.Column("licence", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("preset", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("bundled", sa.Boolean(), nullable=False),
        sa.Column("created_at", MS(), nullable=False),
    )
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "deck_id", sa.Integer(), sa.ForeignKey("decks.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("key", sa.String(500), nullable=False),
        sa.Column("note_key", sa.String(500), nullable=True),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("removed_at", MS(), nullable=True),
        sa.Column("created_at", MS(), nullable=False),
        sa.Column("updated_at", MS(), nullable=False),
        sa.UniqueConstraint("deck_id", "key", name="uq_problems_deck_key"),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "problem_id",
            sa.Integer(),
            sa.ForeignKey("problems.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column(
            "deck_id", sa.Integer(), sa.ForeignKey("decks.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", MS(), nullable=True),
        sa.Column("last_review", MS(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("buried_until", MS(), nullable=True),
        sa.Column("leech", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_cards_deck_due", "cards", ["deck_id", "due"])
    op.create_index("ix_cards_due", "cards", ["due"])
    op.create_index("ix_cards_deck_phase_position", "cards", ["deck_id", "phase", "position"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "card_id", sa.Integer(), sa.ForeignKey("cards.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("reviewed_at", MS(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("response_ms", sa.Integer(), nullable=True),
        sa.Column("attempt_text", sa.Text(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("override", sa.String(16), nullable=True),
        sa.Column("hint_used", sa.Boolean(), nullable=False),
        sa.Column("revealed", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("phase_before", sa.Integer(), nullable=False),
        sa.Column("step_before", sa.Integer(), nullable=True),
        sa.Column("stability_before", sa.Float(), nullable=True),
        sa.Column("difficulty_before", sa.Float(), nullable=True),
        sa.Column("due_before", MS(), nullable=True),
        sa.Column("last_review_before", MS(), nullable=True),
        sa.Column("reps_before", sa.Integer(), nullable=False),
        sa.Column("lapses_before", sa.Integer(), nullable=False),
        sa.Column("phase_after", sa.Integer(), nullable=False),
        sa.Column("step_after", sa.Integer(), nullable=True),
        sa.Column("stability_after", sa.Float(), nullable=True),
        sa.Column("difficulty_after", sa.Float(), nullable=True),
        sa.Column("due_after", MS(), nullable=True),
    )
    op.create_index("ix_reviews_card_time", "reviews", ["card_id", "reviewed_at"])
    op.create_index("ix_reviews_time", "reviews", ["reviewed_at"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "reviews", "cards", "problems", "decks"):
        op.drop_table(table)
