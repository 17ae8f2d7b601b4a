"""Reading a conversation: what was asked, in which language, and the replies' common parts.

Every reply starts with a ``meta`` custom message so clients know the reply's language and topic
without guessing (the Telegram adapter uses it for right-to-left layout, the CLI for ``--json``).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import settings
from bot.i18n import translate
from bot.i18n import messages as m
from bot.languages import is_rtl
from bot.nlu.language import reply_language
from bot.topics import is_topic


def intent_of(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def metadata_of(tracker: Tracker) -> dict[str, Any]:
    metadata = tracker.latest_message.get("metadata") or {}
    return metadata if isinstance(metadata, dict) else {}


def conversation_language(tracker: Tracker) -> str:
    """The reply language: explicit choice (metadata or slot), else the message's language, else hint."""
    metadata = metadata_of(tracker)
    text = tracker.latest_message.get("text") or ""
    return reply_language(
        choice=metadata.get("lang_choice") or tracker.get_slot("language"),
        text=None if text.startswith("/") else text,
        hint=metadata.get("lang_hint"),
        default=settings().default_language,
    )


def send_meta(
    dispatcher: CollectingDispatcher,
    *,
    language: str,
    intent: str | None,
    topic: str | None = None,
    language_fallback: bool = False,
) -> None:
    dispatcher.utter_message(
        json_message={
            "type": "meta",
            "language": language,
            "rtl": is_rtl(language),
            "intent": intent,
            "topic": topic if is_topic(topic) else None,
            "language_fallback": language_fallback,
        }
    )


def next_step_buttons(language: str, topic: str | None) -> list[dict[str, str]]:
    """The buttons under every answer: services near me, a counsellor, other topics."""
    near = "/find_service" if topic is None else f'/find_service{{"topic":"{topic}"}}'
    return [
        {"title": translate(language, m.BUTTON_NEAR_ME), "payload": near},
        {"title": translate(language, m.BUTTON_COUNSELLOR), "payload": "/counselling_migration"},
        {"title": translate(language, m.BUTTON_OTHER_TOPICS), "payload": "/help"},
    ]
