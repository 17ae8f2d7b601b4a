"""What staff routes depend on: the database, the signed-in account, CSRF checks, permission checks.

Every staff router is created by :func:`staff_router`, which checks the CSRF token of every unsafe
request before the route runs, so no form can be added without it. Pages ask
:mod:`bot.staff.permissions` through :func:`require`; a refusal is a 403 page, never a hidden button.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session, selectinload

from bot.config import Settings
from bot.db.models import Role, StaffUser
from bot.db.session import session_scope
from bot.web.staff_session import staff_session

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """No valid staff session: the handler redirects to the login page."""


class PasswordChangeRequired(Exception):
    """An admin handed out this password: the handler sends the user to choose their own."""


class TwoFactorRequired(Exception):
    """An admin without two-factor login where the installation requires it: set it up first."""


class Forbidden(Exception):
    """The account may not do this: the handler shows a 403 page."""


class NotFound(Exception):
    """No such text, account or service: the handler shows a 404 page."""


class CsrfFailed(Exception):
    """A form without the session's token (expired page, or a forged request)."""


@dataclass(frozen=True)
class StaffIdentity:
    """The signed-in account as read at the start of the request (satisfies ``permissions.Staff``)."""

    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    languages: list[str]
    region: str | None
    organisation_id: int | None
    organisation_name: str | None
    nationwide: bool
    ui_language: str
    must_change_password: bool
    two_factor: bool

    @classmethod
    def of(cls, user: StaffUser) -> StaffIdentity:
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name or user.username,
            role=user.role,
            active=user.active,
            languages=list(user.languages),
            region=user.region,
            organisation_id=user.organisation_id,
            organisation_name=user.organisation.name if user.organisation else None,
            nationwide=user.nationwide,
            ui_language=user.ui_language,
            must_change_password=user.must_change_password,
            two_factor=bool(user.totp_secret),
        )


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@contextmanager
def database(request: Request) -> Iterator[Session]:
    """A session for one unit of work; commits at the end, so a failed save shows as an error."""
    with session_scope(settings_of(request).db_url) as session:
        yield session


def load_identity(request: Request) -> StaffIdentity | None:
    """The account of this request's session, if it is still valid (active, same epoch)."""
    if hasattr(request.state, "staff"):
        identity: StaffIdentity | None = request.state.staff
        return identity
    session = staff_session(request)
    identity = None
    if session.user_id is not None:
        with database(request) as db:
            user = db.get(
                StaffUser,
                session.user_id,
                options=[selectinload(StaffUser.language_rows), selectinload(StaffUser.organisation)],
            )
            if user is not None and user.active and user.session_epoch == session.epoch:
                identity = StaffIdentity.of(user)
        if identity is None:
            session.log_out()
    request.state.staff = identity
    return identity


def optional_staff(request: Request) -> StaffIdentity | None:
    return load_identity(request)


def current_staff(request: Request) -> StaffIdentity:
    identity = load_identity(request)
    if identity is None:
        raise LoginRequired
    if identity.must_change_password and request.url.path not in (
        "/staff/account/password",
        "/staff/logout",
    ):
        raise PasswordChangeRequired
    if (
        identity.role is Role.ADMIN
        and not identity.two_factor
        and settings_of(request).admin_two_factor
        and request.url.path not in ("/staff/account/two-factor", "/staff/logout", "/staff/language")
    ):
        raise TwoFactorRequired
    return identity


CurrentStaff = Annotated[StaffIdentity, Depends(current_staff)]
OptionalStaff = Annotated[StaffIdentity | None, Depends(optional_staff)]


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden


async def check_csrf(request: Request) -> None:
    """Refuse an unsafe request whose token (form field or header) is not the session's."""
    if request.method in SAFE_METHODS:
        return
    given = request.headers.get(CSRF_HEADER)
    if not given:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    expected = staff_session(request).csrf
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CsrfFailed


def staff_router() -> APIRouter:
    """A router for staff pages: every unsafe request must carry the CSRF token."""
    return APIRouter(dependencies=[Depends(check_csrf)])
