"""The editor's preview: an answer exactly as the bot sends it, laid out as people see it.

The reply is built by the same builder the bot uses (:func:`bot.replies.answers.answer_reply`) and
laid out by the same screen rules (:func:`bot.replies.display.display`), so staff see the same text,
direction and buttons that people get, not an imitation of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from bot.content.answer_editing import RECOMMENDED_LENGTH
from bot.content.answers import ResolvedAnswer
from bot.languages import is_rtl
from bot.replies.answers import answer_reply
from bot.replies.display import Shown, button_rows, display
from bot.replies.text import MESSAGE_LIMIT, visible_length


@dataclass(frozen=True)
class PreviewMessage:
    html: Markup
    """Telegram-style HTML (escaped by the layout: only its own <b>, <i>, <a> tags)."""
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


def preview(
    *,
    topic: str,
    language: str,
    text: str,
    last_reviewed: date | None = None,
    public_source: str | None = None,
) -> Preview:
    answer = ResolvedAnswer(
        topic=topic,
        text=text,
        language=language,
        region=None,
        version=0,
        last_reviewed=last_reviewed,
        public_source=public_source,
    )
    rtl = is_rtl(language)
    screen = display(answer_reply(language, topic, answer))
    messages = [
        PreviewMessage(
            Markup(item.html), [[b.title for b in row] for row in button_rows(item.buttons, rtl=rtl)]
        )
        for item in screen
        if isinstance(item, Shown)
    ]
    text = text.replace("\r\n", "\n").strip()
    return Preview(language, rtl, messages, visible_length(text))
