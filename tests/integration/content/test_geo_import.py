"""Importing the gazetteer: GeoNames' CSV form and its DE.txt dump, repeatable, all-or-nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.content.geo_import import GazetteerFileError, import_gazetteer
from bot.content.places import resolve_place
from bot.db.migrate import upgrade
from bot.db.models import PostalCode, Region
from bot.db.session import session_scope
from tests.auxil.directory import shared_gazetteer

# GeoNames' postal code dump: tab-separated, no header, twelve columns (the last is accuracy).
DE_TXT = "\n".join(
    "\t".join(row)
    for row in [
        [
            "DE",
            "50667",
            "Köln",
            "Nordrhein-Westfalen",
            "NW",
            "Regierungsbezirk Köln",
            "053",
            "Köln, Stadt",
            "05315",
            "50.9387",
            "6.9547",
            "4",
        ],
        [
            "DE",
            "50668",
            "Köln",
            "Nordrhein-Westfalen",
            "NW",
            "Regierungsbezirk Köln",
            "053",
            "Köln, Stadt",
            "05315",
            "50.9504",
            "6.9613",
            "4",
        ],
        [
            "DE",
            "04109",
            "Leipzig",
            "Sachsen",
            "SN",
            "",
            "00",
            "Kreisfreie Stadt Leipzig",
            "14713",
            "51.3396",
            "12.3713",
            "4",
        ],
        [
            "DE",
            "50606",
            "Bezirksregierung Köln",
            "Nordrhein-Westfalen",
            "05",
            "",
            "053",
            "Köln, Stadt",
            "05315",
            "50.9333",
            "6.95",
            "1",
        ],
    ]
)


def migrated(url: str) -> str:
    upgrade(url)
    return url


def totals(url: str) -> tuple[int, int]:
    with session_scope(url) as session:
        codes = session.scalar(select(func.count()).select_from(PostalCode)) or 0
        regions = session.scalar(select(func.count()).select_from(Region)) or 0
        return codes, regions


def test_the_shared_csv_with_regions_and_again(empty_database: str) -> None:
    url = migrated(empty_database)
    with session_scope(url) as session:
        first = import_gazetteer(session, path=shared_gazetteer())
    assert first.added == first.rows > 20000
    assert first.regions > 390
    with session_scope(url) as session:
        again = import_gazetteer(session, path=shared_gazetteer())
        cologne = session.get_one(Region, "05315")
        code = session.scalars(select(PostalCode).where(PostalCode.postal_code == "50667")).one()
    assert (again.added, again.updated) == (0, 0)
    assert totals(url) == (first.rows, first.regions)
    assert cologne.name == "Köln, Stadt"
    assert cologne.latitude == pytest.approx(50.94, abs=0.05)
    assert (code.place, code.ags, code.special) == ("Köln", "05315", False)


def test_the_tab_separated_dump_plain_and_zipped(tmp_path: Path, empty_database: str) -> None:
    dump = tmp_path / "DE.txt"
    dump.write_text(DE_TXT + "\n", encoding="utf-8")
    archive = tmp_path / "DE.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("readme.txt", "GeoNames readme")
        packed.writestr("DE.txt", DE_TXT)
    url = migrated(empty_database)
    with session_scope(url) as session:
        result = import_gazetteer(session, path=dump)
    assert (result.rows, result.regions) == (4, 2)
    with session_scope(url) as session:
        assert import_gazetteer(session, path=archive).added == 0
        special = session.scalars(select(PostalCode).where(PostalCode.postal_code == "50606")).one()
        cologne = session.get_one(Region, "05315")
    assert special.special  # a large-customer code: never matched as a town name
    # The region centre is the mean of ordinary codes only.
    assert cologne.latitude == pytest.approx((50.9387 + 50.9504) / 2, abs=1e-4)


def test_a_bad_file_names_its_lines_and_imports_nothing(tmp_path: Path, empty_database: str) -> None:
    lines = DE_TXT.split("\n")
    lines[1] = lines[1].replace("50.9504", "north")
    lines.append("DE\t12345\tNirgendwo")
    bad = tmp_path / "DE.txt"
    bad.write_text("\n".join(lines), encoding="utf-8")
    url = migrated(empty_database)
    with pytest.raises(GazetteerFileError) as error, session_scope(url) as session:
        import_gazetteer(session, path=bad)
    assert "line 2: latitude/longitude must be numbers" in str(error.value)
    assert "line 5: expected at least 11 columns" in str(error.value)
    assert totals(url) == (0, 0)


def test_an_unknown_format_says_what_is_expected(tmp_path: Path, empty_database: str) -> None:
    other = tmp_path / "codes.csv"
    other.write_text("plz,ort\n50667,Köln\n", encoding="utf-8")
    with (
        pytest.raises(GazetteerFileError, match=r"DE\.txt"),
        session_scope(migrated(empty_database)) as session,
    ):
        import_gazetteer(session, path=other)


def test_a_running_process_finds_a_moved_town_after_a_new_import(tmp_path: Path, empty_database: str) -> None:
    """The place index is kept in memory; a new import that only moves a code must still reach it."""
    dump = tmp_path / "DE.txt"
    dump.write_text(DE_TXT, encoding="utf-8")
    url = migrated(empty_database)
    with session_scope(url) as session:
        import_gazetteer(session, path=dump)
    with session_scope(url) as session:
        before = resolve_place(session, text="Leipzig").place
    assert before is not None and before.latitude == pytest.approx(51.3396)

    moved = DE_TXT.replace("51.3396", "51.3500").replace("Kreisfreie Stadt Leipzig", "Leipzig, Stadt")
    dump.write_text(moved, encoding="utf-8")
    with session_scope(url) as session:
        result = import_gazetteer(session, path=dump)
    assert (result.added, result.updated) == (0, 1)  # same rows, same count: only the centre moved
    with session_scope(url) as session:
        after = resolve_place(session, text="Leipzig").place
    assert after is not None
    assert after.latitude == pytest.approx(51.35)
    assert after.region_name == "Leipzig, Stadt"
