"""User accounts (admins only): list, create, change role and scope, deactivate, reset a password.

A new or reset password is generated, shown once to the admin, and must be replaced at the first
login: no password is ever chosen for someone else or sent anywhere by the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.db.models import Organisation, Role, StaffUser
from bot.staff import permissions, two_factor
from bot.staff.accounts import (
    AccountError,
    Scope,
    create_user,
    deactivate,
    list_users,
    reactivate,
    set_password,
    update_user,
)
from bot.staff.audit import Actor
from bot.staff.i18n import L_
from bot.staff.login import is_locked
from bot.staff.passwords import generate_password
from bot.web.deps import CurrentStaff, NotFound, StaffIdentity, database, require, staff_router
from bot.web.staff_session import staff_session
from bot.web.templating import render

router = staff_router()


def _admin(user: StaffIdentity) -> Actor:
    require(permissions.can_manage_users(user))
    return Actor(user.id, user.username)


def _organisations(db: Session) -> list[Organisation]:
    return list(db.scalars(select(Organisation).order_by(Organisation.name)))


def _account(db: Session, user_id: int) -> StaffUser:
    account = db.get(
        StaffUser,
        user_id,
        options=[selectinload(StaffUser.language_rows), selectinload(StaffUser.organisation)],
    )
    if account is None:
        raise NotFound
    return account


def _scope(languages: list[str], region: str, organisation: str, nationwide: bool) -> Scope:
    return Scope(
        languages=languages,
        region=region.strip() or None,
        organisation_id=int(organisation) if organisation.strip().isdigit() else None,
        nationwide=nationwide,
    )


def _edit_page(
    request: Request,
    db: Session,
    *,
    account: StaffUser | None,
    values: Mapping[str, object],
    error: AccountError | None = None,
) -> Response:
    """The account form, new or existing; after a refused change (422) it keeps what the admin typed."""
    context: dict[str, object] = {
        "account": account,
        "values": values,
        "organisations": _organisations(db),
        "error": (error.message, error.values) if error is not None else None,
    }
    if account is not None:
        context["locked"] = is_locked(db, username=account.username)
    return render(request, "users/edit.html", context, status_code=200 if error is None else 422)


@router.get("/staff/users", name="users")
def users(request: Request, user: CurrentStaff) -> Response:
    _admin(user)
    with database(request) as db:
        accounts = list_users(db)
        locked = {a.id for a in accounts if is_locked(db, username=a.username)}
    return render(request, "users/list.html", {"accounts": accounts, "locked": locked})


@router.get("/staff/users/new", name="user_new")
def new_user_page(request: Request, user: CurrentStaff) -> Response:
    _admin(user)
    with database(request) as db:
        return _edit_page(
            request,
            db,
            account=None,
            values={
                "username": "",
                "display_name": "",
                "role": "editor",
                "languages": [],
                "region": "",
                "organisation": "",
                "nationwide": False,
                "ui_language": "de",
            },
        )


@router.post("/staff/users/new")
def create(
    request: Request,
    user: CurrentStaff,
    username: Annotated[str, Form(max_length=64)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=16)] = "editor",
    languages: Annotated[list[str] | None, Form()] = None,
    region: Annotated[str, Form(max_length=12)] = "",
    organisation: Annotated[str, Form(max_length=12)] = "",
    nationwide: Annotated[bool, Form()] = False,
    ui_language: Annotated[str, Form(max_length=8)] = "de",
) -> Response:
    actor = _admin(user)
    password = generate_password()
    values = {
        "username": username,
        "display_name": display_name,
        "role": role,
        "languages": languages or [],
        "region": region,
        "organisation": organisation,
        "nationwide": nationwide,
        "ui_language": ui_language,
    }
    with database(request) as db:
        try:
            with db.begin_nested():
                account = create_user(
                    db,
                    actor=actor,
                    username=username,
                    password=password,
                    role=Role(role) if role in Role._value2member_map_ else Role.EDITOR,
                    display_name=display_name,
                    scope=_scope(languages or [], region, organisation, nationwide),
                    must_change_password=True,
                    ui=ui_language,
                )
        except AccountError as exc:
            return _edit_page(request, db, account=None, values=values, error=exc)
        return render(
            request,
            "users/password.html",
            {"account": account, "password": password, "created": True},
        )


@router.get("/staff/users/{user_id}", name="user_edit")
def edit_page(request: Request, user: CurrentStaff, user_id: int) -> Response:
    _admin(user)
    with database(request) as db:
        account = _account(db, user_id)
        values = {
            "username": account.username,
            "display_name": account.display_name,
            "role": account.role.value,
            "languages": account.languages,
            "region": account.region or "",
            "organisation": str(account.organisation_id or ""),
            "nationwide": account.nationwide,
            "ui_language": account.ui_language,
        }
        return _edit_page(request, db, account=account, values=values)


@router.post("/staff/users/{user_id}")
def update(
    request: Request,
    user: CurrentStaff,
    user_id: int,
    display_name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=16)] = "editor",
    languages: Annotated[list[str] | None, Form()] = None,
    region: Annotated[str, Form(max_length=12)] = "",
    organisation: Annotated[str, Form(max_length=12)] = "",
    nationwide: Annotated[bool, Form()] = False,
) -> Response:
    actor = _admin(user)
    with database(request) as db:
        account = _account(db, user_id)
        try:
            with db.begin_nested():
                update_user(
                    db,
                    actor=actor,
                    user=account,
                    role=Role(role) if role in Role._value2member_map_ else account.role,
                    display_name=display_name,
                    scope=_scope(languages or [], region, organisation, nationwide),
                )
        except AccountError as exc:
            db.refresh(account)
            values = {
                "username": account.username,
                "display_name": display_name,
                "role": role,
                "languages": languages or [],
                "region": region,
                "organisation": organisation,
                "nationwide": nationwide,
                "ui_language": account.ui_language,
            }
            return _edit_page(request, db, account=account, values=values, error=exc)
    staff_session(request).add_flash(L_("The account is saved."), kind="success")
    return RedirectResponse(f"/staff/users/{user_id}", status_code=303)


@router.post("/staff/users/{user_id}/active")
def set_active(
    request: Request,
    user: CurrentStaff,
    user_id: int,
    active: Annotated[bool, Form()] = False,
) -> Response:
    actor = _admin(user)
    session = staff_session(request)
    if user_id == user.id and not active:
        session.add_flash(L_("You cannot deactivate your own account."), kind="error")
        return RedirectResponse(f"/staff/users/{user_id}", status_code=303)
    with database(request) as db:
        account = _account(db, user_id)
        try:
            if active:
                reactivate(db, actor=actor, user=account)
            else:
                deactivate(db, actor=actor, user=account)
        except AccountError as exc:
            session.add_flash(exc.message, kind="error", **exc.values)
            return RedirectResponse(f"/staff/users/{user_id}", status_code=303)
    session.add_flash(
        L_("The account is active again.") if active else L_("The account is deactivated."),
        kind="success",
    )
    return RedirectResponse(f"/staff/users/{user_id}", status_code=303)


@router.post("/staff/users/{user_id}/password")
def reset_password(request: Request, user: CurrentStaff, user_id: int) -> Response:
    actor = _admin(user)
    password = generate_password()
    with database(request) as db:
        account = _account(db, user_id)
        set_password(db, actor=actor, user=account, password=password, must_change=True)
        return render(
            request,
            "users/password.html",
            {"account": account, "password": password, "created": False},
        )


@router.post("/staff/users/{user_id}/two-factor/off")
def reset_two_factor(request: Request, user: CurrentStaff, user_id: int) -> Response:
    """For someone who lost their phone: they log in with the password and set it up again."""
    actor = _admin(user)
    with database(request) as db:
        two_factor.disable(db, user=_account(db, user_id), actor=actor)
    staff_session(request).add_flash(L_("Two-factor login is off for this account."), kind="success")
    return RedirectResponse(f"/staff/users/{user_id}", status_code=303)
