"""The local chat page (``/chat``): try the bot in a browser without a Telegram token.

The browser keeps a random conversation id in a cookie; the server turns it into a keyed pseudonym
before it reaches Rasa, exactly like the Telegram adapter does with chat ids.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from bot.config import Settings
from bot.languages import languages, normalize_language
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.secret import derive_key

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
COOKIE = "wegweiser_chat"


class ChatMessage(BaseModel):
    text: str = Field(min_length=1, max_length=4096)
    language: str | None = None


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def pseudonym(settings: Settings, conversation: str) -> str:
    key = derive_key(settings, "pseudonym").encode()
    return "web-" + hmac.new(key, conversation.encode(), hashlib.sha256).hexdigest()[:32]


@router.get("/chat", response_class=HTMLResponse)
async def chat_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "chat.html", {"languages": languages().values()}
    )


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
    try:
        async with RasaClient.from_settings(settings) as client:
            replies = await client.send(pseudonym(settings, conversation), message.text, metadata)
    except RasaUnavailable:
        return JSONResponse({"error": "unavailable"}, status_code=503)
    result = JSONResponse([{k: v for k, v in r.items() if k != "recipient_id"} for r in replies])
    result.set_cookie(COOKIE, conversation, httponly=True, samesite="strict", max_age=60 * 60)
    return result
