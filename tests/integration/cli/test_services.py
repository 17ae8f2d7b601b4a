"""``wegweiser services near|import|export`` as operators run them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from bot.content.service_store import store_records
from bot.content.services_csv import write_services_csv
from bot.db.models import Service
from bot.db.session import session_scope
from tests.auxil.cli import run_cli, run_main
from tests.auxil.directory import sample_record

CARD_FIELDS = {"name", "distance_km", "open_now", "languages", "topics", "postal_code", "city"}


def with_services(url: str) -> None:
    with session_scope(url) as session:
        store_records(
            session,
            [
                sample_record(),
                sample_record(
                    service="Schuldnerberatung Deutz",
                    address="Deutzer Freiheit 1",
                    postal_code="50679",
                    latitude=50.9373,
                    longitude=6.9760,
                    topics=("counselling_debt",),
                    languages=("de", "tr"),
                ),
            ],
        )


def near(url: str, *args: str) -> list[dict[str, object]]:
    result = run_main("services", "near", *args, "--json", env={"WEGWEISER_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    cards: list[dict[str, object]] = json.loads(result.stdout)
    return cards


def test_near_a_place_a_postal_code_or_a_point(directory_db: str) -> None:
    with_services(directory_db)
    by_name = near(directory_db, "--place", "Koln")
    # Köln's centre (the mean of its postal codes) is 0.5 km from Innenstadt, 1.1 km from Deutz.
    assert [c["name"] for c in by_name] == [
        "Migrationsberatung Innenstadt (Test)",
        "Schuldnerberatung Deutz",
    ]
    for card in by_name:
        assert set(card) >= CARD_FIELDS
    assert by_name[0]["distance_km"] <= by_name[1]["distance_km"]  # type: ignore[operator]
    by_code = near(directory_db, "--plz", "50667", "--topic", "counselling_debt")
    assert [(c["name"], c["postal_code"], c["city"]) for c in by_code] == [
        ("Schuldnerberatung Deutz", "50679", "Köln")
    ]
    by_point = near(directory_db, "--lat", "50.9417", "--lon", "6.9538", "--limit", "1")
    assert by_point[0]["name"] == "Migrationsberatung Innenstadt (Test)"
    assert by_point[0]["distance_km"] == 0
    assert by_point[0]["languages"] == ["ar", "de", "fa"]
    turkish = near(directory_db, "--plz", "50667", "--lang", "tr", "--limit", "1")
    assert turkish[0]["name"] == "Schuldnerberatung Deutz"


def test_the_installed_command_prints_cards(directory_db: str) -> None:
    with_services(directory_db)
    result = run_cli(
        "services", "near", "--plz", "50667", "--json", env={"WEGWEISER_DATABASE_URL": directory_db}
    )
    assert result.returncode == 0, result.stderr
    cards = json.loads(result.stdout)
    assert len(cards) == 2 and all(set(card) >= CARD_FIELDS for card in cards)


def test_human_output_names_distance_and_attribution(directory_db: str) -> None:
    with_services(directory_db)
    result = run_main("services", "near", "--place", "Кёльн", env={"WEGWEISER_DATABASE_URL": directory_db})
    assert result.returncode == 0, result.stderr
    assert "Services near Köln:" in result.stdout
    assert " km · Komödienstraße 14, 50667 Köln" in result.stdout or " m · Komödienstraße 14" in result.stdout
    assert "GeoNames" in result.stdout


def test_an_ambiguous_place_is_asked_back(directory_db: str) -> None:
    result = run_main(
        "services", "near", "--place", "Neustadt", "--json", env={"WEGWEISER_DATABASE_URL": directory_db}
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "'Neustadt' is ambiguous" in result.stderr
    assert "Neustadt an der Weinstraße" in result.stderr


def test_an_unknown_place_is_one_clear_line(directory_db: str) -> None:
    result = run_main("services", "near", "--place", "Xyzabc", env={"WEGWEISER_DATABASE_URL": directory_db})
    assert result.returncode == 1
    assert result.stderr.startswith("wegweiser: no place found for 'Xyzabc'")
    assert "Traceback" not in result.stderr


def test_import_export_and_a_rejected_file(directory_db: str, tmp_path: Path) -> None:
    env = {"WEGWEISER_DATABASE_URL": directory_db}
    good = tmp_path / "good.csv"
    good.write_text(write_services_csv([sample_record()]), encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        write_services_csv([sample_record(service="Zweite"), replace(sample_record(), topics=("nope",))]),
        encoding="utf-8",
    )
    imported = run_main("services", "import", str(good), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "1 added, 0 updated, 0 unchanged" in imported.stdout
    rejected = run_main("services", "import", str(bad), env=env)
    assert rejected.returncode == 1
    assert "nothing imported" in rejected.stderr
    assert "row 3, topics: unknown topic 'nope'" in rejected.stderr
    with session_scope(directory_db) as session:
        assert session.scalar(select(func.count()).select_from(Service)) == 1
    exported = run_main("services", "export", str(tmp_path / "out.json"), env=env)
    assert exported.returncode == 0, exported.stderr
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in document["services"]] == ["Migrationsberatung Innenstadt (Test)"]
    as_csv = run_main("services", "export", str(tmp_path / "out.txt"), "--format", "csv", env=env)
    assert as_csv.returncode == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == good.read_text(encoding="utf-8")
