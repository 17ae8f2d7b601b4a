"""Recent login attempts, for throttling guessing from one client and locking attacked accounts.

``client`` is a keyed hash of the client address (never the address itself); rows older than a day
are deleted on the next attempt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.models.organisation import utc_now


class LoginAttempt(Base):
    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    username: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(32))
    success: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_login_attempts_client_at", "client", "at"),
        Index("ix_login_attempts_username_at", "username", "at"),
    )
