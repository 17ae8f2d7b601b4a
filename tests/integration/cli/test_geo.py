"""``wegweiser geo import``: the operator loads GeoNames' dump and sees the attribution."""

from __future__ import annotations

from pathlib import Path

from tests.auxil.cli import run_main

SAMPLE = (
    "DE\t04109\tLeipzig\tSachsen\tSN\t\t00\tKreisfreie Stadt Leipzig\t14713\t51.3396\t12.3713\t4\n"
    "DE\t04103\tLeipzig\tSachsen\tSN\t\t00\tKreisfreie Stadt Leipzig\t14713\t51.3452\t12.3864\t4\n"
)


def test_import_then_find_the_town(tmp_path: Path, empty_database: str) -> None:
    dump = tmp_path / "DE.txt"
    dump.write_text(SAMPLE, encoding="utf-8")
    env = {"WEGWEISER_DATABASE_URL": empty_database}
    first = run_main("geo", "import", str(dump), env=env)
    assert first.returncode == 0, first.stderr
    assert "2 postal code entries (2 new, 0 changed), 1 regions" in first.stdout
    assert "GeoNames (www.geonames.org), licensed under CC BY 4.0" in first.stdout
    again = run_main("geo", "import", str(dump), env=env)
    assert "(0 new, 0 changed)" in again.stdout
    found = run_main("services", "near", "--place", "Лейпциг", env=env)
    assert found.returncode == 0, found.stderr
    assert "No services within 100 km of Leipzig." in found.stdout


def test_a_missing_file_is_one_clear_line(tmp_path: Path, empty_database: str) -> None:
    env = {"WEGWEISER_DATABASE_URL": empty_database}
    result = run_main("geo", "import", str(tmp_path / "DE.txt"), env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("wegweiser: ") and "cannot read it" in result.stderr
    assert "Traceback" not in result.stderr
