"""Which topics (``bot.topics.TOPICS``) a service helps with: one row per service and topic.

The primary key (service_id, topic) answers "does this service cover T" in the near-me join; the
(topic, service_id) index serves "all services for T" in the staff app.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class ServiceTopic(Base):
    __tablename__ = "service_topics"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)

    __table_args__ = (Index("ix_service_topics_topic", "topic", "service_id"),)
