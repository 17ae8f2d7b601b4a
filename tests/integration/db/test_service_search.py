"""The derived search index follows every ORM change of the directory, inside the same transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select

from bot.db.migrate import upgrade
from bot.db.models import (
    Location,
    Organisation,
    Provider,
    Service,
    ServiceLanguage,
    ServiceSearch,
    ServiceTopic,
    refresh_service_search,
)
from bot.db.session import session_scope


def index_of(url: str) -> dict[int, tuple[float, float, str, str]]:
    with session_scope(url) as session:
        return {
            row.service_id: (row.latitude, row.longitude, row.topics, row.languages)
            for row in session.scalars(select(ServiceSearch))
        }


def add_service(url: str) -> int:
    with session_scope(url) as session:
        organisation = Organisation(name="Diakonie (Test)", provider=Provider.DIAKONIE)
        location = Location(organisation=organisation, latitude=50.94, longitude=6.96)
        service = Service(organisation=organisation, location=location, name="Schuldnerberatung")
        service.topics.append(ServiceTopic(topic="counselling_debt"))
        service.languages.extend([ServiceLanguage(language="de"), ServiceLanguage(language="tr")])
        session.add(service)
        session.flush()
        return service.id


def follows_the_directory(url: str) -> None:
    upgrade(url)
    service_id = add_service(url)
    assert index_of(url) == {service_id: (50.94, 6.96, "|counselling_debt|", "|de|tr|")}

    with session_scope(url) as session:
        service = session.get_one(Service, service_id)
        service.topics.append(ServiceTopic(topic="housing_tenancy"))
        service.languages[:] = [lang for lang in service.languages if lang.language != "tr"]
        assert service.location is not None
        service.location.latitude = 51.0
    assert index_of(url) == {service_id: (51.0, 6.96, "|counselling_debt|housing_tenancy|", "|de|")}

    with session_scope(url) as session:  # a service without a place cannot be near anyone
        session.get_one(Service, service_id).location = None
    assert index_of(url) == {}

    with session_scope(url) as session:
        location = Location(organisation_id=1, latitude=48.1, longitude=11.6)
        session.add(location)
        session.flush()
        session.get_one(Service, service_id).location = location
    assert index_of(url)[service_id][:2] == (48.1, 11.6)

    with session_scope(url) as session:  # Core writes bypass the hook; a full refresh repairs
        session.execute(delete(ServiceSearch))
    assert index_of(url) == {}
    with session_scope(url) as session:
        refresh_service_search(session.connection(), service_ids=None)
    assert index_of(url)[service_id][:2] == (48.1, 11.6)

    with session_scope(url) as session:
        session.delete(session.get_one(Organisation, 1))
    assert index_of(url) == {}


def test_sqlite(tmp_path: Path) -> None:
    follows_the_directory(f"sqlite:///{tmp_path / 'db.sqlite'}")


@pytest.mark.postgres
def test_postgres(postgres_url: str) -> None:
    follows_the_directory(postgres_url)
