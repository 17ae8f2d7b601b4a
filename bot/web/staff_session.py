"""The staff session: a signed, HttpOnly, SameSite=Strict cookie, rotated at login.

The cookie holds the account id, the account's session epoch (raised at logout, password reset,
deactivation or a change of rights, which ends every session of that account), the CSRF token, the
login time and the page language. Sessions end after 2 hours without a request and 12 hours after
login. Visitors who are not logged in get a cookie with only a CSRF token and a language, so the login
form is protected too.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.config import Settings
from bot.secret import derive_key
from bot.staff.i18n import DEFAULT_UI_LANGUAGE, ui_language

COOKIE = "wegweiser_staff"
IDLE_SECONDS = 2 * 60 * 60
ABSOLUTE_SECONDS = 12 * 60 * 60
CODE_SECONDS = 5 * 60


@dataclass
class StaffSession:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    user_id: int | None = None
    epoch: int = 0
    login_at: float = 0.0
    language: str = DEFAULT_UI_LANGUAGE
    flash: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    """Messages for the next page: (kind, English msgid, values)."""
    pending: tuple[int, int, float] | None = None
    """(account id, epoch, time) of a right password still waiting for its two-factor code."""
    modified: bool = False

    def log_in(self, *, user_id: int, epoch: int, language: str) -> None:
        """A fresh session for ``user_id``: new CSRF token, nothing kept from before login."""
        self.csrf = secrets.token_urlsafe(32)
        self.user_id = user_id
        self.epoch = epoch
        self.login_at = time.time()
        self.language = ui_language(language)
        self.flash = []
        self.pending = None
        self.modified = True

    def log_out(self) -> None:
        self.user_id = None
        self.csrf = secrets.token_urlsafe(32)
        self.flash = []
        self.pending = None
        self.modified = True

    def await_code(self, *, user_id: int, epoch: int) -> None:
        """The password was right; the session is not logged in until the code is (new CSRF token)."""
        self.log_out()
        self.pending = (user_id, epoch, time.time())

    def pending_user(self) -> tuple[int, int] | None:
        """(account id, epoch) waiting for a code, for at most :data:`CODE_SECONDS`."""
        if self.pending is None or time.time() - self.pending[2] > CODE_SECONDS:
            return None
        return self.pending[0], self.pending[1]

    def set_language(self, language: str) -> None:
        self.language = ui_language(language)
        self.modified = True

    def add_flash(self, message: str, /, kind: str = "info", **values: Any) -> None:
        self.flash.append((kind, message, values))
        self.modified = True

    def pop_flash(self) -> list[tuple[str, str, dict[str, Any]]]:
        messages, self.flash = self.flash, []
        if messages:
            self.modified = True
        return messages

    def dump(self) -> dict[str, Any]:
        data: dict[str, Any] = {"c": self.csrf, "l": self.language}
        if self.user_id is not None:
            data.update(u=self.user_id, e=self.epoch, t=self.login_at)
        if self.flash:
            data["f"] = [list(item) for item in self.flash]
        if self.pending is not None:
            data["p"] = list(self.pending)
        return data

    @classmethod
    def load(cls, data: Any) -> StaffSession | None:
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        session = cls(csrf=data["c"], language=ui_language(data.get("l")))
        if isinstance(data.get("u"), int):
            login_at = float(data.get("t") or 0)
            if time.time() - login_at > ABSOLUTE_SECONDS:
                return session  # the login has expired; the CSRF token and language stay
            session.user_id = data["u"]
            session.epoch = int(data.get("e") or 0)
            session.login_at = login_at
        pending = data.get("p")
        if (
            isinstance(pending, list)
            and len(pending) == 3
            and all(isinstance(v, int | float) for v in pending)
        ):
            session.pending = (int(pending[0]), int(pending[1]), float(pending[2]))
        flash = data.get("f")
        if isinstance(flash, list):
            session.flash = [
                (str(kind), str(message), dict(values))
                for kind, message, values in flash
                if isinstance(values, dict)
            ]
        return session


class SessionCodec:
    def __init__(self, settings: Settings) -> None:
        key = derive_key(settings, "staff-session")
        self._serializer = URLSafeTimedSerializer(key, salt="wegweiser-staff-session")

    def encode(self, session: StaffSession) -> str:
        return self._serializer.dumps(session.dump())

    def decode(self, value: str | None) -> StaffSession | None:
        if not value:
            return None
        try:
            data = self._serializer.loads(value, max_age=IDLE_SECONDS)
        except BadSignature:  # includes SignatureExpired
            return None
        return StaffSession.load(data)


class StaffSessionMiddleware:
    """Puts ``scope["staff_session"]`` on every request and writes the cookie back when needed."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.codec = SessionCodec(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        loaded = self.codec.decode(connection.cookies.get(COOKIE))
        session = loaded or StaffSession(modified=connection.url.path.startswith("/staff"))
        scope["staff_session"] = session
        secure = connection.url.scheme == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and (session.modified or session.user_id is not None):
                # Logged-in responses always renew the cookie: that is the idle timeout's clock.
                response = Response()
                response.set_cookie(
                    COOKIE,
                    self.codec.encode(session),
                    max_age=ABSOLUTE_SECONDS,
                    path="/",
                    httponly=True,
                    samesite="strict",
                    secure=secure,
                )
                headers = list(message.get("headers", []))
                headers.extend(
                    (name, value) for name, value in response.raw_headers if name.lower() == b"set-cookie"
                )
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def staff_session(connection: HTTPConnection) -> StaffSession:
    session: StaffSession = connection.scope["staff_session"]
    return session
