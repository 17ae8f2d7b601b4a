"""``wegweiser content export|check``: files for translators and the coverage report."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from bot.content.answers import add_revision
from bot.db.migrate import upgrade
from bot.db.models import AnswerStatus
from bot.db.session import session_scope
from bot.languages import language_codes
from bot.topics import TOPICS
from tests.auxil.cli import run_main


def database(url: str) -> dict[str, str]:
    upgrade(url)
    with session_scope(url) as session:
        add_revision(
            session, topic="housing_search", language="de", text="Alt.", status=AnswerStatus.PUBLISHED
        )
        add_revision(
            session,
            topic="housing_search",
            language="en",
            text="Old.",
            status=AnswerStatus.PUBLISHED,
            source_version=1,
        )
        add_revision(
            session, topic="housing_search", language="de", text="Neu.", status=AnswerStatus.PUBLISHED
        )
    return {"WEGWEISER_DATABASE_URL": url}


def test_check_json_lists_missing_and_outdated_pairs(empty_database: str) -> None:
    env = database(empty_database)
    result = run_main("content", "check", "--json", env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["outdated"] == [["housing_search", "en"]]
    assert ["health_insurance", "de"] in report["missing"]
    assert ["housing_search", "en"] not in report["missing"]
    assert all(isinstance(pair, list) and len(pair) == 2 for pair in report["missing"])
    human = run_main("content", "check", env=env)
    one_of_all = f"{1 / len(TOPICS):.0%}"  # one English text of all the registry's topics
    assert f"en: {one_of_all} published; outdated: housing_search" in human.stdout


def test_export_a_folder_or_one_language(tmp_path: Path, empty_database: str) -> None:
    env = database(empty_database)
    folder = tmp_path / "out"
    result = run_main("content", "export", str(folder), env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(p.stem for p in folder.glob("*.yml")) == sorted(language_codes())
    english = yaml.safe_load((folder / "en.yml").read_text(encoding="utf-8"))
    assert english["answers"][0]["source_version"] == 2
    single = run_main("content", "export", str(tmp_path / "ar.yml"), "--lang", "ar", env=env)
    assert single.returncode == 0
    assert yaml.safe_load((tmp_path / "ar.yml").read_text(encoding="utf-8"))["language"] == "ar"
    refused = run_main("content", "export", str(tmp_path / "x.yml"), env=env)
    assert refused.returncode == 1 and "--lang" in refused.stderr
