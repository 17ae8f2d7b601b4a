"""Logging in: password (and code) check with growing per-account delays and throttling per client.

No hard lockout: a lock that anyone can set by typing wrong passwords for a name would let anyone keep
the admins out. Instead, after :data:`FREE_FAILURES` failures since the last success, each further
try of that name must wait: 1 s, 2 s, 4 s … up to :data:`MAX_DELAY` after the previous failure (a
guesser gets a handful of tries an hour; a person who mistyped waits seconds). A browser that has
logged into the name before (its signed device cookie, ``known_device``) does not wait, so attacks on
a name never keep its owner out. Failures are counted from :class:`LoginAttempt` rows by name, so a
name that does not exist is delayed the same way (nothing tells which names exist). Twenty failures
from one client within 15 minutes stop that client. Resetting the password lifts the delays.

Accounts with two-factor login need a code from their authenticator app after the password
(:func:`finish_with_code`); a wrong code counts as a failure like a wrong password.
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
from bot.staff.two_factor import check_code

FREE_FAILURES = 5
"""Failures of one name (since its last success) before each further try has to wait."""
MAX_DELAY = timedelta(minutes=5)
WINDOW = timedelta(minutes=15)
CLIENT_LIMIT = 20
KEEP = timedelta(days=1)


class Outcome(enum.StrEnum):
    OK = "ok"
    CODE_NEEDED = "code_needed"
    """The password is right; the account's two-factor code is still needed."""
    WRONG = "wrong"
    WAIT = "wait"
    """Too many failures of this name: the next try is possible in ``seconds``."""
    THROTTLED = "throttled"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    user: StaffUser | None = None
    seconds: int = 0
    """For ``WAIT``/``THROTTLED``: how long until the next try can succeed."""

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def client_key(settings: Settings, address: str) -> str:
    """A keyed hash of the client address: enough to throttle, useless to identify anyone."""
    key = derive_key(settings, "login-client").encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def delay_for(failures: int) -> timedelta:
    """How long a name waits after its ``failures``-th failure (none for the first few)."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(MAX_DELAY, timedelta(seconds=2 ** min(failures - FREE_FAILURES, 20)))


def _recent_failures(session: Session, *, username: str, now: datetime) -> list[datetime]:
    """Failure times of ``username`` since its last success (within a day), newest first."""
    since = now - KEEP
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.success.is_(True)
        )
    )
    if last_success is not None and as_utc(last_success) > since:
        since = as_utc(last_success)
    return [
        as_utc(at)
        for at in session.scalars(
            select(LoginAttempt.at)
            .where(
                LoginAttempt.username == username,
                LoginAttempt.success.is_(False),
                LoginAttempt.at > since,
            )
            .order_by(LoginAttempt.at.desc())
        )
    ]


def wait_ends(session: Session, *, username: str, now: datetime) -> datetime | None:
    """When ``username`` may be tried again, or ``None`` when it may be tried now."""
    failures = _recent_failures(session, username=username, now=now)
    if not failures:
        return None
    ends = failures[0] + delay_for(len(failures))
    return ends if ends > now else None


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


def _gate(
    session: Session, *, name: str, client: str, known_device: bool, now: datetime
) -> LoginResult | None:
    """A refusal before any password is looked at, or ``None`` when this try may go ahead."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP))
    blocked = _client_blocked_until(session, client=client, now=now)
    if blocked is not None:
        return LoginResult(Outcome.THROTTLED, seconds=_seconds_until(blocked, now))
    if not known_device:
        ends = wait_ends(session, username=name, now=now)
        if ends is not None:
            return LoginResult(Outcome.WAIT, seconds=_seconds_until(ends, now))
    return None


def _failed(
    session: Session, *, name: str, client: str, now: datetime, user: StaffUser | None
) -> LoginResult:
    session.add(LoginAttempt(at=now, username=name, client=client, success=False))
    session.flush()
    if user is not None and len(_recent_failures(session, username=name, now=now)) == FREE_FAILURES:
        record(session, actor=Actor(None, "login"), action="user.login_delayed", target=user.username)
    return LoginResult(Outcome.WRONG)


def _succeeded(session: Session, *, user: StaffUser, client: str, now: datetime) -> LoginResult:
    session.add(LoginAttempt(at=now, username=user.username, client=client, success=True))
    user.last_login_at = now
    record(session, actor=Actor.of(user), action="user.login", target=user.username)
    session.flush()
    return LoginResult(Outcome.OK, user=user)


def attempt_login(
    session: Session,
    *,
    username: str,
    password: str,
    client: str,
    known_device: bool = False,
    now: datetime | None = None,
) -> LoginResult:
    now = now or datetime.now(UTC)
    name = normalise_username(username)[:64]
    refused = _gate(session, name=name, client=client, known_device=known_device, now=now)
    if refused is not None:
        return refused
    user = find_user(session, username=name) if name else None
    correct = verify_password(user.password_hash if user else None, password)
    if user is None or not correct:
        return _failed(session, name=name, client=client, now=now, user=user)
    if not user.active:
        session.add(LoginAttempt(at=now, username=name, client=client, success=False))
        return LoginResult(Outcome.INACTIVE)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if user.totp_secret:
        return LoginResult(Outcome.CODE_NEEDED, user=user)
    return _succeeded(session, user=user, client=client, now=now)


def finish_with_code(
    session: Session,
    *,
    user: StaffUser,
    code: str,
    client: str,
    known_device: bool = False,
    now: datetime | None = None,
) -> LoginResult:
    """The second step for an account with two-factor login (its password was right just now)."""
    now = now or datetime.now(UTC)
    refused = _gate(session, name=user.username, client=client, known_device=known_device, now=now)
    if refused is not None:
        return refused
    if not user.active:
        return LoginResult(Outcome.INACTIVE)
    if not check_code(user, code, now=now):
        return _failed(session, name=user.username, client=client, now=now, user=user)
    return _succeeded(session, user=user, client=client, now=now)


def is_locked(session: Session, *, username: str, now: datetime | None = None) -> bool:
    """Whether ``username`` has to wait before its next try (shown to admins as "locked")."""
    return wait_ends(session, username=username, now=now or datetime.now(UTC)) is not None
