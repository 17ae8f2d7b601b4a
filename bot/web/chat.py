"""The local chat page (``/chat``): try the bot in a browser without a Telegram token.

The browser keeps a random conversation id in a cookie; the server turns it into a keyed pseudonym
before it reaches Rasa, exactly like the Telegram adapter does with chat ids. Replies go through the
same conversation service as Telegram's (:class:`bot.replies.conversation.Conversations`: outage mode
included) and come back laid out by the same screen rules (:func:`bot.replies.display.display`), so
numbers in Arabic and Persian text keep their order here too.

Logged-in staff can tick "show drafts" to test unpublished texts. Only then, and only for a valid
staff session with its CSRF token, does the message carry the draft-preview flag
(:mod:`bot.staff.preview`), and it goes out under a separate conversation (channel ``preview``), so
a public conversation never sees a draft, whatever the browser sends.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from bot.config import Settings
from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import languages, normalize_language
from bot.pseudonym import pseudonym, pseudonym_key
from bot.rasa_bridge import RasaBridge
from bot.rasa_client import RasaClient
from bot.replies.commands import command_in, command_reply, deletion
from bot.replies.contract import LanguagePicker, Reply, payload
from bot.replies.conversation import Conversations, client_language
from bot.replies.display import Shown, button_rows, display
from bot.replies.fixed import Facts
from bot.replies.outage import OutageReplies
from bot.replies.safety import SafetyNet
from bot.shared_state import Memories, SharedState
from bot.staff.permissions import answer_languages
from bot.staff.preview import METADATA_KEY, preview_token
from bot.web.deps import CSRF_HEADER, load_identity
from bot.web.staff_session import staff_session
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


@dataclass
class _ChatChannel:
    """What the chat page keeps between messages: keys, the link to Rasa, what replies said."""

    pseudonym: bytes
    conversations: Conversations
    memory: Memories
    loop: asyncio.AbstractEventLoop


def _channel(request: Request) -> _ChatChannel:
    """The chat channel of this app, made on the first message (and again for a new event loop)."""
    loop = asyncio.get_running_loop()
    channel: _ChatChannel | None = getattr(request.app.state, "chat_channel", None)
    if channel is None or channel.loop is not loop:
        settings = _settings(request)
        shared = SharedState(settings)  # several web workers share memories and "down" by Redis
        bridge = RasaBridge(RasaClient.from_settings(settings), shared=shared.engine)
        outage = OutageReplies(settings, SafetyNet.load(), on_telegram=False)
        channel = _ChatChannel(
            pseudonym_key(settings),
            Conversations(bridge, outage, default_language=settings.default_language),
            shared.memories,
            loop,
        )
        request.app.state.chat_channel = channel
    return channel


def _browser_language(request: Request) -> str | None:
    """The browser's first supported language (Accept-Language), the chat page's client hint."""
    for part in request.headers.get("accept-language", "").split(","):
        code = normalize_language(part.split(";")[0].strip())
        if code:
            return code
    return None


def screen_json(reply: Reply) -> dict[str, Any]:
    """A reply laid out for the page: HTML and text per message, buttons in rows, markers in place."""
    rtl = reply.meta.rtl
    messages: list[dict[str, Any]] = []
    for item in display(reply):
        if isinstance(item, Shown):
            rows = [
                [{"title": b.title, "payload": b.payload} for b in row]
                for row in button_rows(item.buttons, rtl=rtl)
            ]
            messages.append({"kind": "text", "html": item.html, "text": item.plain, "buttons": rows})
        elif isinstance(item, LanguagePicker):
            choices = [
                {"title": lang.name, "payload": payload("choose_language", language=code)}
                for code, lang in languages().items()
            ]
            messages.append(
                {
                    "kind": "language_picker",
                    "buttons": [choices[i : i + 2] for i in range(0, len(choices), 2)],
                }
            )
        else:  # the page offers its location button under the "where?" text
            messages.append(
                {"kind": "request_location", "title": translate(reply.language, m.BUTTON_SHARE_LOCATION)}
            )
    return {"language": reply.language, "rtl": rtl, "intent": reply.meta.intent, "messages": messages}


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
    """A logged-in staff member who may edit answers asked from their own page (the CSRF token matches).

    The same permission as the answer editor: an account that may not open any text, or that must
    still replace its first password, sees no drafts.
    """
    identity = load_identity(request)
    if identity is None or identity.must_change_password or not answer_languages(identity):
        return False
    given = request.headers.get(CSRF_HEADER, "")
    return bool(given) and hmac.compare_digest(given.encode(), staff_session(request).csrf.encode())


@router.post("/chat/message")
async def chat_message(
    request: Request,
    message: ChatMessage,
    conversation: Annotated[str | None, Cookie(alias=COOKIE)] = None,
) -> Any:
    settings = _settings(request)
    if not conversation:
        conversation = secrets.token_urlsafe(24)
    metadata: dict[str, Any] = {}
    prefix = "web"
    if message.preview:
        if not await run_in_threadpool(_is_staff_preview, request):
            return JSONResponse({"error": "login"}, status_code=403)
        prefix = "preview"
    channel = _channel(request)
    sender = pseudonym(channel.pseudonym, conversation, channel=prefix)
    if message.preview:
        metadata[METADATA_KEY] = preview_token(settings, sender)
    memory = await channel.memory.load(sender)
    hint, choice = _browser_language(request), normalize_language(message.language)
    answer: Reply | str = message.text
    command = command_in(message.text)
    if command is not None:  # as on Telegram: the privacy text tells people to send /delete
        language = client_language(memory, choice=choice, hint=hint, default=settings.default_language)
        if command.name == "delete":
            deleted = await channel.conversations.forget(sender, channel.memory)
            done = JSONResponse(screen_json(deletion(language, deleted, minutes=settings.session_minutes)))
            if deleted:  # the next message starts a new conversation; after a failure, /delete again
                done.delete_cookie(COOKIE, httponly=True, samesite="strict")
            return done
        answer = command_reply(command, language, Facts.from_settings(settings, on_telegram=False))
    if isinstance(answer, Reply):
        reply = answer
    else:  # a message, or "/language ar" on to the engine
        reply = await channel.conversations.reply(
            sender, answer, memory, hint=hint, choice=choice, metadata=metadata
        )
    memory.note(reply)
    await channel.memory.save(sender, memory)
    result = JSONResponse(screen_json(reply))
    result.set_cookie(COOKIE, conversation, httponly=True, samesite="strict", max_age=60 * 60)
    return result
