"""Checks shared by both file formats, and ids that make re-imports update instead of duplicate."""

from __future__ import annotations

from dataclasses import replace

from bot.content.service_records import check_records
from bot.db.models import Provider
from tests.auxil.directory import sample_record


def test_a_complete_record_has_no_problems() -> None:
    assert check_records([sample_record(row=2)]) == []


def test_each_field_rule_names_the_field() -> None:
    record = sample_record(
        row=7,
        service="",
        topics=("counselling_migration", "astrology"),
        languages=("de", "klingon"),
        email="not-an-address",
        website="example.org",
        phone="call us",
        postal_code="5066",
        ags="5315",
        latitude=40.0,
        longitude=6.9,
    )
    problems = {p.field: p.reason for p in check_records([record])}
    assert set(problems) == {
        "service",
        "topics",
        "languages",
        "email",
        "website",
        "phone",
        "postal_code",
        "ags",
        "latitude",
    }
    assert "astrology" in problems["topics"]
    assert "klingon" in problems["languages"]
    assert "not in Germany" in problems["latitude"]
    assert all(p.row == 7 for p in check_records([record]))


def test_duplicates_and_contradictions_between_rows() -> None:
    first = sample_record(row=2)
    same = sample_record(row=3)
    other_provider = sample_record(row=4, service="Schuldnerberatung", provider=Provider.DIAKONIE)
    problems = check_records([first, same, other_provider])
    assert {(p.row, p.field) for p in problems} == {(3, "service"), (4, "provider")}
    assert "row 2" in next(p.reason for p in problems if p.row == 3)


def test_ids_follow_the_natural_key_and_ignore_spelling_of_spaces_and_case() -> None:
    record = sample_record()
    assert record.uids() == replace(record, description="changed", phone="").uids()
    assert record.uids() == replace(record, service="migrationsberatung  innenstadt (test)").uids()
    assert record.uids()[1] != replace(record, service="Schuldnerberatung").uids()[1]
    online_only = replace(record, address="", postal_code="", latitude=None, longitude=None)
    assert online_only.uids()[2] is None
