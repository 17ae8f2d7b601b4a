"""Anonymous usage counters: how often a topic was asked per region, language and ISO week.

Nothing here can point to a person: no ids, no texts, no times finer than a week. ``topic`` is a
topic name or ``"unanswered"`` (questions the bot could not answer). Written by
:func:`bot.content.usage.increment`.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, SmallInteger, String
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class UsageCount(Base):
    __tablename__ = "usage_counts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(12), default=None)
    """Region key (AGS) when the person had given a place, else ``None``."""
    language: Mapped[str] = mapped_column(String(16))
    iso_year: Mapped[int] = mapped_column(SmallInteger)
    iso_week: Mapped[int] = mapped_column(SmallInteger)
    count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index(
            "uq_usage_counts_key",
            "topic",
            "language",
            sql_text("coalesce(region, '')"),
            "iso_year",
            "iso_week",
            unique=True,
        ),
    )
