"""The audit log: who changed what and when, in the staff app and on the command line.

Rows are only ever added. ``actor`` keeps the name at the time, so the log stays readable when an
account is renamed or removed. Nothing about the people writing to the bot is ever recorded here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.models.organisation import utc_now


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), default=None
    )
    actor: Mapped[str] = mapped_column(String(64))
    """The staff username, or ``cli`` for operator commands."""
    action: Mapped[str] = mapped_column(String(64))
    """What happened, e.g. ``answer.publish``, ``service.update``, ``user.deactivate``."""
    target: Mapped[str] = mapped_column(String(200), default="")
    """What it happened to, e.g. ``health_insurance/ar`` or ``service 12``."""
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_audit_log_at", "at"),)
