"""What every action needs from the app: settings and a database session, created on first use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy.orm import Session

from bot.config import Settings, load_settings
from bot.db.session import session_scope


@cache
def settings() -> Settings:
    return load_settings()


@contextmanager
def database() -> Iterator[Session]:
    with session_scope(settings().db_url) as session:
        yield session
