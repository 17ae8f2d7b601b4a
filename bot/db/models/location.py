"""Places where an organisation receives people: address, postal code, municipality key, coordinates.

The near-me search filters on the indexed (latitude, longitude) pair with a bounding box first, so
locations without coordinates are simply never "near".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base
from bot.db.models.organisation import new_uid

if TYPE_CHECKING:
    from bot.db.models.organisation import Organisation
    from bot.db.models.service import Service


class Location(Base):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    """Street and number (one line)."""
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    ags: Mapped[str | None] = mapped_column(String(12), default=None)
    """Official municipality or district key (AGS), as in ``regions.ags``."""
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)

    organisation: Mapped[Organisation] = relationship(back_populates="locations")
    services: Mapped[list[Service]] = relationship(back_populates="location")

    __table_args__ = (Index("ix_locations_coordinates", "latitude", "longitude"),)
