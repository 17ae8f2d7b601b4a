"""Logging in (password, then the two-factor code where it is on) and out, choosing the page language."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bot.db.models import StaffUser
from bot.staff.accounts import normalise_username, set_ui_language
from bot.staff.audit import Actor, record
from bot.staff.i18n import L_, ui_language
from bot.staff.login import LoginResult, Outcome, attempt_login, client_key, finish_with_code
from bot.web.deps import OptionalStaff, database, settings_of, staff_router
from bot.web.devices import known_device, remember_device
from bot.web.staff_session import staff_session
from bot.web.templating import render

router = staff_router()

MESSAGES = {
    Outcome.WRONG: L_("The username or the password is wrong."),
    Outcome.WAIT: L_(
        "Too many failed attempts for this username: please wait %(seconds)s seconds before the next "
        "try. On a computer where you have logged in before, you need not wait."
    ),
    Outcome.THROTTLED: L_("Too many failed attempts from this connection. Please wait %(minutes)s minutes."),
    Outcome.INACTIVE: L_("This account is deactivated. Please ask an admin."),
}
CODE_WRONG = L_("The code is wrong or was used already. Wait for the next code in your app.")


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


def _client(request: Request) -> str:
    return client_key(settings_of(request), request.client.host if request.client else "unknown")


def _logged_in(request: Request, result: LoginResult, next: str) -> Response:
    """Start the session of ``result.user`` and remember this browser for its name."""
    assert result.user is not None
    staff_session(request).log_in(
        user_id=result.user.id, epoch=result.user.session_epoch, language=result.user.ui_language
    )
    response = RedirectResponse(safe_next(next), status_code=303)
    remember_device(settings_of(request), request, response, result.user.username)
    return response


def _status(result: LoginResult) -> int:
    return 429 if result.outcome in (Outcome.WAIT, Outcome.THROTTLED) else 401


@router.post("/staff/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/staff/",
) -> Response:
    settings = settings_of(request)
    known = known_device(settings, request, normalise_username(username)[:64])
    with database(request) as db:
        result = attempt_login(
            db, username=username, password=password, client=_client(request), known_device=known
        )
        if result.outcome is Outcome.OK:
            return _logged_in(request, result, next)
        if result.outcome is Outcome.CODE_NEEDED and result.user is not None:
            staff_session(request).await_code(user_id=result.user.id, epoch=result.user.session_epoch)
            return RedirectResponse(f"/staff/login/code?next={quote(safe_next(next), safe='/')}", 303)
    return render(
        request,
        "auth/login.html",
        {
            "next": safe_next(next),
            "error": (MESSAGES[result.outcome], {"minutes": result.minutes, "seconds": result.seconds}),
            "username": username[:64],
        },
        status_code=_status(result),
    )


def _pending(request: Request, db: Session) -> StaffUser | None:
    waiting = staff_session(request).pending_user()
    if waiting is None:
        return None
    user = db.get(StaffUser, waiting[0])
    if user is None or not user.active or user.session_epoch != waiting[1] or not user.totp_secret:
        return None
    return user


@router.get("/staff/login/code", name="login_code")
def code_page(request: Request, next: str | None = None) -> Response:
    with database(request) as db:
        if _pending(request, db) is None:
            return RedirectResponse("/staff/login", status_code=303)
    return render(request, "auth/code.html", {"next": safe_next(next), "error": None})


@router.post("/staff/login/code")
def code(
    request: Request,
    code: Annotated[str, Form(max_length=32)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/staff/",
) -> Response:
    with database(request) as db:
        user = _pending(request, db)
        if user is None:
            staff_session(request).add_flash(
                L_("The login took too long; please enter your password again."), kind="error"
            )
            return RedirectResponse("/staff/login", status_code=303)
        known = known_device(settings_of(request), request, user.username)
        result = finish_with_code(db, user=user, code=code, client=_client(request), known_device=known)
        if result.outcome is Outcome.OK:
            return _logged_in(request, result, next)
    message = CODE_WRONG if result.outcome is Outcome.WRONG else MESSAGES[result.outcome]
    return render(
        request,
        "auth/code.html",
        {
            "next": safe_next(next),
            "error": (message, {"minutes": result.minutes, "seconds": result.seconds}),
        },
        status_code=_status(result),
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
