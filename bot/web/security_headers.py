"""Security headers on every response: a strict content security policy, no framing, no sniffing.

Pages load scripts and styles only from ``/static`` (no inline code), so the policy needs no
exceptions. Staff pages are never cached: they show unpublished texts and account data.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
CHAT_PAGE_PERMISSIONS = "camera=(), microphone=(), geolocation=(self), payment=()"
"""The chat page asks for the position itself, only when the person presses "share my location" under
"where?" (rounded in the page to about a kilometre before it is sent); every other page may not."""


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if path == "/chat":
                    headers.setdefault("Permissions-Policy", CHAT_PAGE_PERMISSIONS)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if path.startswith("/staff") or path.startswith("/chat"):
                    headers["Cache-Control"] = "no-store"
                if https:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
            await send(message)

        await self.app(scope, receive, send_with_headers)
