"""Regions by official key (AGS) with a name and a centroid, derived from the postal code gazetteer.

GeoNames' German postal data carries the district key (5 digits; for a "kreisfreie Stadt" that is the
city itself); 8-digit municipality keys fit the same column.
"""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class Region(Base):
    __tablename__ = "regions"

    ags: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
