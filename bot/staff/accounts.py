"""Staff accounts: create, change, deactivate, reset passwords — shared by the CLI and the web app.

Every change is written to the audit log in the same transaction. Scopes are checked here, so no
account can exist that the permission rules cannot read: a translator has languages, an editor has an
organisation, a region or the explicit ``nationwide`` flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from bot.db.models import LoginAttempt, Organisation, Role, StaffLanguage, StaffUser
from bot.languages import languages
from bot.staff.audit import Actor, record
from bot.staff.errors import StaffError
from bot.staff.i18n import L_, ui_language
from bot.staff.passwords import hash_password, password_problem

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
REGION = re.compile(r"^\d{2,12}$")


class AccountError(StaffError):
    """An account change that cannot be made; the message says why."""


@dataclass
class Scope:
    """Where someone may work: see :mod:`bot.staff.permissions`."""

    languages: list[str] = field(default_factory=list)
    region: str | None = None
    organisation_id: int | None = None
    nationwide: bool = False


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_scope(role: Role, scope: Scope) -> Scope:
    """The scope cleaned for ``role``; raise :class:`AccountError` when it cannot work."""
    unknown = [code for code in scope.languages if code not in languages()]
    if unknown:
        raise AccountError(L_("Unknown language: %(codes)s"), codes=", ".join(unknown))
    if scope.region is not None and not REGION.match(scope.region):
        raise AccountError(L_("A region is an official key (AGS) of 2 to 12 digits, e.g. 05315."))
    if role is Role.ADMIN:
        return Scope()
    if role is Role.TRANSLATOR:
        if not scope.languages:
            raise AccountError(L_("A translator needs at least one language."))
        return Scope(languages=sorted(set(scope.languages)))
    if not (scope.region or scope.organisation_id or scope.nationwide):
        raise AccountError(L_("An editor needs an organisation, a region, or the nationwide scope."))
    return Scope(
        region=scope.region,
        organisation_id=scope.organisation_id,
        nationwide=scope.nationwide,
    )


def _apply_scope(session: Session, user: StaffUser, scope: Scope) -> None:
    if scope.organisation_id is not None and session.get(Organisation, scope.organisation_id) is None:
        raise AccountError(L_("There is no organisation with this number."))
    user.region = scope.region
    user.organisation_id = scope.organisation_id
    user.nationwide = scope.nationwide
    wanted = set(scope.languages)
    user.language_rows[:] = [row for row in user.language_rows if row.language in wanted]
    have = {row.language for row in user.language_rows}
    user.language_rows.extend(StaffLanguage(language=code) for code in sorted(wanted - have))


def describe_scope(user: StaffUser) -> str:
    """One line for lists and the audit log (codes, not translated words)."""
    parts: list[str] = []
    if user.role is Role.TRANSLATOR:
        parts.append("languages " + ",".join(user.languages))
    if user.nationwide:
        parts.append("nationwide")
    if user.region:
        parts.append(f"region {user.region}")
    if user.organisation_id:
        name = user.organisation.name if user.organisation else str(user.organisation_id)
        parts.append(f"organisation {name}")
    return "; ".join(parts) or "everything"


def find_user(session: Session, *, username: str) -> StaffUser | None:
    return session.scalar(
        select(StaffUser)
        .where(StaffUser.username == normalise_username(username))
        .options(selectinload(StaffUser.language_rows))
    )


def get_user(session: Session, *, username: str) -> StaffUser:
    user = find_user(session, username=username)
    if user is None:
        raise AccountError(L_("There is no account %(username)s."), username=username)
    return user


def list_users(session: Session) -> list[StaffUser]:
    return list(
        session.scalars(
            select(StaffUser)
            .options(selectinload(StaffUser.language_rows), selectinload(StaffUser.organisation))
            .order_by(StaffUser.active.desc(), StaffUser.username)
        )
    )


def count_active_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(StaffUser)
            .where(StaffUser.role == Role.ADMIN, StaffUser.active.is_(True))
        )
        or 0
    )


def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
    scope: Scope | None = None,
    must_change_password: bool = False,
    ui: str | None = None,
) -> StaffUser:
    username = normalise_username(username)
    if not USERNAME.match(username):
        raise AccountError(
            L_(
                "A username has 2 to 64 characters: small letters, digits, dot, hyphen or "
                "underscore, starting with a letter or digit."
            )
        )
    if find_user(session, username=username) is not None:
        raise AccountError(L_("The username %(username)s is taken."), username=username)
    problem = password_problem(password, username=username)
    if problem:
        raise AccountError(problem)
    clean = check_scope(role, scope or Scope())
    user = StaffUser(
        username=username,
        display_name=display_name.strip()[:200],
        password_hash=hash_password(password),
        role=role,
        active=True,
        must_change_password=must_change_password,
        ui_language=ui_language(ui),
        session_epoch=0,
        language_rows=[],
    )
    session.add(user)
    _apply_scope(session, user, clean)
    session.flush()
    record(
        session,
        actor=actor,
        action="user.create",
        target=username,
        detail=f"role {role.value}; {describe_scope(user)}",
    )
    return user


def update_user(
    session: Session,
    *,
    actor: Actor,
    user: StaffUser,
    role: Role,
    display_name: str,
    scope: Scope,
) -> None:
    clean = check_scope(role, scope)
    if user.role is Role.ADMIN and role is not Role.ADMIN and user.active:
        _keep_one_admin(session)
    user.role = role
    user.display_name = display_name.strip()[:200]
    _apply_scope(session, user, clean)
    user.session_epoch += 1  # new rights take effect at the next login, on every device
    session.flush()
    record(
        session,
        actor=actor,
        action="user.update",
        target=user.username,
        detail=f"role {role.value}; {describe_scope(user)}",
    )


def _keep_one_admin(session: Session) -> None:
    if count_active_admins(session) <= 1:
        raise AccountError(L_("This is the last active admin account; create another admin first."))


def deactivate(session: Session, *, actor: Actor, user: StaffUser) -> None:
    if not user.active:
        return
    if user.role is Role.ADMIN:
        _keep_one_admin(session)
    user.active = False
    user.session_epoch += 1
    record(session, actor=actor, action="user.deactivate", target=user.username)


def reactivate(session: Session, *, actor: Actor, user: StaffUser) -> None:
    if user.active:
        return
    user.active = True
    user.session_epoch += 1
    record(session, actor=actor, action="user.reactivate", target=user.username)


def set_password(
    session: Session,
    *,
    actor: Actor,
    user: StaffUser,
    password: str,
    must_change: bool,
) -> None:
    """New password, every session ended, a lockout lifted."""
    problem = password_problem(password, username=user.username)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    user.session_epoch += 1
    session.execute(
        delete(LoginAttempt).where(LoginAttempt.username == user.username, LoginAttempt.success.is_(False))
    )
    own = actor.user_id == user.id
    record(
        session,
        actor=actor,
        action="user.password_change" if own else "user.password_reset",
        target=user.username,
    )


def set_ui_language(user: StaffUser, language: str) -> None:
    user.ui_language = ui_language(language)
