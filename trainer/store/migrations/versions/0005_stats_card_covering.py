"""Covering indexes for the stats screen's card distributions and forecast.

* ``ix_cards_due`` gains the columns the due forecast and the interval histogram read
  (phase, suspended, last review, deck, problem), so both stay inside the index.
* ``ix_cards_deck_difficulty`` (deck, difficulty, suspended, leech, problem): the deck
  flags are read in deck order without a sort, and the difficulty histogram is ten range
  counts instead of a GROUP BY over every card.

Revision ID: 0005_stats_card_covering
Revises: 0004_stats_card_indexes
"""

from alembic import op

revision = "0005_stats_card_covering"
down_revision = "0004_stats_card_indexes"
branch_labels = None
depends_on = None

DUE_COLUMNS = ["due", "phase", "suspended", "last_review", "deck_id", "problem_id"]
DIFFICULTY_COLUMNS = ["deck_id", "difficulty", "suspended", "leech", "problem_id"]


def upgrade() -> None:
    op.drop_index("ix_cards_due", table_name="cards")
    op.create_index("ix_cards_due", "cards", DUE_COLUMNS)
    op.create_index("ix_cards_deck_difficulty", "cards", DIFFICULTY_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_cards_deck_difficulty", table_name="cards")
    op.drop_index("ix_cards_due", table_name="cards")
    op.create_index("ix_cards_due", "cards", ["due"])
