"""Answers out to translators and back: YAML per language that records which German text it follows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.content.answer_files import (
    AnswerFileError,
    export_answers,
    import_answer_file,
    write_answer_file,
)
from bot.content.answers import add_revision, latest_revision
from bot.content.translation_check import check_translations
from bot.db.migrate import upgrade
from bot.db.models import AnswerStatus
from bot.db.session import session_scope
from bot.topics import TOPICS

PUBLISHED = AnswerStatus.PUBLISHED


@pytest.fixture
def url(empty_database: str) -> str:
    url = empty_database
    upgrade(url)
    with session_scope(url) as session:
        for topic in ("housing_search", "health_insurance"):
            add_revision(
                session,
                topic=topic,
                language="de",
                text=f"Deutsch: {topic}.\n\nZweiter Absatz.",
                status=PUBLISHED,
                reference="SGB II",
                last_reviewed=date(2026, 11, 25),
            )
        add_revision(
            session,
            topic="housing_search",
            language="ar",
            text="نص عربي.",
            status=PUBLISHED,
            source_version=1,
        )
    return url


def test_export_is_the_shipped_format_plus_the_german_reference(url: str, tmp_path: Path) -> None:
    with session_scope(url) as session:
        german = export_answers(session, language="de")
        count = write_answer_file(session, path=tmp_path / "ar.yml", language="ar")
    assert german["language"] == "de"
    assert german["answers"][0] == {
        "topic": "housing_search",
        "text": "Deutsch: housing_search.\n\nZweiter Absatz.\n",
        "source": "SGB II",
        "last_reviewed": date(2026, 11, 25),
    }
    document = yaml.safe_load((tmp_path / "ar.yml").read_text(encoding="utf-8"))
    assert count == 1
    assert [(e["topic"], e["text"], e["source_version"]) for e in document["answers"]] == [
        ("housing_search", "نص عربي.\n", 1),
        ("health_insurance", "", 1),  # not translated yet: empty, with the German beside it
    ]
    assert document["answers"][1]["german"].startswith("Deutsch: health_insurance.")
    assert "text: |" in (tmp_path / "ar.yml").read_text(encoding="utf-8")  # readable blocks


def test_the_unchanged_export_imports_as_nothing_new(url: str, tmp_path: Path) -> None:
    with session_scope(url) as session:
        for language in ("de", "ar"):
            write_answer_file(session, path=tmp_path / f"{language}.yml", language=language)
    with session_scope(url) as session:
        assert import_answer_file(session, tmp_path / "de.yml") == 0
        assert import_answer_file(session, tmp_path / "ar.yml") == 0


def test_a_translation_records_the_german_version_it_was_made_from(url: str, tmp_path: Path) -> None:
    path = tmp_path / "ar.yml"
    with session_scope(url) as session:
        write_answer_file(session, path=path, language="ar")
    with session_scope(url) as session:  # German changes while the translator works
        add_revision(session, topic="health_insurance", language="de", text="Deutsch, neu.", status=PUBLISHED)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["answers"][1]["text"] = "ترجمة التأمين الصحي."
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with session_scope(url) as session:
        assert import_answer_file(session, path) == 1
        stored = latest_revision(session, topic="health_insurance", language="ar", region=None)
        check = check_translations(session)
    assert stored is not None and stored.source_version == 1
    assert ["health_insurance", "ar"] in check.as_json()["outdated"]


def test_an_empty_text_outside_an_export_is_still_an_error(tmp_path: Path, url: str) -> None:
    path = tmp_path / "ar.yml"
    path.write_text("language: ar\nanswers:\n  - topic: housing_search\n    text: ''\n", encoding="utf-8")
    with pytest.raises(AnswerFileError, match="the text is empty"), session_scope(url) as session:
        import_answer_file(session, path)


def test_a_source_longer_than_the_database_holds_is_named_before_anything_is_stored(
    tmp_path: Path, url: str
) -> None:
    """A 530-character source line imported on SQLite but stopped PostgreSQL's import with a
    database error (the column holds 500); now the file check names the entry and the limit."""
    path = tmp_path / "de.yml"
    entry = {"topic": "housing_search", "text": "Neuer Text.", "source": "AufenthG " * 60}
    path.write_text(yaml.safe_dump({"language": "de", "answers": [entry]}), encoding="utf-8")
    with session_scope(url) as session:
        before = latest_revision(
            session, topic="housing_search", language="de", region=None, published_only=False
        )
        with pytest.raises(
            AnswerFileError, match=r"housing_search\): the source is 540 characters; at most 500"
        ):
            import_answer_file(session, path)
        after = latest_revision(
            session, topic="housing_search", language="de", region=None, published_only=False
        )
    assert after == before


def test_every_topic_of_the_source_language_is_offered(url: str) -> None:
    with session_scope(url) as session:
        topics = [e["topic"] for e in export_answers(session, language="uk")["answers"]]
    assert topics == [t for t in TOPICS if t in ("housing_search", "health_insurance")]
