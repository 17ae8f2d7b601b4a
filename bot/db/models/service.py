"""A service: one offer of an organisation at one location (e.g. "Migrationsberatung, Caritas Köln").

A service offered at several places is stored once per place, so "near me" is one indexed join.
``version`` is SQLAlchemy's optimistic lock: an UPDATE that raced with another editor fails with
``StaleDataError`` instead of silently overwriting (the staff app turns that into a "reload" message).
Yes/no facts are ``None`` when unknown, which is shown as "ask" rather than guessed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base
from bot.db.models.organisation import new_uid, utc_now

if TYPE_CHECKING:
    from bot.db.models.location import Location
    from bot.db.models.opening_hours import OpeningHours
    from bot.db.models.organisation import Organisation
    from bot.db.models.service_language import ServiceLanguage
    from bot.db.models.service_topic import ServiceTopic


class Service(Base):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="SET NULL"), index=True, default=None
    )
    """``None`` for services reached only by phone or online."""
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    free: Mapped[bool | None] = mapped_column(Boolean, default=None)
    anonymous: Mapped[bool | None] = mapped_column(Boolean, default=None)
    appointment: Mapped[bool | None] = mapped_column(Boolean, default=None)
    """Whether an appointment is needed (``False``: people can just come during opening hours)."""
    accessible: Mapped[bool | None] = mapped_column(Boolean, default=None)
    """Step-free access for wheelchairs."""
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    online_counselling: Mapped[str] = mapped_column(String(500), default="")
    """Link to the service's online counselling (chat, mail or video), if it has one."""
    last_verified: Mapped[date | None] = mapped_column(Date, default=None)
    """When staff last checked these details with the service."""
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)

    organisation: Mapped[Organisation] = relationship(back_populates="services")
    location: Mapped[Location | None] = relationship(back_populates="services")
    topics: Mapped[list[ServiceTopic]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ServiceTopic.topic"
    )
    languages: Mapped[list[ServiceLanguage]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ServiceLanguage.language"
    )
    opening_hours: Mapped[list[OpeningHours]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(OpeningHours.weekday, OpeningHours.opens)",
    )

    __mapper_args__: dict[str, Any] = {"version_id_col": version}  # noqa: RUF012

    @property
    def topic_names(self) -> list[str]:
        return [row.topic for row in self.topics]

    @property
    def language_codes(self) -> list[str]:
        return [row.language for row in self.languages]
