"""Alembic environment: the engine is handed in by store.db (no URL in a file)."""
from alembic import context
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata
engine = context.config.attributes.get("engine")
if engine is None:  # `alembic` command line: FABRIQUE_DATABASE_URL or the default SQLite file
    from config.settings import load_settings
    from store.db import make_engine

    engine = make_engine(load_settings().db_url)

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
