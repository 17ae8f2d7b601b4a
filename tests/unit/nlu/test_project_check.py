"""Adding a topic is the registry row, answers, NLU data and title translations: the check says what is
missing until each is there, and catches domain or rules that disagree with the registry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from bot.config import PROJECT_ROOT
from bot.engine.train import TrainingError, check_project
from bot.languages import language_codes
from bot.nlu.project_check import project_problems, sync
from bot.topics import load_registry

NEW = "tax_return"
TITLE = "Tax return"
PARTS = ("content/topics.yml", "domain.yml", "rules", "content/answers", "nlu_data", "locales")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's topic-bearing files."""
    for part in PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part, ignore=shutil.ignore_patterns("*.mo", "*.pot"))
        else:
            (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, tmp_path / part)
    return tmp_path


def problems(root: Path) -> list[str]:
    with pytest.raises(TrainingError) as refused:
        check_project(root, echo=lambda _line: None)
    return str(refused.value).splitlines()[1:]


def add_registry_row(root: Path) -> None:
    path = root / "content" / "topics.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + f'  {NEW}: {{group: counselling, title: "{TITLE}"}}\n',
        encoding="utf-8",
    )


def add_answers(root: Path) -> None:
    for language in language_codes():
        path = root / "content" / "answers" / f"{language}.yml"
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        document["answers"].append({"topic": NEW, "text": "Steuerberatung: Lohnsteuerhilfeverein."})
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def add_title_translations(root: Path) -> None:
    for language in language_codes():
        if language == "en":
            continue
        path = root / "locales" / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        catalogue.add(TITLE, f"{TITLE} ({language})")
        with path.open("wb") as handle:
            write_po(handle, catalogue)


def add_examples(root: Path) -> None:
    for language in language_codes():
        lines = "".join(
            f"    - steuer frage nummer {n} auf {language} für das jahr {2000 + n}\n" for n in range(30)
        )
        (root / "nlu_data" / language / "tax.yml").write_text(
            f'version: "3.1"\nnlu:\n- intent: {NEW}\n  examples: |\n{lines}', encoding="utf-8"
        )


def test_the_project_as_shipped_agrees_with_its_registry() -> None:
    assert project_problems(PROJECT_ROOT, load_registry(), language_codes()) == []


def test_a_new_topic_is_added_by_the_checklist(project: Path) -> None:
    add_registry_row(project)
    found = "\n".join(problems(project))
    assert "domain.yml (intents): missing tax_return" in found
    assert "rules/rules.yml (answered): missing tax_return" in found
    assert "rules/rules.yml (interrupting): missing tax_return" in found
    assert "content/answers/ar.yml: no answer for tax_return" in found
    assert "locales/de/LC_MESSAGES/messages.po: no translation of “Tax return”" in found
    assert "de: too few examples (have/need): tax_return 0/25" in found

    changed = sync(project, load_registry(project / "content" / "topics.yml"))
    assert {p.name for p in changed} == {"domain.yml", "rules.yml"}
    add_answers(project)
    add_title_translations(project)
    add_examples(project)
    check_project(project, echo=lambda _line: None)  # nothing is missing any more
    domain = yaml.safe_load((project / "domain.yml").read_text(encoding="utf-8"))
    assert NEW in domain["intents"]


def test_a_hand_edited_domain_or_rules_is_caught(project: Path) -> None:
    domain = project / "domain.yml"
    domain.write_text(
        domain.read_text(encoding="utf-8").replace("  - racist_attack\n", "", 1), encoding="utf-8"
    )
    rules = project / "rules" / "rules.yml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("          - intent: work_jobs\n", "", 1), encoding="utf-8"
    )
    found = "\n".join(problems(project))
    assert "domain.yml (intents): missing racist_attack" in found and "wegweiser nlu sync" in found
    assert "rules/rules.yml (answered): missing work_jobs" in found
