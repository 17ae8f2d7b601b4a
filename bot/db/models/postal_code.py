"""The postal code gazetteer (GeoNames, CC BY 4.0): one row per postal code and place.

A code can cover several places and a town many codes. ``special`` marks codes of large customers
and PO boxes (the "place" is then a company or office, e.g. "Finanzamt Köln-Mitte"): they resolve as
postal codes but never as place names.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Index, Integer, String
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class PostalCode(Base):
    __tablename__ = "postal_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    postal_code: Mapped[str] = mapped_column(String(10), index=True)
    place: Mapped[str] = mapped_column(String(200))
    ags: Mapped[str | None] = mapped_column(String(12), default=None)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    special: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index(
            "uq_postal_codes_entry",
            "postal_code",
            "place",
            sql_text("coalesce(ags, '')"),
            unique=True,
        ),
        Index("ix_postal_codes_coordinates", "latitude", "longitude"),
    )
