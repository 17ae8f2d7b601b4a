"""Anonymous counters: one row per topic × region × language × ISO week, counted up atomically."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.content.usage import UNANSWERED, increment
from bot.db.migrate import upgrade
from bot.db.models import UsageCount
from bot.db.session import session_scope


def counts(url: str) -> dict[tuple[str, str | None, str, int, int], int]:
    with session_scope(url) as session:
        return {
            (r.topic, r.region, r.language, r.iso_year, r.iso_week): r.count
            for r in session.scalars(select(UsageCount))
        }


def counts_up(url: str) -> None:
    upgrade(url)
    for _ in range(3):
        with session_scope(url) as session:
            increment(session, topic="housing_search", region=None, language="ar", when=date(2026, 11, 25))
            increment(session, topic="housing_search", region="05315", language="ar", when=date(2026, 11, 26))
    with session_scope(url) as session:
        # Sunday 23:30 UTC is already Monday in Berlin: the next ISO week.
        increment(
            session,
            topic=UNANSWERED,
            region=None,
            language="de",
            when=datetime(2026, 11, 29, 23, 30, tzinfo=UTC),
        )
    assert counts(url) == {
        ("housing_search", None, "ar", 2026, 48): 3,
        ("housing_search", "05315", "ar", 2026, 48): 3,
        (UNANSWERED, None, "de", 2026, 49): 1,
    }


def test_sqlite(tmp_path: Path) -> None:
    counts_up(f"sqlite:///{tmp_path / 'db.sqlite'}")


@pytest.mark.postgres
def test_postgres(postgres_url: str) -> None:
    counts_up(postgres_url)


@pytest.mark.parametrize(
    "values",
    [
        {"topic": "my name is Ahmed", "region": None, "language": "de"},
        {"topic": "housing_search", "region": "Köln, Domplatz 1", "language": "de"},
        {"topic": "housing_search", "region": None, "language": "klingon"},
    ],
)
def test_nothing_but_known_keys_can_be_counted(empty_database: str, values: dict[str, str]) -> None:
    url = empty_database
    upgrade(url)
    with session_scope(url) as session, pytest.raises(ValueError):
        increment(session, when=date(2026, 11, 25), **values)  # type: ignore[arg-type]
    assert counts(url) == {}
