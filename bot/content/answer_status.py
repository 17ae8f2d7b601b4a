"""The state of every answer text, for the staff overview: published, draft, missing, outdated.

A text is *check due* when its newest revision was never checked (``last_reviewed``) or not for 12
months, the same rule as for services (:mod:`bot.content.freshness`).

A translation is *outdated* when a German revision was published after the one it was made from
(``source_version``) and that revision was not marked as a minor edit. The German source of a
region's translation is the region's own German text if there is one, else the nationwide one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.freshness import check_due
from bot.db.models import Answer, AnswerStatus
from bot.languages import SOURCE_LANGUAGE


class State(enum.StrEnum):
    PUBLISHED = "published"
    DRAFT = "draft"
    """The newest revision is not published yet (an older one may be)."""
    MISSING = "missing"
    INHERITED = "inherited"
    """A region without its own text: the nationwide text is shown."""


@dataclass(frozen=True)
class TextState:
    topic: str
    language: str
    region: str | None
    state: State
    latest_version: int | None = None
    published_version: int | None = None
    outdated: bool = False
    length: int = 0
    check_due: bool = False
    """Not checked for 12 months (or never): staff see it flagged."""


@dataclass(frozen=True)
class _Row:
    topic: str
    language: str
    region: str | None
    version: int
    status: AnswerStatus
    source_version: int | None
    minor_edit: bool
    length: int
    last_reviewed: date | None


def _rows(session: Session, *, region: str | None) -> list[_Row]:
    query = select(
        Answer.topic,
        Answer.language,
        Answer.region,
        Answer.version,
        Answer.status,
        Answer.source_version,
        Answer.minor_edit,
        Answer.text,
        Answer.last_reviewed,
    ).where(
        Answer.region.is_(None) if region is None else Answer.region.is_(None) | (Answer.region == region)
    )
    return [
        _Row(t, lang, reg, v, st, sv, bool(minor), len(text), reviewed)
        for t, lang, reg, v, st, sv, minor, text, reviewed in session.execute(query)
    ]


def newest_significant_german(rows: list[_Row]) -> int | None:
    """The newest published German version that was not a minor edit."""
    versions = [r.version for r in rows if r.status is AnswerStatus.PUBLISHED and not r.minor_edit]
    return max(versions, default=None)


def text_states(
    session: Session, *, topics: list[str], languages: list[str], region: str | None = None
) -> dict[tuple[str, str], TextState]:
    """(topic, language) → state of that text in ``region`` (``None``: the nationwide texts)."""
    grouped: dict[tuple[str, str, str | None], list[_Row]] = {}
    for row in _rows(session, region=region):
        grouped.setdefault((row.topic, row.language, row.region), []).append(row)
    result: dict[tuple[str, str], TextState] = {}
    for topic in topics:
        german = grouped.get((topic, SOURCE_LANGUAGE, region)) or grouped.get(
            (topic, SOURCE_LANGUAGE, None), []
        )
        significant = newest_significant_german(german)
        for language in languages:
            rows = grouped.get((topic, language, region), [])
            if not rows:
                inherited = region is not None and bool(grouped.get((topic, language, None)))
                result[(topic, language)] = TextState(
                    topic, language, region, State.INHERITED if inherited else State.MISSING
                )
                continue
            newest = max(rows, key=lambda r: r.version)
            published = [r.version for r in rows if r.status is AnswerStatus.PUBLISHED]
            outdated = (
                language != SOURCE_LANGUAGE
                and significant is not None
                and newest.source_version is not None
                and significant > newest.source_version
            )
            result[(topic, language)] = TextState(
                topic,
                language,
                region,
                State.PUBLISHED if newest.status is AnswerStatus.PUBLISHED else State.DRAFT,
                latest_version=newest.version,
                published_version=max(published, default=None),
                outdated=outdated,
                length=newest.length,
                check_due=check_due(newest.last_reviewed),
            )
    return result
