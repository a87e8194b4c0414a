"""Alembic environment: the engine comes from the caller (tracktwo.dialogue.store.migrate)."""

from __future__ import annotations

from alembic import context

from tracktwo.dialogue.store.schema import Base

engine = context.config.attributes.get("engine")
if engine is None:
    raise RuntimeError("run migrations through tracktwo.dialogue.store.migrate, which passes the engine")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
