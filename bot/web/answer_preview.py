"""The editor's preview: an answer exactly as the bot sends it, rendered as Telegram shows it.

The reply is built with the action's own buttons (:func:`actions.conversation.next_step_buttons`) and
rendered by the Telegram adapter's renderer, so staff see the same text, direction and buttons that
people get, not an imitation of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from telegram import InlineKeyboardMarkup

from actions.conversation import next_step_buttons
from bot.content.answer_editing import RECOMMENDED_LENGTH
from bot.languages import is_rtl
from bot.telegram.render import Text, render
from bot.telegram.text import MESSAGE_LIMIT, visible_length


@dataclass(frozen=True)
class PreviewMessage:
    html: Markup
    """Telegram HTML (escaped by the renderer: only its own <b>, <i>, <a> tags)."""
    buttons: list[list[str]]


@dataclass(frozen=True)
class Preview:
    language: str
    rtl: bool
    messages: list[PreviewMessage]
    length: int
    recommended: int = RECOMMENDED_LENGTH
    limit: int = MESSAGE_LIMIT

    @property
    def too_long(self) -> bool:
        return self.length > self.limit

    @property
    def long(self) -> bool:
        return self.length > self.recommended


def bot_reply(*, topic: str, language: str, text: str) -> list[dict[str, Any]]:
    """The reply messages ``action_answer`` sends for this text (see the reply contract)."""
    meta = {
        "type": "meta",
        "language": language,
        "rtl": is_rtl(language),
        "intent": topic,
        "topic": topic,
        "language_fallback": False,
    }
    return [
        {"custom": meta},
        {"text": text.strip(), "buttons": next_step_buttons(language, topic)},
    ]


def preview(*, topic: str, language: str, text: str) -> Preview:
    rendered = render(bot_reply(topic=topic, language=language, text=text), fallback_language=language)
    messages = []
    for message in rendered.messages:
        if not isinstance(message, Text):
            continue
        rows: list[list[str]] = []
        if isinstance(message.markup, InlineKeyboardMarkup):
            rows = [[button.text for button in row] for row in message.markup.inline_keyboard]
        messages.append(PreviewMessage(Markup(message.html), rows))
    text = text.replace("\r\n", "\n").strip()
    return Preview(language, rendered.rtl, messages, visible_length(text))
