"""Logging in: password check with throttling per client and lockout per login name.

Lockout is counted from :class:`LoginAttempt` rows by name, so a name that does not exist locks the
same way as one that does (nothing tells which names exist). Five failed attempts within 15 minutes
lock the name for 15 minutes; twenty from one client within 15 minutes stop that client. Resetting the
password lifts a lockout.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db.models import LoginAttempt, StaffUser
from bot.secret import derive_key
from bot.staff.accounts import find_user, normalise_username
from bot.staff.audit import Actor, record
from bot.staff.passwords import hash_password, needs_rehash, verify_password

LOCK_AFTER = 5
WINDOW = timedelta(minutes=15)
CLIENT_LIMIT = 20
KEEP = timedelta(days=1)


class Outcome(enum.StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    THROTTLED = "throttled"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    user: StaffUser | None = None
    minutes: int = 0
    """For ``LOCKED``/``THROTTLED``: how long until the next try can succeed."""


def client_key(settings: Settings, address: str) -> str:
    """A keyed hash of the client address: enough to throttle, useless to identify anyone."""
    key = derive_key(settings, "login-client").encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _minutes_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds() / 60))


def lock_ends(session: Session, *, username: str, now: datetime) -> datetime | None:
    """When the lock on ``username`` ends, or ``None`` when it is not locked."""
    since = now - WINDOW
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.success.is_(True)
        )
    )
    if last_success is not None and as_utc(last_success) > since:
        since = as_utc(last_success)
    failures = list(
        session.scalars(
            select(LoginAttempt.at)
            .where(
                LoginAttempt.username == username,
                LoginAttempt.success.is_(False),
                LoginAttempt.at > since,
            )
            .order_by(LoginAttempt.at.desc())
            .limit(LOCK_AFTER)
        )
    )
    if len(failures) < LOCK_AFTER:
        return None
    return as_utc(failures[-1]) + WINDOW


def _client_blocked_until(session: Session, *, client: str, now: datetime) -> datetime | None:
    failures = list(
        session.scalars(
            select(LoginAttempt.at)
            .where(
                LoginAttempt.client == client,
                LoginAttempt.success.is_(False),
                LoginAttempt.at > now - WINDOW,
            )
            .order_by(LoginAttempt.at.desc())
            .limit(CLIENT_LIMIT)
        )
    )
    if len(failures) < CLIENT_LIMIT:
        return None
    return as_utc(failures[-1]) + WINDOW


def attempt_login(
    session: Session, *, username: str, password: str, client: str, now: datetime | None = None
) -> LoginResult:
    now = now or datetime.now(UTC)
    name = normalise_username(username)[:64]
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP))
    blocked = _client_blocked_until(session, client=client, now=now)
    if blocked is not None:
        return LoginResult(Outcome.THROTTLED, minutes=_minutes_until(blocked, now))
    locked = lock_ends(session, username=name, now=now)
    if locked is not None:
        return LoginResult(Outcome.LOCKED, minutes=_minutes_until(locked, now))
    user = find_user(session, username=name) if name else None
    correct = verify_password(user.password_hash if user else None, password)
    ok = correct and user is not None and user.active
    session.add(LoginAttempt(at=now, username=name, client=client, success=ok))
    session.flush()
    if user is not None and correct and not user.active:
        return LoginResult(Outcome.INACTIVE)
    if not ok or user is None:
        locked = lock_ends(session, username=name, now=now)
        if locked is None:
            return LoginResult(Outcome.WRONG)
        if user is not None:
            record(session, actor=Actor(None, "login"), action="user.locked", target=user.username)
        return LoginResult(Outcome.LOCKED, minutes=_minutes_until(locked, now))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    record(session, actor=Actor.of(user), action="user.login", target=user.username)
    return LoginResult(Outcome.OK, user=user)


def is_locked(session: Session, *, username: str, now: datetime | None = None) -> bool:
    return lock_ends(session, username=username, now=now or datetime.now(UTC)) is not None
