"""Sending a rendered reply to one chat: HTML texts, venues where the server has them.

A venue that the Bot API server does not support (a test server, an old self-hosted one) is left
out from then on: the text card before it already carries everything, map link included. A text that
Telegram refuses as HTML is sent once more as plain text, so a formatting slip never swallows an
answer.
"""

from __future__ import annotations

import logging

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, EndPointNotFound, InvalidToken

from bot.telegram.render import Text
from bot.telegram.venues import Venue

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class Outbox:
    def __init__(self) -> None:
        self.venues_supported = True

    async def send(self, bot: Bot, chat_id: int, messages: list[Text | Venue]) -> None:
        for message in messages:
            if isinstance(message, Venue):
                await self._send_venue(bot, chat_id, message)
            else:
                await self._send_text(bot, chat_id, message)

    async def _send_text(self, bot: Bot, chat_id: int, message: Text) -> None:
        try:
            await bot.send_message(
                chat_id,
                message.html,
                parse_mode=ParseMode.HTML,
                reply_markup=message.markup,
                link_preview_options=NO_PREVIEW,
            )
        except BadRequest as exc:
            if "parse" not in exc.message.lower():
                raise
            logger.error("Telegram refused a reply's HTML (%s); sent as plain text.", exc.message)
            await bot.send_message(
                chat_id, message.plain, reply_markup=message.markup, link_preview_options=NO_PREVIEW
            )

    async def _send_venue(self, bot: Bot, chat_id: int, venue: Venue) -> None:
        if not self.venues_supported:
            return
        try:
            await bot.send_venue(
                chat_id,
                latitude=venue.latitude,
                longitude=venue.longitude,
                title=venue.title,
                address=venue.address,
                reply_markup=venue.markup,
            )
        except (EndPointNotFound, InvalidToken) as exc:  # a missing method answers 404 like a bad token
            self.venues_supported = False
            logger.warning("This Bot API server cannot send venues (%s); text cards only.", exc.message)
        except BadRequest as exc:
            logger.warning("A venue was refused (%s); its text card stands alone.", exc.message)
