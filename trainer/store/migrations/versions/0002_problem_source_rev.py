"""Problems remember their source revision, so a re-import can skip unchanged rows unbuilt.

``source_rev`` is the reader's stamp of the raw source row a problem came from (for an
Anki note: a digest of its fields, tags and note type layout). NULL for problems whose
format has no stamp, and for every problem imported before this revision: those are
compared by ``content_hash`` as before, and get their stamp on the next import.

Revision ID: 0002_problem_source_rev
Revises: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_problem_source_rev"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        batch.add_column(sa.Column("source_rev", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        batch.drop_column("source_rev")
