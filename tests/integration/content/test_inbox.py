"""The question inbox through the real migration: kept scrubbed and coarse, labelled, exported, purged."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import yaml
from sqlalchemy import inspect, select

from bot.content.inbox import export_nlu, keep, label, purge_expired, stats
from bot.db.migrate import upgrade
from bot.db.models import InboxQuestion
from bot.db.session import get_engine, session_scope
from bot.nlu.data import read_examples

MONDAY_NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_a_kept_question_says_nothing_about_who_asked_or_when_exactly(empty_database: str) -> None:
    url = empty_database
    upgrade(url)
    columns = {c["name"] for c in inspect(get_engine(url)).get_columns("inbox_questions")}
    kept = {"id", "text", "language", "predicted", "confidence", "region", "iso_year", "iso_week"}
    assert columns == kept | {"status", "label"}
    with session_scope(url) as session:
        keep(
            session,
            text="Wie tausche ich den Führerschein? Ruf an: 0176 1234567, ali@example.de",
            language="de",
            predicted="work_jobs",
            confidence=0.2345,
            region="053150000000",
            when=MONDAY_NOON,
        )
        assert keep(
            session, text="12345", language="de", predicted=None, confidence=0, region=None, when=MONDAY_NOON
        )
    with session_scope(url) as session:
        rows = list(session.scalars(select(InboxQuestion).order_by(InboxQuestion.id)))
        first = rows[0]
        assert "1234567" not in first.text and "ali@" not in first.text and "Führerschein" in first.text
        assert (first.region, first.iso_year, first.iso_week, first.confidence) == ("05315", 2026, 49, 0.23)
        assert rows[1].text == "[number]"


def test_labels_become_training_data_and_old_questions_are_deleted(
    tmp_path: Path, empty_database: str
) -> None:
    url = empty_database
    upgrade(url)
    texts = [
        ("de", "führerschein umschreiben wie"),
        ("ar", "كيف ابدل رخصة السواقة"),
        ("de", "kann mir jemand bei der gez helfen"),
        ("de", "blabla"),
    ]
    with session_scope(url) as session:
        ids = [
            keep(
                session, text=t, language=lang, predicted=None, confidence=0.1, region=None, when=MONDAY_NOON
            ).id  # type: ignore[union-attr]
            for lang, t in texts
        ]
        label(session, ids[0], intent="other_need")
        label(session, ids[1], intent="other_need")
        label(session, ids[2], new_topic="Rundfunkbeitrag")
        label(session, ids[3])
        figures = stats(session)
        assert figures["by_status"] == {"new": 0, "labelled": 2, "new_topic": 1, "discarded": 1}
        assert figures["by_label"] == {"Rundfunkbeitrag": 1, "other_need": 2}
        written = export_nlu(session, tmp_path / "inbox", known={("ar", "كيف ابدل رخصة السواقة")})
    assert [p.name for p in written] == ["de.yml"]
    examples = list(read_examples([tmp_path / "inbox"], ["de", "ar"]))
    assert [(e.text, e.intent, e.language) for e in examples] == [
        ("führerschein umschreiben wie", "other_need", "de")
    ]
    assert yaml.safe_load(written[0].read_text(encoding="utf-8"))["version"] == "3.1"

    with session_scope(url) as session:
        assert purge_expired(session, now=datetime(2027, 2, 27, tzinfo=UTC)) == 0  # 89 days after that Monday
        assert purge_expired(session, now=datetime(2027, 2, 28, tzinfo=UTC)) == 4
