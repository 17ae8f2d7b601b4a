"""Answer texts: one row per revision of a topic's text in one language and region.

Each save adds a row (version + 1), so history and restore come for free. The bot shows the newest
published revision; drafts are invisible to it.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Final

from sqlalchemy import Boolean, Date, DateTime, Enum, Index, Integer, String, Text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


REFERENCE_LENGTH: Final = 500
"""Characters the staff-only source line holds (the editor's field and the file import keep to it)."""


class AnswerStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


def _now() -> datetime:
    return datetime.now(UTC)


class Answer(Base):
    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(12), default=None)
    """Municipality key (AGS); ``None`` is the nationwide default."""
    version: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[AnswerStatus] = mapped_column(
        Enum(AnswerStatus, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=AnswerStatus.DRAFT,
    )
    source_version: Mapped[int | None] = mapped_column(Integer, default=None)
    """For a translation: the version of the German text it was made from (outdated when that moves)."""
    reference: Mapped[str] = mapped_column(String(REFERENCE_LENGTH), default="")
    """Source line for staff (laws, websites, date); never shown to users."""
    public_source: Mapped[str | None] = mapped_column(String(200), default=None)
    """The public body users may see named under the answer ("Source: BAMF"); ``None``: no name shown."""
    last_reviewed: Mapped[date | None] = mapped_column(Date, default=None)
    minor_edit: Mapped[bool] = mapped_column(Boolean, default=False)
    """A German edit that does not outdate translations (typo fixes)."""
    author_id: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    __table_args__ = (
        Index(
            "uq_answers_revision",
            "topic",
            "language",
            sql_text("coalesce(region, '')"),
            "version",
            unique=True,
        ),
        Index("ix_answers_lookup", "topic", "language", "status"),
    )
