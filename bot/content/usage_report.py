"""The "what is asked" report: anonymous counts by topic × ISO week, split by region or language.

Only reads :class:`~bot.db.models.UsageCount` (written by :mod:`bot.content.usage`). Every number that
leaves here is suppressed below :data:`THRESHOLD` (shown as "<5"), cells and totals alike, so a small
count can never point at the one person who asked. A row's total over the period is exact only when
none of its weeks is suppressed, otherwise the lower bound anyone could add up from the shown cells
("≥"), so a suppressed cell cannot be worked out by subtraction.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Integer, cast, func, literal, select
from sqlalchemy.orm import Session

from bot.content.usage import EMERGENCY, UNANSWERED, iso_week_of
from bot.db.models import UsageCount
from bot.topics import TOPICS

THRESHOLD = 5
"""Counts from 1 to THRESHOLD - 1 are never shown."""
ROW_ORDER = (*TOPICS, EMERGENCY, UNANSWERED)


class Split(enum.StrEnum):
    NONE = "none"
    REGION = "region"
    LANGUAGE = "language"


Week = tuple[int, int]


@dataclass(frozen=True)
class Cell:
    count: int | None
    """``None``: suppressed (1 to THRESHOLD - 1); 0 is shown as 0."""

    @property
    def suppressed(self) -> bool:
        return self.count is None

    def __str__(self) -> str:
        return f"<{THRESHOLD}" if self.count is None else str(self.count)


def suppress(count: int) -> Cell:
    return Cell(None) if 0 < count < THRESHOLD else Cell(count)


@dataclass(frozen=True)
class TopicTotal:
    """A row's total as far as its shown cells tell, so no total ever gives a hidden cell away.

    Exact when no language is suppressed; else the lower bound (each "<5" counted as 1), or "<5"
    itself when even the upper bound (each counted as 4) stays below the threshold.
    """

    count: int | None
    exact: bool

    @classmethod
    def of(cls, cells: list[Cell]) -> TopicTotal:
        shown = sum(cell.count or 0 for cell in cells)
        hidden = sum(1 for cell in cells if cell.suppressed)
        if hidden and shown + hidden * (THRESHOLD - 1) < THRESHOLD:
            return cls(None, exact=False)
        return cls(shown + hidden, exact=not hidden)

    @property
    def suppressed(self) -> bool:
        return self.count is None

    def __str__(self) -> str:
        if self.count is None:
            return f"<{THRESHOLD}"
        return str(self.count) if self.exact else f"≥{self.count}"


@dataclass(frozen=True)
class ReportRow:
    topic: str
    group: str | None
    """The region key or language code when split, else ``None``."""
    cells: list[Cell]
    total: TopicTotal
    """The whole period (for the chart): exact only when no week of the row is suppressed."""


@dataclass
class UsageReport:
    weeks: list[Week]
    split: Split
    rows: list[ReportRow] = field(default_factory=list)

    @property
    def week_labels(self) -> list[str]:
        return [f"{year}-W{week:02d}" for year, week in self.weeks]


def last_weeks(count: int, *, today: date | None = None) -> list[Week]:
    """The ISO weeks of the last ``count`` weeks, oldest first, this week included."""
    today = today or date.today()
    weeks: list[Week] = []
    for back in range(count - 1, -1, -1):
        week = iso_week_of(today - timedelta(weeks=back))
        if week not in weeks:
            weeks.append(week)
    return weeks


def in_weeks(weeks: list[Week]) -> ColumnElement[bool]:
    """``usage_counts`` rows from the first to the last of ``weeks`` (consecutive, oldest first)."""
    # year * 100 + week as an integer: the columns are SMALLINT, too small for 202648
    return (cast(UsageCount.iso_year, Integer) * 100 + UsageCount.iso_week).between(
        literal(weeks[0][0] * 100 + weeks[0][1], Integer),
        literal(weeks[-1][0] * 100 + weeks[-1][1], Integer),
    )


def usage_report(
    session: Session,
    *,
    weeks: list[Week],
    region: str | None = None,
    language: str | None = None,
    split: Split = Split.NONE,
) -> UsageReport:
    """Counts per topic (and region or language) and week, filtered; small numbers suppressed.

    Args:
        region: a region key prefix ("05" is North Rhine-Westphalia, "05315" Cologne).
    """
    report = UsageReport(weeks, split)
    if not weeks:
        return report
    group_column = {
        Split.REGION: func.coalesce(UsageCount.region, ""),
        Split.LANGUAGE: UsageCount.language,
        Split.NONE: literal(""),
    }[split]
    query = (
        select(
            UsageCount.topic,
            group_column,
            UsageCount.iso_year,
            UsageCount.iso_week,
            func.sum(UsageCount.count),
        )
        .where(in_weeks(weeks))
        .group_by(UsageCount.topic, group_column, UsageCount.iso_year, UsageCount.iso_week)
    )
    if region:
        query = query.where(UsageCount.region.startswith(region, autoescape=True))
    if language:
        query = query.where(UsageCount.language == language)
    counts: dict[tuple[str, str], dict[Week, int]] = {}
    for topic, group, year, week, total in session.execute(query):
        counts.setdefault((topic, group or ""), {})[(year, week)] = int(total or 0)
    order = {topic: index for index, topic in enumerate(ROW_ORDER)}
    for (topic, group), by_week in sorted(
        counts.items(), key=lambda item: (order.get(item[0][0], len(order)), item[0][0], item[0][1])
    ):
        cells = [suppress(by_week.get(week, 0)) for week in weeks]
        report.rows.append(
            ReportRow(
                topic=topic,
                group=group if split is not Split.NONE else None,
                cells=cells,
                total=TopicTotal.of(cells),
            )
        )
    return report
