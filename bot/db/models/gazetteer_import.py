"""One row per gazetteer import: the history operators see, and the stamp that tells every process
its in-memory place index is out of date.

An import can move a postal code's centre or rename a region without adding a row, so counting rows
alone would miss it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.models.organisation import utc_now


class GazetteerImport(Base):
    __tablename__ = "gazetteer_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    rows: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    regions: Mapped[int] = mapped_column(Integer)
