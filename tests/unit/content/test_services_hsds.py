"""HSDS 3.0 JSON: written as linked tables, read back unchanged, nested API objects understood."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from bot.content.services_hsds import TABLES, build_hsds, parse_hsds
from tests.auxil.directory import sample_record


def test_tables_link_by_id_and_carry_the_wegweiser_fields() -> None:
    document = build_hsds([sample_record()])
    assert all(len(document[t]) >= 1 for t in TABLES)
    (organisation,) = document["organizations"]
    (service,) = document["services"]
    (location,) = document["locations"]
    (address,) = document["addresses"]
    assert service["organization_id"] == organisation["id"]
    assert document["service_at_locations"][0] == {
        "id": document["service_at_locations"][0]["id"],
        "service_id": service["id"],
        "location_id": location["id"],
    }
    assert address["location_id"] == location["id"]
    assert address["state_province"] == "Nordrhein-Westfalen"
    assert location["external_identifier_type"] == "AGS"
    assert service["x_wegweiser_topics"] == ["counselling_migration", "language_course"]
    assert organisation["x_wegweiser_provider"] == "caritas"
    assert {s["byday"]: (s["opens_at"], s["closes_at"]) for s in document["schedules"]} == {
        "MO,TU,TH": ("09:00", "12:30"),
        "WE": ("14:00", "17:00"),
    }
    assert sorted(lang["code"] for lang in document["languages"]) == ["ar", "de", "fa"]
    assert "GeoNames" in document["x_wegweiser_attribution"]


def test_read_back_equal_and_written_again_identically() -> None:
    records = [sample_record(), sample_record(service="Sprachcafé", phone="0221 1; 0221 2")]
    document = json.loads(json.dumps(build_hsds(records)))
    again, problems, notes = parse_hsds(document)
    assert (problems, notes) == ([], [])
    with_ids = [
        replace(r, organisation_uid=r.uids()[0], service_uid=r.uids()[1], location_uid=r.uids()[2])
        for r in records
    ]
    assert again == with_ids
    assert build_hsds(again) == build_hsds(records)


def nested_service() -> dict[str, Any]:
    return {
        "id": "svc-1",
        "name": "Asylberatung",
        "status": "active",
        "x_wegweiser_topics": ["counselling_asylum"],
        "organization": {"id": "org-1", "name": "Flüchtlingsrat", "description": ""},
        "phones": [{"id": "p1", "number": "0341 1"}],
        "languages": [{"id": "l1", "name": "Arabic"}],
        "schedules": [
            {"id": "s1", "freq": "WEEKLY", "byday": "MO,WE", "opens_at": "09:00Z", "closes_at": "12:00:00"}
        ],
        "service_at_locations": [
            {
                "id": "sal-1",
                "location": {
                    "id": "loc-1",
                    "location_type": "physical",
                    "latitude": 51.34,
                    "longitude": 12.37,
                    "addresses": [
                        {
                            "id": "a1",
                            "address_1": "Markt 1",
                            "city": "Leipzig",
                            "postal_code": "04109",
                            "country": "DE",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
    }


def test_nested_api_objects_are_read_like_tables() -> None:
    (record,), problems, _ = parse_hsds([nested_service()])
    assert problems == []
    assert (record.organisation, record.service, record.phone) == (
        "Flüchtlingsrat",
        "Asylberatung",
        "0341 1",
    )
    assert record.languages == ("ar",)
    assert (record.address, record.postal_code, record.latitude) == ("Markt 1", "04109", 51.34)
    assert {p.weekday for p in record.opening_hours} == {0, 2}


def test_problems_name_table_field_and_row() -> None:
    broken = nested_service()
    broken["x_wegweiser_topics"] = "counselling_asylum"
    broken["schedules"][0]["freq"] = "MONTHLY"
    broken["organization"]["x_wegweiser_provider"] = "church"
    _, problems, _ = parse_hsds({"services": [broken]})
    assert {(p.row, p.field) for p in problems} == {
        (1, "services.x_wegweiser_topics"),
        (1, "schedules.freq"),
        (1, "organizations.x_wegweiser_provider"),
    }


def test_inactive_services_are_left_out_with_a_note() -> None:
    service = nested_service()
    service["status"] = "defunct"
    records, problems, notes = parse_hsds([service])
    assert (records, problems) == ([], [])
    assert [(n.row, n.field) for n in notes] == [(1, "services.status")]


def test_not_hsds_at_all() -> None:
    _, problems, _ = parse_hsds({"hello": "world"})
    assert [p.field for p in problems] == ["file.tables"]
