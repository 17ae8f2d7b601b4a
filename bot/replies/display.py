"""A reply as it is shown on a screen, the same rules for every channel.

Consecutive texts and service cards are packed into as few messages as fit (Telegram's 4096 limit,
split only between paragraphs), buttons end the message they belong to, and in right-to-left
languages every Latin fragment (phone numbers, addresses, links) is wrapped in a Unicode isolate so
"116 016" never shows as "016 116". Each message has Telegram-style HTML (only ``<b>``, ``<i>`` and
``<a href>``; everything else escaped) and the plain text it shows. The place request and the language
picker stay in place as markers: each client shows them its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.cards import card_block
from bot.replies.contract import Button, LanguagePicker, Reply, RequestLocation, ServiceCard, Text
from bot.replies.text import Block, pack, text_blocks, visible_length

SHORT_TITLE = 18
"""Buttons with titles this short go two to a row."""
MENU_TITLE = 30
"""In a long list (a menu), titles up to this length still go two to a row."""


@dataclass(frozen=True)
class Shown:
    """One message on the screen."""

    html: str
    plain: str
    buttons: tuple[Button, ...] = ()


Screen = list[Shown | RequestLocation | LanguagePicker]


def display(reply: Reply) -> Screen:
    """The messages of ``reply`` as shown, in order, with the client-specific markers in place."""
    language, rtl = reply.language, reply.meta.rtl
    screen: Screen = []
    pending: list[Block] = []

    def flush(buttons: tuple[Button, ...] = ()) -> None:
        packed = pack(pending)
        pending.clear()
        for index, block in enumerate(packed):
            last = index == len(packed) - 1
            screen.append(Shown(block.html, block.plain, buttons if last else ()))

    for message in reply.messages:
        match message:
            case Text(text=text, buttons=buttons):
                if text.strip():
                    pending.extend(text_blocks(text, rtl=rtl))
                if buttons:
                    if not pending:
                        pending.extend(text_blocks(translate(language, m.MENU_PROMPT), rtl=rtl))
                    flush(buttons)
            case ServiceCard(service=service):
                pending.append(card_block(service, language=language, rtl=rtl))
            case RequestLocation() | LanguagePicker():
                flush()
                screen.append(message)
    flush()
    return screen


def button_rows(buttons: tuple[Button, ...], *, rtl: bool) -> list[list[Button]]:
    """Buttons in rows as every channel lays them out: two to a row when short, right to left in RTL."""
    if not buttons:
        return []
    longest = max(visible_length(b.title) for b in buttons)
    per_row = 2 if longest <= SHORT_TITLE or (len(buttons) >= 6 and longest <= MENU_TITLE) else 1
    rows = [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]
    return [row[::-1] for row in rows] if rtl else rows


def shown_text(screen: Screen) -> str:
    """Everything a screen shows as plain text (the terminal, tests)."""
    lines: list[str] = []
    for item in screen:
        if isinstance(item, Shown):
            lines.append(item.plain)
            lines.extend(f"  [{button.title}]" for button in item.buttons)
    return "\n".join(lines)
