"""Alembic environment: the URL comes from the caller (``bot.db.migrate``), never from a file."""

from __future__ import annotations

from alembic import context

import bot.db.models  # noqa: F401  (registers every table)
from bot.db.base import Base
from bot.db.session import get_engine

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url, "bot.db.migrate sets sqlalchemy.url"

if context.is_offline_mode():
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with get_engine(url).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
