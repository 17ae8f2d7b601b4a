"""Storing directory records: add, update in place, never duplicate, never disturb what did not change."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from bot.content.service_store import load_records, store_records
from bot.db.models import Location, Organisation, Service
from bot.db.session import session_scope
from tests.auxil.directory import sample_record


def count(url: str, model: type) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def version(url: str) -> int:
    with session_scope(url) as session:
        return session.scalars(select(Service.version)).one()


def test_storing_twice_changes_nothing(directory_db: str) -> None:
    record = sample_record()
    with session_scope(directory_db) as session:
        assert str(store_records(session, [record])) == "1 added, 0 updated, 0 unchanged"
    with session_scope(directory_db) as session:
        assert str(store_records(session, [record])) == "0 added, 0 updated, 1 unchanged"
    assert (count(directory_db, Service), version(directory_db)) == (1, 1)


def test_a_changed_row_updates_its_service_and_its_version(directory_db: str) -> None:
    with session_scope(directory_db) as session:
        store_records(session, [sample_record()])
    changed = sample_record(
        description="Neu: auch samstags.", topics=("counselling_debt",), languages=("de", "uk")
    )
    with session_scope(directory_db) as session:
        assert store_records(session, [changed]).updated == 1
    with session_scope(directory_db) as session:
        (stored,) = load_records(session)
    assert (stored.description, stored.topics, stored.languages) == (
        "Neu: auch samstags.",
        ("counselling_debt",),
        ("de", "uk"),
    )
    assert (count(directory_db, Service), version(directory_db)) == (1, 2)


def test_existing_services_can_be_left_alone(directory_db: str) -> None:
    with session_scope(directory_db) as session:
        store_records(session, [sample_record()])
    with session_scope(directory_db) as session:  # a staff member's edit
        session.scalars(select(Service)).one().phone = "0221 999"
    with session_scope(directory_db) as session:
        result = store_records(session, [sample_record()], update_existing=False)
    assert (result.added, result.unchanged) == (0, 1)
    with session_scope(directory_db) as session:
        assert session.scalars(select(Service.phone)).one() == "0221 999"


def test_services_of_one_organisation_at_one_address_share_it(directory_db: str) -> None:
    first = sample_record()
    second = replace(first, service="Sprachcafé", topics=("language_course",))
    with session_scope(directory_db) as session:
        store_records(session, [first, second])
    assert (count(directory_db, Organisation), count(directory_db, Location)) == (1, 1)
    assert count(directory_db, Service) == 2


def test_loaded_records_are_the_stored_ones_with_their_ids(directory_db: str) -> None:
    record = sample_record()
    with session_scope(directory_db) as session:
        store_records(session, [record])
    with session_scope(directory_db) as session:
        (loaded,) = load_records(session)
    organisation, service, location = record.uids()
    assert loaded == replace(
        record, organisation_uid=organisation, service_uid=service, location_uid=location
    )
