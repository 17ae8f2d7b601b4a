"""``wegweiser report gaps`` as an operator runs it, on the demo directory (Köln, Leipzig)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.auxil.cli import run_cli, run_main
from tests.auxil.small_directory import copy_small_directory
from tests.auxil.usage import count_questions


@pytest.fixture
def demo_db(small_directory: Path, tmp_path: Path) -> str:
    """The demo directory, and people asking in Köln: Persian about health insurance among them."""
    url = copy_small_directory(small_directory, tmp_path)
    count_questions(
        url,
        [
            ("05315", "health_insurance", "ar", 23),
            ("05315", "health_insurance", "fa", 9),
            ("05315", "health_insurance", "ru", 2),
            ("05315", "housing_search", "uk", 6),
            ("05117", "counselling_debt", "tr", 7),
        ],
    )
    return url


def test_json_for_one_district_names_the_missing_language(demo_db: str) -> None:
    result = run_main(
        "report", "gaps", "--region", "05315", "--json", env={"WEGWEISER_DATABASE_URL": demo_db}
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["weeks"]) == 12 and report["radius_km"] == 25 and report["threshold"] == 5
    (koeln,) = report["districts"]
    assert (koeln["region"], koeln["missing_languages"]) == ("05315", {"fa": ["health_insurance"]})
    insurance = koeln["topics"][0]
    assert insurance["topic"] == "health_insurance" and insurance["services"] >= 3
    by_language = {row["language"]: row for row in insurance["languages"]}
    assert by_language["fa"] == {
        "language": "fa",
        "questions": 9,
        "suppressed": False,
        "per_week": 0.8,  # 9 in 12 weeks
        "services_speaking": 0,
        "missing": True,
    }
    assert by_language["ru"]["questions"] is None and by_language["ru"]["suppressed"] is True
    assert (insurance["questions"], insurance["questions_exact"]) == (33, False)  # 23 + 9 + "<5" as 1


def test_a_state_prefix_lists_its_districts_with_questions_and_the_text_flags_gaps(demo_db: str) -> None:
    result = run_main(
        "report", "gaps", "--region", "05", "--weeks", "4", env={"WEGWEISER_DATABASE_URL": demo_db}
    )
    assert result.returncode == 0, result.stderr
    assert "(4 weeks)" in result.stdout
    assert "05117 Mülheim an der Ruhr: 0 services nearby" in result.stdout
    assert "GAP no service nearby for: counselling_debt" in result.stdout
    assert "GAP no nearby service speaks fa for: health_insurance" in result.stdout
    assert "ru <5/" in result.stdout and " 2/" not in result.stdout


def test_a_district_without_questions_says_so(demo_db: str) -> None:
    result = run_main("report", "gaps", "--region", "14713", env={"WEGWEISER_DATABASE_URL": demo_db})
    assert result.returncode == 0, result.stderr
    assert "No questions from this district in this period." in result.stdout


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (("--region", "99999"), "no district has the key 99999"),
        (("--region", "Köln"), "'Köln' is not a region key: use the official key (digits), e.g. 05315"),
        (("--region", "05315", "--weeks", "0"), "give a number of weeks from 1 to 520"),
    ],
)
def test_operator_mistakes_are_one_clear_line(demo_db: str, arguments: tuple[str, ...], says: str) -> None:
    result = run_cli("report", "gaps", *arguments, env={"WEGWEISER_DATABASE_URL": demo_db})
    assert result.returncode in (1, 2)
    assert says in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
