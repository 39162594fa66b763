"""Alembic environment: always runs on a connection handed over by trainer.store.migrate."""

from __future__ import annotations

from alembic import context

from trainer.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("trainer migrations run through trainer.store.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
