"""Staff accounts of the web app: personal, role-bound and audited (the people writing to the bot never are).

A role says what kind of work someone does; the scope columns say where: an editor's organisation
and/or region (or ``nationwide``), a translator's languages (:class:`StaffLanguage`). ``session_epoch``
is part of every session cookie: raising it (logout, password reset, deactivation) ends all sessions.
Lockout after failed logins is kept in :class:`LoginAttempt`, the same for known and unknown names.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base
from bot.db.models.organisation import utc_now

if TYPE_CHECKING:
    from bot.db.models.organisation import Organisation
    from bot.db.models.staff_language import StaffLanguage


class Role(enum.StrEnum):
    ADMIN = "admin"
    """Everything, including user accounts and the audit log."""
    EDITOR = "editor"
    """Answers and services of their own organisation or region (or nationwide)."""
    TRANSLATOR = "translator"
    """Translations in their own languages only."""


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    """Lower-case login name (letters, digits, ``.``, ``-``, ``_``)."""
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), default=None, index=True
    )
    region: Mapped[str | None] = mapped_column(String(12), default=None)
    """An editor's region (AGS prefix: "05315" covers every key that starts with it)."""
    nationwide: Mapped[bool] = mapped_column(Boolean, default=False)
    """An editor for the nationwide texts and every region (set explicitly, never by omission)."""
    ui_language: Mapped[str] = mapped_column(String(8), default="de")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    """Set for passwords an admin handed out: the first login asks for a new one."""
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    """Base32 secret of the authenticator app (two-factor login), ``None`` when it is off."""
    totp_last_step: Mapped[int | None] = mapped_column(Integer, default=None)
    """The time step of the last code used, so no code works twice."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    organisation: Mapped[Organisation | None] = relationship()
    language_rows: Mapped[list[StaffLanguage]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="StaffLanguage.language"
    )

    @property
    def languages(self) -> list[str]:
        return [row.language for row in self.language_rows]
