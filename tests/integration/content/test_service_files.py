"""Directory files: round trips in both formats, and bad files rejected whole with row/field/reason."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.content.service_files import (
    ServiceFormat,
    ServicesFileError,
    check_services_file,
    export_services,
    import_services_file,
)
from bot.content.service_records import Problem, ServiceRecord
from bot.content.service_store import store_records
from bot.content.services_csv import write_services_csv
from bot.db.migrate import upgrade
from bot.db.models import Organisation, Provider, Service
from bot.db.session import session_scope
from tests.auxil.directory import copy_of, sample_record


def records() -> list[ServiceRecord]:
    return [
        sample_record(),
        sample_record(
            service="Schuldnerberatung",
            topics=("counselling_debt",),
            phone="0221 1; 0221 2",
            free=None,
            opening_hours=(),
        ),
        sample_record(
            organisation="Stadt Leipzig (Test)",
            provider=Provider.MUNICIPALITY,
            service="Wohnungsamt",
            address="Prager Straße 118",
            postal_code="04317",
            city="Leipzig",
            ags="14713",
            latitude=51.33,
            longitude=12.40,
            topics=("housing_search",),
            languages=("de",),
        ),
        sample_record(
            service="Online-Beratung",
            address="",
            postal_code="",
            city="",
            ags=None,
            latitude=None,
            longitude=None,
            opening_hours=(),
        ),
    ]


def services_in(url: str) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(Service)) or 0


def export(url: str, fmt: ServiceFormat) -> str:
    with session_scope(url) as session:
        return export_services(session, format=fmt)[0]


def import_file(url: str, path: Path, fmt: ServiceFormat | None = None) -> None:
    with session_scope(url) as session:
        import_services_file(session, path=path, format=fmt)


@pytest.mark.parametrize("fmt", [ServiceFormat.HSDS, ServiceFormat.CSV])
def test_round_trip_through_an_empty_database(
    directory_db: str, gazetteer_template: Path, tmp_path: Path, fmt: ServiceFormat
) -> None:
    with session_scope(directory_db) as session:
        store_records(session, records())
    first = export(directory_db, fmt)
    path = tmp_path / f"directory.{'json' if fmt is ServiceFormat.HSDS else 'csv'}"
    path.write_text(first, encoding="utf-8")
    empty = copy_of(gazetteer_template, tmp_path / "empty")
    import_file(empty, path)
    assert services_in(empty) == 4
    assert export(empty, fmt) == first


def test_csv_to_hsds_to_csv_keeps_everything(
    directory_db: str, gazetteer_template: Path, tmp_path: Path
) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(write_services_csv(records()), encoding="utf-8")
    import_file(directory_db, csv_file)
    hsds_file = tmp_path / "out.json"
    hsds_file.write_text(export(directory_db, ServiceFormat.HSDS), encoding="utf-8")
    other = copy_of(gazetteer_template, tmp_path / "other")
    import_file(other, hsds_file)
    assert export(other, ServiceFormat.CSV) == export(directory_db, ServiceFormat.CSV)


def test_reimporting_a_csv_updates_instead_of_duplicating(directory_db: str, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(write_services_csv(records()), encoding="utf-8")
    import_file(directory_db, path)
    changed = [replace(r, description="geändert") for r in records()]
    path.write_text(write_services_csv(changed), encoding="utf-8")
    with session_scope(directory_db) as session:
        result, _ = import_services_file(session, path=path)
    assert (result.added, result.updated) == (0, 4)
    assert services_in(directory_db) == 4


def test_a_bad_csv_imports_nothing_and_names_every_problem(directory_db: str, tmp_path: Path) -> None:
    rows = records()
    rows[1] = replace(rows[1], topics=("counselling_debt", "astrology"), email="kein-mail")
    rows[3] = replace(rows[3], website="www.example.org")
    path = tmp_path / "bad.csv"
    path.write_text(write_services_csv(rows), encoding="utf-8")
    with pytest.raises(ServicesFileError) as error:
        import_file(directory_db, path)
    message = str(error.value)
    assert "nothing imported, 3 problem(s)" in message
    assert "row 3, topics: unknown topic 'astrology'" in message
    assert "row 3, email: 'kein-mail' is not an e-mail address" in message
    assert "row 5, website:" in message
    assert services_in(directory_db) == 0
    with session_scope(directory_db) as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_a_bad_hsds_file_imports_nothing(directory_db: str, gazetteer_template: Path, tmp_path: Path) -> None:
    with session_scope(directory_db) as session:
        store_records(session, records())
        document = json.loads(export_services(session, format=ServiceFormat.HSDS)[0])
    document["services"][2]["organization_id"] = "no-such-organisation"
    document["schedules"][0]["opens_at"] = "9 Uhr"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    empty = copy_of(gazetteer_template, tmp_path / "empty")
    with pytest.raises(ServicesFileError) as error:
        import_file(empty, path)
    assert "row 3, services.organization_id: no organization with id 'no-such-organisation'" in str(
        error.value
    )
    assert "row 1, schedules.opens_at:" in str(error.value)
    assert services_in(empty) == 0


def test_the_postal_code_places_an_address_without_coordinates(directory_db: str) -> None:
    placed = replace(records()[0], latitude=None, longitude=None, city="", ags=None)
    unknown = replace(records()[1], postal_code="00001", latitude=None, longitude=None)
    data = write_services_csv([placed, unknown]).encode()
    with session_scope(directory_db) as session:
        check = check_services_file(session, data=data, filename="upload.csv")
    assert check.problems == [Problem(3, "postal_code", "unknown postal code 00001; give latitude/longitude")]
    first = check.records[0]
    assert (first.city, first.ags) == ("Köln", "05315")
    assert first.latitude == pytest.approx(50.9387)


def test_the_check_alone_writes_nothing(directory_db: str) -> None:
    data = write_services_csv(records()).encode()
    with session_scope(directory_db) as session:
        check = check_services_file(session, data=data)
    assert check.ok and check.format is ServiceFormat.CSV and len(check.records) == 4
    assert services_in(directory_db) == 0


def test_not_utf8_or_not_json_is_one_clear_problem(directory_db: str) -> None:
    with session_scope(directory_db) as session:
        latin1 = check_services_file(session, data="Köln".encode("latin-1"), filename="x.csv")
        broken = check_services_file(session, data=b'{"services": [', filename="x.json")
    assert [p.field for p in latin1.problems] == ["file"]
    assert "not UTF-8" in latin1.problems[0].reason
    assert "not valid JSON" in broken.problems[0].reason


@pytest.mark.postgres
def test_postgres_imports_and_exports_the_same(directory_db: str, postgres_url: str, tmp_path: Path) -> None:
    upgrade(postgres_url)
    path = tmp_path / "directory.json"
    with session_scope(directory_db) as session:
        store_records(session, records())
    path.write_text(export(directory_db, ServiceFormat.HSDS), encoding="utf-8")
    import_file(postgres_url, path)
    import_file(postgres_url, path)  # again: nothing changes
    assert services_in(postgres_url) == 4
    assert export(postgres_url, ServiceFormat.HSDS) == export(directory_db, ServiceFormat.HSDS)
