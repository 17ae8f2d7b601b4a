"""Logging in and out, and choosing the page language."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from bot.db.models import StaffUser
from bot.staff.accounts import set_ui_language
from bot.staff.audit import Actor, record
from bot.staff.i18n import L_, ui_language
from bot.staff.login import Outcome, attempt_login, client_key
from bot.web.deps import OptionalStaff, database, settings_of, staff_router
from bot.web.session import staff_session
from bot.web.templating import render

router = staff_router()

MESSAGES = {
    Outcome.WRONG: L_("The username or the password is wrong."),
    Outcome.LOCKED: L_(
        "Too many failed attempts: this login is locked for %(minutes)s minutes. "
        "An admin can unlock it at once by resetting the password."
    ),
    Outcome.THROTTLED: L_("Too many failed attempts from this connection. Please wait %(minutes)s minutes."),
    Outcome.INACTIVE: L_("This account is deactivated. Please ask an admin."),
}


def safe_next(target: str | None) -> str:
    """Only paths inside the staff app (never another site) are followed after login."""
    if target and target.startswith("/staff") and not target.startswith("//") and "\\" not in target:
        return target
    return "/staff/"


@router.get("/staff/login", name="login")
def login_page(request: Request, user: OptionalStaff, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "auth/login.html", {"next": safe_next(next), "error": None, "username": ""})


@router.post("/staff/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/staff/",
) -> Response:
    settings = settings_of(request)
    client = client_key(settings, request.client.host if request.client else "unknown")
    with database(request) as db:
        result = attempt_login(db, username=username, password=password, client=client)
        if result.outcome is Outcome.OK and result.user is not None:
            staff_session(request).log_in(
                user_id=result.user.id,
                epoch=result.user.session_epoch,
                language=result.user.ui_language,
            )
            return RedirectResponse(safe_next(next), status_code=303)
    status = 429 if result.outcome in (Outcome.LOCKED, Outcome.THROTTLED) else 401
    return render(
        request,
        "auth/login.html",
        {
            "next": safe_next(next),
            "error": (MESSAGES[result.outcome], {"minutes": result.minutes}),
            "username": username[:64],
        },
        status_code=status,
    )


@router.post("/staff/logout")
def logout(request: Request, user: OptionalStaff) -> Response:
    if user is not None:
        with database(request) as db:
            account = db.get(StaffUser, user.id)
            if account is not None:
                account.session_epoch += 1  # ends this account's sessions everywhere
            record(db, actor=Actor(user.id, user.username), action="user.logout", target=user.username)
    session = staff_session(request)
    session.log_out()
    session.add_flash(L_("You are logged out."))
    return RedirectResponse("/staff/login", status_code=303)


@router.post("/staff/language")
def choose_language(
    request: Request,
    user: OptionalStaff,
    language: Annotated[str, Form(max_length=8)] = "de",
    next: Annotated[str, Form(max_length=2000)] = "/staff/",
) -> Response:
    staff_session(request).set_language(ui_language(language))
    if user is not None:
        with database(request) as db:
            account = db.get(StaffUser, user.id)
            if account is not None:
                set_ui_language(account, language)
    return RedirectResponse(safe_next(next), status_code=303)
