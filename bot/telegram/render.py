"""From a reply (:mod:`bot.replies.contract`) to the messages Telegram gets.

Pure functions, no network. The screen layout (packing, isolation of numbers in right-to-left text,
cards) is the channel-neutral :func:`bot.replies.display.display`; here buttons become an inline
keyboard, the place request and the language picker put their keyboard under the next text, and the
nearest service with coordinates becomes one venue (map pin) after the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import LanguagePicker, Reply, RequestLocation, ServiceCard
from bot.replies.display import Shown, display
from bot.replies.text import text_blocks
from bot.telegram.keyboards import language_picker, place_keyboard, reply_buttons
from bot.telegram.venues import Venue, venue_of

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True)
class Text:
    """One text message: Telegram HTML, its plain form (sent if HTML is refused) and a keyboard."""

    html: str
    plain: str
    markup: Markup | None = None


@dataclass
class Rendered:
    reply: Reply
    messages: list[Text | Venue] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.reply.language

    @property
    def intent(self) -> str | None:
        return self.reply.meta.intent

    @property
    def asks_for_place(self) -> bool:
        return self.reply.place_request() is not None


def attach_markup(messages: list[Text | Venue], markup: Markup, *, after: int = 0) -> bool:
    """Put ``markup`` on the first text from index ``after`` that has no keyboard yet.

    Closing the place keyboard may also ride on a venue when every text has its buttons.
    """
    for index in range(after, len(messages)):
        message = messages[index]
        if isinstance(message, Text) and message.markup is None:
            messages[index] = replace(message, markup=markup)
            return True
    if isinstance(markup, ReplyKeyboardRemove):
        for index in range(after, len(messages)):
            message = messages[index]
            if isinstance(message, Venue) and message.markup is None:
                messages[index] = replace(message, markup=markup)
                return True
    return False


def render(reply: Reply) -> Rendered:
    """Telegram messages for ``reply``, in its language and direction."""
    language, rtl = reply.language, reply.meta.rtl
    result = Rendered(reply)
    waiting: list[tuple[Markup, int]] = []  # keyboards for the next text from that index on
    for item in display(reply):
        if isinstance(item, Shown):
            keyboard = reply_buttons(item.buttons, rtl=rtl) if item.buttons else None
            result.messages.append(Text(item.html, item.plain, keyboard))
        elif isinstance(item, RequestLocation):
            waiting.append((place_keyboard(language), len(result.messages)))
        elif isinstance(item, LanguagePicker):
            waiting.append((language_picker(language), len(result.messages)))
    for markup, after in waiting:
        if not attach_markup(result.messages, markup, after=after):
            prompt = m.CHOOSE_LANGUAGE if isinstance(markup, InlineKeyboardMarkup) else m.ASK_PLACE
            block = text_blocks(translate(language, prompt), rtl=rtl)[0]
            result.messages.append(Text(block.html, block.plain, markup))
    venue = next(
        (v for msg in reply.messages if isinstance(msg, ServiceCard) and (v := venue_of(msg.service))), None
    )
    if venue is not None:
        result.messages.append(venue)
    return result
