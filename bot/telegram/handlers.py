"""What the bot does with each kind of update: commands, text, locations, buttons, everything else.

Every handler starts at the door (pseudonym and language hint, nothing else), gets its reply from the
channel-neutral builders (:mod:`bot.replies`) — through Rasa, or while the engine is down from the
outage replies — and sends it in the same handler, to the chat the update came from. The adapter
itself decides nothing about the dialogue: what it remembers of a conversation is what the replies said.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from typing import Any

from telegram import InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import Settings
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.commands import Command, command_reply, deletion
from bot.replies.contract import Meta, Reply, Text, parse_payload
from bot.replies.conversation import Conversations, client_language
from bot.replies.fixed import (
    Facts,
    apology,
    unsupported_message,
)
from bot.replies.memory import Remembered
from bot.replies.menu import MENU_ENTITY, is_menu_group
from bot.shared_state import Memories, SharedState
from bot.telegram.door import Door, Visitor, location_message
from bot.telegram.keyboards import group_menu, topic_menu
from bot.telegram.outbox import Outbox
from bot.telegram.render import Rendered, attach_markup, render

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class TelegramAdapter:
    def __init__(
        self,
        settings: Settings,
        *,
        door: Door,
        conversations: Conversations,
        memory: Memories,
        outbox: Outbox,
        shared: SharedState | None = None,
    ) -> None:
        self.settings = settings
        self.shared = shared or SharedState(settings)
        self.door = door
        self.conversations = conversations
        self.rasa = conversations.bridge
        self.memory = memory
        self.outbox = outbox
        self.facts = Facts.from_settings(settings)

    def handlers(self) -> list[BaseHandler[Update, Context, Any]]:
        private = filters.ChatType.PRIVATE
        return [
            CommandHandler("start", self.start, filters=private),
            CommandHandler("language", self.language, filters=private),
            CommandHandler(["menu", "help"], self.menu, filters=private),
            CommandHandler("privacy", self.privacy, filters=private),
            CommandHandler("delete", self.delete, filters=private),
            MessageHandler(private & filters.COMMAND, self.menu),
            MessageHandler(private & filters.TEXT, self.text),
            MessageHandler(private & filters.LOCATION, self.location),
            CallbackQueryHandler(self.button),
            MessageHandler(private & ~filters.StatusUpdate.ALL, self.unsupported),
        ]

    async def close(self) -> None:
        await self.rasa.close()
        await self.shared.close()

    # -- commands -------------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """Greeting and the language picker, preselected from Telegram's language."""
        await self._command(update, context, Command("start"))

    async def language(self, update: Update, context: Context) -> None:
        """``/language``: the picker; ``/language ar`` (or ``/language العربية``) switches at once."""
        await self._command(update, context, Command("language", " ".join(context.args or [])))

    async def menu(self, update: Update, context: Context) -> None:
        """``/menu``, ``/help`` and unknown commands: what the bot does and the topic menu."""
        await self._command(update, context, Command("menu"))

    async def privacy(self, update: Update, context: Context) -> None:
        await self._command(update, context, Command("privacy"))

    async def _command(self, update: Update, context: Context, command: Command) -> None:
        visitor, memory = await self._enter(update)
        if visitor is None:
            return
        answer = command_reply(command, self._language(visitor, memory), self.facts)
        if isinstance(answer, Reply):
            await self._deliver(update, context, answer, memory)
        else:  # "/language ar": on to the engine
            await self._converse(update, context, visitor, memory, answer)

    async def delete(self, update: Update, context: Context) -> None:
        """Forget the conversation at once, in Rasa and here, and say so."""
        visitor, memory = await self._enter(update)
        if visitor is None:
            return
        language = self._language(visitor, memory)
        deleted = await self.conversations.forget(visitor.sender, self.memory)
        reply = deletion(language, deleted, minutes=self.settings.session_minutes)
        if deleted:
            reply = reply.plus(Text(translate(language, m.DELETE_TELEGRAM_NOTE)))
        rendered = render(reply)
        if deleted:
            attach_markup(rendered.messages, ReplyKeyboardRemove())
        await self._send(update, context, rendered)

    # -- messages -------------------------------------------------------------------------------

    async def text(self, update: Update, context: Context) -> None:
        visitor, memory = await self._enter(update)
        if visitor is None or update.effective_message is None:
            return
        await self._converse(update, context, visitor, memory, update.effective_message.text or "")

    async def location(self, update: Update, context: Context) -> None:
        """A shared location goes on rounded to about 1 km; the precise one stops here."""
        visitor, memory = await self._enter(update)
        message = update.effective_message
        if visitor is None or message is None or message.location is None:
            return
        where = message.location
        await self._converse(
            update, context, visitor, memory, location_message(where.latitude, where.longitude)
        )

    async def button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        visitor, memory = await self._enter(update)
        if visitor is None or not query.data:
            return
        parsed = parse_payload(query.data)
        if parsed is not None and parsed[0] == "help" and MENU_ENTITY in parsed[1]:
            await self._show_group(update, context, visitor, memory, parsed[1][MENU_ENTITY])
            return
        await self._converse(update, context, visitor, memory, query.data)

    async def unsupported(self, update: Update, context: Context) -> None:
        """Voice, pictures, stickers, files, contacts: a kind pointer to text and buttons."""
        visitor, memory = await self._enter(update)
        if visitor is None:
            return
        logger.debug("%s: a message that is not text, answered with the menu.", visitor.sender)
        await self._deliver(update, context, unsupported_message(self._language(visitor, memory)), memory)

    async def sending_fast(self, update: Update) -> None:
        """Told once when someone sends faster than they are answered: their latest message is answered."""
        visitor, memory = await self._enter(update)
        chat = update.effective_chat
        if visitor is None or chat is None:
            return
        language = self._language(visitor, memory)
        rendered = render(Reply(Meta(language, None), (Text(translate(language, m.SENDING_FAST)),)))
        await self.outbox.send(update.get_bot(), chat.id, rendered.messages)

    async def error(self, update: object, context: Context) -> None:
        """Log what failed and where (no texts, no ids), and tell the person kindly."""
        error = context.error
        where = _where(error)
        visitor = self.door.visitor(update) if isinstance(update, Update) else None
        detail = type(error).__name__
        if isinstance(error, TelegramError):
            detail += f": {error.message}"
        sender = visitor.sender if visitor else "-"
        memory: Remembered | None = None
        logger.error("%s: handling an update failed (%s) at %s", sender, detail, where or "?")
        if visitor is None or not isinstance(update, Update):
            return
        with contextlib.suppress(Exception):  # a failing store must not stop the apology
            memory = await self.memory.load(visitor.sender)
        if memory is None:
            memory = Remembered()
        with contextlib.suppress(Exception):  # the apology must not fail loudly in its turn
            await self._send(update, context, render(apology(self._language(visitor, memory))))

    # -- the conversation -----------------------------------------------------------------------

    async def _enter(self, update: Update) -> tuple[Visitor | None, Remembered]:
        visitor = self.door.visitor(update)
        if visitor is None:
            return None, Remembered()
        return visitor, await self.memory.load(visitor.sender)

    def _language(self, visitor: Visitor, memory: Remembered) -> str:
        """The language of a reply the adapter builds without a message to read (commands, media)."""
        return client_language(memory, hint=visitor.hint, default=self.settings.default_language)

    async def _converse(
        self, update: Update, context: Context, visitor: Visitor, memory: Remembered, text: str
    ) -> None:
        reply = await self.conversations.reply(visitor.sender, text, memory, hint=visitor.hint)
        await self._deliver(update, context, reply, memory)

    async def _show_group(
        self, update: Update, context: Context, visitor: Visitor, memory: Remembered, group: object
    ) -> None:
        """Swap the menu under the message for one group's topics (or back to all groups)."""
        language = self._language(visitor, memory)
        markup: InlineKeyboardMarkup = (
            group_menu(group, language)
            if isinstance(group, str) and is_menu_group(group)
            else topic_menu(language)
        )
        query = update.callback_query
        if query is not None and query.message is not None:
            try:
                await query.edit_message_reply_markup(reply_markup=markup)
                return
            except BadRequest:
                pass  # too old to edit, or unchanged: send the menu anew
        reply = render(Reply(Meta(language, "help"), (Text(translate(language, m.MENU_PROMPT)),)))
        attach_markup(reply.messages, markup)
        await self._send(update, context, reply)

    async def _deliver(self, update: Update, context: Context, reply: Reply, memory: Remembered) -> None:
        """Send ``reply``; close the place keyboard once "where?" is no longer asked."""
        asked_before = memory.place_request is not None
        memory.note(reply)
        visitor = self.door.visitor(update)
        if visitor is not None:  # what the reply said, for whichever worker gets the next message
            await self.memory.save(visitor.sender, memory)
        rendered = render(reply)
        if asked_before and not rendered.asks_for_place:
            attach_markup(rendered.messages, ReplyKeyboardRemove())
        await self._send(update, context, rendered)

    async def _send(self, update: Update, context: Context, rendered: Rendered) -> None:
        chat = update.effective_chat
        if chat is not None:
            await self.outbox.send(context.bot, chat.id, rendered.messages)


def _where(error: BaseException | None) -> str:
    """Where an error happened: our innermost frames and the library frame that raised, no values."""
    if error is None or error.__traceback__ is None:
        return "?"
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/bot/" in f.filename][-2:]
    chosen = [*ours, frames[-1]] if frames[-1] not in ours else ours
    return " → ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in chosen)
