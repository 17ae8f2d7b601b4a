"""Databases for directory tests: a template with the GeoNames gazetteer, and temporary PostgreSQL.

The gazetteer (23,000 postal codes from ``../shared/data/geonames``) is imported once per test
session into a template (a SQLite file, or a PostgreSQL template database: ``tests/auxil/databases.py``);
each test gets a copy in milliseconds. PostgreSQL tests get a uniquely named database that is dropped
afterwards, so parallel runs never meet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from bot.config import load_settings
from bot.content.geo_import import import_gazetteer
from bot.content.opening_hours import parse_opening_hours
from bot.content.service_records import ServiceRecord
from bot.db.migrate import upgrade
from bot.db.models import Provider
from bot.db.session import session_scope
from tests.auxil.databases import (
    copy_template,
    create_postgres,
    drop_postgres,
    finish_template,
    new_template,
    postgres_url,
)


def shared_gazetteer() -> Path:
    """The GeoNames CSV every test reads (never copied into the repository)."""
    path = load_settings().geonames_path
    assert path.is_file(), f"{path} is missing: tests need the shared GeoNames postal code file"
    return path


def build_gazetteer_database(folder: Path) -> Path:
    """A migrated database holding the shared gazetteer (built once, then copied)."""
    url, template = new_template(folder, "gazetteer")
    upgrade(url)
    with session_scope(url) as session:
        import_gazetteer(session, path=shared_gazetteer())
    finish_template(url)
    return template


def copy_of(template: Path, folder: Path) -> str:
    """A private copy of ``template`` in ``folder``; returns its URL."""
    return copy_template(template, folder)


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database for one test; dropped afterwards."""
    name = create_postgres()
    try:
        yield postgres_url(name)
    finally:
        drop_postgres(name)


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
