"""Engine and session factory, created on demand per database URL (never at import time)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.config import ConfigError


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _prepare_sqlite_path(url: str) -> None:
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"WEGWEISER_DATABASE_URL: cannot create the folder {path.parent} ({exc.strerror}); "
            "choose a writable path"
        ) from None
    if path.exists() and not path.is_file():
        raise ConfigError(f"WEGWEISER_DATABASE_URL: {path} is not a file; choose a file path")


MAX_ENGINES = 8
_engines: OrderedDict[str, tuple[Engine, sessionmaker[Session]]] = OrderedDict()
_engines_lock = threading.Lock()


def _cached(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """The engine and session factory of ``url``, made once per process.

    At most :data:`MAX_ENGINES` are kept; the least recently used one is disposed when another comes,
    so its pooled connections are closed, not left to the garbage collector (PostgreSQL would keep them).
    """
    with _engines_lock:
        entry = _engines.pop(url, None)
        if entry is None:
            engine = _create_engine(url)
            entry = (engine, sessionmaker(engine, expire_on_commit=False))
        _engines[url] = entry
        evicted = [_engines.popitem(last=False)[1][0] for _ in range(len(_engines) - MAX_ENGINES)]
    for engine in evicted:
        engine.dispose()
    return entry


def dispose_engine(url: str) -> None:
    """Close the pooled connections to ``url`` and forget its engine (before a database is dropped)."""
    with _engines_lock:
        entry = _engines.pop(url, None)
    if entry is not None:
        entry[0].dispose()


def get_engine(url: str) -> Engine:
    """One engine per URL and process; SQLite gets WAL and foreign keys, PostgreSQL a pool."""
    return _cached(url)[0]


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception:
        raise ConfigError(
            f"WEGWEISER_DATABASE_URL: {url!r} is not a database URL "
            "(e.g. sqlite:///var/wegweiser.db or postgresql+psycopg://user@host/db)"
        ) from None
    if parsed.drivername.startswith("sqlite"):
        _prepare_sqlite_path(url)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = _cached(url)[1]()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
