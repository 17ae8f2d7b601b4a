"""Request bodies have a size limit per route, enforced before anything parses or stores them.

Without it, a 200 MB body to ``/staff/login`` was read, stored and parsed as a form before the CSRF
check could refuse it. This middleware runs outside every route: a declared ``Content-Length`` over
the limit is refused at once, and a body that grows past it while being read (chunked uploads) is cut
off with the same reply, ``413`` and a short text that echoes nothing.
"""

from __future__ import annotations

from typing import Final

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KB: Final = 1024
MB: Final = 1024 * KB
LIMITS: Final = (
    ("/staff/import", 11 * MB),  # the 10 MB file plus its form around it
    ("/staff/answers", 512 * KB),  # a 20,000-character text, url-encoded
    ("/staff/services", 256 * KB),
    ("/staff", 64 * KB),  # logins, account and user forms
    ("/chat", 64 * KB),  # one message of at most 4,096 characters
)
DEFAULT_LIMIT: Final = 1 * MB
"""Everything else (Telegram's webhook updates are far smaller)."""
TOO_LARGE: Final = b"Request body too large."


def limit_for(path: str) -> int:
    for prefix, limit in LIMITS:
        if path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + "."):
            return limit
    return DEFAULT_LIMIT


class BodyTooLarge(HTTPException):
    """Raised while a route reads its body; routes and FastAPI's body parsing pass it on as a 413."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail=TOO_LARGE.decode())


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope.get("path", ""))
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = limit + 1
                if declared > limit:
                    await _refuse(send)
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send)


async def _refuse(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(TOO_LARGE)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": TOO_LARGE})
