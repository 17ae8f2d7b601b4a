"""Languages staff at a service speak (ISO 639 codes), without interpreters: one row each."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class ServiceLanguage(Base):
    __tablename__ = "service_languages"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)

    __table_args__ = (Index("ix_service_languages_language", "language", "service_id"),)
