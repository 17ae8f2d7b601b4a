"""Opening hours of a service: one row per weekday and time span, in German local time.

Several spans a day are several rows (09:00–12:00 and 14:00–16:00). ``valid_from``/``valid_to``
limit a row to a period (holiday hours); both ``None`` means "regular hours".
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, SmallInteger, Time
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class OpeningHours(Base):
    __tablename__ = "opening_hours"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    """0 = Monday … 6 = Sunday (Python's ``date.weekday()``)."""
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)
    valid_from: Mapped[date | None] = mapped_column(Date, default=None)
    valid_to: Mapped[date | None] = mapped_column(Date, default=None)

    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday"),
        CheckConstraint("opens < closes", name="span"),
    )
