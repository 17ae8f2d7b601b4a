"""``wegweiser up``, ``ask`` and ``chat``: run the stack and talk to it from the terminal."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import uuid
from typing import Any

from bot.config import load_settings
from bot.languages import normalize_language
from bot.rasa_client import CommandRefused, RasaClient


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    up = subparsers.add_parser("up", help="start Rasa, the action server, the web app (and Telegram)")
    up.set_defaults(handler=cmd_up)

    ask = subparsers.add_parser("ask", help="send one message through the running stack")
    ask.add_argument("text")
    ask.add_argument("--lang", help="answer in this language (de, en, ar, …)")
    ask.add_argument("--json", action="store_true", help="print the reply messages as JSON")
    ask.add_argument(
        "--conversation",
        help="keep this conversation (any name) for follow-up questions; by default it is deleted",
    )
    ask.set_defaults(handler=cmd_ask)

    chat = subparsers.add_parser("chat", help="chat with the running stack in the terminal")
    chat.add_argument("--lang", help="answer in this language (de, en, ar, …)")
    chat.set_defaults(handler=cmd_chat)


def cmd_up(_args: argparse.Namespace) -> int:
    # Imported here: ``ask`` and ``chat`` answer faster without migrations, training and processes.
    from bot.db.migrate import upgrade
    from bot.engine.models import ModelRegistry
    from bot.stack.processes import stack
    from bot.stack.supervisor import PRIVATE_UMASK, Supervisor, make_private

    settings = load_settings()
    os.umask(PRIVATE_UMASK)  # databases, logs and engine files: the owner's only
    make_private(settings.var)
    upgrade(settings.db_url)
    registry = ModelRegistry(settings.models)
    model = registry.active()
    if model is None:
        from bot.engine.train import train  # only then: the supervisor stays small (~15 MB less)

        print("No trained model yet: training one first.")
        model = train(settings, activate=True).model
    supervisor = Supervisor(stack(settings, model.path), settings.var / "log")
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    signal.signal(signal.SIGINT, supervisor.request_stop)
    print(f"Starting Wegweiser with model {model.name} …")
    try:
        supervisor.start()
        supervisor.wait_ready()
        if supervisor.stopping:
            return 0
        print(f"\nWegweiser is up. Chat in your browser: {settings.web_url}/chat")
        print(f"Staff app: {settings.web_url}/staff/")
        if settings.telegram_bot_token is None:
            print("No TELEGRAM_BOT_TOKEN set: the local chat page is the channel.")
        print("Press Ctrl-C to stop.\n")
        supervisor.watch()
    finally:
        print("Stopping …", flush=True)
        supervisor.stop()
        print("Stopped.", flush=True)
    return 0


def _metadata(lang: str | None) -> dict[str, Any]:
    code = normalize_language(lang)
    return {"lang_choice": code} if code else {}


def render(replies: list[dict[str, Any]]) -> str:
    """Plain-text view of reply messages for the terminal, laid out as every channel lays them out."""
    from bot.replies.contract import Reply
    from bot.replies.display import display, shown_text

    settings = load_settings()
    return shown_text(display(Reply.from_wire(replies, fallback_language=settings.default_language)))


def _check_lang(lang: str | None) -> None:
    if lang is not None and normalize_language(lang) is None:
        from bot.languages import language_codes

        raise SystemExit(f"wegweiser: unknown language {lang!r}; choose one of {', '.join(language_codes())}")


async def _ask(text: str, lang: str | None, conversation: str | None) -> list[dict[str, Any]]:
    settings = load_settings()
    sender = f"cli-{conversation}" if conversation else f"cli-{uuid.uuid4().hex}"
    async with RasaClient.from_settings(settings) as client:
        try:
            return await client.send(sender, text, _metadata(lang))
        finally:
            if conversation is None:
                await client.forget(sender)


def cmd_ask(args: argparse.Namespace) -> int:
    _check_lang(args.lang)
    replies = asyncio.run(_ask(args.text, args.lang, args.conversation))
    cleaned = [{k: v for k, v in r.items() if k != "recipient_id"} for r in replies]
    print(json.dumps(cleaned, ensure_ascii=False, indent=2) if args.json else render(cleaned))
    return 0


async def _chat(lang: str | None) -> None:
    settings = load_settings()
    sender = f"cli-{uuid.uuid4().hex}"
    async with RasaClient.from_settings(settings) as client:
        print("Write a message (Ctrl-D or /quit to end; the conversation is deleted at the end).")
        try:
            while True:
                try:
                    text = (await asyncio.to_thread(input, "> ")).strip()
                except EOFError:
                    break
                if text in ("/quit", "/exit"):
                    break
                if not text:
                    continue
                try:
                    print(render(await client.send(sender, text, _metadata(lang))))
                except CommandRefused as exc:  # a typed "/start" ends nothing
                    print(f"({exc})")
        finally:
            await client.forget(sender)


def cmd_chat(args: argparse.Namespace) -> int:
    _check_lang(args.lang)
    asyncio.run(_chat(args.lang))
    return 0
