"""The signed-in person's own account: a new password (required after an admin reset), two-factor login."""

from __future__ import annotations

import re
import textwrap
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from bot.db.models import Role, StaffUser
from bot.staff.accounts import AccountError, set_password
from bot.staff.audit import Actor
from bot.staff.i18n import L_
from bot.staff.passwords import verify_password
from bot.staff.two_factor import check_code, disable, enable, new_secret, provisioning_uri, qr_data_uri
from bot.web.deps import CurrentStaff, StaffIdentity, database, settings_of, staff_router
from bot.web.staff_session import staff_session
from bot.web.templating import render

router = staff_router()
SECRET = re.compile(r"^[A-Z2-7]{16,64}$")


@router.get("/staff/account/password", name="account_password")
def password_page(request: Request, user: CurrentStaff) -> Response:
    return render(request, "account/password.html", {"error": None})


@router.post("/staff/account/password")
def change_password(
    request: Request,
    user: CurrentStaff,
    current: Annotated[str, Form(max_length=1000)] = "",
    new: Annotated[str, Form(max_length=1000)] = "",
    repeat: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    error: tuple[str, dict[str, object]] | None = None
    with database(request) as db:
        account = db.get(StaffUser, user.id)
        assert account is not None
        if not verify_password(account.password_hash, current):
            error = (L_("The current password is wrong."), {})
        elif new != repeat:
            error = (L_("The two new passwords are not the same."), {})
        elif new == current:
            error = (L_("Choose a password different from the current one."), {})
        else:
            try:
                set_password(
                    db, actor=Actor(user.id, user.username), user=account, password=new, must_change=False
                )
            except AccountError as exc:
                error = (exc.message, exc.values)
            else:
                staff_session(request).log_in(
                    user_id=account.id, epoch=account.session_epoch, language=account.ui_language
                )
                staff_session(request).add_flash(L_("Your new password is saved."), kind="success")
                return RedirectResponse("/staff/", status_code=303)
    return render(request, "account/password.html", {"error": error}, status_code=422)


def _two_factor_page(
    request: Request, user: StaffIdentity, *, secret: str | None, error: str | None, status: int = 200
) -> Response:
    context: dict[str, object] = {"error": (error, {}) if error else None, "secret": secret}
    if secret is not None:
        uri = provisioning_uri(secret, username=user.username)
        context.update(qr=qr_data_uri(uri), secret_groups=" ".join(textwrap.wrap(secret, 4)))
    return render(request, "account/two_factor.html", context, status_code=status)


@router.get("/staff/account/two-factor", name="account_two_factor")
def two_factor_page(request: Request, user: CurrentStaff) -> Response:
    return _two_factor_page(request, user, secret=None if user.two_factor else new_secret(), error=None)


@router.post("/staff/account/two-factor")
def two_factor_on(
    request: Request,
    user: CurrentStaff,
    secret: Annotated[str, Form(max_length=64)] = "",
    code: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    if user.two_factor:
        return RedirectResponse("/staff/account/two-factor", status_code=303)
    if not SECRET.match(secret):
        secret = new_secret()
    with database(request) as db:
        account = db.get(StaffUser, user.id)
        assert account is not None
        if not enable(
            db,
            user=account,
            secret=secret,
            code=code,
            now=datetime.now(UTC),
            actor=Actor(user.id, user.username),
        ):
            wrong = L_("This code does not fit. Check the time on your phone and enter the current code.")
            return _two_factor_page(request, user, secret=secret, error=wrong, status=422)
        staff_session(request).log_in(
            user_id=account.id, epoch=account.session_epoch, language=account.ui_language
        )
    staff_session(request).add_flash(L_("Two-factor login is on."), kind="success")
    return RedirectResponse("/staff/", status_code=303)


@router.post("/staff/account/two-factor/off")
def two_factor_off(
    request: Request,
    user: CurrentStaff,
    current: Annotated[str, Form(max_length=1000)] = "",
    code: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    if user.role is Role.ADMIN and settings_of(request).admin_two_factor:
        staff_session(request).add_flash(
            L_("This installation requires two-factor login for admins; it cannot be turned off."),
            kind="error",
        )
        return RedirectResponse("/staff/account/two-factor", status_code=303)
    with database(request) as db:
        account = db.get(StaffUser, user.id)
        assert account is not None
        if not (
            verify_password(account.password_hash, current)
            and check_code(account, code, now=datetime.now(UTC))
        ):
            db.rollback()
            wrong = L_("The password or the code is wrong; two-factor login stays on.")
            return _two_factor_page(request, user, secret=None, error=wrong, status=422)
        disable(db, user=account, actor=Actor(user.id, user.username))
        staff_session(request).log_in(
            user_id=account.id, epoch=account.session_epoch, language=account.ui_language
        )
    staff_session(request).add_flash(L_("Two-factor login is off."), kind="success")
    return RedirectResponse("/staff/", status_code=303)
