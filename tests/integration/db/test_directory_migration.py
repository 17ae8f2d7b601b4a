"""Migration 0002 builds exactly the directory models, on SQLite and on PostgreSQL, and undoes cleanly."""

from __future__ import annotations

import warnings
from datetime import time
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.orm.exc import StaleDataError

import bot.db.models  # noqa: F401  (registers every table)
from bot.db.base import Base
from bot.db.migrate import alembic_config, upgrade
from bot.db.models import (
    Location,
    OpeningHours,
    Organisation,
    Provider,
    Service,
    ServiceLanguage,
    ServiceTopic,
)
from bot.db.session import get_engine, session_scope

DIRECTORY_TABLES = {
    "organisations",
    "locations",
    "services",
    "service_topics",
    "service_languages",
    "opening_hours",
    "service_search",
    "regions",
    "postal_codes",
    "usage_counts",
}


def schema_differences(url: str) -> list[object]:
    with get_engine(url).connect() as connection, warnings.catch_warnings():
        # Expression indexes (coalesce(region, '')) cannot be reflected; alembic says so.
        warnings.simplefilter("ignore")
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def round_trip(url: str) -> None:
    upgrade(url)
    assert set(inspect(get_engine(url)).get_table_names()) >= DIRECTORY_TABLES
    assert schema_differences(url) == []
    command.downgrade(alembic_config(url), "0001_answers")
    assert not DIRECTORY_TABLES & set(inspect(get_engine(url)).get_table_names())
    upgrade(url)
    assert schema_differences(url) == []


def store_service(url: str) -> int:
    with session_scope(url) as session:
        organisation = Organisation(name="AWO (Test)", provider=Provider.AWO)
        location = Location(
            organisation=organisation,
            address="Markt 1",
            postal_code="04109",
            city="Leipzig",
            latitude=51.34,
            longitude=12.37,
        )
        service = Service(organisation=organisation, location=location, name="Beratung")
        service.topics.append(ServiceTopic(topic="counselling_debt"))
        service.languages.append(ServiceLanguage(language="ar"))
        service.opening_hours.append(OpeningHours(weekday=0, opens=time(9), closes=time(12)))
        session.add(service)
        session.flush()
        assert service.version == 1
        return service.id


def stale_edit_is_refused(url: str) -> None:
    service_id = store_service(url)
    with session_scope(url) as first, session_scope(url) as second:
        mine = first.get_one(Service, service_id)
        theirs = second.get_one(Service, service_id)
        theirs.description = "their change"
        second.commit()
        mine.description = "my change"
        with pytest.raises(StaleDataError):
            first.flush()
        first.rollback()
    with session_scope(url) as session:
        assert session.scalar(select(Service.description)) == "their change"


def test_sqlite_schema_matches_models_and_downgrades(tmp_path: Path) -> None:
    round_trip(f"sqlite:///{tmp_path / 'db.sqlite'}")


def test_sqlite_refuses_a_stale_edit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    stale_edit_is_refused(url)


@pytest.mark.postgres
def test_postgres_schema_matches_models_and_downgrades(postgres_url: str) -> None:
    round_trip(postgres_url)


@pytest.mark.postgres
def test_postgres_refuses_a_stale_edit(postgres_url: str) -> None:
    upgrade(postgres_url)
    stale_edit_is_refused(postgres_url)
