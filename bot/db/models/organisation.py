"""Organisations that offer services: a welfare association's local branch, a municipality, a club.

``uid`` is the stable public identifier (HSDS ``id``): exports and re-imports match on it, so the same
organisation is updated rather than duplicated.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, Enum, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base

if TYPE_CHECKING:
    from bot.db.models.location import Location
    from bot.db.models.service import Service


class Provider(enum.StrEnum):
    """The umbrella an organisation belongs to (the free welfare associations, public, migrant-led)."""

    CARITAS = "caritas"
    DIAKONIE = "diakonie"
    AWO = "awo"
    DRK = "drk"
    PARITAETISCHER = "paritaetischer"
    ZWST = "zwst"
    MUNICIPALITY = "municipality"
    MIGRANT_ORGANISATION = "migrant_organisation"
    OTHER = "other"


def new_uid() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(String(300))
    provider: Mapped[Provider] = mapped_column(
        Enum(Provider, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]),
        default=Provider.OTHER,
    )
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    """Invented example data (``content/demo/``): shown with a clear mark, never mistaken for real."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)

    services: Mapped[list[Service]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )
    locations: Mapped[list[Location]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )
