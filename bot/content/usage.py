"""Anonymous counters: topic × region × language × ISO week, and unanswered questions the same way.

The only write path for :class:`~bot.db.models.UsageCount`. It accepts nothing that could identify a
person: the topic must be a known topic (or ``"unanswered"``, ``"emergency"``), the language a
supported code, the region a numeric key, and time is reduced to the ISO week at once.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.models import UsageCount
from bot.languages import languages
from bot.topics import TOPICS

UNANSWERED: Final = "unanswered"
"""The ``topic`` under which questions the bot could not answer are counted."""
EMERGENCY: Final = "emergency"
"""The ``topic`` under which emergency replies (the emergency numbers) are counted."""

BERLIN = ZoneInfo("Europe/Berlin")
_REGION = re.compile(r"^\d{2,12}$")


def iso_week_of(when: date | datetime) -> tuple[int, int]:
    """ISO (year, week) of ``when``; aware datetimes count in German time (a Sunday night is Sunday)."""
    if isinstance(when, datetime) and when.tzinfo is not None:
        when = when.astimezone(BERLIN)
    year, week, _ = when.isocalendar()
    return year, week


@cache
def _upsert(dialect: str) -> Any:
    """The counter's upsert, built once per dialect (building it cost more than running it)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(UsageCount).values(
        {name: bindparam(name) for name in ("topic", "region", "language", "iso_year", "iso_week", "count")}
    )
    key: list[Any] = [
        UsageCount.topic,
        UsageCount.language,
        sql_text("coalesce(region, '')"),
        UsageCount.iso_year,
        UsageCount.iso_week,
    ]
    return statement.on_conflict_do_update(
        index_elements=key, set_={"count": UsageCount.count + statement.excluded.count}
    )


def increment(
    session: Session,
    *,
    topic: str,
    region: str | None,
    language: str,
    when: date | datetime,
    by: int = 1,
) -> None:
    """Add ``by`` to the counter of (topic, region, language, ISO week of ``when``) in one upsert.

    Raises:
        ValueError: for an unknown topic or language or a region that is not a numeric key, so that
            free text can never end up in the counters.
    """
    if topic not in TOPICS and topic not in (UNANSWERED, EMERGENCY):
        raise ValueError(f"unknown topic {topic!r}")
    if language not in languages():
        raise ValueError(f"unknown language {language!r}")
    if region is not None and not _REGION.match(region):
        raise ValueError(f"region must be an AGS key (digits), got {region!r}")
    iso_year, iso_week = iso_week_of(when)
    values = {
        "topic": topic,
        "region": region,
        "language": language,
        "iso_year": iso_year,
        "iso_week": iso_week,
        "count": by,
    }
    session.execute(_upsert(session.get_bind().dialect.name), values)


def total(session: Session, *, topic: str, language: str | None = None) -> int:
    """All counts of ``topic`` (optionally in one language), for reports and tests."""
    statement = select(func.coalesce(func.sum(UsageCount.count), 0)).where(UsageCount.topic == topic)
    if language is not None:
        statement = statement.where(UsageCount.language == language)
    return int(session.scalar(statement) or 0)
