"""Databases for directory tests: a template with the GeoNames gazetteer, and temporary PostgreSQL.

The gazetteer (23,000 postal codes from ``../shared/data/geonames``) is imported once per test
session into a template SQLite file; each test gets a copy in milliseconds. PostgreSQL tests get a
uniquely named database that is dropped afterwards, so parallel runs never meet.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from bot.config import load_settings
from bot.content.geo_import import import_gazetteer
from bot.content.opening_hours import parse_opening_hours
from bot.content.service_records import ServiceRecord
from bot.db.migrate import upgrade
from bot.db.models import Provider
from bot.db.session import get_engine, session_scope

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def shared_gazetteer() -> Path:
    """The GeoNames CSV every test reads (never copied into the repository)."""
    path = load_settings().geonames_path
    assert path.is_file(), f"{path} is missing: tests need the shared GeoNames postal code file"
    return path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def build_gazetteer_database(folder: Path) -> Path:
    """A migrated SQLite database holding the shared gazetteer (built once, then copied)."""
    path = folder / "gazetteer.db"
    url = sqlite_url(path)
    upgrade(url)
    with session_scope(url) as session:
        import_gazetteer(session, path=shared_gazetteer())
    return finished_template(url, path)


def finished_template(url: str, path: Path) -> Path:
    """Everything written into the file itself (SQLite WAL), so that copies of it are complete."""
    engine = get_engine(url)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def copy_of(template: Path, folder: Path) -> str:
    """A private copy of ``template`` in ``folder``; returns its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "wegweiser.db"
    shutil.copyfile(template, target)
    return sqlite_url(target)


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database for one test; dropped afterwards."""
    name = f"wegweiser_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def sample_record(**changes: Any) -> ServiceRecord:
    """A complete, valid service record in Cologne; ``changes`` override fields."""
    base = ServiceRecord(
        organisation="Caritasverband Köln (Test)",
        provider=Provider.CARITAS,
        service="Migrationsberatung Innenstadt (Test)",
        description="Beratung für Zugewanderte ab 27 Jahren.",
        topics=("counselling_migration", "language_course"),
        languages=("ar", "de", "fa"),
        free=True,
        anonymous=None,
        appointment=False,
        accessible=True,
        phone="0221 0000-1",
        email="mbe@example.org",
        website="https://example.org/mbe",
        online_counselling="https://example.org/mbe/online",
        address="Komödienstraße 14",
        postal_code="50667",
        city="Köln",
        ags="05315",
        latitude=50.9417,
        longitude=6.9538,
        opening_hours=tuple(parse_opening_hours("Mo,Di,Do 09:00-12:30|Mi 14:00-17:00")),
        last_verified=date(2026, 11, 2),
        demo=True,
    )
    return replace(base, **changes)
