"""The database the suite runs on: SQLite (default) or PostgreSQL (``WEGWEISER_TEST_DATABASE=postgresql``).

The same tests run on both: a test asks for a new empty database (:func:`new_database`) or a copy of a
template built once per session (:func:`new_template`, :func:`copy_template`). A template is a file:
on SQLite the database itself, on PostgreSQL a ``.pg`` file naming a template database, which
``CREATE DATABASE … TEMPLATE`` copies in milliseconds. PostgreSQL databases are uniquely named per
test process (parallel runs never meet) and dropped when the fixture that made them ends, or at the
end of the module (:func:`drop_created`) and the session (:func:`drop_templates`).
PostgreSQL is the server already running on 127.0.0.1:5432 (trust authentication); nothing is started.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

from bot.db.session import dispose_engine, get_engine

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
BACKEND = os.environ.get("WEGWEISER_TEST_DATABASE", "sqlite").strip().lower() or "sqlite"
if BACKEND not in ("sqlite", "postgresql"):
    raise RuntimeError(f"WEGWEISER_TEST_DATABASE={BACKEND!r}: use sqlite or postgresql")
RUN = uuid.uuid4().hex[:8]

_created: list[str] = []
_templates: list[str] = []


def on_postgres() -> bool:
    return BACKEND == "postgresql"


def postgres_url(name: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _admin(statement: sql.Composable) -> None:
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(statement)


def create_postgres(*, template: str | None = None, kind: str = "test") -> str:
    """A new PostgreSQL database (empty, or a copy of ``template``); returns its name."""
    name = f"wegweiser_{kind}_{RUN}_{uuid.uuid4().hex[:10]}"
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    _admin(statement)
    return name


def drop_postgres(name: str) -> None:
    dispose_engine(postgres_url(name))
    _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def new_database(folder: Path, filename: str = "wegweiser.db") -> str:
    """URL of a new, empty database for one test (a file in ``folder``, or a PostgreSQL database)."""
    if on_postgres():
        name = create_postgres()
        _created.append(name)
        return postgres_url(name)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / filename}"


def drop(url: str) -> None:
    """Drop a PostgreSQL database made here once its test is over (SQLite files go with tmp_path)."""
    if url.startswith("postgresql"):
        name = url.rsplit("/", 1)[1]
        if name in _created:
            _created.remove(name)
        drop_postgres(name)


def new_template(folder: Path, kind: str) -> tuple[str, Path]:
    """A database to build a template in: its URL and the template file that names it."""
    folder.mkdir(parents=True, exist_ok=True)
    if on_postgres():
        name = create_postgres(kind=f"tpl_{kind}")
        _templates.append(name)
        marker = folder / f"{kind}.pg"
        marker.write_text(name, encoding="utf-8")
        return postgres_url(name), marker
    path = folder / f"{kind}.db"
    return f"sqlite:///{path}", path


def finish_template(url: str) -> None:
    """Everything written and no connection left, so that copies are complete and possible."""
    engine = get_engine(url)
    if url.startswith("sqlite"):
        with engine.connect() as connection:  # SQLite WAL: write everything into the file we copy
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def copy_template(
    template: Path, folder: Path, filename: str = "wegweiser.db", *, for_session: bool = False
) -> str:
    """A private copy of ``template`` for one test (or, ``for_session``, until the session ends)."""
    if template.suffix == ".pg":
        name = create_postgres(template=template.read_text(encoding="utf-8").strip())
        (_templates if for_session else _created).append(name)
        return postgres_url(name)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / filename
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def drop_created() -> None:
    """Drop the copies and empty databases still left (a module's, at its end)."""
    while _created:
        drop_postgres(_created.pop())


def drop_templates() -> None:
    drop_created()
    while _templates:
        drop_postgres(_templates.pop())
