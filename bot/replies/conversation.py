"""One message of a conversation, the same for every client: to the engine, or answered without it.

A client (the Telegram adapter, the chat page) gives the pseudonymous sender, the text and what it
knows about the language; it gets a :class:`~bot.replies.contract.Reply` back, always: the engine's,
or while the engine is unavailable the outage reply, or — when only this message failed — an apology
with the menu (after the crisis lines, if the message is about danger: the safety net never depends
on the engine). What the client remembers of the conversation is updated from that reply only.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from bot.observability.metrics import observe_reply
from bot.rasa_bridge import RasaBridge
from bot.rasa_client import CommandRefused, EngineUnavailable, MessageFailed
from bot.replies.contract import Reply, parse_payload
from bot.replies.fixed import apology, small_talk
from bot.replies.language import LanguageSignals, decide_language
from bot.replies.memory import Remembered
from bot.replies.outage import OutageReplies
from bot.shared_state import Memories

logger = logging.getLogger(__name__)


def client_language(memory: Remembered, *, choice: str | None = None, hint: str | None, default: str) -> str:
    """The language a client uses for what it says itself, and as the fallback of a reply."""
    signals = LanguageSignals(choice=choice or memory.chosen_language, previous=memory.language, hint=hint)
    return decide_language(signals, default=default)


class Conversations:
    def __init__(self, bridge: RasaBridge, outage: OutageReplies, *, default_language: str) -> None:
        self.bridge = bridge
        self.outage = outage
        self.default_language = default_language

    async def reply(
        self,
        sender: str,
        text: str,
        memory: Remembered,
        *,
        hint: str | None = None,
        choice: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Reply:
        """The reply to one message of ``sender``; ``memory`` learns from it (and the metrics count it)."""
        started = time.perf_counter()
        engine, error = True, None
        language = client_language(memory, choice=choice, hint=hint, default=self.default_language)
        parsed = parse_payload(text)
        if parsed is not None and parsed[0] == "choose_language":
            memory.chosen_language = None  # a new choice replaces one made while the engine was down
        sent: dict[str, Any] = dict(metadata or {})
        if hint:
            sent["lang_hint"] = hint
        if choice or memory.chosen_language:
            sent["lang_choice"] = choice or memory.chosen_language
        try:
            wire = await self.bridge.send(sender, text, sent)
            reply = Reply.from_wire(wire, fallback_language=language)
        except EngineUnavailable:
            engine = False
            reply = await self.outage.reply(text, language=language, memory=memory)
            logger.info("%s: answered without the engine.", sender)
        except CommandRefused:  # "/restart", "/foo": what Telegram says to a command it does not know
            reply = small_talk(language, "help")
        except MessageFailed as exc:
            logger.error("%s: this message failed (%s); apologised.", sender, type(exc).__name__)
            error = "message_failed"
            reply = self.outage.message_failed(text, language=language)
        if reply.meta.intent == "choose_language" and not reply.shows_picker():
            # Chosen while the engine was down: it holds until changed (the engine's slot holds it otherwise).
            memory.chosen_language = reply.language if reply.meta.degraded else None
        if not reply.messages:  # nothing to show is never an answer
            logger.error("%s: a reply without anything to show (intent %s).", sender, reply.meta.intent)
            reply = apology(reply.language)
            error = "empty_reply"
        logger.debug(
            "%s: intent %s, %d message(s) in %s.",
            sender,
            reply.meta.intent,
            len(reply.messages),
            reply.language,
        )
        observe_reply(reply, started=started, engine=engine, error=error)
        return reply

    async def forget(self, sender: str, memories: Memories) -> bool:
        """``/delete``: the conversation in Rasa and what the client remembers of it, at once.

        ``False`` when Rasa could not delete it now (the client's memory is gone all the same)."""
        deleted = await self.bridge.forget(sender)
        await memories.forget(sender)
        if deleted:
            logger.info("%s: conversation deleted on request.", sender)
        return deleted
