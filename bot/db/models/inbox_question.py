"""A question someone agreed to let staff see, so that an answer can be added (the question inbox).

Kept only after a "yes" to the consent question, scrubbed (:func:`bot.content.scrub.scrub`), with
nothing that links it to a person or a conversation: no pseudonym, no time finer than an ISO week, the
district key at most. Deleted 90 days after its week began (:func:`bot.content.inbox.purge_expired`).
"""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class InboxQuestion(Base):
    __tablename__ = "inbox_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(1000))
    """The scrubbed question."""
    language: Mapped[str] = mapped_column(String(16))
    predicted: Mapped[str | None] = mapped_column(String(64), default=None)
    """The model's best guess (an intent name), ``None`` when it had none."""
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    region: Mapped[str | None] = mapped_column(String(5), default=None)
    """District key (the first five digits of the AGS) when the person had given a place."""
    iso_year: Mapped[int] = mapped_column(SmallInteger)
    iso_week: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(16), default="new")
    """new | labelled (``label`` is an intent) | new_topic (``label`` describes it) | discarded."""
    label: Mapped[str | None] = mapped_column(String(200), default=None)

    __table_args__ = (Index("ix_inbox_questions_week", "iso_year", "iso_week"),)
