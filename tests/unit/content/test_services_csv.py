"""The directory CSV: what staff write in a spreadsheet is read exactly, and mistakes are located."""

from __future__ import annotations

from bot.content.opening_hours import parse_opening_hours
from bot.content.service_records import Problem
from bot.content.services_csv import CSV_COLUMNS, parse_services_csv, write_services_csv
from tests.auxil.directory import sample_record

HEADER = ",".join(CSV_COLUMNS)
ROW = (
    'Caritas Köln,caritas,Migrationsberatung,"Beratung, kostenlos",counselling_migration|'
    "language_course,de|ar,yes,no,no,yes,0221 123,mbe@example.org,https://example.org,,"
    'Komödienstraße 14,50667,Köln,05315000,50.9417,6.9538,"Mo,Di,Do 09:00-12:00|Mi 14:00-18:00",'
    "2026-11-02,yes"
)


def test_a_row_of_the_documented_format() -> None:
    records, problems = parse_services_csv(f"{HEADER}\n{ROW}\n")
    assert problems == []
    (record,) = records
    assert record.organisation == "Caritas Köln"
    assert record.description == "Beratung, kostenlos"
    assert record.topics == ("counselling_migration", "language_course")
    assert record.languages == ("de", "ar")
    assert (record.free, record.anonymous, record.appointment, record.accessible) == (
        True,
        False,
        False,
        True,
    )
    assert record.opening_hours == tuple(parse_opening_hours("Mo,Di,Do 09:00-12:00|Mi 14:00-18:00"))
    assert (record.latitude, record.longitude, record.ags) == (50.9417, 6.9538, "05315000")
    assert record.demo is True
    assert record.row == 2


def test_written_and_read_back_unchanged() -> None:
    records = [
        sample_record(),
        sample_record(service="Sprachcafé", free=None, latitude=None, longitude=None, opening_hours=()),
    ]
    again, problems = parse_services_csv(write_services_csv(records))
    assert problems == []
    assert again == records
    assert write_services_csv(again) == write_services_csv(records)


def test_german_excel_semicolons_and_byte_order_mark() -> None:
    text = (
        "\ufeff"
        + HEADER.replace(",", ";")
        + "\n"
        + ";".join(
            [
                "Caritas",
                "caritas",
                "Beratung",
                "",
                "counselling_debt",
                "de",
                "ja",
                "nein",
                "",
                "",
                "",
                "",
                "",
                "",
                "Hauptstraße 1",
                "50667",
                "Köln",
                "",
                "50,94",
                "6,95",
                "",
                "",
                "",
            ]
        )
    )
    (record,), problems = parse_services_csv(text)
    assert problems == []
    assert (record.free, record.anonymous, record.latitude) == (True, False, 50.94)


def test_every_mistake_with_row_field_and_reason() -> None:
    bad = (
        ROW.replace(",caritas,", ",kirche,")
        .replace("counselling_migration|", "counseling|")
        .replace(",yes,no,no,yes,", ",yes,vielleicht,no,yes,")
        .replace("Mo,Di,Do 09:00-12:00", "Mo,Di,Do 12:00-09:00")
        .replace("2026-11-02", "02.11.2026")
    )
    _, problems = parse_services_csv(f"{HEADER}\n{ROW}\n{bad}\n")
    fields = {(p.row, p.field) for p in problems}
    assert fields == {(3, "provider"), (3, "anonymous"), (3, "opening_hours"), (3, "last_verified")}
    by_field = {p.field: p.reason for p in problems}
    assert "unknown provider 'kirche'" in by_field["provider"]
    assert "yes or no" in by_field["anonymous"]
    assert "closing must be after opening" in by_field["opening_hours"]


def test_header_mistakes_are_reported_before_anything_else() -> None:
    header = HEADER.replace("languages", "langauges")
    _, problems = parse_services_csv(f"{header}\n{ROW}\n")
    assert Problem(1, "languages", "missing column") in problems
    assert any(p.field == "langauges" and "unknown column" in p.reason for p in problems)


def test_quoted_line_breaks_keep_spreadsheet_row_numbers() -> None:
    first = ROW.replace('"Beratung, kostenlos"', '"Beratung,\nkostenlos"')
    text = f"{HEADER}\n{first}\n" + write_services_csv([sample_record()]).split("\n", 1)[1]
    records, problems = parse_services_csv(text)
    assert problems == []
    assert [r.row for r in records] == [2, 3]
