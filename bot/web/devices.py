"""The device cookie: a browser that has logged into an account before skips that account's delays.

Failed logins slow down every further try of a name (:mod:`bot.staff.login`); without this, anyone
typing wrong passwords for an admin's name would keep the admin waiting too. After a full login the
browser gets a signed, HttpOnly cookie naming the account (nothing else); tries of that name from
that browser are not delayed (the per-connection limit still applies). Signed with a key derived
from the installation secret, valid for 180 days.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from bot.config import Settings
from bot.secret import derive_key

COOKIE = "wegweiser_device"
MAX_AGE = 180 * 24 * 60 * 60


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(derive_key(settings, "staff-device"), salt="wegweiser-staff-device")


def known_device(settings: Settings, request: Request, username: str) -> bool:
    """Whether this browser logged into ``username`` (already normalised) before."""
    value = request.cookies.get(COOKIE)
    if not value or not username:
        return False
    try:
        data = _serializer(settings).loads(value, max_age=MAX_AGE)
    except BadSignature:
        return False
    return isinstance(data, dict) and data.get("n") == username


def remember_device(settings: Settings, request: Request, response: Response, username: str) -> None:
    response.set_cookie(
        COOKIE,
        _serializer(settings).dumps({"n": username}),
        max_age=MAX_AGE,
        path="/staff/login",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
