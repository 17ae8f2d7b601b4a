"""What the bot does with each kind of update: commands, text, locations, buttons, everything else.

Every handler starts at the door (pseudonym and language hint, nothing else), talks to Rasa — or,
while Rasa is down, to the degraded answers — and replies in the same handler, to the chat the
update came from.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from actions.conversation import COUNSEL
from bot.config import Settings
from bot.i18n import messages as m
from bot.telegram.bridge import RasaBridge
from bot.telegram.commands import language_argument
from bot.telegram.degraded import DegradedAnswers
from bot.telegram.door import Door, Visitor, location_message
from bot.telegram.keyboards import (
    MENU_PREFIX,
    group_menu,
    language_picker,
    parse_payload,
    payload,
    topic_menu,
)
from bot.telegram.outbox import Outbox
from bot.telegram.render import Rendered, adapter_text, attach_markup, render
from bot.telegram.session import Sessions, SessionState
from bot.topics import is_topic

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class TelegramAdapter:
    def __init__(
        self,
        settings: Settings,
        *,
        door: Door,
        rasa: RasaBridge,
        sessions: Sessions,
        degraded: DegradedAnswers,
        outbox: Outbox,
    ) -> None:
        self.settings = settings
        self.door = door
        self.rasa = rasa
        self.sessions = sessions
        self.degraded = degraded
        self.outbox = outbox

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

    # -- commands -------------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """Greeting and the language picker, preselected from Telegram's language."""
        visitor, state = self._enter(update)
        if visitor is None:
            return
        language = self._language(visitor, state)
        reply = adapter_text(language, m.GREETING, m.CHOOSE_LANGUAGE, markup=language_picker(language))
        await self._deliver(update, context, reply, state)

    async def language(self, update: Update, context: Context) -> None:
        """``/language``: the picker; ``/language ar`` (or ``/language العربية``) switches at once."""
        visitor, state = self._enter(update)
        if visitor is None:
            return
        chosen = language_argument(" ".join(context.args or []))
        if chosen is not None:
            choice = payload("choose_language", language=chosen)
            await self._converse(update, context, visitor, state, choice)
            return
        language = self._language(visitor, state)
        reply = adapter_text(language, m.CHOOSE_LANGUAGE, markup=language_picker(language))
        await self._deliver(update, context, reply, state)

    async def menu(self, update: Update, context: Context) -> None:
        """``/menu``, ``/help`` and unknown commands: what the bot does and the topic menu."""
        visitor, state = self._enter(update)
        if visitor is None:
            return
        language = self._language(visitor, state)
        await self._deliver(
            update, context, adapter_text(language, m.HELP, markup=topic_menu(language)), state
        )

    async def privacy(self, update: Update, context: Context) -> None:
        visitor, state = self._enter(update)
        if visitor is None:
            return
        reply = adapter_text(
            self._language(visitor, state),
            m.PRIVACY,
            minutes=self.settings.session_minutes,
            operator=self.settings.operator_name,
            contact=self.settings.operator_contact,
        )
        await self._deliver(update, context, reply, state)

    async def delete(self, update: Update, context: Context) -> None:
        """Forget the conversation at once, in Rasa and here, and say so."""
        visitor, state = self._enter(update)
        if visitor is None:
            return
        language = self._language(visitor, state)
        deleted = await self.rasa.forget(visitor.sender)
        self.sessions.forget(visitor.sender)
        if deleted:
            logger.info("%s: conversation deleted on request.", visitor.sender)
            reply = adapter_text(
                language,
                m.CONVERSATION_DELETED,
                m.DELETE_TELEGRAM_NOTE,
                markup=ReplyKeyboardRemove(),
            )
        else:
            reply = adapter_text(language, m.DELETE_FAILED, minutes=self.settings.session_minutes)
        await self._send(update, context, reply)

    # -- messages -------------------------------------------------------------------------------

    async def text(self, update: Update, context: Context) -> None:
        visitor, state = self._enter(update)
        if visitor is None or update.effective_message is None:
            return
        await self._converse(update, context, visitor, state, update.effective_message.text or "")

    async def location(self, update: Update, context: Context) -> None:
        """A shared location goes on rounded to about 1 km; the precise one stops here."""
        visitor, state = self._enter(update)
        message = update.effective_message
        if visitor is None or message is None or message.location is None:
            return
        where = message.location
        await self._converse(
            update, context, visitor, state, location_message(where.latitude, where.longitude)
        )

    async def button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        visitor, state = self._enter(update)
        if visitor is None or not query.data:
            return
        if query.data.startswith(MENU_PREFIX):
            await self._show_group(update, context, visitor, state, query.data[len(MENU_PREFIX) :])
            return
        await self._converse(update, context, visitor, state, query.data)

    async def unsupported(self, update: Update, context: Context) -> None:
        """Voice, pictures, stickers, files, contacts: a kind pointer to text and buttons."""
        visitor, state = self._enter(update)
        if visitor is None:
            return
        language = self._language(visitor, state)
        logger.debug("%s: a message that is not text, answered with the menu.", visitor.sender)
        reply = adapter_text(language, m.UNSUPPORTED_MESSAGE, markup=topic_menu(language))
        await self._deliver(update, context, reply, state)

    async def error(self, update: object, context: Context) -> None:
        """Log what failed and where (no texts, no ids), and tell the user kindly."""
        error = context.error
        where = _where(error)
        visitor = self.door.visitor(update) if isinstance(update, Update) else None
        detail = type(error).__name__
        if isinstance(error, TelegramError):
            detail += f": {error.message}"
        sender = visitor.sender if visitor else "-"
        logger.error("%s: handling an update failed (%s) at %s", sender, detail, where or "?")
        if visitor is None or not isinstance(update, Update):
            return
        state = self.sessions.get(visitor.sender)
        with contextlib.suppress(Exception):  # the apology must not fail loudly in its turn
            await self._send(update, context, adapter_text(self._language(visitor, state), m.ERROR))

    # -- the conversation -----------------------------------------------------------------------

    def _enter(self, update: Update) -> tuple[Visitor | None, SessionState]:
        visitor = self.door.visitor(update)
        if visitor is None:
            return None, SessionState()
        return visitor, self.sessions.get(visitor.sender)

    def _language(self, visitor: Visitor, state: SessionState) -> str:
        return state.language or visitor.hint or self.settings.default_language

    async def _converse(
        self, update: Update, context: Context, visitor: Visitor, state: SessionState, text: str
    ) -> None:
        language = self._language(visitor, state)
        metadata = {"lang_hint": visitor.hint} if visitor.hint else {}
        intent, entities = parse_payload(text) or (None, {})
        if intent == "choose_language":
            state.pending_language = None  # a new choice replaces one made while Rasa was down
        elif intent == "find_service":
            state.counselling = entities.get("kind") == COUNSEL
        if state.pending_language is not None:  # chosen while Rasa was down: it holds until changed
            metadata["lang_choice"] = state.pending_language
        replies = await self.rasa.send(visitor.sender, text, metadata)
        degraded = replies is None
        if replies is None:
            replies = await self.degraded.reply(
                text,
                language=language,
                topic=state.topic,
                counselling=state.counselling,
                place_asked=state.place_keyboard,
            )
            logger.info("%s: answered without Rasa.", visitor.sender)
        rendered = render(replies, fallback_language=language)
        if rendered.intent == "choose_language" and not rendered.shows_picker:
            state.pending_language = rendered.language if degraded else None  # Rasa's slot holds it
        if not rendered.messages:  # nothing to show is never an answer
            logger.error("%s: a reply without anything to show (intent %s).", visitor.sender, rendered.intent)
            rendered = adapter_text(rendered.language, m.ERROR)
        logger.debug(
            "%s: intent %s, %d message(s) in %s.",
            visitor.sender,
            rendered.intent,
            len(rendered.messages),
            rendered.language,
        )
        await self._deliver(update, context, rendered, state)

    async def _show_group(
        self, update: Update, context: Context, visitor: Visitor, state: SessionState, group: str
    ) -> None:
        """Swap the menu under the message for one group's topics (or back to all groups)."""
        language = self._language(visitor, state)
        markup: InlineKeyboardMarkup | None = group_menu(group, language) if group else None
        if markup is None:
            markup = topic_menu(language)
        query = update.callback_query
        if query is not None and query.message is not None:
            try:
                await query.edit_message_reply_markup(reply_markup=markup)
                return
            except BadRequest:
                pass  # too old to edit, or unchanged: send the menu anew
        await self._deliver(update, context, adapter_text(language, m.MENU_PROMPT, markup=markup), state)

    async def _deliver(
        self, update: Update, context: Context, rendered: Rendered, state: SessionState
    ) -> None:
        """Send ``rendered``; close the place keyboard once it is no longer asked for."""
        state.language = rendered.language
        if is_topic(rendered.topic):
            state.topic = rendered.topic
        if rendered.asks_for_place:
            state.place_keyboard = True
        elif state.place_keyboard and attach_markup(rendered.messages, ReplyKeyboardRemove()):
            state.place_keyboard = False
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
