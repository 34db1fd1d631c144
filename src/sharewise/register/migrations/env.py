"""Alembic's environment: migrations run on the engine sharewise hands it."""

from __future__ import annotations

from alembic import context

from sharewise.register.decisions import texts
from sharewise.register.tables import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_name=texts.declared,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
