"""`wegweiser train` refuses bad training data with a readable list; `nlu coverage` shows the counts.

Small data sets are written into a temporary project folder (WEGWEISER_HOME); the checks run before
Rasa is started, so these tests take a second each.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.nlu.validate import MIN_META_EXAMPLES, MIN_TOPIC_EXAMPLES
from bot.topics import INTENTS, TOPICS
from tests.auxil.cli import run_main


def _block(intent: str, lines: list[str]) -> str:
    return f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {line}\n" for line in lines)


def write_project(home: Path, languages: dict[str, dict[str, list[str]]]) -> Path:
    """A project folder whose nlu_data/<lang>/data.yml holds the given examples per intent (the
    registry, domain, rules, answers and catalogues are the project's own)."""
    for part in ("content/topics.yml", "domain.yml", "rules", "content/answers", "locales"):
        source, target = PROJECT_ROOT / part, home / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.mo"), dirs_exist_ok=True)
        else:
            shutil.copyfile(source, target)
    for code, intents in languages.items():
        folder = home / "nlu_data" / code
        folder.mkdir(parents=True)
        body = "".join(_block(intent, lines) for intent, lines in intents.items())
        (folder / "data.yml").write_text(f'version: "3.1"\nnlu:\n{body}', encoding="utf-8")
    return home


def complete(code: str) -> dict[str, list[str]]:
    """Enough distinct examples for every intent of one language."""
    return {
        intent: [
            f"{code} {intent} example {i}"
            for i in range(MIN_TOPIC_EXAMPLES if intent in TOPICS else MIN_META_EXAMPLES)
        ]
        for intent in INTENTS
    }


def env_for(home: Path, tmp_path: Path) -> dict[str, str]:
    return {
        "WEGWEISER_HOME": str(home),
        "WEGWEISER_VAR_DIR": str(tmp_path / "var"),
        "WEGWEISER_MODELS_DIR": str(tmp_path / "models"),
    }


def test_duplicates_unknown_intents_and_short_languages_are_listed(tmp_path: Path) -> None:
    german = complete("de")
    german["greet"].append("hallo zusammen")
    german["thank"].append("Hallo, zusammen!")  # the same message after normalising
    german["book_flight"] = ["ich will nach mallorca"]
    english = complete("en")
    english["goodbye"] = english["goodbye"][:3]
    english["housing_search"] = []
    home = write_project(tmp_path / "project", {"de": german, "en": english})

    result = run_main("train", env=env_for(home, tmp_path))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    message = result.stderr
    assert "the project has 3 problem(s)" in message
    assert "nlu_data/de/data.yml: unknown intent 'book_flight'" in message
    assert "'Hallo, zusammen!' is under 'thank' here and under 'greet' in nlu_data/de/data.yml" in (message)
    assert "en: too few examples (have/need): goodbye 3/12, housing_search 0/25" in message
    assert not list((tmp_path / "models").glob("*.tar.gz"))


def test_a_language_folder_without_enough_data_is_an_error(tmp_path: Path) -> None:
    home = write_project(tmp_path / "project", {"de": complete("de"), "pl": {"greet": ["cześć"]}})
    result = run_main("train", env=env_for(home, tmp_path))
    assert result.returncode == 1
    assert "pl: too few examples (have/need): greet 1/12, goodbye 0/12" in result.stderr


def test_coverage_prints_examples_per_intent_and_language(tmp_path: Path) -> None:
    german = complete("de")
    german["privacy"] = german["privacy"][:5]
    home = write_project(tmp_path / "project", {"de": german, "en": complete("en")})

    result = run_main("nlu", "coverage", env=env_for(home, tmp_path))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("intent"))
    assert header.split()[2:] == ["de", "en"]
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.split()}
    assert rows["privacy"] == ["12", "5!", "12"]
    assert rows["housing_search"] == ["25", "25", "25"]
    assert "1 cell(s) below the minimum." in result.stdout


def test_training_is_skipped_when_nothing_changed(tmp_path: Path) -> None:
    import json

    from bot.engine.train import fingerprint

    home = write_project(tmp_path / "project", {"de": complete("de"), "en": complete("en")})
    (home / "config.yml").write_text("version: '3.1'\n", encoding="utf-8")
    shutil.copyfile(PROJECT_ROOT / "domain.yml", home / "domain.yml")
    models = tmp_path / "models"
    models.mkdir()
    (models / "earlier.tar.gz").write_bytes(b"a trained model")
    card = {"name": "earlier", "fingerprint": fingerprint(home)}
    (models / "earlier.card.json").write_text(json.dumps(card), encoding="utf-8")

    result = run_main("train", env=env_for(home, tmp_path))

    assert result.returncode == 0, result.stderr
    assert "Nothing changed since model earlier; training skipped." in result.stdout

    (home / "nlu_data" / "de" / "data.yml").write_text(
        (home / "nlu_data" / "de" / "data.yml").read_text(encoding="utf-8") + "    - noch einer\n",
        encoding="utf-8",
    )
    assert fingerprint(home) != card["fingerprint"]
