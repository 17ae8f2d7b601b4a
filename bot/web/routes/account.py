"""The signed-in person's own account: choosing a new password (required after an admin reset)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from bot.db.models import StaffUser
from bot.staff.accounts import AccountError, set_password
from bot.staff.audit import Actor
from bot.staff.i18n import L_
from bot.staff.passwords import verify_password
from bot.web.deps import CurrentStaff, database, staff_router
from bot.web.session import staff_session
from bot.web.templating import render

router = staff_router()


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
