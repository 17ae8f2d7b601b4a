"""How refusals look: login redirects, 403 and 404 pages in the staff language, expired forms, and
invalid requests that never repeat what was sent."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from bot.staff.i18n import L_
from bot.web.deps import (
    CsrfFailed,
    Forbidden,
    LoginRequired,
    NotFound,
    PasswordChangeRequired,
    TwoFactorRequired,
)
from bot.web.staff_session import staff_session
from bot.web.templating import render


def _is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _redirect(request: Request, target: str) -> Response:
    if _is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def login_required(request: Request, _exc: Exception) -> Response:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    if request.method != "GET":
        target = "/staff/"
    return _redirect(request, f"/staff/login?next={quote(target, safe='/')}")


async def password_change_required(request: Request, _exc: Exception) -> Response:
    staff_session(request).add_flash(L_("Please choose your own password before you continue."), kind="info")
    return _redirect(request, "/staff/account/password")


async def two_factor_required(request: Request, _exc: Exception) -> Response:
    staff_session(request).add_flash(
        L_("This installation requires two-factor login for admins. Please set it up now."), kind="info"
    )
    return _redirect(request, "/staff/account/two-factor")


async def forbidden(request: Request, _exc: Exception) -> Response:
    return render(request, "errors/forbidden.html", status_code=403)


async def csrf_failed(request: Request, _exc: Exception) -> Response:
    return render(request, "errors/csrf.html", status_code=403)


async def not_found(request: Request, _exc: Exception) -> Response:
    return render(request, "errors/not_found.html", status_code=404)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404 and request.url.path.startswith("/staff"):
        return render(request, "errors/not_found.html", status_code=404)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


async def invalid_request(_request: Request, exc: Exception) -> Response:
    """A 422 that names the fields and what is wrong with them, never the values sent (FastAPI's
    default echoes the whole input: 100 MB back for a 100 MB field)."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"field": ".".join(str(part) for part in error.get("loc", ())), "type": str(error.get("type", ""))}
        for error in exc.errors()[:20]
    ]
    return JSONResponse({"detail": "invalid request", "problems": problems}, status_code=422)


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(PasswordChangeRequired, password_change_required)
    app.add_exception_handler(TwoFactorRequired, two_factor_required)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(CsrfFailed, csrf_failed)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(HTTPException, http_error)
