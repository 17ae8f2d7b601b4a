"""Which translations are missing or outdated: the German source decides, minor edits excepted."""

from __future__ import annotations

from bot.content.answers import add_revision
from bot.content.translation_check import check_translations
from bot.db.migrate import upgrade
from bot.db.models import AnswerStatus
from bot.db.session import session_scope
from bot.languages import language_codes
from bot.topics import TOPICS

PUBLISHED = AnswerStatus.PUBLISHED


def test_missing_outdated_and_minor_edits(empty_database: str) -> None:
    url = empty_database
    upgrade(url)
    with session_scope(url) as session:
        for topic in TOPICS:
            add_revision(session, topic=topic, language="de", text="v1", status=PUBLISHED)
        add_revision(
            session, topic="housing_search", language="en", text="en", status=PUBLISHED, source_version=1
        )
        add_revision(
            session, topic="health_insurance", language="en", text="en", status=PUBLISHED, source_version=1
        )
        add_revision(session, topic="counselling_debt", language="en", text="draft")
        # German changes: a real change for housing_search, a typo fix for health_insurance.
        add_revision(session, topic="housing_search", language="de", text="v2", status=PUBLISHED)
        add_revision(
            session, topic="health_insurance", language="de", text="v1.", status=PUBLISHED, minor_edit=True
        )
    with session_scope(url) as session:
        report = check_translations(session).as_json()
    assert report["outdated"] == [["housing_search", "en"]]
    assert ["health_insurance", "en"] not in report["missing"]
    assert ["counselling_debt", "en"] in report["missing"]  # a draft is not yet shown to anyone
    assert report["drafts"] == [["counselling_debt", "en"]]
    assert not [pair for pair in report["missing"] if pair[1] == "de"]
    others = [code for code in language_codes() if code not in ("de", "en")]
    assert all([topic, code] in report["missing"] for topic in TOPICS for code in others)
    assert report["coverage"]["de"] == 1.0
    assert report["coverage"]["en"] == round(2 / len(TOPICS), 3)
