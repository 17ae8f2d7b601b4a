"""The local chat page (``/chat``): try the bot in a browser without a Telegram token.

The browser keeps a random conversation id in a cookie; the server turns it into a keyed pseudonym
before it reaches Rasa, exactly like the Telegram adapter does with chat ids.

Logged-in staff can tick "show drafts" to test unpublished texts. Only then, and only for a valid
staff session with its CSRF token, does the message carry the draft-preview flag
(:mod:`bot.staff.preview`), and it goes out under a separate conversation (channel ``preview``), so
a public conversation never sees a draft, whatever the browser sends.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from bot.config import Settings
from bot.languages import languages, normalize_language
from bot.pseudonym import pseudonym, pseudonym_key
from bot.rasa_client import ChannelAuth, RasaClient, RasaUnavailable
from bot.staff.preview import METADATA_KEY, preview_token
from bot.web.deps import CSRF_HEADER, load_identity
from bot.web.session import staff_session
from bot.web.templating import page_language, templates_for

router = APIRouter()
COOKIE = "wegweiser_chat"


class ChatMessage(BaseModel):
    text: str = Field(min_length=1, max_length=4096)
    language: str | None = None
    preview: bool = False
    """Show drafts: honoured only for a logged-in staff session (else the request is refused)."""


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@dataclass(frozen=True)
class _Keys:
    pseudonym: bytes
    rasa: ChannelAuth


def _keys(request: Request) -> _Keys:
    """The keys this app derives from the installation secret, read on the first message only."""
    keys: _Keys | None = getattr(request.app.state, "chat_keys", None)
    if keys is None:
        settings = _settings(request)
        keys = _Keys(pseudonym_key(settings), ChannelAuth.from_settings(settings))
        request.app.state.chat_keys = keys
    return keys


@router.get("/chat", response_class=HTMLResponse)
async def chat_page(request: Request) -> HTMLResponse:
    staff = await run_in_threadpool(load_identity, request)
    response: HTMLResponse = templates_for(page_language(request)).TemplateResponse(
        request,
        "chat.html",
        {
            "languages": languages().values(),
            "staff": staff,
            "csrf_token": staff_session(request).csrf if staff else "",
        },
    )
    return response


def _is_staff_preview(request: Request) -> bool:
    """A logged-in staff member's own page asked (same-origin: the CSRF token matches)."""
    if load_identity(request) is None:
        return False
    given = request.headers.get(CSRF_HEADER, "")
    return bool(given) and hmac.compare_digest(given.encode(), staff_session(request).csrf.encode())


@router.post("/chat/message")
async def chat_message(
    request: Request,
    message: ChatMessage,
    response: Response,
    conversation: Annotated[str | None, Cookie(alias=COOKIE)] = None,
) -> Any:
    settings = _settings(request)
    if not conversation:
        conversation = secrets.token_urlsafe(24)
    metadata: dict[str, Any] = {}
    lang = normalize_language(message.language)
    if lang:
        metadata["lang_choice"] = lang
    channel = "web"
    if message.preview:
        if not await run_in_threadpool(_is_staff_preview, request):
            return JSONResponse({"error": "login"}, status_code=403)
        channel = "preview"
    keys = _keys(request)
    sender = pseudonym(keys.pseudonym, conversation, channel=channel)
    if message.preview:
        metadata[METADATA_KEY] = preview_token(settings, sender)
    try:
        async with RasaClient.from_settings(settings, auth=keys.rasa) as client:
            replies = await client.send(sender, message.text, metadata)
    except RasaUnavailable:
        return JSONResponse({"error": "unavailable"}, status_code=503)
    result = JSONResponse([{k: v for k, v in r.items() if k != "recipient_id"} for r in replies])
    result.set_cookie(COOKIE, conversation, httponly=True, samesite="strict", max_age=60 * 60)
    return result
