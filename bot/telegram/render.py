"""From the reply contract (``docs/architecture.md``) to the messages Telegram gets.

Pure functions, no network: consecutive texts are packed into as few messages as fit, buttons
become an inline keyboard under the text they belong to, ``service_card`` becomes a text card (plus
a venue), ``language_picker`` and ``request_location`` put their keyboard under the next text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import is_rtl, normalize_language
from bot.telegram.cards import Venue, card_block, venue_of
from bot.telegram.degraded import DEGRADED_INTENT
from bot.telegram.keyboards import language_picker, place_keyboard, reply_buttons, topic_menu
from bot.telegram.text import Block, pack, text_blocks

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove

MENU_INTENTS = frozenset({"greet", "help", "choose_language", DEGRADED_INTENT})
"""Replies that invite choosing a topic: the topic menu goes under them."""


@dataclass(frozen=True)
class Text:
    """One text message: Telegram HTML, its plain form (sent if HTML is refused) and a keyboard."""

    html: str
    plain: str
    markup: Markup | None = None


@dataclass
class Rendered:
    language: str
    rtl: bool
    intent: str | None
    messages: list[Text | Venue] = field(default_factory=list)
    topic: str | None = None
    asks_for_place: bool = False
    shows_picker: bool = False


def meta_of(replies: list[dict[str, Any]]) -> dict[str, Any]:
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and custom.get("type") == "meta":
            return custom
    return {}


def attach_markup(messages: list[Text | Venue], markup: Markup, *, after: int = 0) -> bool:
    """Put ``markup`` on the first text from index ``after`` that has no keyboard yet."""
    for index in range(after, len(messages)):
        message = messages[index]
        if isinstance(message, Text) and message.markup is None:
            messages[index] = replace(message, markup=markup)
            return True
    return False


def render(replies: list[dict[str, Any]], *, fallback_language: str) -> Rendered:
    """Telegram messages for Rasa's reply messages, in the reply's language and direction."""
    meta = meta_of(replies)
    language = normalize_language(meta.get("language")) or fallback_language
    rtl = bool(meta.get("rtl", is_rtl(language)))
    result = Rendered(language, rtl, meta.get("intent") if isinstance(meta.get("intent"), str) else None)
    result.topic = meta.get("topic") if isinstance(meta.get("topic"), str) else None
    pending: list[Block] = []
    venues: list[Venue] = []
    cards_pending = False
    waiting: list[tuple[Markup, int]] = []  # keyboards for the next text from that index on

    def flush(markup: InlineKeyboardMarkup | None = None) -> None:
        nonlocal cards_pending
        cards_pending = False
        packed = pack(pending)
        pending.clear()
        for index, block in enumerate(packed):
            last = index == len(packed) - 1
            result.messages.append(Text(block.html, block.plain, markup if last else None))
        result.messages.extend(venues)
        venues.clear()

    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict):
            kind = custom.get("type")
            if kind == "service_card" and isinstance(custom.get("service"), dict):
                pending.append(card_block(custom["service"], language=language, rtl=rtl))
                cards_pending = True
                venue = venue_of(custom["service"])
                if venue is not None:
                    venues.append(venue)
            elif kind == "language_picker":
                flush()
                waiting.append((language_picker(language), len(result.messages)))
                result.shows_picker = True
            elif kind == "request_location":
                flush()
                waiting.append((place_keyboard(language), len(result.messages)))
                result.asks_for_place = True
            continue
        text = reply.get("text")
        if cards_pending:
            flush()  # the cards and their map pins come before what follows them
        if isinstance(text, str) and text.strip():
            pending.extend(text_blocks(text, rtl=rtl))
        buttons = reply.get("buttons")
        if isinstance(buttons, list) and buttons:
            if not pending:
                pending.extend(text_blocks(translate(language, m.MENU_PROMPT), rtl=rtl))
            flush(reply_buttons(buttons, rtl=rtl))
    flush()

    for markup, after in waiting:
        if not attach_markup(result.messages, markup, after=after):
            prompt = m.CHOOSE_LANGUAGE if isinstance(markup, InlineKeyboardMarkup) else m.ASK_PLACE
            block = text_blocks(translate(language, prompt), rtl=rtl)[0]
            result.messages.append(Text(block.html, block.plain, markup))
    if result.intent in MENU_INTENTS and not result.shows_picker:
        _attach_menu(result)
    return result


def _attach_menu(result: Rendered) -> None:
    for message in reversed(result.messages):
        if isinstance(message, Text):
            if message.markup is None:
                index = result.messages.index(message)
                result.messages[index] = replace(message, markup=topic_menu(result.language))
            return


def adapter_text(language: str, *messages: str, markup: Markup | None = None, **values: object) -> Rendered:
    """A reply the adapter writes itself (interface strings), in ``language``."""
    rtl = is_rtl(language)
    text = "\n\n".join(translate(language, message, **values) for message in messages)
    result = Rendered(language, rtl, None)
    packed = pack(text_blocks(text, rtl=rtl))
    for index, block in enumerate(packed):
        last = index == len(packed) - 1
        result.messages.append(Text(block.html, block.plain, markup if last else None))
    return result
