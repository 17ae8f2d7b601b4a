"""Writing and reading the audit log: who changed what and when (never anything about bot users)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import AuditEntry, StaffUser


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a staff account, or the operator on the command line."""

    user_id: int | None
    name: str

    @classmethod
    def of(cls, user: StaffUser) -> Actor:
        return cls(user.id, user.username)


CLI = Actor(None, "cli")


def record(session: Session, *, actor: Actor, action: str, target: str, detail: str = "") -> None:
    session.add(
        AuditEntry(
            user_id=actor.user_id,
            actor=actor.name,
            action=action,
            target=target[:200],
            detail=detail,
        )
    )


def recent(
    session: Session, *, limit: int = 100, offset: int = 0, actor: str | None = None
) -> tuple[list[AuditEntry], int]:
    """Newest entries first, and how many there are in all (for paging)."""
    query = select(AuditEntry)
    count = select(func.count()).select_from(AuditEntry)
    if actor:
        query = query.where(AuditEntry.actor == actor)
        count = count.where(AuditEntry.actor == actor)
    rows = session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), int(session.scalar(count) or 0)
